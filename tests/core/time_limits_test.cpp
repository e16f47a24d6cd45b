// tests/core/time_limits_test.cpp — DESIGN §3 time limits: the 2026 calendar (holidays and make-up
// days), calendar and working-day deadlines at month and year ends, extensions and overdue.
#include "core/time_limits.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cw {
namespace {

using namespace std::chrono;

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(CW_TEST_DATA_DIR) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

sys_days D(int y, unsigned m, unsigned d) { return sys_days{year{y} / month{m} / day{d}}; }
std::string Iso(Timestamp t) { return format_iso8601(t); }

TimelineEvent Ev(Timestamp at, Action a, Status s, int days = 0) {
  TimelineEvent e;
  e.at = at;
  e.action = a;
  e.status = s;
  e.days = days;
  return e;
}

Case Filed(Timestamp at) {
  Case c;
  c.status = Status::received;
  c.filed_at = at;
  c.timeline.push_back(Ev(at, Action::file, Status::received));
  return c;
}

TEST(TimeLimits, Calendar2026HolidaysAndMakeUpDays) {
  const Policy& p = default_policy();
  EXPECT_TRUE(is_working_day(p, D(2026, 1, 5)));    // Monday
  EXPECT_FALSE(is_working_day(p, D(2026, 1, 10)));  // Saturday
  EXPECT_FALSE(is_working_day(p, D(2026, 1, 1)));   // 元旦, Thursday
  EXPECT_FALSE(is_working_day(p, D(2026, 1, 2)));   // 元旦 span, Friday
  EXPECT_TRUE(is_working_day(p, D(2026, 1, 4)));    // make-up Sunday
  EXPECT_TRUE(is_working_day(p, D(2026, 2, 14)));   // make-up Saturday before 春节
  EXPECT_FALSE(is_working_day(p, D(2026, 2, 23)));  // 春节, Monday
  EXPECT_TRUE(is_working_day(p, D(2026, 2, 28)));   // make-up Saturday after 春节
  EXPECT_FALSE(is_working_day(p, D(2026, 10, 7)));  // 国庆, Wednesday
  EXPECT_TRUE(is_working_day(p, D(2026, 10, 10)));  // make-up Saturday
  EXPECT_TRUE(is_working_day(p, D(2027, 1, 4)));    // a year without data: weekdays only
}

TEST(TimeLimits, SampleFileMatchesTheBuiltInCalendar) {
  const std::string text = ReadData("policy-2026.json");
  ASSERT_FALSE(text.empty());
  const Result<Policy> p = parse_policy(text);
  ASSERT_TRUE(p.ok()) << code_id(p.code());
  EXPECT_EQ(p->version, "2026.1");
  EXPECT_EQ(p->holidays, default_policy().holidays);
  EXPECT_EQ(p->workdays, default_policy().workdays);
  EXPECT_EQ(p->holidays.size(), 3u + 9u + 3u + 5u + 3u + 3u + 7u);
  EXPECT_EQ(p->workdays.size(), 6u);
}

TEST(TimeLimits, PolicyRoundTripsAndKeepsDefaults) {
  Policy p = default_policy();
  p.version = "test";
  p.investigation_complex_days = 12;
  p.escalation_reply_days = 20;
  const Result<Policy> back = parse_policy(policy_to_json(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), p);
  const Result<Policy> partial = parse_policy(R"({"reply_days": 10})");
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->reply_days, 10);
  EXPECT_EQ(partial->follow_up_days, 7);
  EXPECT_EQ(partial->escalation_reply_days, 15);
  EXPECT_EQ(parse_policy(R"({"escalation_reply_days": 10})")->escalation_reply_days, 10);
  EXPECT_EQ(parse_policy(R"({"escalation_reply_days": 0})").code(), Errc::policy_invalid);
  EXPECT_EQ(partial->holidays, default_policy().holidays);
  EXPECT_EQ(parse_policy(R"({"calendar": []})")->holidays.size(), 0u);
}

