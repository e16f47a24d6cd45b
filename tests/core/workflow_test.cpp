// tests/core/workflow_test.cpp — the lifecycle of DESIGN §3 (spec 二–六): every status × action × role
// against an independent copy of the design's table, then the guards and the spec clauses one by one.
#include "core/workflow.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/json.h"
#include "core/validation.h"
#include "tests/core/test_fixtures.h"

namespace cw {
namespace {

using testing::Now;
using testing::ValidComplaint;
using namespace std::chrono;

// DESIGN §3 "Lifecycle", written out again by hand so the test does not trust the code's table.
struct Expect {
  std::set<Status> from;
  std::optional<Status> to;
  std::set<Actor> roles;  // supervisor is added wherever agent is
};
const std::set<Status> kOpen = {Status::received,   Status::accepted, Status::investigating, Status::processing,
                                Status::replied,    Status::follow_up, Status::escalated};
const std::set<Status> kFiled = {Status::received, Status::accepted,  Status::rejected, Status::investigating,
                                 Status::processing, Status::replied,  Status::follow_up, Status::closed,
                                 Status::escalated, Status::withdrawn};
const std::map<Action, Expect>& Design() {
  static const std::map<Action, Expect> d = {
      // staff file what came on another channel (DESIGN §4 POST /staff/complaints; channel: Spec_2_1)
      {Action::file, {{Status::draft, Status::queued}, Status::received, {Actor::customer, Actor::system, Actor::agent}}},
      {Action::accept, {{Status::received}, Status::accepted, {Actor::agent}}},
      {Action::reject, {{Status::received}, Status::rejected, {Actor::agent}}},
      {Action::assign, {{Status::accepted, Status::escalated}, Status::investigating, {Actor::agent}}},
      {Action::propose, {{Status::investigating}, Status::processing, {Actor::agent}}},
      {Action::reply, {{Status::processing}, Status::replied, {Actor::agent}}},
      {Action::start_follow_up, {{Status::replied}, Status::follow_up, {Actor::agent}}},
      {Action::close, {{Status::follow_up, Status::rejected}, Status::closed, {Actor::agent}}},
      {Action::escalate,  // from received and escalated only when late: Spec_5_1 below
       {{Status::received, Status::accepted, Status::investigating, Status::processing, Status::replied,
         Status::follow_up, Status::escalated},
        Status::escalated,
        {Actor::supervisor, Actor::customer}}},
      {Action::withdraw,
       {{Status::received, Status::accepted, Status::investigating, Status::processing},
        Status::withdrawn,
        {Actor::customer}}},
      {Action::survey, {{Status::follow_up}, Status::closed, {Actor::customer}}},
      {Action::set_complexity,
       {{Status::received, Status::accepted, Status::investigating, Status::escalated}, std::nullopt, {Actor::agent}}},
      {Action::note, {kOpen, std::nullopt, {Actor::agent}}},
      {Action::extend, {kOpen, std::nullopt, {Actor::agent}}},
      {Action::supplement, {kOpen, std::nullopt, {Actor::customer}}},
      {Action::claim, {{Status::received, Status::accepted, Status::escalated}, std::nullopt, {Actor::agent}}},
      {Action::record_survey, {{Status::follow_up}, Status::closed, {Actor::agent}}},
      // DESIGN §8 retention (issue 22 item 7): any filed case, by a supervisor, recorded only
      {Action::hold, {kFiled, std::nullopt, {Actor::supervisor}}},
      {Action::release, {kFiled, std::nullopt, {Actor::supervisor}}},
  };
  return d;
}

// DESIGN §4: agent ⊂ supervisor ⊂ manager.
bool RoleExpected(const Expect& e, Actor role) {
  if (e.roles.count(role) != 0) return true;
  if (role == Actor::supervisor) return e.roles.count(Actor::agent) != 0;
  if (role == Actor::manager) return e.roles.count(Actor::agent) != 0 || e.roles.count(Actor::supervisor) != 0;
  return false;
}

// A payload that satisfies every guard of `a`.
ActionPayload GoodPayload(Action a) {
  ActionPayload p;
  p.staff_name = "李四";
  switch (a) {
    case Action::reject: p.reason_code = RejectionReason::out_of_scope; break;
    case Action::assign: p.department = "计费部"; p.owner = "王五"; break;
    case Action::set_complexity: p.complexity = Complexity::complex; p.note = "需要多个部门协同核实。"; break;
    case Action::note: p.note = "正在调取话单核实。"; break;
    case Action::extend: p.days = 3; p.note = "需要合作方协助核实，延期3天。"; break;
    case Action::propose: p.plan = Plan{"退还20元", "王五", shanghai_time(2026, 1, 9, 18)}; break;
    case Action::reply: p.reply = Reply{"多收属实", "资费协议第3条", "退还20元", "已于1月8日退还"}; break;
    case Action::escalate: p.trigger = EscalationTrigger::major_incident; break;
    case Action::survey: p.survey = Survey{5, true, {5, 4, 5}, "满意"}; break;
    case Action::record_survey:
      p.survey = Survey{5, true, {5, 4, 5}, "电话回访：满意"};
      p.survey_via = SurveyVia::phone;
      break;
    case Action::supplement: p.note = "补充：话单截图已上传。"; p.evidence = {"up_2"}; break;
    case Action::hold: p.note = "客户已向管局申诉，保留材料。"; break;
    default: break;
  }
  return p;
}

// A case in status `s` that has a reply (so the customer is eligible to escalate). The reply is on
// the timeline as well as in `reply`: the core reads whether the current stage replied from the
// timeline (replied_in_stage), so a reply only in `reply` would be a case the server never makes.
enum Replied : bool { kNoReply = false, kReplied = true };
Case CaseIn(Status s, Replied replied = kReplied) {
  Case c;
  c.acceptance_no = "TS-260105-28T5CY4T-P";
  c.filing = ValidComplaint();
  c.status = s;
  c.filed_at = Now() - hours{1};
  c.timeline.push_back(TimelineEvent{c.filed_at, Status::received, Actor::customer, "", "", Action::file, 0, {}});
  if (!replied) return c;
  c.timeline.push_back(
      TimelineEvent{c.filed_at + minutes{30}, Status::replied, Actor::agent, "李四", "", Action::reply, 0, {}});
  c.reply = Reply{"结论", "依据", "方案", "执行"};
  return c;
}

// The customer's survey answer, as decide() records it: in `survey` and on the timeline.
void Surveyed(Case& c, const Survey& s, Timestamp at = Now()) {
  c.survey = s;
  c.timeline.push_back(TimelineEvent{at, c.status, Actor::customer, "", "", Action::survey, 0, {}});
}

TEST(Workflow, TableHasExactlyOneRowPerAction) {
  EXPECT_EQ(transitions().size(), enum_count<Action>());
  for (Action a : enum_values<Action>()) EXPECT_EQ(transition(a).action, a) << to_string(a);
  EXPECT_EQ(Design().size(), enum_count<Action>());
}

TEST(Workflow, EveryStatusTimesEveryActionTimesEveryRoleMatchesTheDesign) {
  int allowed = 0, refused = 0;
  for (Action a : enum_values<Action>()) {
    const Expect& e = Design().at(a);
    for (Status s : enum_values<Status>()) {
      for (Actor role : enum_values<Actor>()) {
        // Escalating a case nobody accepted, or one already escalated, depends on the clock.
        if (a == Action::escalate && (s == Status::received || s == Status::escalated)) continue;
        // Extending the reply depends on how far its deadline is from the ceiling: Spec_4_3_1 below.
        if (a == Action::extend && s == Status::processing && RoleExpected(e, role)) continue;
        Case c = CaseIn(s);
        // Staff file what came on the operator's own channels (Spec_2_1 below).
        if (a == Action::file && is_staff(role)) c.filing.channel = Channel::hotline;
        // Only a held case can be released (Design_8_Retention below).
        if (a == Action::release) c.hold = Hold{"申诉", "李主管", Now() - hours{1}, std::nullopt};
        const Result<Outcome> r = decide(c, a, role, GoodPayload(a), Now());
        const std::string what = std::string(to_string(a)) + " from " + std::string(to_string(s)) + " by " +
                                 std::string(to_string(role));
        if (!RoleExpected(e, role)) {
          EXPECT_EQ(r.code(), Errc::workflow_role_forbidden) << what;
          ++refused;
        } else if (e.from.count(s) == 0) {
          const bool survey = a == Action::survey || a == Action::record_survey;
          EXPECT_EQ(r.code(), survey ? Errc::survey_not_open : Errc::workflow_transition_not_allowed)
              << what;
          ++refused;
        } else {
          ASSERT_TRUE(r.ok()) << what << ": " << code_id(r.code());
          EXPECT_EQ(r->status, e.to.value_or(s)) << what;
          EXPECT_EQ(r->moved, e.to.has_value() && *e.to != s) << what;
          EXPECT_EQ(r->event.status, r->status);
          EXPECT_EQ(r->event.action, a);
          EXPECT_EQ(r->event.actor, role);
          EXPECT_EQ(r->event.at, Now());
          ++allowed;
        }
      }
    }
  }
  EXPECT_GT(allowed, 40);
  EXPECT_GT(refused, 500);
}

TEST(Workflow, AHappyPathFromFilingToClosure) {
  Case c;
  c.acceptance_no = make_acceptance_no(2026y / January / 5, 42);
  c.filing = ValidComplaint();
  Timestamp t = Now();
  const auto step = [&](Action a, Actor role) {
    t += hours{2};
    const Result<Outcome> r = decide(c, a, role, GoodPayload(a), t);
    ASSERT_TRUE(r.ok()) << to_string(a) << " " << code_id(r.code());
    apply(c, r.value());
  };
  step(Action::file, Actor::customer);
  EXPECT_EQ(c.status, Status::received);
  EXPECT_EQ(c.filed_at, Now() + hours{2});
  step(Action::accept, Actor::agent);
  step(Action::set_complexity, Actor::agent);
  EXPECT_EQ(c.complexity, Complexity::complex);
  step(Action::assign, Actor::agent);
  EXPECT_EQ(c.assignment->department, "计费部");
  step(Action::note, Actor::agent);
  step(Action::propose, Actor::supervisor);
  EXPECT_EQ(c.plan->measures, "退还20元");
  step(Action::reply, Actor::agent);
  EXPECT_EQ(c.reply->execution, "已于1月8日退还");
  step(Action::start_follow_up, Actor::agent);
  step(Action::survey, Actor::customer);
  EXPECT_EQ(c.status, Status::closed);
  EXPECT_EQ(c.timeline.size(), 9u);
  EXPECT_EQ(c.timeline.back().action, Action::survey);
  EXPECT_EQ(c.timeline[4].note, "正在调取话单核实。");
}

TEST(Spec_2_2_4, FilingIssuesNumberAndTellsWhatHappensNext) {
  Case c;
  c.acceptance_no = generate_acceptance_no(Now(), [] { return std::uint64_t{7}; });
  c.filing = ValidComplaint();
  const Result<Outcome> r = decide(c, Action::file, Actor::customer, {}, Now());
  ASSERT_TRUE(r.ok());
  apply(c, r.value());
  EXPECT_EQ(c.status, Status::received);
  EXPECT_TRUE(parse_acceptance_no(c.acceptance_no).ok());
  const CustomerView v = customer_view(c, Now());
  EXPECT_EQ(v.deadlines.acceptance, Now() + hours{24});
  EXPECT_EQ(format_iso8601(*v.deadlines.reply), "2026-01-20T23:59:59+08:00");
  EXPECT_FALSE(v.deadlines.investigation.has_value());
  EXPECT_TRUE(v.can_withdraw);
  EXPECT_FALSE(v.can_escalate);
  EXPECT_FALSE(v.can_rate);
}

TEST(Spec_2_3, RejectionNeedsReasonAndGuidance) {
  const Case c = CaseIn(Status::received);
  ActionPayload p;
  const Result<Outcome> none = decide(c, Action::reject, Actor::agent, p, Now());
  EXPECT_EQ(none.code(), Errc::workflow_reason_required);
  EXPECT_EQ(none.error().fields.at("reason_code"), Errc::validation_required);
  for (RejectionReason reason : enum_values<RejectionReason>()) {
    p.reason_code = reason;
    const Result<Outcome> r = decide(c, Action::reject, Actor::agent, p, Now());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, Status::rejected);
    EXPECT_EQ(r->rejection->reason_code, reason);
    // Without a note nothing else is stored: the guidance to other lawful channels is worded from
    // the catalog by the reason code, in the reader's language (issue 19 item 7).
    EXPECT_EQ(r->rejection->note, "");
    EXPECT_EQ(r->event.note, "");
    EXPECT_NE(rejection_guidance(reason, Lang::zh_CN).find("合法途径"), std::string_view::npos);
    EXPECT_NE(rejection_guidance(reason, Lang::en).find("lawful"), std::string_view::npos);
  }
  // A staff note is kept as written, beside the reason code (never instead of the guidance).
  p.note = "您反映的是第三方应用收费，请联系该应用客服。";
  for (RejectionReason reason : enum_values<RejectionReason>()) {
    p.reason_code = reason;
    const Result<Outcome> r = decide(c, Action::reject, Actor::agent, p, Now());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->rejection->note, p.note);
    EXPECT_EQ(r->rejection->reason_code, reason);
    EXPECT_EQ(r->event.note, p.note);
  }
  // A rejected complaint can only be closed.
  Case rejected = CaseIn(Status::rejected);
  EXPECT_TRUE(decide(rejected, Action::close, Actor::agent, {}, Now()).ok());
  EXPECT_FALSE(decide(rejected, Action::escalate, Actor::customer, {}, Now()).ok());
}

