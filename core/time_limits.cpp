// core/time_limits.cpp — policy parsing, the working-day calendar and deadline arithmetic on sys_days
// with a fixed UTC+8 offset (Asia/Shanghai has no DST; no tz database needed).
#include "core/time_limits.h"

#include <cstdio>

#include "core/json.h"
#include "core/utf8.h"

namespace cw {
namespace {

using namespace std::chrono;

// 国务院办公厅关于2026年部分节假日安排的通知 (published 2025-11-04, Xinhua). Kept identical to
// tests/data/policy-2026.json; operators update the file each year (DESIGN §3).
constexpr const char* kBuiltinCalendar2026 = R"json({
  "calendar": [{
    "year": 2026,
    "source": "国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
    "holidays": ["2026-01-01/2026-01-03", "2026-02-15/2026-02-23", "2026-04-04/2026-04-06",
                 "2026-05-01/2026-05-05", "2026-06-19/2026-06-21", "2026-09-25/2026-09-27",
                 "2026-10-01/2026-10-07"],
    "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
  }]
})json";

std::optional<sys_days> parse_day(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const std::size_t starts[3] = {0, 5, 8}, widths[3] = {4, 2, 2};
  for (int k = 0; k < 3; ++k) {
    for (std::size_t i = 0; i < widths[k]; ++i) {
      const char c = s[starts[k] + i];
      if (c < '0' || c > '9') return std::nullopt;
      v[k] = v[k] * 10 + (c - '0');
    }
  }
  const year_month_day ymd{year{v[0]}, month{static_cast<unsigned>(v[1])}, day{static_cast<unsigned>(v[2])}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

std::string format_day(sys_days d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

// Reads ["2026-01-01", "2026-02-15/2026-02-23", …] into `out`; spans are at most 31 days.
void read_days(const Json* list, const std::string& path, std::set<sys_days>& out, FieldErrors& errors) {
  if (!list) return;
  std::size_t i = 0;
  for (const Json& item : *list) {
    const std::string p = path + "[" + std::to_string(i++) + "]";
    if (!item.is_string()) {
      errors.emplace(p, Errc::json_wrong_type);
      continue;
    }
    const std::string s = item.get<std::string>();
    const std::size_t slash = s.find('/');
    const auto first = parse_day(std::string_view(s).substr(0, slash));
    const auto last = slash == std::string::npos ? first : parse_day(std::string_view(s).substr(slash + 1));
    if (!first || !last || *last < *first || *last - *first > days{31}) {
      errors.emplace(p, Errc::validation_date_invalid);
      continue;
    }
    for (sys_days d = *first; d <= *last; d += days{1}) out.insert(d);
  }
}

// A member the policy format does not have is an error, not ignored: a misspelled key
// ("reply_day") would otherwise leave a default in force without a word.
void refuse_unknown(const Json& obj, const std::string& path, std::initializer_list<std::string_view> known,
                    FieldErrors& errors) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || it.key() == k;
    if (!ok) errors.emplace(path.empty() ? it.key() : path + "." + it.key(), Errc::validation_enum_invalid);
  }
}

// Applies the members of `j` onto `p`.
// A hotline a phone can dial: 3–20 digits, '-' between groups ("10000", "400-810-8888").
bool is_hotline(std::string_view s) {
  if (s.size() < 3 || s.size() > 20 || s.front() == '-' || s.back() == '-') return false;
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') ++digits;
    else if (s[i] != '-' || s[i - 1] == '-') return false;
  }
  return digits >= 3;
}

void read_operator(const Json& j, Operator& op, FieldErrors& errors) {
  refuse_unknown(j, "operator", {"name", "hotline"}, errors);
  JsonReader r(j, "operator", errors);
  if (const Json* name = r.object("name", true)) {
    refuse_unknown(*name, "operator.name", {"zh-CN", "en"}, errors);
    JsonReader rn(*name, "operator.name", errors);
    const auto text = [&](const char* key, std::string& out) {
      const std::optional<std::string> v = rn.str(key, true);
      if (!v) return;
      if (v->empty() || utf8::count(*v) > 40 || utf8::check(*v) != Errc::ok) rn.fail(rn.path(key), Errc::validation_out_of_range);
      else out = *v;
    };
    text("zh-CN", op.name_zh);
    text("en", op.name_en);
  }
  if (auto v = r.str("hotline", true)) {
    if (is_hotline(*v)) op.hotline = *v;
    else r.fail(r.path("hotline"), Errc::validation_phone_invalid);
  }
}

