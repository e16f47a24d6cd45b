// server/meta.cpp — use cases: GET /healthz and GET /meta (the labels, policy and limits a client
// builds its forms from; DESIGN §4).
#include <span>

#include "core/i18n.h"
#include "core/validation.h"
#include "core/version.h"
#include "core/workflow.h"
#include "server/service.h"

namespace cw::server {
namespace {

// [{id, label: {zh-CN, en}}] of an enum's wire names, labelled from the core catalog (`<prefix><id>`).
Json labelled(std::string_view prefix, std::span<const std::string_view> ids) {
  Json out = Json::array();
  for (std::string_view id : ids) {
    const std::string key = std::string(prefix) + std::string(id);
    Json label = {{"zh-CN", std::string(id)}, {"en", std::string(id)}};
    for (std::size_t i = 0; i < str_count(); ++i) {
      if (str_key(str_at(i)) == key) {
        label = {{"zh-CN", std::string(tr(str_at(i), Lang::zh_CN))}, {"en", std::string(tr(str_at(i), Lang::en))}};
        break;
      }
    }
    out.push_back({{"id", std::string(id)}, {"label", std::move(label)}});
  }
  return out;
}

// [{id, guidance: {zh-CN, en}}]: spec 二(三)'s words for each rejection reason, the catalog's
// (core/workflow.h rejection_guidance). The customer view carries only the code (issue 19 item 7).
Json rejection_reasons() {
  Json out = Json::array();
  for (RejectionReason r : enum_values<RejectionReason>()) {
    out.push_back({{"id", std::string(to_string(r))},
                   {"guidance", {{"zh-CN", std::string(rejection_guidance(r, Lang::zh_CN))},
                                 {"en", std::string(rejection_guidance(r, Lang::en))}}}});
  }
  return out;
}

}  // namespace

Answer health(Context& ctx) {
  Answer a;
  if (ctx.storage->healthy()) a.body = {{"ok", true}, {"version", product_version()}};
  else a = error_answer(Errc::server_unavailable);
  a.headers.emplace_back("Cache-Control", "no-store");
  return a;
}

Answer meta(Context& ctx, Timestamp now) {
  Result<Json> policy = parse_json(ctx.policy_json);
  Answer a;
  a.body = {
      {"business_types", labelled("bt_", enum_names<BusinessType>())},
      {"categories", labelled("cat_", enum_names<Category>())},
      {"reply_methods", labelled("rm_", enum_names<ReplyMethod>())},
      {"rejection_reasons", rejection_reasons()},
      // A network complaint's details and a phone reply's time (issue 19 item 8), for hosts' own forms.
      {"network_places", labelled("place_", enum_names<NetworkPlace>())},
      {"times_of_day", labelled("tod_", enum_names<TimeOfDay>())},
      {"frequencies", labelled("freq_", enum_names<Frequency>())},
      {"contact_times", labelled("ct_", enum_names<ContactTime>())},
      {"policy", policy ? policy.value() : Json::object()},
      {"limits",
       {{"problem", {{"min", kProblemMin}, {"max", kProblemMax}}},
        {"demand", {{"min", kDemandMin}, {"max", kDemandMax}}},
        {"name", {{"max", kNameMax}}},
        {"address", {{"max", kAddressMax}}},
        {"comment", {{"max", kCommentMax}}},
        {"note", {{"max", kNoteMax}}},
        {"evidence", {{"max", kEvidenceMax}, {"max_bytes", kUploadMaxBytes},
                      {"types", {"image/jpeg", "image/png", "application/pdf"}}}},
        {"body_max_bytes", kMaxJsonBody},
        {"lookup_code", {{"digits", 6}, {"ttl_seconds", kLookupCodeSeconds}, {"tries", kLookupCodeTries}}},
        {"survey_token_days", kSurveyTokenSeconds / 86400}}},
      {"privacy_notice_url", "/privacy.html"},
      {"api_version", kApiVersion},
      {"server_time", format_iso8601(now)},
  };
  a.headers.emplace_back("Cache-Control", "no-cache");
  return a;
}

}  // namespace cw::server