// issue 19 item 7: an English reader of a rejection gets the reason code, so the screen words the
// guidance in English; the staff note stays as written; no Chinese guidance rides in the view.
TEST(Spec_2_3, TheViewCarriesTheReasonCodeNotStoredChineseGuidance) {
  Case c = CaseIn(Status::received, kNoReply);
  ActionPayload p = GoodPayload(Action::reject);
  p.reason_code = RejectionReason::time_barred;
  apply(c, decide(c, Action::reject, Actor::agent, p, Now()).value());
  CustomerView v = customer_view(c, Now());
  ASSERT_TRUE(v.rejection);
  EXPECT_EQ(v.rejection->reason_code, RejectionReason::time_barred);
  EXPECT_EQ(v.rejection->note, "");
  EXPECT_EQ(v.timeline.back().note, "") << "the Chinese guidance is not in the view";
  EXPECT_EQ(dump_json(to_json(v)).find(rejection_guidance(RejectionReason::time_barred, Lang::zh_CN)),
            std::string::npos);
  EXPECT_NE(rejection_guidance(RejectionReason::time_barred, Lang::en),
            rejection_guidance(RejectionReason::time_barred, Lang::zh_CN));
  // With a note: the staff's words, as written, on the rejection and its timeline event.
  Case d = CaseIn(Status::received, kNoReply);
  p.note = "该业务由第三方提供。";
  apply(d, decide(d, Action::reject, Actor::agent, p, Now()).value());
  v = customer_view(d, Now());
  EXPECT_EQ(v.rejection->note, "该业务由第三方提供。");
  EXPECT_EQ(v.timeline.back().note, "该业务由第三方提供。");
  // A record stored before (guidance = note + "\n" + the Chinese default) reads as its note.
  Json stored = to_json(d);
  stored["rejection"] = {{"reason_code", "time_barred"},
                         {"guidance", "该业务由第三方提供。\n" +
                                          std::string(rejection_guidance(RejectionReason::time_barred, Lang::zh_CN))}};
  stored["timeline"].back()["note"] = stored["rejection"]["guidance"];
  const Result<Case> old = case_from_json(stored);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->rejection->note, "该业务由第三方提供。");
  EXPECT_EQ(customer_view(old.value(), Now()).timeline.back().note, "该业务由第三方提供。");
  stored["rejection"]["guidance"] = std::string(rejection_guidance(RejectionReason::time_barred, Lang::zh_CN));
  EXPECT_EQ(case_from_json(stored)->rejection->note, "");
}