void read_policy(const Json& j, Policy& p, FieldErrors& errors) {
  refuse_unknown(j, "",
                 {"version", "timezone", "operator", "acceptance_hours", "investigation_working_days", "reply_days",
                  "escalation_reply_days", "follow_up_days", "max_extend_days", "calendar"},
                 errors);
  JsonReader r(j, "", errors);
  // The rules are Beijing time (spec 时限); a file that says otherwise is a mistake, not a wish.
  if (const auto tz = j.find("timezone"); tz != j.end()) {
    if (!tz->is_string() || tz->get<std::string>() != "Asia/Shanghai") errors.emplace("timezone", Errc::validation_enum_invalid);
  }
  if (auto v = r.str("version")) p.version = *v;
  if (const Json* op = r.object("operator")) read_operator(*op, p.op, errors);
  if (auto v = r.integer("acceptance_hours", 1, 24 * 30)) p.acceptance_hours = static_cast<int>(*v);
  if (const Json* inv = r.object("investigation_working_days")) {
    refuse_unknown(*inv, "investigation_working_days", {"simple", "complex"}, errors);
    JsonReader ri(*inv, "investigation_working_days", errors);
    if (auto v = ri.integer("simple", 1, 60)) p.investigation_simple_days = static_cast<int>(*v);
    if (auto v = ri.integer("complex", 1, 60)) p.investigation_complex_days = static_cast<int>(*v);
  }
  if (auto v = r.integer("reply_days", 1, 90)) p.reply_days = static_cast<int>(*v);
  if (auto v = r.integer("escalation_reply_days", 1, 90)) p.escalation_reply_days = static_cast<int>(*v);
  if (auto v = r.integer("follow_up_days", 1, 90)) p.follow_up_days = static_cast<int>(*v);
  if (auto v = r.integer("max_extend_days", 1, 90)) p.max_extend_days = static_cast<int>(*v);
  if (const Json* cal = r.array("calendar")) {
    p.holidays.clear();
    p.workdays.clear();
    std::size_t i = 0;
    for (const Json& year_entry : *cal) {
      const std::string path = "calendar[" + std::to_string(i++) + "]";
      if (!year_entry.is_object()) {
        errors.emplace(path, Errc::json_wrong_type);
        continue;
      }
      refuse_unknown(year_entry, path, {"year", "source", "holidays", "workdays"}, errors);
      JsonReader ry(year_entry, path, errors);
      read_days(ry.array("holidays"), path + ".holidays", p.holidays, errors);
      read_days(ry.array("workdays"), path + ".workdays", p.workdays, errors);
    }
  }
}

Policy make_default_policy() {
  Policy p;
  FieldErrors errors;
  const Result<Json> j = parse_json(kBuiltinCalendar2026);
  if (j.ok()) read_policy(j.value(), p, errors);
  return p;
}

// The time the stage of `kind` started: filing for acceptance; filing or the latest escalation for
// the reply (DESIGN §3: the re-handled case has its own reply limit); the latest acceptance or
// escalation for investigation (spec 五(二): the upper level re-investigates); the latest reply.
std::optional<std::size_t> stage_start(const Case& c, DeadlineKind kind) {
  std::optional<std::size_t> at;
  for (std::size_t i = 0; i < c.timeline.size(); ++i) {
    const TimelineEvent& e = c.timeline[i];
    const bool escalation = e.action == Action::escalate && e.status == Status::escalated;
    switch (kind) {
      case DeadlineKind::acceptance:
        if (e.action == Action::file) at = i;
        break;
      case DeadlineKind::reply:
        if (e.action == Action::file || escalation) at = i;
        break;
      case DeadlineKind::investigation:
        if ((e.action == Action::accept && e.status == Status::accepted) || escalation) at = i;
        break;
      case DeadlineKind::follow_up:
        if (e.action == Action::reply && e.status == Status::replied) at = i;
        break;
    }
  }
  return at;
}

