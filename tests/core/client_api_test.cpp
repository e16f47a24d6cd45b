// tests/core/client_api_test.cpp — the decoders of the client's answers (core/client_api.h): what
// the screens read of each answer, strict about types, tolerant of members they do not know, and a
// table whose answer types the compiler holds the screens to.
#include "core/client_api.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "core/codec.h"

namespace cw {
namespace {

Json View() {
  return parse_json(R"({"acceptance_no":"TS-261128-7A3C91D2-X","status":"accepted","business_type":"mobile",
    "category":"billing","filed_at":"2026-11-28T14:32:00+08:00",
    "deadlines":{"acceptance":"2026-11-29T14:32:00+08:00","investigation":null,"reply":null,"follow_up":null},
    "overdue":false,"escalation_level":0,"can_escalate":false,"can_withdraw":true,"can_rate":false,
    "customer":{"name":"王*","phone":"139****5678"},
    "timeline":[{"at":"2026-11-28T14:32:00+08:00","status":"received","actor":"customer","note":""}],
    "reply":null})")
      .value();
}

TEST(ClientApi, TheTableGivesEachMethodItsAnswerType) {
  static_assert(std::is_same_v<AnswerOf<ClientMethod::get_complaint>, ViewAnswer>);
  static_assert(std::is_same_v<AnswerOf<ClientMethod::my_complaints>, MyComplaints>);
  static_assert(std::is_same_v<AnswerOf<ClientMethod::file_complaint>, Sent>);
  static_assert(std::is_same_v<AnswerOf<ClientMethod::forget_file>, NoAnswer>);
  EXPECT_EQ(method_name(ClientMethod::get_complaint), "getComplaint");
  EXPECT_EQ(method_from_name("myComplaints"), ClientMethod::my_complaints);
}

TEST(ClientApi, AViewAnswerCarriesTheViewAndWhetherItCameFromTheCache) {
  Json j = View();
  Result<ViewAnswer> fresh = view_answer_from_json(j);
  ASSERT_TRUE(fresh.ok());
  EXPECT_FALSE(fresh->stale);
  EXPECT_EQ(fresh->view.status, Status::accepted);
  EXPECT_TRUE(fresh->view.can_withdraw);
  EXPECT_EQ(fresh->view.customer_phone, "139****5678");
  j["stale"] = true;
  j["a_member_of_a_later_release"] = {{"x", 1}};
  Result<ViewAnswer> cached = view_answer_from_json(j);
  ASSERT_TRUE(cached.ok());
  EXPECT_TRUE(cached->stale);
  EXPECT_EQ(cached->view, fresh->view);
}

TEST(ClientApi, AViewThatBreaksTheContractIsRefusedWithItsPath) {
  Json j = View();
  j["status"] = "paused";
  Result<ViewAnswer> a = view_answer_from_json(j);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().fields.at("status"), Errc::validation_enum_invalid);
  j = View();
  j["stale"] = "yes";
  EXPECT_FALSE(view_answer_from_json(j).ok());
  EXPECT_FALSE(view_answer_from_json(Json::array()).ok());
}

TEST(ClientApi, MyComplaintsReadQueuedFiledAndProvedOnes) {
  const Json j = parse_json(R"([
    {"acceptance_no":null,"client_ref":"r-1","status":"queued","business_type":"broadband","category":null,
     "queued_at":1795000000000,"failed":true},
    {"acceptance_no":"TS-261128-7A3C91D2-X","status":"accepted","business_type":"mobile","category":"billing",
     "filed_at":"2026-11-28T14:32:00+08:00","timeline":[]},
    {"acceptance_no":"TS-261127-0000AAAA-Y","status":null}])")
                     .value();
  Result<MyComplaints> m = my_complaints_from_json(j);
  ASSERT_TRUE(m.ok()) << static_cast<int>(m.code());
  ASSERT_EQ(m->size(), 3u);
  EXPECT_EQ((*m)[0].acceptance_no, "");
  EXPECT_EQ((*m)[0].status, Status::queued);
  EXPECT_EQ((*m)[0].business_type, BusinessType::broadband);
  EXPECT_FALSE((*m)[0].category.has_value());
  EXPECT_TRUE((*m)[0].failed);
  EXPECT_EQ((*m)[0].client_ref, "r-1");
  EXPECT_EQ((*m)[1].category, Category::billing);
  ASSERT_TRUE((*m)[1].filed_at.has_value());
  EXPECT_FALSE((*m)[2].status.has_value());

  Result<MyComplaints> bad = my_complaints_from_json(parse_json(R"([{"acceptance_no":7}])").value());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.count("[0].acceptance_no"), 1u);
}

