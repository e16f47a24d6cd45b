// core/draft.cpp — see draft.h.
#include "core/draft.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/codec.h"
#include "core/iso_time.h"

namespace cw {
namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

std::string no_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out.push_back(c);
  return out;
}

// "2026-10-01", "2026/10/1", "2026.10.1" → that day; false when it is not a date.
bool parse_day(std::string_view s, std::chrono::sys_days* day) {
  std::string t(s);
  for (char& c : t)
    if (c == '/' || c == '.') c = '-';
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return false;
  if (m < 1 || d < 1) return false;
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return false;
  *day = std::chrono::sys_days(ymd);
  return true;
}

}  // namespace

Json to_json(const Draft& d) {
  Json j{{"v", kDraftVersion}, {"when", d.when}, {"consent", d.consent}};
#define CW_DRAFT_PUT(name) j[#name] = d.name;
  CW_DRAFT_TEXTS(CW_DRAFT_PUT)
#undef CW_DRAFT_PUT
#define CW_DRAFT_PUT_GIVEN(name) \
  if (!d.name.empty()) j[#name] = d.name;
  CW_DRAFT_TEXTS_V2(CW_DRAFT_PUT_GIVEN)
#undef CW_DRAFT_PUT_GIVEN
  return j;
}

Draft draft_from_json(const Json& j) {
  Draft d;
  if (!j.is_object()) return d;
#define CW_DRAFT_GET(name) d.name = str_of(j, #name);
  CW_DRAFT_TEXTS(CW_DRAFT_GET)
  CW_DRAFT_TEXTS_V2(CW_DRAFT_GET)
#undef CW_DRAFT_GET
  const auto when = j.find("when");
  if (when != j.end() && when->is_number_integer()) {
    const long long w = when->get<long long>();
    d.when = w >= kWhenToday && w <= kWhenOther ? static_cast<int>(w) : kWhenNone;
  }
  d.consent = bool_of(j, "consent");
  return d;
}

bool meaningful(const Draft& d) {
  return !d.business_type.empty() || !d.category.empty() || d.when != kWhenNone || !d.service_number.empty() ||
         !d.problem.empty() || !d.demand.empty();
}

Result<std::optional<Timestamp>> occurred_at(const Draft& d, Timestamp now) {
  if (d.when == kWhenNone) return std::optional<Timestamp>();
  const std::chrono::sys_days today = shanghai_day(now);
  std::chrono::sys_days day = today;
  if (d.when == kWhenYesterday) day = today - std::chrono::days(1);
  if (d.when == kWhenDayBefore) day = today - std::chrono::days(2);
  if (d.when == kWhenOther) {
    const std::string typed = trim(d.date);
    if (typed.empty()) return std::optional<Timestamp>();
    if (!parse_day(typed, &day)) return Error(Errc::validation_date_invalid, "occurred_at");
  }
  if (day == today) return std::optional<Timestamp>(now);
  return std::optional<Timestamp>(Timestamp(day) - kShanghaiOffset + std::chrono::hours(12));
}

Complaint to_complaint(const Draft& d, Timestamp now, std::vector<std::string> evidence) {
  Complaint c;
  c.business_type = parse_enum<BusinessType>(d.business_type);
  c.category = parse_enum<Category>(d.category);
  if (Result<std::optional<Timestamp>> at = occurred_at(d, now)) c.occurred_at = at.value();
  c.service_number = no_spaces(trim(d.service_number));
  c.problem = trim(d.problem);
  c.demand = trim(d.demand);
  c.customer.name = trim(d.name);
  c.customer.phone = no_spaces(trim(d.phone));
  c.customer.email = trim(d.email);
  c.customer.reply_method = parse_enum<ReplyMethod>(d.reply_method);
  if (c.customer.reply_method == ReplyMethod::phone) c.customer.contact_time = parse_enum<ContactTime>(d.contact_time);
  if (c.category == Category::network) {
    NetworkDetails n;
    n.place = parse_enum<NetworkPlace>(d.place);
    n.address = trim(d.address);
    n.time_of_day = parse_enum<TimeOfDay>(d.time_of_day);
    n.frequency = parse_enum<Frequency>(d.frequency);
    if (n != NetworkDetails{}) c.network = std::move(n);
  }
  c.evidence = std::move(evidence);
  c.consent = d.consent;
  return c;
}

Json to_json(const Receipt& r) {
  return Json{{"queued", r.queued},
              {"client_ref", r.client_ref},
              {"acceptance_no", r.acceptance_no},
              {"deadlines", to_json(r.deadlines)},
              {"reply_method", r.reply_method}};
}

Receipt receipt_from_json(const Json& j) {
  Receipt r;
  if (!j.is_object()) return r;
  r.queued = bool_of(j, "queued");
  r.client_ref = str_of(j, "client_ref");
  r.acceptance_no = str_of(j, "acceptance_no");
  if (const auto d = j.find("deadlines"); d != j.end()) {
    if (Result<Deadlines> dl = deadlines_from_json(*d)) r.deadlines = dl.value();
  }
  r.reply_method = str_of(j, "reply_method");
  return r;
}

}  // namespace cw
