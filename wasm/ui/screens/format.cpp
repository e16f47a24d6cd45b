// wasm/ui/screens/format.cpp — see format.h.
#include "wasm/ui/screens/format.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/iso_time.h"
#include "core/time_limits.h"
#include "wasm/ui/screens/screens.h"

namespace ui {

std::string_view CatalogByName(std::string_view name) {
  for (std::size_t i = 0; i < cw::str_count(); ++i) {
    if (cw::str_key(cw::str_at(i)) == name) return S(cw::str_at(i));
  }
  return {};
}

namespace {

// /meta's policy.operator member `key`, else "".
std::string MetaOperator(const char* key, const char* sub = nullptr) {
  const cw::Json& meta = Ctx().meta;
  if (!meta.is_object()) return {};
  const auto policy = meta.find("policy");
  if (policy == meta.end() || !policy->is_object()) return {};
  const auto op = policy->find("operator");
  if (op == policy->end() || !op->is_object()) return {};
  const auto v = op->find(key);
  if (v == op->end()) return {};
  if (!sub) return v->is_string() ? v->get<std::string>() : std::string();
  return cw::str_of(*v, sub);
}

}  // namespace

std::string OperatorName() {
  const bool en = Ctx().lang == cw::Lang::en;
  const std::string name = MetaOperator("name", en ? "en" : "zh-CN");
  if (!name.empty()) return name;
  const cw::Operator& builtin = cw::default_policy().op;
  return en ? builtin.name_en : builtin.name_zh;
}

std::string OperatorHotline() {
  const std::string hotline = MetaOperator("hotline");
  return hotline.empty() ? cw::default_policy().op.hotline : hotline;
}

std::string WithOperator(cw::Str key) { return cw::format(S(key), {OperatorName(), OperatorHotline()}); }

std::string Label(const char* meta_list, std::string_view prefix, std::string_view id) {
  const cw::Json& meta = Ctx().meta;
  if (const auto list = meta.is_object() ? meta.find(meta_list) : meta.end(); list != meta.end() && list->is_array()) {
    const std::string lang(cw::lang_tag(Ctx().lang));
    for (const cw::Json& o : *list) {
      if (!o.is_object()) continue;
      const auto oid = o.find("id");
      if (oid == o.end() || !oid->is_string() || oid->get<std::string>() != id) continue;
      const auto label = o.find("label");
      if (label == o.end() || !label->is_object()) continue;
      const auto l = label->find(lang);
      if (l != label->end() && l->is_string() && !l->get<std::string>().empty()) return l->get<std::string>();
    }
  }
  const std::string_view own = CatalogByName(std::string(prefix) + std::string(id));
  return own.empty() ? std::string(id) : std::string(own);
}

std::string BusinessTypeLabel(cw::BusinessType b) { return Label("business_types", "bt_", cw::to_string(b)); }
std::string CategoryLabel(cw::Category c) { return Label("categories", "cat_", cw::to_string(c)); }
std::string ReplyMethodLabel(std::string_view id) { return Label("reply_methods", "rm_", id); }

std::string ServiceLabel(std::optional<cw::BusinessType> b, std::optional<cw::Category> c) {
  std::string out = b ? BusinessTypeLabel(*b) : std::string();
  if (c) out += (out.empty() ? "" : " · ") + CategoryLabel(*c);
  return out;
}

std::string StatusLabel(cw::Status s) {
  const std::string name(cw::to_string(s));
  const std::string_view own = CatalogByName("status_" + name);
  return own.empty() ? name : std::string(own);
}

std::string TimeText(cw::Timestamp t) {
  using namespace std::chrono;
  const sys_seconds local = t + cw::kShanghaiOffset;
  const sys_days day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned m = static_cast<unsigned>(ymd.month());
  const std::string month = Ctx().lang == cw::Lang::en ? kMonths[(m + 11) % 12] : std::to_string(m);
  return cw::format(S(cw::Str::date_md_hm), {month, std::to_string(static_cast<unsigned>(ymd.day())), hm});
}

std::string Countdown(cw::Timestamp deadline) {
  const std::int64_t now = Now();
  const std::int64_t left = deadline.time_since_epoch().count() - now;
  if (left <= 0) return std::string(S(cw::Str::deadline_overdue));
  RequestFrameIn(static_cast<int>((60 - now % 60) * 1000 + 20));
  const std::int64_t d = left / 86400;
  if (d > 0) {
    return cw::format(S(cw::Str::deadline_left_days), {std::to_string(d), std::to_string(left % 86400 / 3600)});
  }
  return cw::format(S(cw::Str::deadline_left_hours), {std::to_string(std::max<std::int64_t>(1, (left + 3599) / 3600))});
}

}  // namespace ui