TEST(Spec_3_1, AssignmentNeedsDepartmentAndNamedOwner) {
  const Case c = CaseIn(Status::accepted);
  ActionPayload p;
  p.department = "计费部";
  const Result<Outcome> r = decide(c, Action::assign, Actor::agent, p, Now());
  EXPECT_EQ(r.code(), Errc::workflow_assignment_incomplete);
  EXPECT_EQ(r.error().fields.at("owner"), Errc::validation_required);
  EXPECT_EQ(r.error().fields.count("department"), 0u);
}

TEST(Spec_3_3, ComplexityDecidesTheInvestigationLimitAndProgressIsVisible) {
  Case c = CaseIn(Status::received, kNoReply);
  apply(c, decide(c, Action::accept, Actor::agent, {}, Now()).value());
  const Timestamp simple = *customer_view(c, Now()).deadlines.investigation;
  ActionPayload p;
  EXPECT_EQ(decide(c, Action::set_complexity, Actor::agent, p, Now()).code(), Errc::workflow_complexity_required);
  p.complexity = Complexity::complex;
  p.note = "需要调取合作方的结算记录。";
  apply(c, decide(c, Action::set_complexity, Actor::agent, p, Now()).value());
  EXPECT_EQ(c.status, Status::accepted);
  EXPECT_GT(*customer_view(c, Now()).deadlines.investigation, simple);
  EXPECT_EQ(decide(c, Action::note, Actor::agent, {}, Now()).code(), Errc::workflow_note_required);
  ActionPayload note = GoodPayload(Action::note);
  apply(c, decide(c, Action::note, Actor::agent, note, Now()).value());
  const CustomerView v = customer_view(c, Now());
  EXPECT_EQ(v.timeline.back().note, "正在调取话单核实。");
}

TEST(Workflow, ExtendOncePerStageWithNoteAndDays) {
  Case c = CaseIn(Status::investigating);
  c.timeline.push_back(TimelineEvent{Now(), Status::accepted, Actor::agent, "", "", Action::accept, 0});
  ActionPayload p = GoodPayload(Action::extend);
  p.days = 0;
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now()).code(), Errc::workflow_days_invalid);
  p.days = default_policy().max_extend_days + 1;
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now()).code(), Errc::workflow_days_invalid);
  p.days = 2;
  p.note = " ";
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now()).code(), Errc::workflow_note_required);
  p.note = "需协调合作方，延期2个工作日。";
  const Result<Outcome> r = decide(c, Action::extend, Actor::agent, p, Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->event.days, 2);
  EXPECT_FALSE(r->moved);
  apply(c, r.value());
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now()).code(), Errc::workflow_extend_used);
  // A new stage (processing → reply deadline) may be extended again, up to the reply's ceiling.
  c.status = Status::processing;
  Policy promise = default_policy();
  promise.reply_days = 10;
  EXPECT_TRUE(decide(c, Action::extend, Actor::agent, p, Now(), promise).ok());
}

// spec 三(三) and DESIGN §3: a change of complexity is explained to the customer (a note), and it
// cannot recompute a missed investigation deadline away; the view's overdue mark stays.
TEST(Spec_3_3, SetComplexityNeedsANoteAndCannotUndoAPassedDeadline) {
  Case c = CaseIn(Status::received, kNoReply);
  apply(c, decide(c, Action::accept, Actor::agent, {}, Now()).value());  // Monday: simple ends Thursday
  ActionPayload p;
  p.complexity = Complexity::complex;
  const Result<Outcome> bare = decide(c, Action::set_complexity, Actor::agent, p, Now());
  EXPECT_EQ(bare.code(), Errc::workflow_note_required);
  EXPECT_EQ(bare.error().fields.at("note"), Errc::validation_required);
  p.note = "需要调取合作方的结算记录。";
  const Timestamp late = shanghai_time(2026, 1, 9, 0, 0, 1);  // the 3 working days have passed
  ASSERT_TRUE(customer_view(c, late).overdue);
  EXPECT_EQ(decide(c, Action::set_complexity, Actor::agent, p, late).code(), Errc::workflow_deadline_passed);
  EXPECT_EQ(http_status(Errc::workflow_deadline_passed), 409);
  EXPECT_TRUE(customer_view(c, late).overdue);
  // Before the deadline the same change is allowed, with the note on the customer's timeline.
  const Timestamp in_time = shanghai_time(2026, 1, 8, 12);
  const Result<Outcome> r = decide(c, Action::set_complexity, Actor::agent, p, in_time);
  ASSERT_TRUE(r.ok()) << code_id(r.code());
  apply(c, r.value());
  EXPECT_EQ(customer_view(c, in_time).timeline.back().note, p.note);
  EXPECT_FALSE(customer_view(c, late).overdue);
}

// DESIGN §3: a missed deadline stays missed: an extension applied after it passed is refused, in
// every stage (it would take the overdue mark, and the customer's right to escalate, away).
TEST(Spec_4_3_1, AMissedDeadlineCannotBeExtendedAway) {
  Case c = CaseIn(Status::received, kNoReply);
  ActionPayload p = GoodPayload(Action::extend);
  const Timestamp late = c.filed_at + hours{25};  // acceptance feedback was due after 24 hours
  ASSERT_TRUE(customer_view(c, late).overdue);
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, late).code(), Errc::workflow_deadline_passed);
  EXPECT_TRUE(decide(c, Action::extend, Actor::agent, p, c.filed_at + hours{23}).ok());
  // The investigation stage likewise.
  apply(c, decide(c, Action::accept, Actor::agent, {}, Now()).value());
  EXPECT_EQ(decide(c, Action::extend, Actor::supervisor, p, shanghai_time(2026, 1, 9, 0, 0, 1)).code(),
            Errc::workflow_deadline_passed);
  EXPECT_TRUE(decide(c, Action::extend, Actor::agent, p, shanghai_time(2026, 1, 8, 12)).ok());
}

// MIIT order 35 art. 10 (DESIGN §3 "Time limits"): the reply comes within 15 days of filing; an
// extension in `processing` may use what the operator's own promise leaves below that ceiling and
// no more, and says so (409, in both languages).
TEST(Spec_4_3_1, AnExtensionNeverPushesTheReplyPastTheCeiling) {
  Case c = CaseIn(Status::processing, kNoReply);
  ActionPayload p = GoodPayload(Action::extend);
  p.days = 1;
  const Result<Outcome> r = decide(c, Action::extend, Actor::agent, p, Now());
  EXPECT_EQ(r.code(), Errc::workflow_extend_past_ceiling);
  EXPECT_EQ(r.error().fields.at("days"), Errc::validation_out_of_range);
  EXPECT_EQ(http_status(Errc::workflow_extend_past_ceiling), 409);
  EXPECT_NE(message(Errc::workflow_extend_past_ceiling, Lang::zh_CN).find("15 天"), std::string_view::npos);
  EXPECT_NE(message(Errc::workflow_extend_past_ceiling, Lang::en).find("15 days"), std::string_view::npos);
  // An operator that promises 10 days may extend by up to 5, not 6.
  Policy promise = default_policy();
  promise.reply_days = 10;
  p.days = 6;
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now(), promise).code(), Errc::workflow_extend_past_ceiling);
  p.days = 5;
  const Result<Outcome> ok = decide(c, Action::extend, Actor::agent, p, Now(), promise);
  ASSERT_TRUE(ok.ok()) << code_id(ok.code());
  apply(c, ok.value());
  EXPECT_EQ(compute_deadlines(promise, c).reply, reply_ceiling(promise, c));
  // After an escalation the re-handling's own limit is the ceiling.
  promise.escalation_reply_days = 10;
  c.timeline.push_back(TimelineEvent{Now() + hours{1}, Status::escalated, Actor::supervisor, "", "", Action::escalate, 0});
  c.status = Status::processing;
  p.days = 1;
  EXPECT_EQ(decide(c, Action::extend, Actor::agent, p, Now() + hours{2}, promise).code(),
            Errc::workflow_extend_past_ceiling);
}