// The calendar days of the reply stage that starts at `start` (filing or an escalation).
int reply_stage_days(const Policy& p, const Case& c, std::size_t start) {
  return c.timeline[start].action == Action::escalate ? p.escalation_reply_days : p.reply_days;
}

int extension_days(const Case& c, DeadlineKind kind, std::size_t start) {
  int total = 0;
  for (std::size_t i = start + 1; i < c.timeline.size(); ++i) {
    const TimelineEvent& e = c.timeline[i];
    if (e.action == Action::extend && stage_of(e.status) == kind) total += e.days;
  }
  return total;
}

}  // namespace

const Policy& default_policy() {
  static const Policy p = make_default_policy();
  return p;
}

Result<Policy> parse_policy(std::string_view text) {
  const Result<Json> j = parse_json(text);
  if (!j) return Error(Errc::policy_invalid, FieldErrors{{"", j.code()}});
  if (!j->is_object()) return Error(Errc::policy_invalid, FieldErrors{{"", Errc::json_not_object}});
  Policy p = default_policy();
  FieldErrors errors;
  read_policy(j.value(), p, errors);
  if (!errors.empty()) return Error(Errc::policy_invalid, std::move(errors));
  return p;
}

std::string policy_to_json(const Policy& p) {
  Json j = Json::object();
  j["version"] = p.version;
  j["operator"] = {{"name", {{"zh-CN", p.op.name_zh}, {"en", p.op.name_en}}}, {"hotline", p.op.hotline}};
  j["timezone"] = "Asia/Shanghai";
  j["acceptance_hours"] = p.acceptance_hours;
  j["investigation_working_days"] = {{"simple", p.investigation_simple_days},
                                     {"complex", p.investigation_complex_days}};
  j["reply_days"] = p.reply_days;
  j["escalation_reply_days"] = p.escalation_reply_days;
  j["follow_up_days"] = p.follow_up_days;
  j["max_extend_days"] = p.max_extend_days;
  // One calendar entry per year present in the data.
  std::set<int> years;
  for (sys_days d : p.holidays) years.insert(static_cast<int>(year_month_day{d}.year()));
  for (sys_days d : p.workdays) years.insert(static_cast<int>(year_month_day{d}.year()));
  Json cal = Json::array();
  for (int y : years) {
    Json h = Json::array(), w = Json::array();
    for (sys_days d : p.holidays) {
      if (static_cast<int>(year_month_day{d}.year()) == y) h.push_back(format_day(d));
    }
    for (sys_days d : p.workdays) {
      if (static_cast<int>(year_month_day{d}.year()) == y) w.push_back(format_day(d));
    }
    cal.push_back({{"year", y}, {"holidays", h}, {"workdays", w}});
  }
  j["calendar"] = cal;
  return dump_json(j);
}

bool is_working_day(const Policy& p, sys_days day) {
  if (p.workdays.count(day) != 0) return true;  // 调休: a weekend day that is worked
  if (p.holidays.count(day) != 0) return false;
  const weekday wd{day};
  return wd != Saturday && wd != Sunday;
}

sys_days add_working_days(const Policy& p, sys_days day, int n) {
  // Bounded: even a policy that declared a whole year off cannot loop forever.
  for (int found = 0, guard = 0; found < n && guard < 3660; ++guard) {
    day += days{1};
    if (is_working_day(p, day)) ++found;
  }
  return day;
}

Timestamp calendar_days_after(Timestamp event, int n) {
  return end_of_shanghai_day(shanghai_day(event) + days{n});
}

Timestamp working_days_after(const Policy& p, Timestamp event, int n) {
  return end_of_shanghai_day(add_working_days(p, shanghai_day(event), n));
}

std::optional<DeadlineKind> stage_of(Status s) {
  switch (s) {
    case Status::received: return DeadlineKind::acceptance;
    case Status::accepted:
    case Status::investigating:
    case Status::escalated: return DeadlineKind::investigation;
    case Status::processing: return DeadlineKind::reply;
    case Status::replied:
    case Status::follow_up: return DeadlineKind::follow_up;
    default: return std::nullopt;
  }
}