TEST(ClientApi, PendingOpsKeepTheirLastError) {
  const Json j = parse_json(R"([{"op":"op-1","kind":"file","client_ref":"r-1","acceptance_no":null,"attempts":3,
    "next_attempt_at":0,"failed":true,"in_flight":false,
    "last_error":{"status":422,"code":"validation.required","message":"请填写","fields":{"problem":"validation.required"}}}])")
                     .value();
  Result<PendingOps> p = pending_ops_from_json(j);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 1u);
  const PendingOp& op = p->front();
  EXPECT_EQ(op.op, "op-1");
  EXPECT_EQ(op.attempts, 3);
  EXPECT_TRUE(op.failed);
  ASSERT_TRUE(op.last_error.has_value());
  EXPECT_EQ(op.last_error->status, 422);
  EXPECT_EQ(op.last_error->errc(), Errc::validation_required);
  EXPECT_EQ(op.last_error->fields.at("problem"), "validation.required");
  EXPECT_FALSE(pending_ops_from_json(parse_json(R"([{"kind":"file"}])").value()).ok()) << "an op without its id";
}

TEST(ClientApi, SentTellsAnsweredFromQueued) {
  Result<Sent> filed = sent_from_json(parse_json(R"({"acceptance_no":"TS-261128-7A3C91D2-X","status":"received",
    "access_token":"t","filed_at":"2026-11-28T14:32:00+08:00",
    "deadlines":{"acceptance":"2026-11-29T14:32:00+08:00","investigation":null,"reply":null,"follow_up":null}})")
                                          .value());
  ASSERT_TRUE(filed.ok());
  EXPECT_FALSE(filed->queued);
  ASSERT_TRUE(filed->deadlines.has_value());
  EXPECT_TRUE(filed->deadlines->acceptance.has_value());
  Result<Sent> queued = sent_from_json(parse_json(R"({"queued":true,"client_ref":"r-2"})").value());
  ASSERT_TRUE(queued.ok());
  EXPECT_TRUE(queued->queued);
  EXPECT_EQ(queued->client_ref, "r-2");
  EXPECT_TRUE(sent_from_json(Json()).ok()) << "an action answered with no body";
  Result<Sent> bad = sent_from_json(parse_json(R"({"deadlines":{"acceptance":"tomorrow"}})").value());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.count("deadlines.acceptance"), 1u);
}

TEST(ClientApi, ACallErrorIsReadFromAnythingAndNamesAuthFailures) {
  const CallError e = call_error_from_json(parse_json(R"({"status":404,"code":"http.not_found","message":"没有找到"})").value());
  EXPECT_TRUE(e.auth_failure());
  EXPECT_EQ(e.errc(), Errc::http_not_found);
  EXPECT_EQ(call_error_from_json(Json(42)).code, "data.bad_answer");
  const CallError offline = call_error_from_json(parse_json(R"({"status":0,"code":"network.offline"})").value());
  EXPECT_FALSE(offline.auth_failure());
  const CallError odd = call_error_from_json(parse_json(R"({"fields":{"evidence[1]":5}})").value());
  EXPECT_EQ(odd.code, "data.bad_answer");
  EXPECT_EQ(odd.fields.at("evidence[1]"), "validation.enum_invalid");
}

}  // namespace
}  // namespace cw