TEST(Spec_4_2, PlanNeedsMeasuresOwnerAndDue) {
  const Case c = CaseIn(Status::investigating);
  ActionPayload p;
  Result<Outcome> r = decide(c, Action::propose, Actor::agent, p, Now());
  EXPECT_EQ(r.code(), Errc::workflow_plan_incomplete);
  EXPECT_EQ(r.error().fields.size(), 3u);
  p.plan = Plan{"退费", "", std::nullopt};
  r = decide(c, Action::propose, Actor::agent, p, Now());
  EXPECT_EQ(r.error().fields.at("plan.owner"), Errc::validation_required);
  EXPECT_EQ(r.error().fields.at("plan.due"), Errc::validation_required);
  EXPECT_EQ(r.error().fields.count("plan.measures"), 0u);
  p.plan = GoodPayload(Action::propose).plan;
  EXPECT_EQ(decide(c, Action::propose, Actor::agent, p, Now())->status, Status::processing);
}

TEST(Spec_4_3_3, ReplyStatesConclusionBasisPlanAndExecution) {
  const Case c = CaseIn(Status::processing);
  ActionPayload p;
  p.reply = Reply{"结论", " ", "方案", ""};
  const Result<Outcome> r = decide(c, Action::reply, Actor::agent, p, Now());
  EXPECT_EQ(r.code(), Errc::workflow_reply_incomplete);
  EXPECT_EQ(r.error().fields.at("basis"), Errc::validation_required);
  EXPECT_EQ(r.error().fields.at("execution"), Errc::validation_required);
  EXPECT_EQ(r.error().fields.size(), 2u);
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, {}, Now()).error().fields.size(), 4u);
  // Too long a part is a validation error after the guards pass.
  p.reply = Reply{"结论", "依据", "方案", std::string(2001, 'x')};
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, p, Now()).code(), Errc::validation_too_long);
}

TEST(Spec_5_1, DissatisfiedMakesEligible) {
  Case c = CaseIn(Status::replied);
  c.timeline.push_back(TimelineEvent{Now(), Status::replied, Actor::agent, "", "", Action::reply, 0});
  // A reply exists: asking to escalate is saying "dissatisfied".
  const Result<Outcome> r = decide(c, Action::escalate, Actor::customer, {}, Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->escalation->level, 1);
  EXPECT_EQ(r->escalation->trigger, EscalationTrigger::dissatisfied);
  // Without a reply, before any deadline: not eligible.
  Case early = CaseIn(Status::investigating, kNoReply);
  early.timeline.push_back(TimelineEvent{Now(), Status::accepted, Actor::agent, "", "", Action::accept, 0});
  EXPECT_EQ(decide(early, Action::escalate, Actor::customer, {}, Now()).code(), Errc::workflow_not_eligible);
  EXPECT_FALSE(customer_view(early, Now()).can_escalate);
  // A dissatisfied survey makes eligible too.
  Surveyed(early, Survey{2, true, {3, 3, 3}, ""});
  EXPECT_TRUE(escalation_eligible(early, Now()));
  early.survey = Survey{5, false, {5, 5, 5}, ""};
  EXPECT_TRUE(escalation_eligible(early, Now()));
  early.survey = Survey{3, true, {5, 5, 5}, ""};
  EXPECT_FALSE(escalation_eligible(early, Now()));
}

TEST(Spec_5_1, OverdueMakesEligible) {
  Case c = CaseIn(Status::investigating, kNoReply);
  c.timeline.push_back(TimelineEvent{Now(), Status::accepted, Actor::agent, "", "", Action::accept, 0});
  // Accepted Monday 2026-01-05: 3 working days end Thursday 2026-01-08 23:59:59.
  EXPECT_FALSE(escalation_eligible(c, shanghai_time(2026, 1, 8, 23, 59, 59)));
  const Timestamp late = shanghai_time(2026, 1, 9, 0, 0, 0);
  EXPECT_TRUE(escalation_eligible(c, late));
  const Result<Outcome> r = decide(c, Action::escalate, Actor::customer, {}, late);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->escalation->trigger, EscalationTrigger::overdue);
  const CustomerView v = customer_view(c, late);
  EXPECT_TRUE(v.overdue);
  EXPECT_TRUE(v.can_escalate);
}

// spec 五(一) "在规定时限内未解决": a complaint nobody accepted in time can be escalated, by the
// customer (trigger overdue) or a supervisor; before its acceptance deadline by nobody. The view's
// can_escalate says so (the screen's overdue banner offers the button only then).
TEST(Spec_5_1, AnUnacceptedComplaintPastItsAcceptanceDeadlineCanBeEscalated) {
  Case c = CaseIn(Status::received, kNoReply);
  // Filed Monday 09:00: acceptance feedback within 24 hours.
  const Timestamp before = c.filed_at + hours{23};
  const Timestamp late = c.filed_at + hours{25};
  EXPECT_EQ(decide(c, Action::escalate, Actor::customer, {}, before).code(), Errc::workflow_not_eligible);
  EXPECT_EQ(decide(c, Action::escalate, Actor::supervisor, GoodPayload(Action::escalate), before).code(),
            Errc::workflow_transition_not_allowed);
  EXPECT_FALSE(customer_view(c, before).can_escalate);
  const CustomerView v = customer_view(c, late);
  EXPECT_TRUE(v.overdue);
  EXPECT_TRUE(v.can_escalate);
  const Result<Outcome> r = decide(c, Action::escalate, Actor::customer, {}, late);
  ASSERT_TRUE(r.ok()) << code_id(r.code());
  EXPECT_EQ(r->status, Status::escalated);
  EXPECT_EQ(r->escalation->level, 1);
  EXPECT_EQ(r->escalation->trigger, EscalationTrigger::overdue);
  EXPECT_TRUE(decide(c, Action::escalate, Actor::supervisor, GoodPayload(Action::escalate), late).ok());
}

TEST(Spec_5_1, AnEscalatedComplaintThatIsLateAgainCanBeEscalatedAgain) {
  Case c = CaseIn(Status::received, kNoReply);
  const Timestamp late = c.filed_at + hours{25};
  Result<Outcome> first = decide(c, Action::escalate, Actor::customer, {}, late);
  ASSERT_TRUE(first.ok());
  apply(c, *first);
  ASSERT_EQ(c.status, Status::escalated);
  // Just escalated: its new limits run; asking again now is refused.
  EXPECT_EQ(decide(c, Action::escalate, Actor::customer, {}, late + hours{1}).code(), Errc::workflow_not_eligible);
  EXPECT_FALSE(customer_view(c, late + hours{1}).can_escalate);
  // Still not handled when the re-handling's reply limit has passed: level 2.
  const Timestamp much_later = late + days{40};
  const CustomerView v = customer_view(c, much_later);
  EXPECT_TRUE(v.overdue);
  EXPECT_TRUE(v.can_escalate);
  const Result<Outcome> again = decide(c, Action::escalate, Actor::customer, {}, much_later);
  ASSERT_TRUE(again.ok()) << code_id(again.code());
  EXPECT_EQ(again->escalation->level, 2);
}

TEST(Spec_5_2, SupervisorEscalatesWithTriggerUpToLevelThree) {
  Case c = CaseIn(Status::investigating);
  ActionPayload p;
  EXPECT_EQ(decide(c, Action::escalate, Actor::supervisor, p, Now()).code(), Errc::workflow_trigger_required);
  EXPECT_EQ(decide(c, Action::escalate, Actor::agent, GoodPayload(Action::escalate), Now()).code(),
            Errc::workflow_role_forbidden);
  for (EscalationTrigger trig : enum_values<EscalationTrigger>()) {
    p.trigger = trig;
    EXPECT_EQ(decide(c, Action::escalate, Actor::supervisor, p, Now())->escalation->trigger, trig);
  }
  p.trigger = EscalationTrigger::group_risk;
  // escalate → assign → escalate … until level 3; then refused.
  for (int level = 1; level <= kMaxEscalationLevel; ++level) {
    const Result<Outcome> r = decide(c, Action::escalate, Actor::supervisor, p, Now());
    ASSERT_TRUE(r.ok()) << level;
    EXPECT_EQ(r->escalation->level, level);
    apply(c, r.value());
    EXPECT_EQ(c.status, Status::escalated);
    // Staff move an escalated case on by assigning it, not by escalating it again.
    EXPECT_EQ(decide(c, Action::escalate, Actor::supervisor, p, Now()).code(), Errc::workflow_transition_not_allowed);
    // spec 五(三): the top level is a manager's (Spec_5_3 below).
    const Actor handler = level == kMaxEscalationLevel ? Actor::manager : Actor::agent;
    apply(c, decide(c, Action::assign, handler, GoodPayload(Action::assign), Now()).value());
  }
  EXPECT_EQ(decide(c, Action::escalate, Actor::supervisor, p, Now()).code(), Errc::workflow_max_level);
  EXPECT_EQ(decide(c, Action::escalate, Actor::customer, {}, Now()).code(), Errc::workflow_max_level);
  EXPECT_FALSE(customer_view(c, Now()).can_escalate);
  EXPECT_EQ(customer_view(c, Now()).escalation_level, 3);
}