// DESIGN §3 "The operator": the policy names the operator and its hotline; the built-in one is an
// example that a deployment replaces.
TEST(TimeLimits, ThePolicyNamesTheOperatorAndItsHotline) {
  EXPECT_EQ(default_policy().op.hotline, "10000");
  const Result<Policy> p = parse_policy(
      R"({"operator": {"name": {"zh-CN": "中国联通", "en": "China Unicom"}, "hotline": "10010"}})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->op.name_zh, "中国联通");
  EXPECT_EQ(p->op.name_en, "China Unicom");
  EXPECT_EQ(p->op.hotline, "10010");
  EXPECT_EQ(p->reply_days, default_policy().reply_days) << "the rest keeps its defaults";
  const Result<Policy> back = parse_policy(policy_to_json(p.value()));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->op, p->op);
  EXPECT_TRUE(parse_policy(R"({"operator": {"name": {"zh-CN": "某运营商", "en": "An operator"}, "hotline": "400-810-8888"}})").ok());
  for (const char* hotline : {"", "12", "call us", "10-", "-10000", "100--00", "123456789012345678901"}) {
    const Result<Policy> bad = parse_policy(std::string(R"({"operator": {"name": {"zh-CN": "甲", "en": "A"}, "hotline": ")") +
                                            hotline + "\"}}");
    ASSERT_FALSE(bad.ok()) << hotline;
    EXPECT_EQ(bad.error().fields.at("operator.hotline"), Errc::validation_phone_invalid) << hotline;
  }
  const Result<Policy> unnamed = parse_policy(R"({"operator": {"hotline": "10010"}})");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_EQ(unnamed.error().fields.count("operator.name"), 1u);
  const Result<Policy> blank = parse_policy(R"({"operator": {"name": {"zh-CN": "", "en": "X"}, "hotline": "10010"}})");
  ASSERT_FALSE(blank.ok());
  EXPECT_EQ(blank.error().fields.count("operator.name.zh-CN"), 1u);
  EXPECT_FALSE(parse_policy(R"({"operator": {"name": {"zh-CN": "甲", "en": "A"}, "hotline": "10010", "x": 1}})").ok());
}

