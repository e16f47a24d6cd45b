// tests/server/use_cases_test.cpp — the server's use cases called as functions (server/use_cases.h):
// no HTTP server and no request objects, a real SQLite storage in a temporary folder, a fixed `now`.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "server/context.h"
#include "server/use_cases.h"
#include "tests/server/test_server.h"  // make_temp_dir(), filing(): no server is started here

namespace cw::test {
namespace {

using server::Answer;
using server::Caller;

class UseCases : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir();
    server::Config c;
    c.db = (dir_ / "complaints.db").string();
    c.dev = true;  // the dev notifier keeps the messages for the test to read
    c.quiet = true;
    auto ctx = server::open_context(c);
    ASSERT_TRUE(ctx.ok()) << code_id(ctx.code());
    ctx_ = std::move(ctx).value();
  }
  void TearDown() override {
    ctx_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  server::Context& ctx() { return *ctx_; }
  static Caller caller(const std::string& key = "", const std::string& bearer = "") {
    return Caller{"203.0.113.7", bearer, key};
  }
  static std::string header(const Answer& a, const std::string& name) {
    for (const auto& [k, v] : a.headers)
      if (k == name) return v;
    return "";
  }
  // Files the default complaint; returns the 201 body.
  Json file_one(const std::string& key = "key-1") {
    Result<Answer> a = server::file_complaint(ctx(), caller(key), filing(), now_);
    EXPECT_TRUE(a.ok()) << code_id(a.code());
    EXPECT_EQ(a->status, 201);
    return parse(a->text.value_or(""));
  }
  // The newest lookup code sent to `phone`.
  std::string last_code(const std::string& phone) {
    ctx().after_answer->drain();  // the code's message leaves after the answer
    for (const server::Message& m : ctx().dev_notifier->messages_to(phone))
      if (m.kind == "lookup_code") return m.code;
    return "";
  }

  std::filesystem::path dir_;
  std::unique_ptr<server::Context> ctx_;
  const Timestamp now_ = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
};

TEST_F(UseCases, FilingAnswers201WithAnAcceptanceNumberAndTellsTheCustomer) {
  Result<Answer> a = server::file_complaint(ctx(), caller("key-1"), filing(), now_);
  ASSERT_TRUE(a.ok()) << code_id(a.code());
  EXPECT_EQ(a->status, 201);
  ASSERT_TRUE(a->text.has_value());  // the text stored for replays is the text sent
  const Json body = parse(*a->text);
  const std::string no = str(body["acceptance_no"]);
  EXPECT_EQ(server::canonical_no(no), std::optional<std::string>(no));
  EXPECT_EQ(str(body["status"]), "received");
  EXPECT_FALSE(str(body["access_token"]).empty());
  EXPECT_EQ(header(a.value(), "Location"), "/api/v1/complaints/" + no);
  // spec 二(二)4: the customer is told the number at once (sent after the commit, before the return).
  const auto sent = ctx().dev_notifier->messages_to("13912345678");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, "status");
  EXPECT_NE(sent[0].text.find(no), std::string::npos);
}

TEST_F(UseCases, FilingReplaysARepeatedIdempotencyKeyAndRefusesItForAnotherBody) {
  Result<Answer> first = server::file_complaint(ctx(), caller("key-1"), filing(), now_);
  ASSERT_TRUE(first.ok());
  Result<Answer> again = server::file_complaint(ctx(), caller("key-1"), filing(), now_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->text, first->text);  // byte for byte: the same number and token
  EXPECT_EQ(header(again.value(), "Idempotent-Replayed"), "true");
  EXPECT_EQ(ctx().dev_notifier->messages_to("13912345678").size(), 1u);  // told once

  Json other = filing();
  other["demand"] = "请退还多扣的全部费用";
  EXPECT_EQ(server::file_complaint(ctx(), caller("key-1"), other, now_).code(), Errc::idempotency_key_reused);
  EXPECT_EQ(server::file_complaint(ctx(), caller(""), filing(), now_).code(), Errc::idempotency_key_missing);
}

TEST_F(UseCases, FilingRefusesAnInvalidFilingWithItsFields) {
  Json bad = filing();
  bad["customer"]["phone"] = "12";
  Result<Answer> a = server::file_complaint(ctx(), caller("key-bad"), bad, now_);
  ASSERT_TRUE(a.ok());  // a refusal decided after admission is an answer (its key is not spent)
  ASSERT_TRUE(a->error.has_value());
  EXPECT_EQ(a->status, 422);
  EXPECT_EQ(a->error->fields.count("customer.phone"), 1u);
}