TEST(Spec_6, SatisfiedSurveyClosesDissatisfiedStaysAndMakesEligible) {
  Case c = CaseIn(Status::follow_up, kNoReply);
  EXPECT_TRUE(customer_view(c, Now()).can_rate);
  ActionPayload p;
  EXPECT_EQ(decide(c, Action::survey, Actor::customer, p, Now()).code(), Errc::validation_required);
  p.survey = Survey{2, false, {1, 2, 1}, "问题没有解决。"};
  const Result<Outcome> r = decide(c, Action::survey, Actor::customer, p, Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, Status::follow_up);
  EXPECT_FALSE(r->moved);
  EXPECT_TRUE(r->event.note.empty());  // the comment is not a public timeline note
  apply(c, r.value());
  EXPECT_TRUE(escalation_eligible(c, Now()));
  EXPECT_EQ(decide(c, Action::survey, Actor::customer, GoodPayload(Action::survey), Now()).code(),
            Errc::survey_already_submitted);
  const CustomerView v = customer_view(c, Now());
  EXPECT_FALSE(v.can_rate);
  EXPECT_TRUE(v.can_escalate);
  // An out-of-range rating is a validation error with its path.
  Case d = CaseIn(Status::follow_up);
  p.survey = Survey{6, true, {5, 5, 5}, ""};
  const Result<Outcome> bad = decide(d, Action::survey, Actor::customer, p, Now());
  EXPECT_EQ(bad.code(), Errc::validation_out_of_range);
  EXPECT_EQ(bad.error().fields.at("overall"), Errc::validation_out_of_range);
  // The survey on a closed complaint is refused as already submitted or not open.
  EXPECT_EQ(decide(CaseIn(Status::processing), Action::survey, Actor::customer, GoodPayload(Action::survey), Now()).code(),
            Errc::survey_not_open);
}

TEST(Spec_1_3, CustomerViewIsMaskedAndHasNoStaffNames) {
  Case c = CaseIn(Status::received, kNoReply);
  apply(c, decide(c, Action::accept, Actor::agent, GoodPayload(Action::accept), Now()).value());
  EXPECT_EQ(c.timeline.back().staff_name, "李四");  // kept internally for the audit trail
  const CustomerView v = customer_view(c, Now());
  EXPECT_EQ(v.customer_name, "张*");
  EXPECT_EQ(v.customer_phone, "138****5678");
  ASSERT_EQ(v.timeline.size(), 2u);
  EXPECT_EQ(v.timeline[1].status, Status::accepted);
  EXPECT_EQ(v.timeline[1].actor, Actor::agent);
  EXPECT_EQ(v.acceptance_no, c.acceptance_no);
  EXPECT_EQ(v.business_type, BusinessType::mobile);
  EXPECT_EQ(v.category, Category::billing);
  EXPECT_FALSE(v.reply.has_value());
}

TEST(Workflow, CustomerActionsAndOddInputs) {
  // Withdraw: received … processing (customer only).
  EXPECT_TRUE(customer_view(CaseIn(Status::processing), Now()).can_withdraw);
  EXPECT_FALSE(customer_view(CaseIn(Status::replied), Now()).can_withdraw);
  // Supplement needs text or evidence.
  const Case c = CaseIn(Status::investigating);
  EXPECT_EQ(decide(c, Action::supplement, Actor::customer, {}, Now()).code(), Errc::validation_required);
  EXPECT_EQ(decide(c, Action::supplement, Actor::customer, {}, Now()).error().fields.at("text"), Errc::validation_required);
  ActionPayload p;
  // Errors name the customer's body paths (DESIGN §4): a supplement's `text`, a withdrawal's `reason`.
  p.note = std::string(kNoteMax + 1, 'x');
  EXPECT_EQ(decide(c, Action::supplement, Actor::customer, p, Now()).error().fields.at("text"), Errc::validation_too_long);
  EXPECT_EQ(decide(c, Action::withdraw, Actor::customer, p, Now()).error().fields.at("reason"), Errc::validation_too_long);
  p.note.clear();
  p.evidence = {"up_9"};
  EXPECT_TRUE(decide(c, Action::supplement, Actor::customer, p, Now()).ok());
  // The customer's own events carry no staff name even if one is passed.
  p.staff_name = "冒名";
  EXPECT_EQ(decide(c, Action::supplement, Actor::customer, p, Now())->event.staff_name, "");
  // Values outside the enums are refused, never read out of bounds.
  EXPECT_EQ(decide(c, static_cast<Action>(200), Actor::agent, {}, Now()).code(), Errc::workflow_transition_not_allowed);
  EXPECT_EQ(decide(c, Action::note, static_cast<Actor>(200), GoodPayload(Action::note), Now()).code(),
            Errc::workflow_role_forbidden);
  Case odd = c;
  odd.status = static_cast<Status>(100);
  EXPECT_EQ(decide(odd, Action::note, Actor::agent, GoodPayload(Action::note), Now()).code(),
            Errc::workflow_transition_not_allowed);
}

// spec 五(一)/五(二), DESIGN §3: after an escalation the re-handled stage is judged on its own reply.
// The first round's reply (still in `reply`, readable) no longer makes the customer eligible: the
// escalation was already the answer to it. The re-handling's reply, or its deadline passing, does.
TEST(Spec_5_2, ReHandledStageIsJudgedOnItsOwnReply) {
  Case c = CaseIn(Status::follow_up);
  const Result<Outcome> esc = decide(c, Action::escalate, Actor::customer, {}, Now());
  ASSERT_TRUE(esc.ok()) << code_id(esc.code());
  apply(c, esc.value());
  ActionPayload assign;
  assign.department = "网络部";
  assign.owner = "王五";
  apply(c, decide(c, Action::assign, Actor::agent, assign, Now() + minutes{5}).value());
  ASSERT_EQ(c.status, Status::investigating);
  ASSERT_TRUE(c.reply.has_value()) << "the first reply stays readable";
  EXPECT_FALSE(escalation_eligible(c, Now() + hours{1}));
  EXPECT_EQ(decide(c, Action::escalate, Actor::customer, {}, Now() + hours{1}).code(), Errc::workflow_not_eligible);
  EXPECT_FALSE(customer_view(c, Now() + hours{1}).can_escalate);
  // Late: the re-handling's own reply limit passed (escalation_reply_days, default 15).
  EXPECT_TRUE(escalation_eligible(c, Now() + days{16}));
  const Result<Outcome> late = decide(c, Action::escalate, Actor::customer, {}, Now() + days{16});
  ASSERT_TRUE(late.ok()) << code_id(late.code());
  EXPECT_EQ(late->escalation->trigger, EscalationTrigger::overdue);
  // Replied again: asking now is saying "dissatisfied" with the new result.
  apply(c, decide(c, Action::propose, Actor::agent, GoodPayload(Action::propose), Now() + hours{2}).value());
  apply(c, decide(c, Action::reply, Actor::agent, GoodPayload(Action::reply), Now() + hours{3}).value());
  EXPECT_TRUE(escalation_eligible(c, Now() + hours{4}));
  EXPECT_EQ(decide(c, Action::escalate, Actor::customer, {}, Now() + hours{4})->escalation->trigger,
            EscalationTrigger::dissatisfied);
}

