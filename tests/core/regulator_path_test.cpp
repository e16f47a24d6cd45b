// tests/core/regulator_path_test.cpp — DESIGN §3 "The regulator's path" (MIIT order No. 35 art. 10,
// issue 19 item 2): which cases the customer view names the regulator on, why, and with which dates.
// Every case is walked through decide()/apply() from a filing, as the server does.
#include <gtest/gtest.h>

#include <chrono>

#include "core/codec.h"
#include "core/workflow.h"
#include "tests/core/test_fixtures.h"

namespace cw {
namespace {

using namespace std::chrono;
using testing::Now;

// A case filed at Now() (Monday 2026-01-05 10:00, Shanghai) that each Step() moves on by decide().
class Walk {
 public:
  Walk() {
    c_.acceptance_no = "TS-260105-28T5CY4T-P";
    c_.filing = testing::ValidComplaint();
    Step(Action::file, Actor::customer, Now());
  }
  Walk& Step(Action a, Actor role, Timestamp at, ActionPayload p = {}) {
    p.staff_name = role == Actor::customer ? "" : "李四";
    switch (a) {
      case Action::assign: p.department = "计费部"; p.owner = "王五"; break;
      case Action::propose: p.plan = Plan{"退还20元", "王五", at + days{2}}; break;
      case Action::reply: p.reply = Reply{"多收属实", "资费协议第3条", "退还20元", "已退还"}; break;
      case Action::escalate:
        if (role != Actor::customer) p.trigger = EscalationTrigger::major_incident;
        break;
      default: break;
    }
    const Result<Outcome> r = decide(c_, a, role, p, at);
    EXPECT_TRUE(r.ok()) << to_string(a) << ": " << code_id(r.code());
    if (r.ok()) apply(c_, r.value());
    return *this;
  }
  // filed → accepted (+2 h) → investigating (+4 h) → processing (day 1) → replied (day 2) →
  // follow_up (day 2, +1 h).
  Walk& ToFollowUp() {
    return Step(Action::accept, Actor::agent, Now() + hours{2})
        .Step(Action::assign, Actor::agent, Now() + hours{4})
        .Step(Action::propose, Actor::agent, Now() + days{1})
        .Step(Action::reply, Actor::agent, Now() + days{2})
        .Step(Action::start_follow_up, Actor::agent, Now() + days{2} + hours{1});
  }
  Walk& Survey(bool satisfied, Timestamp at) {
    ActionPayload p;
    p.survey = satisfied ? cw::Survey{5, true, {5, 5, 5}, ""} : cw::Survey{2, false, {2, 1, 1}, "没有解决"};
    return Step(Action::survey, Actor::customer, at, p);
  }
  std::optional<RegulatorPath> PathAt(Timestamp now) const {
    const CustomerView v = customer_view(c_, now);
    // What the screen reads is what crosses the wire: the path survives the view's codec.
    const Result<CustomerView> back = customer_view_from_json(to_json(v));
    EXPECT_TRUE(back.ok());
    if (back.ok()) {
      EXPECT_EQ(back->regulator_path, v.regulator_path);
    }
    return v.regulator_path;
  }
  const Case& c() const { return c_; }

 private:
  Case c_;
};

// spec 六 → art. 10: after a dissatisfied survey; the dates of the whole handling, no reply owed.
TEST(Spec_6, ADissatisfiedSurveyNamesTheRegulatorWithTheDatesTheAppealAsksFor) {
  Walk w;
  w.ToFollowUp();
  EXPECT_FALSE(w.PathAt(Now() + days{3})) << "replied in time, not rated yet: nothing to appeal";
  w.Survey(false, Now() + days{3});
  ASSERT_EQ(w.c().status, Status::follow_up);
  const std::optional<RegulatorPath> p = w.PathAt(Now() + days{3} + hours{1});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->reason, AppealReason::dissatisfied);
  EXPECT_EQ(p->filed_at, Now());
  EXPECT_EQ(p->accepted_at, Now() + hours{2});
  EXPECT_EQ(p->replied_at, Now() + days{2});
  EXPECT_EQ(p->surveyed_at, Now() + days{3});
  EXPECT_FALSE(p->reply_due) << "the reply was given: no deadline is owed";
  EXPECT_FALSE(p->rejected_at);
  EXPECT_FALSE(p->escalated_at);
  EXPECT_FALSE(p->closed_at);
}

// A satisfied survey closes the complaint: closed cases name the path too (the customer may still
// disagree later), with the closing date.
TEST(Spec_6, AClosedComplaintNamesTheRegulator) {
  Walk w;
  w.ToFollowUp().Survey(true, Now() + days{4});
  ASSERT_EQ(w.c().status, Status::closed);
  const std::optional<RegulatorPath> p = w.PathAt(Now() + days{5});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->reason, AppealReason::closed);
  EXPECT_EQ(p->closed_at, Now() + days{4});
  EXPECT_EQ(p->surveyed_at, Now() + days{4});
  // A dissatisfied survey followed by a supervisor's close: the dissatisfaction is the reason.
  Walk d;
  ActionPayload note;
  note.note = "已与客户沟通，按原方案办结。";
  d.ToFollowUp().Survey(false, Now() + days{3}).Step(Action::close, Actor::supervisor, Now() + days{4}, note);
  ASSERT_EQ(d.c().status, Status::closed);
  EXPECT_EQ(d.PathAt(Now() + days{5})->reason, AppealReason::dissatisfied);
  EXPECT_EQ(d.PathAt(Now() + days{5})->closed_at, Now() + days{4});
}