TEST(TimeLimits, BadPolicyFilesAreRefusedWithPaths) {
  EXPECT_EQ(parse_policy("{").code(), Errc::policy_invalid);
  EXPECT_EQ(parse_policy("{").error().fields.at(""), Errc::json_malformed);
  EXPECT_EQ(parse_policy("[]").error().fields.at(""), Errc::json_not_object);
  EXPECT_EQ(parse_policy(std::string(40, '[') + std::string(40, ']')).error().fields.at(""), Errc::json_too_deep);
  const Result<Policy> bad = parse_policy(
      R"({"reply_days": "15", "follow_up_days": 0, "investigation_working_days": {"simple": 2.5},
          "calendar": [{"holidays": ["2026-02-30", 5, "2026-03-10/2026-03-01", "2026-01-01/2026-03-01"],
                        "workdays": "2026-01-04"}, 7]})");
  ASSERT_FALSE(bad.ok());
  const FieldErrors& f = bad.error().fields;
  EXPECT_EQ(f.at("reply_days"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("follow_up_days"), Errc::validation_out_of_range);
  EXPECT_EQ(f.at("investigation_working_days.simple"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("calendar[0].holidays[0]"), Errc::validation_date_invalid);
  EXPECT_EQ(f.at("calendar[0].holidays[1]"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("calendar[0].holidays[2]"), Errc::validation_date_invalid);
  EXPECT_EQ(f.at("calendar[0].holidays[3]"), Errc::validation_date_invalid);  // spans over 31 days
  EXPECT_EQ(f.at("calendar[0].workdays"), Errc::json_wrong_type);
  EXPECT_EQ(f.at("calendar[1]"), Errc::json_wrong_type);

  // A misspelled or unknown member is refused by name (it would silently keep a default), at every
  // level; the documented ones (year, source, timezone) are accepted.
  const Result<Policy> typo = parse_policy(
      R"({"reply_day": 10, "timezone": "Asia/Shanghai", "investigation_working_days": {"simple": 3, "complx": 10},
          "calendar": [{"year": 2026, "source": "x", "holiday": ["2026-01-01"]}]})");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().fields.at("reply_day"), Errc::validation_enum_invalid);
  EXPECT_EQ(typo.error().fields.at("investigation_working_days.complx"), Errc::validation_enum_invalid);
  EXPECT_EQ(typo.error().fields.at("calendar[0].holiday"), Errc::validation_enum_invalid);
  EXPECT_EQ(typo.error().fields.size(), 3u);
  EXPECT_EQ(parse_policy(R"({"timezone": "UTC"})").error().fields.at("timezone"), Errc::validation_enum_invalid);
}

TEST(TimeLimits, NDaysEndAt235959ShanghaiOfTheNthDay) {
  // Filed late in the evening in Shanghai (already the next day in UTC terms is irrelevant).
  EXPECT_EQ(Iso(calendar_days_after(shanghai_time(2026, 1, 31, 23, 30), 15)), "2026-02-15T23:59:59+08:00");
  // 00:30 on 1 February in Shanghai is still 31 January in UTC: the Shanghai day counts.
  EXPECT_EQ(Iso(calendar_days_after(shanghai_time(2026, 2, 1, 0, 30), 15)), "2026-02-16T23:59:59+08:00");
  // Month end in a non-leap year, and a leap year.
  EXPECT_EQ(Iso(calendar_days_after(shanghai_time(2026, 2, 20, 9), 15)), "2026-03-07T23:59:59+08:00");
  EXPECT_EQ(Iso(calendar_days_after(shanghai_time(2028, 2, 20, 9), 15)), "2028-03-06T23:59:59+08:00");
  // Year end.
  EXPECT_EQ(Iso(calendar_days_after(shanghai_time(2026, 12, 25, 9), 7)), "2027-01-01T23:59:59+08:00");
}

TEST(TimeLimits, WorkingDaysSkipWeekendsAndHolidaysAndCountMakeUpDays) {
  const Policy& p = default_policy();
  // Friday before 春节: Sat 14 Feb is a make-up day (1), 15–23 off, Tue 24 (2), Wed 25 (3).
  EXPECT_EQ(Iso(working_days_after(p, shanghai_time(2026, 2, 13, 10), 3)), "2026-02-25T23:59:59+08:00");
  // Across the year end: 2025-12-31 → 1–3 Jan off, Sun 4 Jan make-up (1), Mon 5 (2), Tue 6 (3).
  EXPECT_EQ(Iso(working_days_after(p, shanghai_time(2025, 12, 31, 16), 3)), "2026-01-06T23:59:59+08:00");
  // National Day, complex (10): Oct 8, 9, Sat 10 (make-up), 12, 13, 14, 15, 16, 19, 20.
  EXPECT_EQ(Iso(working_days_after(p, shanghai_time(2026, 9, 30, 10), 10)), "2026-10-20T23:59:59+08:00");
  // An ordinary week: Thursday + 3 → Tuesday.
  EXPECT_EQ(Iso(working_days_after(p, shanghai_time(2026, 3, 12, 10), 3)), "2026-03-17T23:59:59+08:00");
  // Make-up Sunday 20 Sep before 中秋 (25–27): Fri 18 + 1 → Sun 20.
  EXPECT_EQ(add_working_days(p, D(2026, 9, 18), 1), D(2026, 9, 20));
  EXPECT_EQ(add_working_days(p, D(2026, 9, 18), 0), D(2026, 9, 18));
  // A policy that declares everything off never loops forever.
  Policy off;
  for (sys_days d = D(2026, 1, 1); d < D(2037, 1, 1); d += days{1}) off.holidays.insert(d);
  EXPECT_GT(add_working_days(off, D(2026, 1, 1), 1), D(2035, 1, 1));
}

TEST(TimeLimits, DeadlinesOfACase) {
  const Policy& p = default_policy();
  Case c = Filed(shanghai_time(2026, 2, 12, 15, 0));  // Thursday
  Deadlines d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.acceptance), "2026-02-13T15:00:00+08:00");  // 24 hours, not a day count
  EXPECT_EQ(Iso(*d.reply), "2026-02-27T23:59:59+08:00");
  EXPECT_FALSE(d.investigation.has_value());
  EXPECT_FALSE(d.follow_up.has_value());

  c.timeline.push_back(Ev(shanghai_time(2026, 2, 13, 10), Action::accept, Status::accepted));
  c.status = Status::accepted;
  d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.investigation), "2026-02-25T23:59:59+08:00");
  c.complexity = Complexity::complex;  // 10 working days: 14, 24, 25, 26, 27, 28(make-up), Mar 2, 3, 4, 5
  EXPECT_EQ(Iso(*compute_deadlines(p, c).investigation), "2026-03-05T23:59:59+08:00");

  // An extension in the investigation stage adds working days.
  c.timeline.push_back(Ev(shanghai_time(2026, 2, 24, 10), Action::extend, Status::accepted, 2));
  EXPECT_EQ(Iso(*compute_deadlines(p, c).investigation), "2026-03-09T23:59:59+08:00");
  EXPECT_TRUE(extension_used(c, DeadlineKind::investigation));
  EXPECT_FALSE(extension_used(c, DeadlineKind::reply));

  // Escalation restarts the investigation clock (spec 五(二): the upper level re-investigates).
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 10, 9), Action::escalate, Status::escalated));
  c.status = Status::escalated;
  c.complexity = Complexity::simple;
  EXPECT_EQ(Iso(*compute_deadlines(p, c).investigation), "2026-03-13T23:59:59+08:00");
  EXPECT_FALSE(extension_used(c, DeadlineKind::investigation));  // a new stage

  // ... and the reply clock: 15 calendar days from the escalation (DESIGN §3 escalation_reply_days).
  EXPECT_EQ(Iso(*compute_deadlines(p, c).reply), "2026-03-25T23:59:59+08:00");

  // The reply starts the follow-up clock; a reply-stage extension moves the reply deadline.
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 11, 9), Action::extend, Status::processing, 3));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 12, 9), Action::reply, Status::replied));
  d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.reply), "2026-03-28T23:59:59+08:00");
  EXPECT_EQ(Iso(*d.follow_up), "2026-03-19T23:59:59+08:00");
  // Acceptance-stage extension adds whole days to the 24 hours.
  Case r = Filed(shanghai_time(2026, 3, 2, 9));
  r.timeline.push_back(Ev(shanghai_time(2026, 3, 2, 10), Action::extend, Status::received, 1));
  EXPECT_EQ(Iso(*compute_deadlines(p, r).acceptance), "2026-03-04T09:00:00+08:00");
  EXPECT_FALSE(compute_deadlines(p, Case{}).acceptance.has_value());
}