// The same for a dissatisfied survey: the one that led to the escalation does not make the
// re-handling escalable at once (the survey is answered once per case).
TEST(Spec_5_2, ASurveyBeforeTheEscalationDoesNotMakeTheReHandlingEligible) {
  Case c = CaseIn(Status::follow_up);
  ActionPayload unhappy;
  unhappy.survey = Survey{1, false, {1, 1, 1}, ""};
  apply(c, decide(c, Action::survey, Actor::customer, unhappy, Now()).value());
  EXPECT_TRUE(escalation_eligible(c, Now()));
  ActionPayload sup;
  sup.trigger = EscalationTrigger::dissatisfied;
  apply(c, decide(c, Action::escalate, Actor::supervisor, sup, Now() + minutes{1}).value());
  ActionPayload assign;
  assign.department = "网络部";
  assign.owner = "王五";
  apply(c, decide(c, Action::assign, Actor::agent, assign, Now() + minutes{5}).value());
  EXPECT_FALSE(escalation_eligible(c, Now() + hours{1}));
}

// DESIGN §4 (issue 19 item 3): a supplement's files stay on its timeline event; the customer's view
// counts them and never shows the ids.
TEST(Regression, Issue19_3_SupplementKeepsItsEvidence) {
  Case c = CaseIn(Status::investigating);
  ActionPayload p;
  p.note = "补充两张截图。";
  p.evidence = {"up_1", "up_2"};
  const Result<Outcome> r = decide(c, Action::supplement, Actor::customer, p, Now());
  ASSERT_TRUE(r.ok()) << code_id(r.code());
  EXPECT_EQ(r->event.evidence, (std::vector<std::string>{"up_1", "up_2"}));
  apply(c, r.value());
  const CustomerView v = customer_view(c, Now());
  EXPECT_EQ(v.timeline.back().evidence_count, 2);
  EXPECT_EQ(v.timeline.front().evidence_count, 0);
  const Json vj = to_json(v);
  EXPECT_EQ(vj["timeline"].back()["evidence_count"], 2);
  EXPECT_EQ(dump_json(vj).find("up_1"), std::string::npos);
  EXPECT_EQ(customer_view_from_json(vj).value(), v);
  // Stored and read back with the case (the server keeps the case as this JSON).
  const Json cj = to_json(c);
  EXPECT_EQ(cj["timeline"].back()["evidence"], (Json{"up_1", "up_2"}));
  EXPECT_EQ(case_from_json(cj).value(), c);
}

// [SECTION] The back office (issue 22 items 3 and 4) ----------------------------------------------------

// spec 二(一), 二(二)4 "无论通过何种渠道": the customer files on the web or in the app; staff file what came
// by the hotline, a shop, a letter, e-mail or social media, numbered and timed from when it came.
TEST(Spec_2_1, TheChannelSaysWhoFilesAndStaffIntakeIsTimedFromReceipt) {
  const auto file = [](Complaint f, Actor role, const std::string& name = "") {
    Case c;
    c.filing = std::move(f);
    ActionPayload p;
    p.staff_name = name;
    return decide(c, Action::file, role, p, Now());
  };
  Complaint web = ValidComplaint();
  EXPECT_TRUE(file(web, Actor::customer).ok());
  const Result<Outcome> staff_web = file(web, Actor::agent, "李四");
  EXPECT_EQ(staff_web.code(), Errc::validation_enum_invalid);
  EXPECT_EQ(staff_web.error().fields.at("channel"), Errc::validation_enum_invalid);

  Complaint hotline = ValidComplaint();
  hotline.channel = Channel::hotline;
  const Result<Outcome> by_customer = file(hotline, Actor::customer);
  EXPECT_EQ(by_customer.error().fields.at("channel"), Errc::validation_enum_invalid);
  // Taken on the phone an hour ago: filed then, by the agent who took the call.
  hotline.received_at = Now() - hours{1};
  for (Actor role : {Actor::agent, Actor::supervisor, Actor::manager}) {
    const Result<Outcome> r = file(hotline, role, "李四");
    ASSERT_TRUE(r.ok()) << to_string(role) << " " << code_id(r.code());
    EXPECT_EQ(r->event.at, Now() - hours{1});
    EXPECT_EQ(r->event.staff_name, "李四");
    Case c;
    c.filing = hotline;
    apply(c, r.value());
    EXPECT_EQ(c.filed_at, Now() - hours{1});
    EXPECT_EQ(compute_deadlines(default_policy(), c).acceptance, Now() + hours{23});
  }
  // received_at: the customer never sends it; not in the future, not before the problem, ≤ 30 days.
  Complaint odd = web;
  odd.received_at = Now();
  EXPECT_EQ(file(odd, Actor::customer).error().fields.at("received_at"), Errc::validation_not_applicable);
  hotline.received_at = Now() + hours{1};
  EXPECT_EQ(file(hotline, Actor::agent).error().fields.at("received_at"), Errc::validation_date_future);
  hotline.received_at = Now() - days{kReceivedMaxDays + 1};
  EXPECT_EQ(file(hotline, Actor::agent).error().fields.at("received_at"), Errc::validation_out_of_range);
  hotline.received_at = *hotline.occurred_at - hours{1};
  EXPECT_EQ(file(hotline, Actor::agent).error().fields.at("received_at"), Errc::validation_out_of_range);
  // Without received_at it is filed now.
  hotline.received_at.reset();
  EXPECT_EQ(file(hotline, Actor::agent)->event.at, Now());
  // Stored and read back with the case.
  hotline.received_at = Now() - hours{2};
  EXPECT_EQ(complaint_from_json(to_json(hotline)).value(), hotline);
}

// spec 一(三)5 首问负责: the first staff member to take it on owns it until it is handed on.
TEST(Spec_1_3_5, ClaimMakesTheFirstContactTheOwnerUntilAssigned) {
  Case c = CaseIn(Status::received, kNoReply);
  ActionPayload li = GoodPayload(Action::claim);  // staff_name 李四
  const Result<Outcome> r = decide(c, Action::claim, Actor::agent, li, Now());
  ASSERT_TRUE(r.ok()) << code_id(r.code());
  EXPECT_FALSE(r->moved);
  apply(c, r.value());
  EXPECT_EQ(c.owner, "李四");
  EXPECT_EQ(c.timeline.back().action, Action::claim);
  ActionPayload zhao = li;
  zhao.staff_name = "赵六";
  EXPECT_EQ(decide(c, Action::claim, Actor::agent, zhao, Now()).code(), Errc::workflow_already_owned);
  EXPECT_EQ(decide(c, Action::claim, Actor::supervisor, zhao, Now()).code(), Errc::workflow_already_owned);
  // Assigned: the named owner answers for it now (spec 三(一)); no claim once it is being worked on.
  apply(c, decide(c, Action::accept, Actor::agent, li, Now()).value());
  apply(c, decide(c, Action::assign, Actor::agent, GoodPayload(Action::assign), Now()).value());
  EXPECT_EQ(c.owner, "王五");
  EXPECT_EQ(decide(c, Action::claim, Actor::agent, zhao, Now()).code(), Errc::workflow_transition_not_allowed);
  // Escalated: handed up, so nobody owns it until the upper level claims it (spec 五(二)).
  ActionPayload esc = GoodPayload(Action::escalate);
  apply(c, decide(c, Action::escalate, Actor::supervisor, esc, Now()).value());
  EXPECT_EQ(c.owner, "");
  apply(c, decide(c, Action::claim, Actor::supervisor, zhao, Now()).value());
  EXPECT_EQ(c.owner, "赵六");
  EXPECT_EQ(case_from_json(to_json(c)).value(), c);
  // Claims are not on the customer's timeline: who owns it is staff's business.
  EXPECT_EQ(customer_view(c, Now()).timeline.size(), c.timeline.size() - 2);
  // The owner is internal, like every staff name.
  EXPECT_EQ(dump_json(to_json(customer_view(c, Now()))).find("赵六"), std::string::npos);
}