// art. 10: the reply deadline (15 calendar days after filing: 2026-01-20 23:59:59) passed without a
// reply. Not a second earlier, and not for an earlier late stage (the investigation limit).
TEST(Spec_4_3_1, AReplyDeadlinePassedWithoutAReplyNamesTheRegulator) {
  Walk w;
  w.Step(Action::accept, Actor::agent, Now() + hours{2}).Step(Action::assign, Actor::agent, Now() + hours{4});
  const Timestamp due = shanghai_time(2026, 1, 20, 23, 59, 59);
  EXPECT_TRUE(customer_view(w.c(), Now() + days{5}).overdue) << "the investigation is late";
  EXPECT_FALSE(w.PathAt(Now() + days{5})) << "only the reply deadline opens the path";
  EXPECT_FALSE(w.PathAt(due));
  const std::optional<RegulatorPath> p = w.PathAt(due + seconds{1});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->reason, AppealReason::reply_overdue);
  EXPECT_EQ(p->reply_due, due);
  EXPECT_EQ(p->accepted_at, Now() + hours{2});
  EXPECT_FALSE(p->replied_at);
  // Nobody accepted it either: the same, without an acceptance date.
  Walk r;
  const std::optional<RegulatorPath> q = r.PathAt(due + seconds{1});
  ASSERT_TRUE(q);
  EXPECT_EQ(q->reason, AppealReason::reply_overdue);
  EXPECT_FALSE(q->accepted_at);
  // A reply given in time, then late days: nothing is owed.
  Walk ok;
  ok.ToFollowUp();
  EXPECT_FALSE(ok.PathAt(due + days{1}));
}

// spec 五(三): at the highest level there is no escalation left; the regulator is the next step.
TEST(Spec_5_3, TheHighestEscalationLevelNamesTheRegulator) {
  Walk w;
  w.Step(Action::accept, Actor::agent, Now() + hours{1});
  for (int level = 1; level <= kMaxEscalationLevel; ++level) {
    EXPECT_FALSE(w.PathAt(Now() + hours{2 * level})) << "level " << level - 1;
    w.Step(Action::escalate, Actor::supervisor, Now() + hours{2 * level});
    if (level < kMaxEscalationLevel) w.Step(Action::assign, Actor::agent, Now() + hours{2 * level + 1});
  }
  ASSERT_EQ(w.c().escalation->level, 3);
  const std::optional<RegulatorPath> p = w.PathAt(Now() + days{1});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->reason, AppealReason::top_level);
  EXPECT_EQ(p->escalated_at, Now() + hours{6});
  EXPECT_EQ(p->reply_due, customer_view(w.c(), Now() + days{1}).deadlines.reply) << "a reply is still owed";
  EXPECT_TRUE(p->reply_due);
}

// spec 二(三): a rejection names the regulator with the date of the decision, also once closed.
TEST(Spec_2_3, ARejectionNamesTheRegulatorWithTheDateOfTheDecision) {
  Walk w;
  ActionPayload p;
  p.reason_code = RejectionReason::out_of_scope;
  w.Step(Action::reject, Actor::agent, Now() + hours{3}, p);
  std::optional<RegulatorPath> path = w.PathAt(Now() + hours{4});
  ASSERT_TRUE(path);
  EXPECT_EQ(path->reason, AppealReason::rejected);
  EXPECT_EQ(path->rejected_at, Now() + hours{3});
  EXPECT_FALSE(path->accepted_at);
  EXPECT_FALSE(path->reply_due) << "a rejected complaint owes no reply";
  w.Step(Action::close, Actor::agent, Now() + days{1});
  path = w.PathAt(Now() + days{30});
  ASSERT_TRUE(path);
  EXPECT_EQ(path->reason, AppealReason::rejected);
  EXPECT_EQ(path->closed_at, Now() + days{1});
}

// While the handling runs on time there is nothing to appeal; a withdrawn complaint is the
// customer's own end, even one that was late.
TEST(Spec_6, NoPathWhileHandledInTimeNorOnceWithdrawn) {
  Walk w;
  EXPECT_FALSE(w.PathAt(Now() + hours{1}));
  w.Step(Action::accept, Actor::agent, Now() + hours{2});
  EXPECT_FALSE(w.PathAt(Now() + days{1}));
  w.Step(Action::withdraw, Actor::customer, Now() + days{1});
  EXPECT_FALSE(w.PathAt(Now() + days{20}));
  EXPECT_EQ(to_json(customer_view(w.c(), Now() + days{20}))["regulator_path"], Json(nullptr));
}

}  // namespace
}  // namespace cw