TEST_F(UseCases, LookupSendsACodeThatVerifiesToAnAccessTokenForTheView) {
  const std::string no = str(file_one()["acceptance_no"]);
  Result<server::LookupRequest> in = server::lookup_from_json({{"acceptance_no", no}, {"phone", "13912345678"}}, false);
  ASSERT_TRUE(in.ok());
  Result<Answer> sent = server::request_lookup_code(ctx(), caller(), in.value(), now_);
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->status, 202);
  EXPECT_EQ(header(sent.value(), "Cache-Control"), "no-store");
  const std::string code = last_code("13912345678");
  ASSERT_EQ(code.size(), 6u);

  server::LookupRequest wrong = in.value();
  wrong.code = code == "000000" ? "111111" : "000000";
  EXPECT_EQ(server::verify_lookup_code(ctx(), caller(), wrong, now_).code(), Errc::lookup_code_invalid);
  server::LookupRequest right = in.value();
  right.code = code;
  Result<Answer> verified = server::verify_lookup_code(ctx(), caller(), right, now_);
  ASSERT_TRUE(verified.ok()) << code_id(verified.code());
  const std::string token = str(verified->body["access_token"]);
  ASSERT_FALSE(token.empty());

  Result<Answer> view = server::view_complaint(ctx(), caller("", token), no, "", now_);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->status, 200);
  EXPECT_EQ(str(parse(view->text.value_or(""))["acceptance_no"]), no);
  const std::string etag = header(view.value(), "ETag");
  ASSERT_FALSE(etag.empty());
  Result<Answer> same = server::view_complaint(ctx(), caller("", token), no, etag, now_);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->status, 304);
  EXPECT_FALSE(same->text.has_value());
  EXPECT_EQ(server::view_complaint(ctx(), caller("", "not-a-token"), no, "", now_).code(), Errc::http_not_found);
}

TEST_F(UseCases, LookupOverTheLimitIsA429AnswerWithItsRetryTime) {
  const std::string no = str(file_one()["acceptance_no"]);
  Result<server::LookupRequest> in = server::lookup_from_json({{"acceptance_no", no}, {"phone", "13912345678"}}, false);
  ASSERT_TRUE(in.ok());
  const int burst = static_cast<int>(ctx().config.rules.lookup_no.burst);  // DESIGN §8: per number
  for (int i = 0; i < burst; ++i) {
    Result<Answer> a = server::request_lookup_code(ctx(), caller(), in.value(), now_);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->status, 202) << i;
  }
  Result<Answer> over = server::request_lookup_code(ctx(), caller(), in.value(), now_);
  ASSERT_TRUE(over.ok());  // a value for the handler to send, not a response written in passing
  EXPECT_EQ(over->status, 429);
  ASSERT_TRUE(over->error.has_value());
  EXPECT_EQ(over->error->code, Errc::http_rate_limited);
  EXPECT_GE(std::stoi(header(over.value(), "Retry-After")), 1);
}

TEST_F(UseCases, LookupBodiesAreReadWithEveryBadField) {
  Result<server::LookupRequest> bad = server::lookup_from_json({{"acceptance_no", "nope"}, {"phone", "12"}}, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.size(), 2u);
  Result<server::LookupRequest> no_code =
      server::lookup_from_json({{"acceptance_no", "TS-260105-7K3M9QXZ-2"}, {"phone", "13912345678"}}, true);
  EXPECT_EQ(no_code.code(), Errc::validation_required);
}

// Every header a file reaches through `#include`, ours followed recursively ("server/…", "core/…").
void reached_headers(const std::string& rel, std::set<std::string>& seen) {
  std::ifstream in(std::string(CW_SOURCE_DIR) + "/" + rel);
  std::stringstream text;
  text << in.rdbuf();
  const std::string src = text.str();
  const std::regex include(R"re(#include\s*[<"]([^>"]+)[>"])re");
  for (std::sregex_iterator it(src.begin(), src.end(), include), end; it != end; ++it) {
    const std::string h = (*it)[1];
    if (!seen.insert(h).second) continue;
    if (h.rfind("server/", 0) == 0 || h.rfind("core/", 0) == 0) reached_headers(h, seen);
  }
}

// The use cases must stay callable without the HTTP server (a PostgreSQL storage, another HTTP
// front end): none of their files reaches cpp-httplib or the handlers' helpers.
TEST(UseCaseLayer, ReachesNoHttpHeader) {
  std::set<std::string> handler;  // the walk sees what it must: the handlers' side does reach httplib
  reached_headers("server/customer_api.cpp", handler);
  EXPECT_EQ(handler.count("httplib.h"), 1u);
  for (const char* file : {"server/use_cases.h", "server/service.h", "server/context.h", "server/service.cpp",
                           "server/context.cpp", "server/meta.cpp", "server/filing.cpp", "server/lookup.cpp",
                           "server/customer_actions.cpp", "server/staff.cpp"}) {
    std::set<std::string> seen;
    reached_headers(file, seen);
    EXPECT_GT(seen.size(), 0u) << file;
    for (const char* http : {"httplib.h", "server/http_util.h", "server/handler.h", "server/app.h",
                             "server/http_server.h"})
      EXPECT_EQ(seen.count(http), 0u) << file << " reaches " << http;
  }
}

}  // namespace
}  // namespace cw::test