TEST(TimeLimits, StagesOfStatuses) {
  EXPECT_EQ(stage_of(Status::received), DeadlineKind::acceptance);
  EXPECT_EQ(stage_of(Status::accepted), DeadlineKind::investigation);
  EXPECT_EQ(stage_of(Status::investigating), DeadlineKind::investigation);
  EXPECT_EQ(stage_of(Status::escalated), DeadlineKind::investigation);
  EXPECT_EQ(stage_of(Status::processing), DeadlineKind::reply);
  EXPECT_EQ(stage_of(Status::replied), DeadlineKind::follow_up);
  EXPECT_EQ(stage_of(Status::follow_up), DeadlineKind::follow_up);
  for (Status s : {Status::draft, Status::queued, Status::rejected, Status::closed, Status::withdrawn})
    EXPECT_FALSE(stage_of(s).has_value());
}

TEST(TimeLimits, OverdueDependsOnTheCurrentStage) {
  const Policy& p = default_policy();
  Case c = Filed(shanghai_time(2026, 3, 2, 9));
  Deadlines d = compute_deadlines(p, c);
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 3, 9)));     // exactly 24 h: not yet
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 3, 9, 0, 1)));  // acceptance feedback late
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 2, 10), Action::accept, Status::accepted));
  c.status = Status::accepted;
  d = compute_deadlines(p, c);
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 5, 23, 59, 59)));
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 6, 0, 0, 0)));  // 3 working days passed
  c.status = Status::processing;
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 17, 23, 59, 59)));
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 18, 0, 0, 0)));  // 15 days after filing
  c.reply = Reply{"a", "b", "c", "d"};
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 10, 9), Action::reply, Status::replied));
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 18, 0, 0, 0)));
  c.status = Status::replied;
  d = compute_deadlines(p, c);
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 17, 23)));
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 18, 0)));  // no follow-up within 7 days
  c.status = Status::follow_up;
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 18, 0)));  // nor finished within them
  for (Status s : {Status::closed, Status::rejected, Status::withdrawn}) {
    c.status = s;
    EXPECT_FALSE(is_overdue(c, d, shanghai_time(2027, 1, 1, 0)));
  }
}

