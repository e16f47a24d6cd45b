// tests/core/errors_test.cpp — the error table: unique stable ids, both languages present, lookups.
// Codes are a public contract (DESIGN §4), so these tests pin the ids the other parts rely on.
#include "core/errors.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace cw {
namespace {

TEST(Errors, IdsAreUniqueAndRoundTrip) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < error_count(); ++i) {
    const Errc c = errc_at(i);
    const std::string_view id = code_id(c);
    EXPECT_TRUE(seen.insert(id).second) << id;
    ASSERT_TRUE(errc_from_id(id).has_value()) << id;
    EXPECT_EQ(*errc_from_id(id), c);
    EXPECT_FALSE(message(c, Lang::zh_CN).empty()) << id;
    EXPECT_FALSE(message(c, Lang::en).empty()) << id;
    EXPECT_NE(message(c, Lang::zh_CN), message(c, Lang::en)) << id;
  }
  EXPECT_FALSE(errc_from_id("no.such_code").has_value());
}

TEST(Errors, StableIdsOthersRelyOn) {
  for (const char* id :
       {"validation.phone_invalid", "validation.required", "validation.too_long", "validation.too_short",
        "validation.utf8_invalid", "validation.control_char", "validation.enum_invalid",
        "validation.date_future", "validation.date_too_old", "validation.email_invalid",
        "validation.email_required", "validation.service_number_invalid", "validation.evidence_too_many",
        "validation.consent_required", "acceptance_no.format", "acceptance_no.checksum",
        "workflow.transition_not_allowed", "workflow.role_forbidden", "workflow.reply_incomplete",
        "json.malformed", "json.too_deep", "json.wrong_type", "http.not_found", "http.rate_limited",
        "http.payload_too_large", "http.unsupported_media_type", "auth.unauthorized", "auth.forbidden",
        "idempotency.key_reused", "survey.already_submitted", "survey.token_invalid", "network.offline",
        "network.timeout", "server.error", "lookup.code_invalid"}) {
    EXPECT_TRUE(errc_from_id(id).has_value()) << id;
  }
}

TEST(Errors, HttpStatusesFollowDesign4) {
  EXPECT_EQ(http_status(Errc::validation_phone_invalid), 422);
  EXPECT_EQ(http_status(Errc::json_malformed), 400);
  EXPECT_EQ(http_status(Errc::json_too_deep), 400);
  EXPECT_EQ(http_status(Errc::workflow_transition_not_allowed), 409);
  EXPECT_EQ(http_status(Errc::workflow_role_forbidden), 403);
  EXPECT_EQ(http_status(Errc::http_payload_too_large), 413);
  EXPECT_EQ(http_status(Errc::http_unsupported_media_type), 415);
  EXPECT_EQ(http_status(Errc::http_rate_limited), 429);
  EXPECT_EQ(http_status(Errc::idempotency_key_reused), 422);
  EXPECT_EQ(http_status(Errc::survey_already_submitted), 409);
  EXPECT_EQ(http_status(Errc::network_offline), 0);
}

TEST(Errors, MessagesAndLanguageTags) {
  EXPECT_EQ(message(Errc::validation_required, Lang::zh_CN), "此项为必填项，请填写后再提交。");
  EXPECT_EQ(message(Errc::validation_required, Lang::en), "This field is required. Please fill it in.");
  EXPECT_EQ(lang_from_tag("en-US"), Lang::en);
  EXPECT_EQ(lang_from_tag("EN"), Lang::en);
  EXPECT_EQ(lang_from_tag("zh-CN"), Lang::zh_CN);
  EXPECT_EQ(lang_from_tag(""), Lang::zh_CN);
  EXPECT_EQ(lang_tag(Lang::zh_CN), "zh-CN");
  EXPECT_EQ(lang_tag(Lang::en), "en");
  // An out-of-table value never reads out of bounds.
  EXPECT_EQ(code_id(static_cast<Errc>(60000)), "server.error");
  EXPECT_EQ(errc_at(100000), Errc::server_error);
}

TEST(Errors, ResultCarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(good.value(), 7);
  EXPECT_EQ(good.code(), Errc::ok);
  Result<int> bad = Errc::validation_required;
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.code(), Errc::validation_required);
  Result<std::string> with_path = Error(Errc::json_wrong_type, "customer.phone");
  EXPECT_EQ(with_path.error().path, "customer.phone");
  Result<void> v;
  EXPECT_TRUE(v.ok());
  Result<void> e = Error(Errc::validation_required, FieldErrors{{"problem", Errc::validation_required}});
  EXPECT_EQ(e.code(), Errc::validation_required);
  EXPECT_EQ(e.error().fields.at("problem"), Errc::validation_required);
}

}  // namespace
}  // namespace cw

namespace cw {
namespace {

TEST(Errors, ValueOnAnErrorIsEmptyNotACrash) {
  Result<std::string> bad = Errc::json_malformed;
  EXPECT_EQ(bad.value(), "");
  EXPECT_EQ(bad->size(), 0u);
  Result<std::string> good = std::string("x");
  EXPECT_EQ(good.error().code, Errc::ok);
  EXPECT_EQ(std::move(good).value(), "x");
  EXPECT_EQ(Result<std::string>(Errc::json_malformed).value(), "");
  Result<void> v;
  EXPECT_EQ(v.error().code, Errc::ok);
}

}  // namespace
}  // namespace cw
