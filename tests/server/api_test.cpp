// tests/server/api_test.cpp — every customer endpoint of DESIGN §4 and its error codes, against a
// real server on a free loopback port.

#include <atomic>
#include <fstream>
#include <thread>

#include "core/acceptance_no.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

std::string code_of(const httplib::Result& r) { return r ? parse(r->body)["error"].value("code", "") : ""; }

TEST(Api, HealthzAnswersWhenTheDatabaseDoes) {
  TestServer s;
  auto r = s.get("/api/v1/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(parse(r->body)["ok"], true);
}

TEST(Api, HealthzAnswers503WhileTheDatabaseDoesNotAnswerAsThisServerExpects) {
  // DESIGN §4: 200 only when the database answers. Here the file is changed under the running
  // server the way a newer server migrating it would: this one can no longer read it as its own
  // schema, so it must drop out of a load balancer (503) instead of serving from a database it
  // does not understand; once the file is back it answers 200 again. (PostgreSQL: the same through
  // a connection of the test's own.)
  TestServer s;
  ASSERT_EQ(s.get("/api/v1/healthz")->status, 200);
  ASSERT_TRUE(db_exec(s, "UPDATE schema_version SET version = version + 1"));
  auto down = s.get("/api/v1/healthz");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503) << down->body;
  EXPECT_EQ(code_of(down), "server.unavailable");
  EXPECT_EQ(down->get_header_value("Cache-Control"), "no-store");
  // No version table at all (a damaged or foreign file): the same 503.
  ASSERT_TRUE(db_exec(s, "UPDATE schema_version SET version = version - 1; "
                         "ALTER TABLE schema_version RENAME TO schema_version_gone"));
  EXPECT_EQ(s.get("/api/v1/healthz")->status, 503);
  ASSERT_TRUE(db_exec(s, "ALTER TABLE schema_version_gone RENAME TO schema_version"));
  auto up = s.get("/api/v1/healthz");
  ASSERT_TRUE(up);
  EXPECT_EQ(up->status, 200) << up->body;
}

TEST(Api, MetaHasLabelsPolicyLimitsAndTime) {
  TestServer s;
  auto r = s.get("/api/v1/meta");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  Json m = parse(r->body);
  ASSERT_EQ(m["business_types"].size(), 5u);
  EXPECT_EQ(m["business_types"][1]["id"], "mobile");
  EXPECT_EQ(m["business_types"][1]["label"]["zh-CN"], "移动电话");
  EXPECT_EQ(m["business_types"][1]["label"]["en"], "Mobile");
  EXPECT_EQ(m["categories"].size(), 6u);
  EXPECT_EQ(m["reply_methods"].size(), 5u);
  EXPECT_TRUE(m["policy"]["version"].is_string());
  EXPECT_EQ(m["limits"]["body_max_bytes"], 65536);
  EXPECT_TRUE(m["privacy_notice_url"].is_string());
  EXPECT_TRUE(m["server_time"].is_string());
}

TEST(Api, FilingAnswers201WithNumberTokenAndDeadlines) {
  TestServer s;
  Json a = s.file();
  EXPECT_EQ(a["status"], "received");
  EXPECT_EQ(str(a["acceptance_no"]).size(), 20u);
  EXPECT_EQ(str(a["access_token"]).size(), 43u);
  EXPECT_TRUE(a["filed_at"].is_string());
  EXPECT_TRUE(a["deadlines"]["acceptance"].is_string());
  EXPECT_TRUE(a["deadlines"]["reply"].is_string());
  EXPECT_TRUE(a["deadlines"]["investigation"].is_null());
  EXPECT_TRUE(a["deadlines"]["follow_up"].is_null());
  // spec 二(二)4: the customer is told the number at once.
  Json msgs = s.messages("13912345678");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["kind"], "status");
  EXPECT_NE(str(msgs[0]["text"]).find(str(a["acceptance_no"])), std::string::npos);
}

TEST(Api, FilingNeedsAnIdempotencyKey) {
  TestServer s;
  auto r = s.post("/api/v1/complaints", filing());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(code_of(r), "idempotency.key_missing");
}