// spec 六 and DESIGN §3: the follow-up is overdue after its deadline like any stage, in `replied`
// (not started) and in `follow_up` (not finished); the screen reads the same table (deadline_binds).
TEST(Spec_6, FollowUpIsOverdueAfterItsDeadlineLikeAnyStage) {
  const Policy& p = default_policy();
  Case c = Filed(shanghai_time(2026, 3, 2, 9));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 2, 10), Action::accept, Status::accepted));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 3, 10), Action::reply, Status::replied));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 4, 10), Action::start_follow_up, Status::follow_up));
  c.status = Status::follow_up;
  const Deadlines d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.follow_up), "2026-03-10T23:59:59+08:00");
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 10, 23, 59, 59)));
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 11, 0, 0, 0)));
  EXPECT_TRUE(deadline_binds(DeadlineKind::follow_up, Status::follow_up, true));
  EXPECT_FALSE(deadline_met(DeadlineKind::follow_up, Status::follow_up, true));
  c.status = Status::closed;
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 11, 0, 0, 0)));
  EXPECT_TRUE(deadline_met(DeadlineKind::follow_up, Status::closed, true));
}

// DESIGN §3: after an escalation the re-handled case has its own reply limit (escalation_reply_days
// from the escalation), binding until the re-handling replies, even though the first reply exists.
TEST(Spec_5_2, TheReHandledCaseHasItsOwnReplyLimit) {
  Policy p = default_policy();
  p.escalation_reply_days = 10;
  Case c = Filed(shanghai_time(2026, 3, 2, 9));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 2, 10), Action::accept, Status::accepted));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 3, 10), Action::reply, Status::replied));
  c.reply = Reply{"a", "b", "c", "d"};
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 4, 10), Action::start_follow_up, Status::follow_up));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 5, 10), Action::escalate, Status::escalated));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 5, 11), Action::assign, Status::investigating));
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 6, 11), Action::propose, Status::processing));
  c.status = Status::processing;
  EXPECT_FALSE(replied_in_stage(c.timeline)) << "the first reply answered the first handling";
  Deadlines d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.reply), "2026-03-15T23:59:59+08:00");
  EXPECT_FALSE(d.follow_up.has_value()) << "the first reply's follow-up is no longer due";
  EXPECT_EQ(reply_ceiling(p, c), d.reply);
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 15, 23, 59, 59)));
  EXPECT_TRUE(is_overdue(c, d, shanghai_time(2026, 3, 16, 0, 0, 0)));
  // Replied again: met, and the new reply starts the follow-up.
  c.timeline.push_back(Ev(shanghai_time(2026, 3, 14, 9), Action::reply, Status::replied));
  c.status = Status::replied;
  EXPECT_TRUE(replied_in_stage(c.timeline));
  d = compute_deadlines(p, c);
  EXPECT_EQ(Iso(*d.follow_up), "2026-03-21T23:59:59+08:00");
  EXPECT_FALSE(is_overdue(c, d, shanghai_time(2026, 3, 16, 0, 0, 0)));
}

}  // namespace
}  // namespace cw