// spec 三(二): staff gather records and talk among themselves; an internal note stays with staff.
TEST(Spec_3_2, AnInternalNoteNeverReachesTheCustomerView) {
  Case c = CaseIn(Status::investigating, kNoReply);
  ActionPayload p = GoodPayload(Action::note);
  p.note = "内部：客户曾三次投诉同一问题，注意沟通方式。";
  p.internal = true;
  const Result<Outcome> r = decide(c, Action::note, Actor::agent, p, Now());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->event.internal);
  apply(c, r.value());
  ActionPayload pub = GoodPayload(Action::note);  // public: progress the customer sees (spec 三(三))
  apply(c, decide(c, Action::note, Actor::agent, pub, Now()).value());
  const CustomerView v = customer_view(c, Now());
  ASSERT_EQ(v.timeline.size(), 2u);  // the filing and the public note
  EXPECT_EQ(v.timeline.back().note, pub.note);
  EXPECT_EQ(dump_json(to_json(v)).find("三次投诉"), std::string::npos);
  // Kept for staff, with its visibility, through storage.
  const Json cj = to_json(c);
  EXPECT_EQ(cj["timeline"][1]["visibility"], "internal");
  EXPECT_EQ(cj["timeline"][2]["visibility"], "public");
  EXPECT_EQ(case_from_json(cj).value(), c);
  // On the wire: visibility "public" (the default) or "internal", nothing else.
  EXPECT_TRUE(staff_action_from_json(Json{{"action", "note"}, {"note", "x"}, {"visibility", "internal"}})->payload.internal);
  EXPECT_FALSE(staff_action_from_json(Json{{"action", "note"}, {"note", "x"}})->payload.internal);
  EXPECT_EQ(staff_action_from_json(Json{{"action", "note"}, {"note", "x"}, {"visibility", "secret"}}).error().fields.at("visibility"),
            Errc::validation_enum_invalid);
}

// spec 四(三)2: the reply goes as the customer chose; staff record how and when it reached them.
TEST(Spec_4_3_2, AReplyRecordsHowAndWhenItWasDelivered) {
  const Case c = CaseIn(Status::processing, kNoReply);
  ActionPayload p = GoodPayload(Action::reply);
  p.delivered_via = ReplyMethod::phone;
  p.delivered_at = Now() - minutes{20};
  const Result<Outcome> r = decide(c, Action::reply, Actor::agent, p, Now());
  ASSERT_TRUE(r.ok()) << code_id(r.code());
  EXPECT_EQ(r->event.delivered_via, ReplyMethod::phone);
  EXPECT_EQ(r->event.delivered_at, Now() - minutes{20});
  // The method alone: delivered now.
  p.delivered_at.reset();
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, p, Now())->event.delivered_at, Now());
  // A time without the method, a time to come, a time before the filing: refused with the path.
  ActionPayload q = GoodPayload(Action::reply);
  q.delivered_at = Now();
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, q, Now()).error().fields.at("delivered_via"), Errc::validation_required);
  q.delivered_via = ReplyMethod::phone;
  q.delivered_at = Now() + hours{1};
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, q, Now()).error().fields.at("delivered_at"), Errc::validation_date_future);
  q.delivered_at = c.filed_at - hours{1};
  EXPECT_EQ(decide(c, Action::reply, Actor::agent, q, Now()).error().fields.at("delivered_at"), Errc::validation_out_of_range);
  // On the wire and in storage.
  const Result<ActionRequest> wire = staff_action_from_json(
      Json{{"action", "reply"}, {"conclusion", "a"}, {"basis", "b"}, {"plan", "c"}, {"execution", "d"},
           {"delivered_via", "phone"}, {"delivered_at", "2026-01-05T09:40:00+08:00"}});
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire->payload.delivered_via, ReplyMethod::phone);
  EXPECT_EQ(wire->payload.delivered_at, Now() - minutes{20});
  Case d = c;
  apply(d, r.value());
  EXPECT_EQ(case_from_json(to_json(d)).value(), d);
}

// spec 六: the follow-up call is the survey, taken by staff, with the same effects as the customer's.
TEST(Spec_6, AFollowUpByPhoneIsRecordedAsTheSurvey) {
  Case c = CaseIn(Status::follow_up);
  ActionPayload p = GoodPayload(Action::record_survey);
  p.survey_via.reset();
  EXPECT_EQ(decide(c, Action::record_survey, Actor::agent, p, Now()).error().fields.at("via"), Errc::validation_required);
  EXPECT_EQ(decide(c, Action::record_survey, Actor::customer, GoodPayload(Action::record_survey), Now()).code(),
            Errc::workflow_role_forbidden);
  // Satisfied: closed, like the customer's own answer.
  const Result<Outcome> ok = decide(c, Action::record_survey, Actor::agent, GoodPayload(Action::record_survey), Now());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->status, Status::closed);
  EXPECT_EQ(ok->event.survey_via, SurveyVia::phone);
  // Dissatisfied: stays in follow-up and makes the customer eligible to escalate; the customer's own
  // link is spent (one answer per case).
  p.survey = Survey{1, false, {2, 1, 1}, "电话里说还是没解决"};
  p.survey_via = SurveyVia::sms_reply;
  const Result<Outcome> bad = decide(c, Action::record_survey, Actor::agent, p, Now());
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, Status::follow_up);
  EXPECT_TRUE(bad->event.note.empty());
  apply(c, bad.value());
  EXPECT_TRUE(escalation_eligible(c, Now()));
  EXPECT_EQ(decide(c, Action::survey, Actor::customer, GoodPayload(Action::survey), Now()).code(),
            Errc::survey_already_submitted);
  EXPECT_EQ(decide(c, Action::record_survey, Actor::agent, GoodPayload(Action::record_survey), Now()).code(),
            Errc::survey_already_submitted);
  const CustomerView v = customer_view(c, Now());
  EXPECT_FALSE(v.can_rate);
  EXPECT_TRUE(v.can_escalate);
  EXPECT_EQ(v.timeline.back().actor, Actor::customer);  // their answer, written down by staff
  ASSERT_TRUE(v.regulator_path);
  EXPECT_EQ(v.regulator_path->reason, AppealReason::dissatisfied);
  EXPECT_EQ(v.regulator_path->surveyed_at, Now());
  EXPECT_EQ(case_from_json(to_json(c)).value(), c);
  // On the wire: the customer's survey fields, flat, and `via`.
  const Result<ActionRequest> wire = staff_action_from_json(
      Json{{"action", "record_survey"}, {"overall", 4}, {"resolved", true},
           {"aspects", {{"attitude", 4}, {"speed", 4}, {"result", 5}}}, {"via", "phone"}});
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire->payload.survey->overall, 4);
  EXPECT_EQ(wire->payload.survey_via, SurveyVia::phone);
  EXPECT_EQ(staff_action_from_json(to_json(wire.value())).value().payload, wire->payload);
}

// spec 五(一): a customer who rated the handling unsolved is escalated, not closed by an agent; a
// supervisor may close it after review, saying why.
TEST(Spec_5_1, AnAgentMayNotCloseACaseTheCustomerRatedUnsolved) {
  Case c = CaseIn(Status::follow_up);
  Surveyed(c, Survey{4, false, {4, 4, 3}, ""});  // resolved: false → dissatisfied
  EXPECT_EQ(decide(c, Action::close, Actor::agent, {}, Now()).code(), Errc::workflow_close_dissatisfied);
  EXPECT_EQ(decide(c, Action::close, Actor::supervisor, {}, Now()).code(), Errc::workflow_note_required);
  ActionPayload why;
  why.note = "经复核，费用已全额退还，客户所提新问题另行受理。";
  const Result<Outcome> r = decide(c, Action::close, Actor::supervisor, why, Now());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, Status::closed);
  EXPECT_TRUE(decide(c, Action::close, Actor::manager, why, Now()).ok());
  // A satisfied answer, or none, leaves closing to the agent.
  Case d = CaseIn(Status::follow_up);
  EXPECT_TRUE(decide(d, Action::close, Actor::agent, {}, Now()).ok());
  Surveyed(d, Survey{2, true, {2, 2, 2}, ""});  // overall ≤ 2 is dissatisfied too
  EXPECT_EQ(decide(d, Action::close, Actor::agent, {}, Now()).code(), Errc::workflow_close_dissatisfied);
}

