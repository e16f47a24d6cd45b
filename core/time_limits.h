// core/time_limits.h — the versioned time-limit policy (DESIGN §3 "Time limits", spec 二(二)4, 三(三),
// 四(三)1): working-day calendar with holidays and make-up days, deadlines of a case, overdue.
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"
#include "core/iso_time.h"
#include "core/model.h"

namespace cw {

// The operator the customer deals with (DESIGN §3 "The operator"): named on the screens, its
// hotline offered where a phone call helps. The built-in one is an example; a deployment's policy
// file names its own.
struct Operator {
  std::string name_zh = "中国电信";
  std::string name_en = "China Telecom";
  std::string hotline = "10000";  // digits, optionally with '-' (e.g. "400-810-8888")
  bool operator==(const Operator&) const = default;
};

struct Policy {
  std::string version = "builtin-2026.1";
  Operator op;
  int acceptance_hours = 24;                // acceptance feedback after filing (spec 二(二)4)
  int investigation_simple_days = 3;        // working days after acceptance (spec 三(三))
  int investigation_complex_days = 10;      // working days after acceptance
  int reply_days = 15;                      // calendar days after filing (MIIT order 35, art. 10)
  int escalation_reply_days = 15;           // calendar days after an escalation (DESIGN §3, spec 五(二))
  int follow_up_days = 7;                   // calendar days after the reply (spec 六)
  int max_extend_days = 30;                 // one `extend` adds at most this many days
  std::set<std::chrono::sys_days> holidays;  // days off (法定节假日, incl. the weekend days inside a span)
  std::set<std::chrono::sys_days> workdays;  // make-up working days (调休上班) on weekends
  bool operator==(const Policy&) const = default;
};

// Built in: the defaults above with China's 2026 calendar (the same data as tests/data/policy-2026.json).
const Policy& default_policy();

// JSON policy file (the server's --policy FILE, read by the caller):
// {"version": "2026.1", "operator": {"name": {"zh-CN": "中国移动", "en": "China Mobile"}, "hotline": "10086"},
//  "acceptance_hours": 24, "investigation_working_days": {"simple": 3, "complex": 10},
//  "reply_days": 15, "escalation_reply_days": 15, "follow_up_days": 7, "max_extend_days": 30,
//  "calendar": [{"year": 2026, "holidays": ["2026-01-01", "2026-02-15/2026-02-23", …],
//                "workdays": ["2026-01-04", …]}]}
// Omitted numbers keep their defaults; `calendar` replaces the built-in one. Dates are "YYYY-MM-DD" or
// "YYYY-MM-DD/YYYY-MM-DD" (inclusive span). Error: Errc::policy_invalid with the bad paths in `fields`.
Result<Policy> parse_policy(std::string_view json_text);
std::string policy_to_json(const Policy& p);  // the same format (GET /meta `policy`)

// The calendar, on Shanghai days.
bool is_working_day(const Policy& p, std::chrono::sys_days day);
// The n-th working day after `day` (n ≥ 1; n ≤ 0 gives `day`).
std::chrono::sys_days add_working_days(const Policy& p, std::chrono::sys_days day, int n);
// "N days" ends 23:59:59 Asia/Shanghai of the N-th (calendar / working) day after the event (DESIGN §3).
Timestamp calendar_days_after(Timestamp event, int n);
Timestamp working_days_after(const Policy& p, Timestamp event, int n);

// MIIT order No. 35 art. 10: the operator replies within 15 days. An extension may never move the
// first reply past it (DESIGN §3 "Time limits"); after an escalation the re-handling's own limit
// (`escalation_reply_days`) is the ceiling.
inline constexpr int kReplyCeilingDays = 15;

// Which deadline an extension in a status extends: received → acceptance; accepted, investigating,
// escalated → investigation; processing → reply; replied, follow_up → follow_up; others none.
std::optional<DeadlineKind> stage_of(Status s);
// True when the stage of `kind` (since its start event) already has an `extend` (once per stage).
bool extension_used(const Case& c, DeadlineKind kind);

// One deadline of `d` by its kind.
std::optional<Timestamp> deadline_of(const Deadlines& d, DeadlineKind k);

// The deadlines of a case from its timeline: acceptance = filed + 24 h; investigation = N working
// days after the latest acceptance or escalation; reply = 15 days after filing, or
// `escalation_reply_days` after the latest escalation; follow_up = 7 days after the reply of the
// current reply stage; each plus its stage's extension. Unknown ones are nullopt.
Deadlines compute_deadlines(const Policy& p, const Case& c);
// The latest the reply deadline of the current reply stage may be extended to (see kReplyCeilingDays).
std::optional<Timestamp> reply_ceiling(const Policy& p, const Case& c);

// Whether the current reply stage has its reply: a reply after the latest escalation (a reply from
// before an escalation answered the first handling, not the re-handling). Read from the statuses on
// the timeline, so the server's case and the customer's view answer the same.
template <class Event>
bool replied_in_stage(const std::vector<Event>& timeline) {
  bool replied = false;
  for (const Event& e : timeline) {
    if (e.status == Status::escalated) replied = false;
    if (e.status == Status::replied) replied = true;
  }
  return replied;
}

// DESIGN §3: which deadlines bind in a status (received: acceptance and reply; accepted,
// investigating, escalated: investigation, and the reply until the stage has one; processing: the
// reply; replied and follow_up: the follow-up) and which are met. One table for the core's overdue
// mark and the screen's countdowns.
bool deadline_binds(DeadlineKind k, Status s, bool replied);
bool deadline_met(DeadlineKind k, Status s, bool replied);
// The earliest deadline that binds in the case's status (nullopt: none runs, e.g. closed). The staff
// list sorts by it (DESIGN §4: overdue first, with the next deadline).
std::optional<Timestamp> next_deadline(const Case& c, const Deadlines& d);
// Overdue: a binding deadline has passed (the next one has).
bool is_overdue(const Case& c, const Deadlines& d, Timestamp now);

}  // namespace cw