std::optional<Timestamp> deadline_of(const Deadlines& d, DeadlineKind k) {
  switch (k) {
    case DeadlineKind::acceptance: return d.acceptance;
    case DeadlineKind::investigation: return d.investigation;
    case DeadlineKind::reply: return d.reply;
    case DeadlineKind::follow_up: return d.follow_up;
  }
  return std::nullopt;
}

bool extension_used(const Case& c, DeadlineKind kind) {
  const std::optional<std::size_t> start = stage_start(c, kind);
  return start && extension_days(c, kind, *start) > 0;
}

Deadlines compute_deadlines(const Policy& p, const Case& c) {
  Deadlines d;
  if (const auto s = stage_start(c, DeadlineKind::acceptance)) {
    const Timestamp filed = c.timeline[*s].at;
    d.acceptance = filed + hours{p.acceptance_hours} + days{extension_days(c, DeadlineKind::acceptance, *s)};
  }
  if (const auto s = stage_start(c, DeadlineKind::reply)) {
    d.reply = calendar_days_after(c.timeline[*s].at,
                                  reply_stage_days(p, c, *s) + extension_days(c, DeadlineKind::reply, *s));
  }
  if (const auto s = stage_start(c, DeadlineKind::investigation)) {
    const int n = c.complexity == Complexity::complex ? p.investigation_complex_days : p.investigation_simple_days;
    d.investigation =
        working_days_after(p, c.timeline[*s].at, n + extension_days(c, DeadlineKind::investigation, *s));
  }
  // The follow-up follows the reply of the current stage: after an escalation the earlier reply's
  // follow-up is no longer due (the re-handling replies again).
  const auto s = stage_start(c, DeadlineKind::follow_up);
  if (s && replied_in_stage(c.timeline)) {
    d.follow_up = calendar_days_after(c.timeline[*s].at, p.follow_up_days + extension_days(c, DeadlineKind::follow_up, *s));
  }
  return d;
}

std::optional<Timestamp> reply_ceiling(const Policy& p, const Case& c) {
  const auto s = stage_start(c, DeadlineKind::reply);
  if (!s) return std::nullopt;
  const bool escalated = c.timeline[*s].action == Action::escalate;
  return calendar_days_after(c.timeline[*s].at, escalated ? p.escalation_reply_days : kReplyCeilingDays);
}

bool deadline_binds(DeadlineKind k, Status s, bool replied) {
  switch (s) {
    case Status::received: return k == DeadlineKind::acceptance || k == DeadlineKind::reply;
    case Status::accepted:
    case Status::investigating:
    case Status::escalated: return k == DeadlineKind::investigation || (!replied && k == DeadlineKind::reply);
    case Status::processing: return !replied && k == DeadlineKind::reply;
    // spec 六: the follow-up is a stage like any other, late after its deadline until it is closed.
    case Status::replied:
    case Status::follow_up: return k == DeadlineKind::follow_up;
    default: return false;
  }
}

bool deadline_met(DeadlineKind k, Status s, bool replied) {
  switch (k) {
    case DeadlineKind::acceptance: return s != Status::received && s != Status::draft && s != Status::queued;
    case DeadlineKind::investigation: return s == Status::processing || replied || s == Status::closed;
    case DeadlineKind::reply: return replied;
    case DeadlineKind::follow_up: return s == Status::closed;
  }
  return false;
}

std::optional<Timestamp> next_deadline(const Case& c, const Deadlines& d) {
  const bool replied = replied_in_stage(c.timeline);
  const std::pair<DeadlineKind, const std::optional<Timestamp>*> all[] = {
      {DeadlineKind::acceptance, &d.acceptance},
      {DeadlineKind::investigation, &d.investigation},
      {DeadlineKind::reply, &d.reply},
      {DeadlineKind::follow_up, &d.follow_up}};
  std::optional<Timestamp> next;
  for (const auto& [kind, when] : all) {
    if (*when && deadline_binds(kind, c.status, replied) && (!next || **when < *next)) next = **when;
  }
  return next;
}

bool is_overdue(const Case& c, const Deadlines& d, Timestamp now) {
  const std::optional<Timestamp> next = next_deadline(c, d);
  return next && now > *next;
}

}  // namespace cw