// spec 五(三): a case escalated to the top level is led by senior management.
TEST(Spec_5_3, OnlyAManagerHandlesALevelThreeCase) {
  Case c = CaseIn(Status::escalated);
  c.escalation = Escalation{kMaxEscalationLevel, EscalationTrigger::dissatisfied};
  for (Actor role : {Actor::agent, Actor::supervisor}) {
    for (Action a : {Action::claim, Action::assign, Action::set_complexity, Action::extend}) {
      const Result<Outcome> r = decide(c, a, role, GoodPayload(a), Now());
      EXPECT_EQ(r.code(), Errc::workflow_manager_required) << to_string(a) << " by " << to_string(role);
      EXPECT_EQ(http_status(r.code()), 403);
    }
  }
  // Anyone on staff may still put a note on it (a customer's call, a record found).
  EXPECT_TRUE(decide(c, Action::note, Actor::agent, GoodPayload(Action::note), Now()).ok());
  // The manager takes it, and handles it to the end.
  apply(c, decide(c, Action::claim, Actor::manager, GoodPayload(Action::claim), Now()).value());
  EXPECT_EQ(c.owner, "李四");
  apply(c, decide(c, Action::assign, Actor::manager, GoodPayload(Action::assign), Now()).value());
  EXPECT_EQ(c.status, Status::investigating);
  EXPECT_EQ(decide(c, Action::propose, Actor::supervisor, GoodPayload(Action::propose), Now()).code(),
            Errc::workflow_manager_required);
  apply(c, decide(c, Action::propose, Actor::manager, GoodPayload(Action::propose), Now()).value());
  EXPECT_EQ(c.status, Status::processing);
  // Below the top level, nothing changes: a supervisor may do what an agent may.
  Case two = CaseIn(Status::escalated);
  two.escalation = Escalation{2, EscalationTrigger::overdue};
  EXPECT_TRUE(decide(two, Action::assign, Actor::agent, GoodPayload(Action::assign), Now()).ok());
}

// DESIGN §3 "Time limits" (issue 22 item 5): whether a deadline was met is a fact recorded on the
// event that ends its stage; a later extension, complexity change or policy cannot rewrite it.
TEST(Spec_3_3, WhetherADeadlineWasMetIsRecordedWhenItsStageEnds) {
  Case c;
  c.acceptance_no = "TS-260105-28T5CY4T-P";
  c.filing = ValidComplaint();
  Timestamp t = Now();
  const auto step = [&](Action a, Actor role, std::chrono::seconds after) {
    t += after;
    const Result<Outcome> r = decide(c, a, role, GoodPayload(a), t);
    EXPECT_TRUE(r.ok()) << to_string(a) << " " << code_id(r.code());
    if (r.ok()) apply(c, r.value());
    return c.timeline.back().stage_end;
  };
  EXPECT_FALSE(step(Action::file, Actor::customer, hours{0}));
  // Accepted 30 hours after filing: the 24-hour acceptance deadline was missed.
  const std::optional<StageEnd> accepted = step(Action::accept, Actor::agent, hours{30});
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->stage, DeadlineKind::acceptance);
  EXPECT_EQ(accepted->due, Now() + hours{24});
  EXPECT_FALSE(accepted->on_time);
  // Moves that start or continue a stage end none; notes and claims are not moves.
  EXPECT_FALSE(step(Action::assign, Actor::agent, hours{1}));
  EXPECT_FALSE(step(Action::note, Actor::agent, hours{1}));
  // The plan within 3 working days of the acceptance: the investigation was on time.
  const std::optional<StageEnd> proposed = step(Action::propose, Actor::agent, hours{24});
  ASSERT_TRUE(proposed);
  EXPECT_EQ(proposed->stage, DeadlineKind::investigation);
  EXPECT_TRUE(proposed->on_time);
  const std::optional<StageEnd> replied = step(Action::reply, Actor::agent, hours{2});
  ASSERT_TRUE(replied);
  EXPECT_EQ(replied->stage, DeadlineKind::reply);
  EXPECT_TRUE(replied->on_time);
  EXPECT_FALSE(step(Action::start_follow_up, Actor::agent, hours{1}));
  const std::optional<StageEnd> rated = step(Action::record_survey, Actor::agent, hours{2});
  ASSERT_TRUE(rated);
  EXPECT_EQ(rated->stage, DeadlineKind::follow_up);
  EXPECT_TRUE(rated->on_time);
  EXPECT_EQ(c.status, Status::closed);
  // The facts stay as recorded: a kinder policy read later computes another deadline, not another fact.
  Policy lenient = default_policy();
  lenient.acceptance_hours = 72;
  EXPECT_GT(*compute_deadlines(lenient, c).acceptance, accepted->due);
  const Case stored = case_from_json(to_json(c)).value();
  EXPECT_EQ(stored, c);
  EXPECT_FALSE(stored.timeline[1].stage_end->on_time);
  EXPECT_EQ(to_json(c)["timeline"][1]["stage_end"],
            (Json{{"stage", "acceptance"}, {"due", format_iso8601(Now() + hours{24})}, {"on_time", false}}));
  // A withdrawal or an escalation completes no stage; a rejection completes the acceptance.
  Case w = CaseIn(Status::received, kNoReply);
  EXPECT_FALSE(decide(w, Action::withdraw, Actor::customer, {}, Now())->event.stage_end);
  EXPECT_EQ(decide(w, Action::reject, Actor::agent, GoodPayload(Action::reject), Now())->event.stage_end->stage,
            DeadlineKind::acceptance);
  EXPECT_FALSE(decide(CaseIn(Status::investigating), Action::escalate, Actor::supervisor, GoodPayload(Action::escalate),
                      Now())->event.stage_end);
}

// DESIGN §8 retention (issue 22 item 7): a supervisor's hold keeps a case from the purge, with a note,
// until a date or a release; one at a time; never in the customer's view.
TEST(Design_8_Retention, AHoldIsPlacedWithANoteLapsesAtItsDateAndStaysOutOfTheCustomerView) {
  Case c = CaseIn(Status::closed);
  EXPECT_EQ(decide(c, Action::hold, Actor::agent, GoodPayload(Action::hold), Now()).code(), Errc::workflow_role_forbidden);
  ActionPayload p;
  p.staff_name = "李主管";
  EXPECT_EQ(decide(c, Action::hold, Actor::supervisor, p, Now()).code(), Errc::workflow_note_required);
  p.note = "申诉处理中";
  p.until = Now() - hours{1};
  EXPECT_EQ(decide(c, Action::hold, Actor::supervisor, p, Now()).code(), Errc::validation_out_of_range);
  p.until = Now() + days{30};
  const Result<Outcome> o = decide(c, Action::hold, Actor::supervisor, p, Now());
  ASSERT_TRUE(o.ok()) << code_id(o.code());
  EXPECT_FALSE(o->moved);
  apply(c, o.value());
  ASSERT_TRUE(c.hold.has_value());
  EXPECT_EQ(*c.hold, (Hold{"申诉处理中", "李主管", Now(), Now() + days{30}}));
  EXPECT_TRUE(is_held(c, Now() + days{29}));
  EXPECT_FALSE(is_held(c, Now() + days{30}));
  EXPECT_EQ(decide(c, Action::hold, Actor::supervisor, p, Now()).code(), Errc::workflow_already_held);
  // The hold and its note are staff matters.
  const Json view = to_json(customer_view(c, Now()));
  EXPECT_EQ(dump_json(view).find("申诉处理中"), std::string::npos);
  EXPECT_EQ(view["timeline"].size(), c.timeline.size() - 1);
  // Stored and read back with the case.
  EXPECT_EQ(case_from_json(to_json(c)).value(), c);
  const Result<Outcome> r = decide(c, Action::release, Actor::supervisor, ActionPayload{}, Now());
  ASSERT_TRUE(r.ok());
  apply(c, r.value());
  EXPECT_FALSE(c.hold.has_value());
  EXPECT_EQ(decide(c, Action::release, Actor::supervisor, ActionPayload{}, Now()).code(), Errc::workflow_not_held);
  // A level-3 case is the manager's to handle, but its record is the supervisor's to keep.
  c.escalation = Escalation{3, EscalationTrigger::dissatisfied};
  EXPECT_TRUE(decide(c, Action::hold, Actor::supervisor, GoodPayload(Action::hold), Now()).ok());
}

}  // namespace
}  // namespace cw