TEST(Api, InvalidFilingIs422WithEveryFieldError) {
  TestServer s;
  Json f = filing();
  f["customer"]["phone"] = "12345";
  f["problem"] = "短";
  f["consent"] = false;
  auto r = s.post("/api/v1/complaints", f, {{"Idempotency-Key", "bad-1"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  Json e = parse(r->body)["error"];
  EXPECT_EQ(e["fields"]["customer.phone"], "validation.phone_invalid");
  EXPECT_EQ(e["fields"]["problem"], "validation.too_short");
  EXPECT_EQ(e["fields"]["consent"], "validation.consent_required");
  EXPECT_TRUE(e["message"].is_string());
}

// spec 四(三)2, DESIGN §3: an SMS reply to a landline could never arrive: 422 on the reply method,
// in the customer's language; a filing older than the 3-year limitation period says why and where to go.
TEST(Api, Spec_4_3_2_AnSmsReplyToALandlineIs422OnTheReplyMethod) {
  TestServer s;
  Json f = filing();
  f["customer"]["phone"] = "010-62345678";
  for (const auto& [lang, words] : {std::pair<std::string, std::string>{"zh-CN", "固定电话"}, {"en", "landline"}}) {
    auto r = s.post("/api/v1/complaints", f, {{"Idempotency-Key", "sms-" + lang}, {"Accept-Language", lang}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << r->body;
    Json e = parse(r->body)["error"];
    EXPECT_EQ(e["fields"]["customer.reply_method"], "validation.sms_needs_mobile");
    EXPECT_EQ(e["fields"].size(), 1u) << e.dump();
    EXPECT_NE(str(e["message"]).find(words), std::string::npos) << str(e["message"]);
  }
  f["customer"]["reply_method"] = "phone";
  EXPECT_EQ(str(s.file(f)["status"]), "received");
}

TEST(Api, Spec_2_3_AFilingPastTheLimitationPeriodIsRefusedWithTheLawfulChannels) {
  TestServer s;
  Json f = filing();
  const auto ago = [](int days) {
    return format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) -
                          std::chrono::days(days));
  };
  f["occurred_at"] = ago(365 * 2 + 200);  // two and a half years: within the three
  EXPECT_EQ(str(s.file(f, "old-ok")["status"]), "received");
  f["occurred_at"] = ago(365 * 3 + 10);
  auto r = s.post("/api/v1/complaints", f, {{"Idempotency-Key", "old-no"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  Json e = parse(r->body)["error"];
  EXPECT_EQ(e["fields"]["occurred_at"], "validation.date_too_old");
  EXPECT_NE(str(e["message"]).find("民法典"), std::string::npos) << str(e["message"]);
  EXPECT_NE(str(e["message"]).find("人民法院"), std::string::npos) << str(e["message"]);
}

TEST(Api, ErrorMessagesFollowAcceptLanguage) {
  TestServer s;
  auto r = s.post("/api/v1/complaints", filing(), {{"Accept-Language", "en-US,en;q=0.9"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(parse(r->body)["error"]["message"], "The request has no Idempotency-Key. Please reload the page and try again.");
}

TEST(Api, MalformedDeepNonObjectAndLargeBodies) {
  TestServer s;
  auto c = s.client();
  httplib::Headers k = {{"Idempotency-Key", "x"}};
  auto r = c->Post("/api/v1/complaints", k, "{not json", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(code_of(r), "json.malformed");
  std::string deep = std::string(33, '[') + std::string(33, ']');
  r = c->Post("/api/v1/complaints", k, "{\"a\":" + deep + "}", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(code_of(r), "json.too_deep");
  std::string ok_depth = "{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}";
  r = c->Post("/api/v1/complaints", k, ok_depth, "application/json");
  EXPECT_NE(r->status, 400);
  r = c->Post("/api/v1/complaints", k, "[1,2]", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(code_of(r), "json.not_object");
  Json big = filing();
  big["problem"] = std::string(70 * 1024, 'a');
  r = c->Post("/api/v1/complaints", k, big.dump(), "application/json");
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(code_of(r), "http.payload_too_large");
}

TEST(Api, SameKeyReplaysSameKeyOtherBodyIs422) {
  TestServer s;
  Json a = s.file(filing(), "same-key");
  auto again = s.post("/api/v1/complaints", filing(), {{"Idempotency-Key", "same-key"}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(parse(again->body), a);
  Json other = filing();
  other["demand"] = "另一个诉求";
  auto r = s.post("/api/v1/complaints", other, {{"Idempotency-Key", "same-key"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_EQ(code_of(r), "idempotency.key_reused");
}

TEST(Api, CustomerViewIsMaskedWithEtagAnd304) {
  TestServer s;
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]), token = str(a["access_token"]);
  auto r = s.get("/api/v1/complaints/" + no, bearer(token));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  Json v = parse(r->body);
  EXPECT_EQ(v["acceptance_no"], no);
  EXPECT_EQ(v["status"], "received");
  EXPECT_EQ(v["customer"]["name"], "王**");  // core/mask.h: one * per further character
  EXPECT_EQ(v["customer"]["phone"], "139****5678");
  EXPECT_EQ(r->body.find("13912345678"), std::string::npos);
  EXPECT_EQ(r->body.find("王小明"), std::string::npos);
  EXPECT_TRUE(v["can_withdraw"].get<bool>());
  EXPECT_FALSE(v["can_escalate"].get<bool>());
  EXPECT_TRUE(v["reply"].is_null());
  ASSERT_EQ(v["timeline"].size(), 1u);
  const std::string etag = r->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  httplib::Headers h = bearer(token);
  h.emplace("If-None-Match", etag);
  auto r2 = s.get("/api/v1/complaints/" + no, h);
  EXPECT_EQ(r2->status, 304);
  EXPECT_TRUE(r2->body.empty());
}

TEST(Api, MissingOrWrongTokenIsTheSame404AsAnUnknownNumber) {
  TestServer s;
  Json a = s.file();
  Json b = s.file(filing("13800001111"));
  const std::string no = str(a["acceptance_no"]);
  auto none = s.get("/api/v1/complaints/" + no);
  auto wrong = s.get("/api/v1/complaints/" + no, bearer(std::string("nope")));
  auto other = s.get("/api/v1/complaints/" + no, bearer(b["access_token"]));
  auto unknown = s.get("/api/v1/complaints/TS-260105-7K3M9QXZ-2", bearer(a["access_token"]));
  auto lower = s.get("/api/v1/complaints/" + std::string("ts") + no.substr(2), bearer(a["access_token"]));
  for (auto* r : {&none, &wrong, &other, &unknown, &lower}) {
    ASSERT_TRUE(*r);
    EXPECT_EQ((*r)->status, 404);
    EXPECT_EQ((*r)->body, none->body);
  }
}

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, '\x01');

TEST(Api, UploadsAreSniffedAndStoredBySha256) {
  TestServer s;
  auto c = s.client();
  auto r = c->Post("/api/v1/uploads", kPng, "image/png");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json u = parse(r->body);
  EXPECT_EQ(u["type"], "image/png");
  EXPECT_EQ(u["size"], kPng.size());
  const std::string sha = str(u["sha256"]);
  EXPECT_EQ(sha.size(), 64u);
  // Stored by their hash: a file in uploads/ beside SQLite, a row in PostgreSQL.
  auto kept = s.ctx().storage->upload_bytes(sha);
  ASSERT_TRUE(kept.ok());
  EXPECT_TRUE(kept.value() == kPng);
  // A PDF with no declared type is fine; text is 415; a PNG declared as PDF is 415.
  auto pdf = c->Post("/api/v1/uploads", "%PDF-1.4\n%....\n", "application/octet-stream");
  EXPECT_EQ(pdf->status, 201);
  EXPECT_EQ(parse(pdf->body)["type"], "application/pdf");
  auto text = c->Post("/api/v1/uploads", "hello world", "text/plain");
  EXPECT_EQ(text->status, 415);
  EXPECT_EQ(code_of(text), "http.unsupported_media_type");
  auto lie = c->Post("/api/v1/uploads", kPng, "application/pdf");
  EXPECT_EQ(lie->status, 415);
  auto big = c->Post("/api/v1/uploads", kPng + std::string(5 * 1024 * 1024, 'x'), "image/png");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);

  // Evidence must name an upload the server holds.
  Json f = filing();
  f["evidence"] = {u["id"]};
  EXPECT_EQ(s.file(f)["status"], "received");
  f["evidence"] = {"u_doesnotexist"};
  auto bad = s.post("/api/v1/complaints", f, {{"Idempotency-Key", "ev-bad"}});
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(parse(bad->body)["error"]["fields"]["evidence[0]"], "upload.not_found");
}

TEST(Api, LookupByOneTimeCode) {
  TestServer s;
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  auto r = s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  EXPECT_EQ(parse(r->body), Json({{"sent", true}}));
  Json msgs = s.messages("13912345678");
  ASSERT_GE(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["kind"], "lookup_code");
  EXPECT_EQ(msgs[0]["channel"], "sms");
  const std::string code = str(msgs[0]["code"]);
  EXPECT_EQ(code.size(), 6u);
  // A wrong code is refused; the right one gives a token that opens the view.
  auto wrong = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", "000000" == code ? "111111" : "000000"}});
  EXPECT_EQ(wrong->status, 422);
  EXPECT_EQ(code_of(wrong), "lookup.code_invalid");
  // The number may be typed loosely (lower case, no dashes); the parser in core normalises it.
  std::string loose = no;
  loose.erase(std::remove(loose.begin(), loose.end(), '-'), loose.end());
  for (char& ch : loose) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  auto ok = s.post("/api/v1/lookup/verify", {{"acceptance_no", loose}, {"phone", "13912345678"}, {"code", code}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  Json t = parse(ok->body);
  EXPECT_TRUE(t["expires_at"].is_string());
  auto view = s.get("/api/v1/complaints/" + no, bearer(t["access_token"]));
  EXPECT_EQ(view->status, 200);
  // The code is single use.
  auto reuse = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", code}});
  EXPECT_EQ(reuse->status, 422);
}

TEST(Api, LookupCodeExpiresAfterFiveMinutesAndFiveTries) {
  TestServer s;
  const std::string no = str(s.file()["acceptance_no"]);
  Json req = {{"acceptance_no", no}, {"phone", "13912345678"}};
  ASSERT_EQ(s.post("/api/v1/lookup", req)->status, 202);
  std::string code = str(s.messages("13912345678")[0]["code"]);
  s.advance(std::chrono::seconds(301));
  req["code"] = code;
  EXPECT_EQ(s.post("/api/v1/lookup/verify", req)->status, 422);

  req.erase("code");
  ASSERT_EQ(s.post("/api/v1/lookup", req)->status, 202);
  code = str(s.messages("13912345678")[0]["code"]);
  req["code"] = code == "123456" ? "654321" : "123456";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(s.post("/api/v1/lookup/verify", req)->status, 422);
  req["code"] = code;  // right, but the 5 tries are used up
  EXPECT_EQ(s.post("/api/v1/lookup/verify", req)->status, 422);
}

// DESIGN §4 "Customer lookup by phone" (issue 20 item 5): complaints filed on another device or
// channel are found by the contact phone and one code for all of them.
TEST(Api, LookupByPhoneOpensEveryComplaintOfThatPhone) {
  TestServer s;
  const std::string a1 = str(s.file(filing("13912345678", "6f1c0d2e-0000-4000-8000-000000000001"))["acceptance_no"]);
  const std::string a2 = str(s.file(filing("13912345678", "6f1c0d2e-0000-4000-8000-000000000002"))["acceptance_no"]);
  const std::string other = str(s.file(filing("13800000000", "6f1c0d2e-0000-4000-8000-000000000003"))["acceptance_no"]);

  auto r = s.post("/api/v1/lookup", {{"phone", "13912345678"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  EXPECT_EQ(parse(r->body), Json({{"sent", true}}));
  Json msgs = s.messages("13912345678");
  ASSERT_GE(msgs.size(), 1u);
  EXPECT_EQ(msgs[0]["kind"], "lookup_code");
  EXPECT_EQ(msgs[0]["channel"], "sms");
  // One code for every complaint of the phone: it names none of them.
  EXPECT_EQ(str(msgs[0]["text"]).find(a1), std::string::npos);
  EXPECT_EQ(str(msgs[0]["text"]).find(a2), std::string::npos);
  const std::string code = str(msgs[0]["code"]);
  ASSERT_EQ(code.size(), 6u);

  auto wrong = s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", code == "000000" ? "111111" : "000000"}});
  EXPECT_EQ(wrong->status, 422);
  EXPECT_EQ(code_of(wrong), "lookup.code_invalid");
  // A number's code is not a phone's code, and a phone's code opens nothing by number.
  auto by_no = s.post("/api/v1/lookup/verify", {{"acceptance_no", a1}, {"phone", "13912345678"}, {"code", code}});
  EXPECT_EQ(by_no->status, 422);

  auto ok = s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", code}});
  ASSERT_EQ(ok->status, 200) << ok->body;
  Json t = parse(ok->body);
  EXPECT_EQ(t["scope"], "phone");
  EXPECT_TRUE(t["expires_at"].is_string());
  EXPECT_EQ(ok->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", code}})->status, 422)
      << "the code is single use";

  auto list = s.get("/api/v1/customer/complaints", bearer(t["access_token"]));
  ASSERT_EQ(list->status, 200) << list->body;
  Json items = parse(list->body)["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["acceptance_no"], a2);  // newest first
  EXPECT_EQ(items[1]["acceptance_no"], a1);
  EXPECT_EQ(items[0]["status"], "received");
  EXPECT_EQ(items[0]["business_type"], "mobile");
  EXPECT_EQ(items[0]["category"], "billing");
  EXPECT_TRUE(items[0]["filed_at"].is_string());
  EXPECT_EQ(items[0]["overdue"], false);
  EXPECT_FALSE(items[0].contains("customer")) << "the list names nobody";

  // The token opens those complaints (view and actions), and no other.
  EXPECT_EQ(s.get("/api/v1/complaints/" + a1, bearer(t["access_token"]))->status, 200);
  EXPECT_EQ(s.get("/api/v1/complaints/" + other, bearer(t["access_token"]))->status, 404);
  auto sup = s.post("/api/v1/complaints/" + a1 + "/supplements", {{"text", "补充：扣费发生在 11 月 3 日。"}},
                    {{"Authorization", "Bearer " + str(t["access_token"])}, {"Idempotency-Key", "phone-sup-1"}});
  EXPECT_EQ(sup->status, 200) << sup->body;
  auto sup_other = s.post("/api/v1/complaints/" + other + "/supplements", {{"text", "x"}},
                          {{"Authorization", "Bearer " + str(t["access_token"])}, {"Idempotency-Key", "phone-sup-2"}});
  EXPECT_EQ(sup_other->status, 404);
}

TEST(Api, LookupByPhoneAnswersAlikeAndTextsNobodyWithoutComplaints) {
  TestServer s;
  s.file();
  auto none = s.post("/api/v1/lookup", {{"phone", "13700000000"}});
  auto some = s.post("/api/v1/lookup", {{"phone", "13912345678"}});
  ASSERT_TRUE(none && some);
  EXPECT_EQ(none->status, 202);
  EXPECT_EQ(none->body, some->body);
  EXPECT_TRUE(s.messages("13700000000").empty()) << "a phone with no complaint gets no message";
  EXPECT_EQ(code_of(s.post("/api/v1/lookup", {{"phone", "12345"}})), "validation.phone_invalid");
  // Without a phone token the list is refused; a number's access token is not one.
  EXPECT_EQ(s.get("/api/v1/customer/complaints")->status, 401);
  const std::string filing_token = str(s.file(filing("13912345678", "6f1c0d2e-0000-4000-8000-0000000000aa"))["access_token"]);
  EXPECT_EQ(s.get("/api/v1/customer/complaints", bearer(filing_token))->status, 401);
}

TEST(Api, LookupByPhoneCodeExpiresAndHasFiveTries) {
  TestServer s;
  s.file();
  const Json req = {{"phone", "13912345678"}};
  ASSERT_EQ(s.post("/api/v1/lookup", req)->status, 202);
  std::string code = str(s.messages("13912345678")[0]["code"]);
  s.advance(std::chrono::seconds(301));
  EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", code}})->status, 422);

  ASSERT_EQ(s.post("/api/v1/lookup", req)->status, 202);
  code = str(s.messages("13912345678")[0]["code"]);
  const std::string bad = code == "123456" ? "654321" : "123456";
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", bad}})->status, 422);
  EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"phone", "13912345678"}, {"code", code}})->status, 422)
      << "right, but the 5 tries are used up";
}

// Issue 21 finding 6 (DESIGN §8): caps and locks in the database, beside the per-minute limits
// (switched off here so that only these speak).
void without_rate_limits(server::Config& c) { c.rate_limits = false; }

TEST(Regression, Issue21_WrongPhoneTriesDoNotUseUpTheCustomersCode) {
  TestServer s(without_rate_limits);
  const std::string no = str(s.file()["acceptance_no"]);
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  const std::string code = str(s.messages("13912345678")[0]["code"]);
  // Someone who knows only the number tries five times (with the right code, even).
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13800000000"}, {"code", code}})->status, 422);
  auto ok = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", code}});
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST(Regression, Issue21_TwentyWrongCodesLockTheNumberForADay) {
  TestServer s(without_rate_limits);
  const std::string no = str(s.file()["acceptance_no"]);
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  const std::string code = str(s.messages("13912345678")[0]["code"]);
  const std::string bad = code == "123456" ? "654321" : "123456";
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13800000000"}, {"code", bad}})->status, 422);
  // Locked: even the customer's right code is refused now, and no new code is sent.
  EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", code}})->status, 422);
  const std::size_t before = s.messages("13912345678").size();
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  EXPECT_EQ(s.messages("13912345678").size(), before) << "no code while locked";
  s.advance(std::chrono::seconds(86400 + 1));
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  ASSERT_EQ(s.messages("13912345678").size(), before + 1);
  const std::string fresh = str(s.messages("13912345678")[0]["code"]);
  EXPECT_EQ(s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", fresh}})->status, 200);
}

// Issue 21 finding 6: tries were counted in a second transaction, so 10 guesses sent at once were all
// checked against a code that allows 5 (10 concurrent guesses won 24 of 30 rounds). Counted in the
// checking transaction, 10 wrong tries at once use the code up: the customer's right code is refused
// after them, every round.
TEST(Regression, Issue21_ConcurrentGuessesAreCountedEachOne) {
  TestServer s(without_rate_limits);
  for (int round = 0; round < 5; ++round) {
    const std::string phone = "1391234560" + std::to_string(round);
    Json f = filing();
    f["customer"]["phone"] = phone;
    const std::string no = str(s.file(f)["acceptance_no"]);
    ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", phone}})->status, 202);
    const std::string code = str(s.messages(phone)[0]["code"]);
    ASSERT_EQ(code.size(), 6u);
    std::vector<std::thread> guessers;
    std::atomic<int> refused{0};
    for (int g = 0; g < 10; ++g) {
      const std::string guess = std::to_string(100000 + (std::stoi(code) + 1 + g * 7919) % 900000);
      guessers.emplace_back([&, guess] {
        auto r = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", phone}, {"code", guess}});
        if (r && r->status == 422) ++refused;
      });
    }
    for (std::thread& t : guessers) t.join();
    EXPECT_EQ(refused.load(), 10) << "round " << round;
    auto right = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", phone}, {"code", code}});
    ASSERT_TRUE(right);
    EXPECT_EQ(right->status, 422) << "round " << round << ": the code outlived 10 wrong tries";
  }
}

// Issue 21 finding 5: the time of a lookup told which numbers exist and which phone owns one
// (unknown 0.64 ms, known + wrong phone 1.66 ms, known + right phone 2.38 ms: medians of 150). DESIGN
// §8: the same time either way. A statistical check with a wide margin, not a timed unit test: the
// kinds are sent interleaved (so the machine's load falls on all of them alike) and their medians
// of 150 must agree within 60 % — the finding was a factor of 2.6 to 3.7.
TEST(Regression, Issue21_LookupTimeDoesNotTellWhichNumbersExist) {
  TestServer s(without_rate_limits);
  const std::string no = str(s.file()["acceptance_no"]);
  // An unknown number that is valid (check symbol and all), so it is looked up like a real one.
  const std::string unknown = make_acceptance_no(std::chrono::year_month_day{std::chrono::year{2026} / 12 / 1}, 0x12345);
  struct Kind { const char* name; std::string path, no, phone; std::vector<double> ms; };
  std::vector<Kind> kinds = {{"lookup, unknown number", "/api/v1/lookup", unknown, "13912345678", {}},
                             {"lookup, wrong phone", "/api/v1/lookup", no, "13800000000", {}},
                             {"lookup, right phone", "/api/v1/lookup", no, "13912345678", {}},
                             {"verify, unknown number", "/api/v1/lookup/verify", unknown, "13912345678", {}},
                             {"verify, wrong phone", "/api/v1/lookup/verify", no, "13800000000", {}},
                             {"verify, right phone", "/api/v1/lookup/verify", no, "13912345678", {}}};
  auto client = s.client();
  for (int i = 0; i < 150; ++i) {
    for (Kind& k : kinds) {
      // Verifies try a wrong code (the right one is never known to a prober).
      const std::string body = Json{{"acceptance_no", k.no}, {"phone", k.phone}, {"code", "000000"}}.dump();
      const auto t0 = std::chrono::steady_clock::now();
      auto r = client->Post(k.path, body, "application/json");
      const auto t1 = std::chrono::steady_clock::now();
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, k.path == "/api/v1/lookup" ? 202 : 422) << k.name << " " << r->body;
      k.ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      // The right phone's message is composed after its answer; let that finish, so it does not
      // slow down the next sample (an asker waiting between tries sees no more than this).
      s.ctx().after_answer->drain();
    }
    s.advance(std::chrono::seconds(86400));  // a new day: the daily caps and locks never cut the work short
  }
  for (std::size_t from : {0u, 3u}) {
    std::vector<double> medians;
    for (std::size_t i = from; i < from + 3; ++i) {
      Kind& k = kinds[i];
      std::nth_element(k.ms.begin(), k.ms.begin() + k.ms.size() / 2, k.ms.end());
      medians.push_back(k.ms[k.ms.size() / 2]);
      std::printf("  %-24s median %.3f ms\n", k.name, medians.back());
    }
    const double lo = *std::min_element(medians.begin(), medians.end());
    const double hi = *std::max_element(medians.begin(), medians.end());
    // A margin for a loaded machine; the finding's differences were factors of 2.6 and more.
    EXPECT_LE(hi, lo * 1.6) << kinds[from].path << " medians " << medians[0] << " / " << medians[1] << " / "
                            << medians[2] << " ms";
  }
}

TEST(Regression, Issue21_CodesToOnePhoneAreCappedPerDay) {
  TestServer s(without_rate_limits);
  const std::string no = str(s.file()["acceptance_no"]);
  const std::size_t filed = s.messages("13912345678").size();  // the acceptance message
  for (int i = 0; i < 8; ++i) ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  EXPECT_EQ(s.messages("13912345678").size(), filed + 5) << "5 codes a day for one (number, phone)";
  for (int i = 0; i < 8; ++i) ASSERT_EQ(s.post("/api/v1/lookup", {{"phone", "13912345678"}})->status, 202);
  EXPECT_EQ(s.messages("13912345678").size(), filed + 10) << "10 codes a day to one phone, whichever lookup";
  s.advance(std::chrono::seconds(86400));
  ASSERT_EQ(s.post("/api/v1/lookup", {{"phone", "13912345678"}})->status, 202);
  EXPECT_EQ(s.messages("13912345678").size(), filed + 11);
}

TEST(Api, LookupOfAFixedLineGoesByVoice) {
  TestServer s;
  Json f = filing();
  f["customer"]["phone"] = "010-62345678";
  f["customer"]["reply_method"] = "phone";  // an SMS reply cannot reach a landline
  const std::string no = str(s.file(f)["acceptance_no"]);
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "01062345678"}})->status, 202);
  Json m = s.messages("010-62345678");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["kind"], "lookup_code");
  EXPECT_EQ(m[0]["channel"], "voice");
}

TEST(Api, UnknownNumberAndWrongPhoneGetIdenticalAnswers) {
  TestServer s;
  const std::string no = str(s.file()["acceptance_no"]);
  auto unknown = s.post("/api/v1/lookup", {{"acceptance_no", "TS-260105-7K3M9QXZ-2"}, {"phone", "13912345678"}});
  auto wrong_phone = s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13800000000"}});
  auto right = s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}});
  EXPECT_EQ(unknown->status, 202);
  EXPECT_EQ(unknown->status, wrong_phone->status);
  EXPECT_EQ(unknown->body, wrong_phone->body);
  EXPECT_EQ(unknown->body, right->body);
  EXPECT_TRUE(s.messages("13800000000").empty());
  auto v1 = s.post("/api/v1/lookup/verify", {{"acceptance_no", "TS-260105-7K3M9QXZ-2"}, {"phone", "13912345678"}, {"code", "123456"}});
  auto v2 = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13800000000"}, {"code", "123456"}});
  EXPECT_EQ(v1->status, 422);
  EXPECT_EQ(v1->status, v2->status);
  EXPECT_EQ(v1->body, v2->body);
  // A malformed number is a 422 with the core's parse error (it says nothing about existence).
  auto typo = s.post("/api/v1/lookup", {{"acceptance_no", "TS-260105-7K3M9QXZ-3"}, {"phone", "13912345678"}});
  EXPECT_EQ(typo->status, 422);
  EXPECT_EQ(parse(typo->body)["error"]["fields"]["acceptance_no"], "acceptance_no.checksum");
}

TEST(Api, SupplementEscalationAndWithdrawal) {
  TestServer s;
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  httplib::Headers h = bearer(a["access_token"]);
  auto no_key = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充：上月也多扣了。"}}, h);
  EXPECT_EQ(no_key->status, 400);
  h.emplace("Idempotency-Key", "sup-1");
  auto sup = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充：上月也多扣了。"}}, h);
  ASSERT_EQ(sup->status, 200) << sup->body;
  EXPECT_EQ(parse(sup->body)["timeline"].size(), 2u);
  auto sup_again = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充：上月也多扣了。"}}, h);
  EXPECT_EQ(sup_again->body, sup->body);  // replayed, not added twice
  // Error fields are paths in the request body (DESIGN §4): `text` here, `reason` below, never `note`.
  h.find("Idempotency-Key")->second = "sup-long";
  auto sup_long = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", std::string(2001, 'x')}}, h);
  EXPECT_EQ(sup_long->status, 422);
  EXPECT_EQ(parse(sup_long->body)["error"]["fields"], (Json{{"text", "validation.too_long"}})) << sup_long->body;

  httplib::Headers e = bearer(a["access_token"]);
  e.emplace("Idempotency-Key", "esc-1");
  auto esc = s.post("/api/v1/complaints/" + no + "/escalations", {{"reason", "不满意"}}, e);
  // From `received` only once its acceptance deadline has passed (DESIGN §3 table, spec 五(一)):
  // just filed, the customer is not eligible yet.
  EXPECT_EQ(esc->status, 409);
  EXPECT_EQ(code_of(esc), "workflow.not_eligible");

  httplib::Headers w = bearer(a["access_token"]);
  w.emplace("Idempotency-Key", "wd-bad");
  auto wd_bad = s.post("/api/v1/complaints/" + no + "/withdrawal", {{"reason", "已自行\x01解决"}}, w);
  EXPECT_EQ(wd_bad->status, 422);
  EXPECT_EQ(parse(wd_bad->body)["error"]["fields"], (Json{{"reason", "validation.control_char"}})) << wd_bad->body;
  w.find("Idempotency-Key")->second = "wd-1";
  auto wd = s.post("/api/v1/complaints/" + no + "/withdrawal", {{"reason", "已自行解决"}}, w);
  ASSERT_EQ(wd->status, 200) << wd->body;
  EXPECT_EQ(parse(wd->body)["status"], "withdrawn");
  w.find("Idempotency-Key")->second = "wd-2";
  auto wd2 = s.post("/api/v1/complaints/" + no + "/withdrawal", {{"reason", "再次撤回"}}, w);
  EXPECT_EQ(wd2->status, 409);
  EXPECT_EQ(code_of(wd2), "workflow.transition_not_allowed");
  // Actions need the complaint's own token.
  httplib::Headers bad = bearer(std::string("nope"));
  bad.emplace("Idempotency-Key", "x");
  EXPECT_EQ(s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充内容"}}, bad)->status, 404);
}

// Issue 19 item 3 (DESIGN §4, §8): a supplement's evidence stays on its timeline event — staff see
// the ids, the customer's timeline counts them — and is purged with the complaint's personal data.
TEST(Regression, Issue19_3_SupplementEvidenceIsKeptCountedAndPurged) {
  TestServer s([](server::Config& c) { c.retention_days = 30; });
  auto c = s.client();
  std::vector<std::string> ids, shas;
  for (int i = 0; i < 2; ++i) {
    // Two different photos (the bytes differ, so two files on disk).
    auto r = c->Post("/api/v1/uploads", kPng + std::string(1, static_cast<char>('a' + i)), "image/png");
    ASSERT_EQ(r->status, 201) << r->body;
    ids.push_back(str(parse(r->body)["id"]));
    shas.push_back(str(parse(r->body)["sha256"]));
  }
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  httplib::Headers h = bearer(a["access_token"]);
  h.emplace("Idempotency-Key", "sup-ev");
  auto sup = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充两张截图。"}, {"evidence", ids}}, h);
  ASSERT_EQ(sup->status, 200) << sup->body;
  const Json view = parse(sup->body);
  ASSERT_EQ(view["timeline"].size(), 2u);
  EXPECT_EQ(view["timeline"][1]["evidence_count"], 2);
  EXPECT_FALSE(view["timeline"][0].contains("evidence_count"));  // the filing's event: none added
  EXPECT_EQ(dump_json(view).find(ids[0]), std::string::npos) << "the ids stay internal";
  // The same on a fresh read (it is stored, not only answered).
  EXPECT_EQ(parse(s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->body)["timeline"][1]["evidence_count"], 2);
  const std::string agent = s.staff_token("agent");
  const Json staff = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  EXPECT_EQ(staff["timeline"][1]["action"], "supplement");
  EXPECT_EQ(staff["timeline"][1]["evidence"], Json(ids));
  // Files without text are a supplement too.
  h.find("Idempotency-Key")->second = "sup-only-files";
  auto only = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", ""}, {"evidence", {ids[0]}}}, h);
  ASSERT_EQ(only->status, 200) << only->body;
  EXPECT_EQ(parse(only->body)["timeline"][2]["evidence_count"], 1);

  ASSERT_EQ(s.act(agent, no, {{"action", "reject"}, {"reason_code", "repeated"}})->status, 200);
  ASSERT_EQ(s.act(agent, no, {{"action", "close"}})->status, 200);
  s.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(s.app().purge_expired(), 1);
  for (const std::string& sha : shas) EXPECT_FALSE(std::filesystem::exists(s.dir() / "uploads" / sha)) << sha;
  const Json purged = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  EXPECT_EQ(dump_json(purged).find(ids[0]), std::string::npos) << dump_json(purged);
}

// Issue 19 item 8 (spec 二(二)3, 四(三)2): a network complaint's place and time and a phone reply's
// contact time are checked by the core on the server too, kept, and shown to staff; /meta labels them.
TEST(Spec_2_2_3, NetworkDetailsAndContactTimeAreKeptAndShownToStaff) {
  TestServer s;
  Json f = filing();
  f["category"] = "network";
  f["network"] = {{"place", "on_the_move"}, {"time_of_day", "evening"}, {"frequency", "sometimes"}};
  f["customer"]["reply_method"] = "phone";
  f["customer"]["contact_time"] = "afternoon";
  const Json a = s.file(f);
  const std::string agent = s.staff_token("agent");
  const Json staff = parse(s.get("/api/v1/staff/complaints/" + str(a["acceptance_no"]), bearer(agent))->body);
  EXPECT_EQ(staff["filing"]["network"], f["network"]);
  EXPECT_EQ(staff["filing"]["customer"]["contact_time"], "afternoon");
  // Where they do not apply, and a place with an address: 422 with the field, in the caller's language.
  Json wrong = filing();
  wrong["network"] = {{"address", "花园小区3号楼"}, {"place", "home"}};
  wrong["customer"]["reply_method"] = "sms";
  wrong["customer"]["contact_time"] = "evening";
  auto r = s.post("/api/v1/complaints", wrong, {{"Idempotency-Key", "net-wrong"}, {"Accept-Language", "en"}});
  ASSERT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(parse(r->body)["error"]["fields"],
            (Json{{"network", "validation.not_applicable"}, {"customer.contact_time", "validation.not_applicable"}}));
  wrong["category"] = "network";
  wrong["customer"]["reply_method"] = "phone";
  r = s.post("/api/v1/complaints", wrong, {{"Idempotency-Key", "net-both"}});
  ASSERT_EQ(r->status, 422) << r->body;
  EXPECT_EQ(parse(r->body)["error"]["fields"], (Json{{"network.address", "validation.place_or_address"}}));
  const Json meta = parse(s.get("/api/v1/meta")->body);
  EXPECT_EQ(meta["network_places"][3]["id"], "on_the_move");
  EXPECT_EQ(meta["contact_times"][2]["label"]["zh-CN"], "晚上 18–21 点");
}

TEST(Api, SurveyBeforeFollowUpIsNotOpen) {
  TestServer s;
  Json a = s.file();
  Json survey = {{"overall", 5}, {"resolved", true}, {"aspects", {{"attitude", 5}, {"speed", 5}, {"result", 5}}}, {"comment", ""}};
  auto r = s.post("/api/v1/complaints/" + str(a["acceptance_no"]) + "/survey", survey, bearer(a["access_token"]));
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(code_of(r), "survey.not_open");
}

TEST(Api, UnknownApiPathIsAJson404) {
  TestServer s;
  auto r = s.get("/api/v1/nothing-here");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(code_of(r), "http.not_found");
}

TEST(Api, DevMessagesExistOnlyWithDev) {
  TestServer s([](server::Config& c) { c.dev = false; });
  s.file();
  auto r = s.get("/api/v1/dev/messages?to=13912345678");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

}  // namespace
}  // namespace cw::test
