// tests/server/protection_test.cpp — DESIGN §8 protection: concurrent duplicate filings, rate limits
// with Retry-After, --rate-limits off, CORS allow-list, no PII in the logs.
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/acceptance_no.h"
#include "server/rate_limit.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

TEST(Idempotency, SixteenThreadsSameKeyFileOneComplaintWithIdenticalAnswers) {
  TestServer s;
  const Json body = filing();
  std::vector<std::pair<int, std::string>> answers(16);
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto c = s.client();
      auto r = c->Post("/api/v1/complaints", {{"Idempotency-Key", "one-key-16"}}, body.dump(), "application/json");
      answers[i] = r ? std::make_pair(r->status, r->body) : std::make_pair(-1, std::string());
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& a : answers) {
    EXPECT_EQ(a.first, 201);
    EXPECT_EQ(a.second, answers[0].second);
  }
  const std::string agent = s.staff_token("agent");
  Json list = parse(s.get("/api/v1/staff/complaints", bearer(agent))->body);
  EXPECT_EQ(list["items"].size(), 1u);
}

TEST(Idempotency, DifferentKeysFileDifferentComplaints) {
  TestServer s;
  Json a = s.file(filing(), "k-a");
  Json b = s.file(filing(), "k-b");
  EXPECT_NE(a["acceptance_no"], b["acceptance_no"]);
}

TEST(RateLimit, BruteForceOfLookupCodesHits429WithRetryAfter) {
  TestServer s([](server::Config& c) { c.rate_limits = true; });
  const std::string no = str(s.file()["acceptance_no"]);
  ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
  int limited = 0, tried = 0;
  std::string retry_after;
  for (int code = 0; code < 40 && !limited; ++code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%06d", code);
    auto r = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", buf}});
    ASSERT_TRUE(r);
    ++tried;
    if (r->status == 429) {
      ++limited;
      retry_after = r->get_header_value("Retry-After");
      EXPECT_EQ(parse(r->body)["error"]["code"], "http.rate_limited");
    }
  }
  EXPECT_EQ(limited, 1);
  EXPECT_LE(tried, 11);
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
}

// Well-formed acceptance numbers that no complaint has (a lookup answers them like any other).
std::vector<std::string> unknown_numbers(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(make_acceptance_no(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11},
                                                                 std::chrono::day{29}},
                                     0x1234567890ULL + static_cast<std::uint64_t>(i) * 7919));
  return out;
}

TEST(RateLimit, CodeRequestsArePerNumberAndPerPhone) {
  // 5 code requests per number and 5 per phone (DESIGN §8); the IP's bucket is out of the way here.
  TestServer s([](server::Config& c) { c.rules.lookup_ip = {1000, 1000}; });
  const std::string no = str(s.file()["acceptance_no"]);
  auto lookup = [&](const std::string& n, const std::string& phone) {
    auto r = s.post("/api/v1/lookup", {{"acceptance_no", n}, {"phone", phone}});
    if (r && r->status == 429) {
      EXPECT_EQ(parse(r->body)["error"]["code"], "http.rate_limited");
    }
    return r ? r->status : -1;
  };
  // One number, another phone each time: the number's bucket runs out, no phone's does.
  int accepted = 0;
  for (int i = 0; i < 8; ++i) {
    const int status = lookup(no, "1360000000" + std::to_string(i));
    if (status == 202) ++accepted;
    else EXPECT_EQ(status, 429);
  }
  EXPECT_EQ(accepted, 5);
  const std::vector<std::string> others = unknown_numbers(9);
  EXPECT_EQ(lookup(others[8], "13600000000"), 202);  // that phone has codes left for another number
  // One phone, another number each time: the phone's bucket runs out, no number's does.
  accepted = 0;
  for (int i = 0; i < 8; ++i) {
    const int status = lookup(others[i], "13712345678");
    if (status == 202) ++accepted;
    else EXPECT_EQ(status, 429);
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(lookup(others[0], "13800001111"), 202);  // that number has codes left for another phone
  EXPECT_EQ(lookup(no, "13912345678"), 429);         // the first number's bucket is still empty
}

TEST(RateLimit, FilingsPerPhone) {
  // DESIGN §8: filings are limited per contact phone too, whatever address they come from; the
  // phone counts by its digits, so a fixed line written with or without its dash is one phone.
  TestServer s([](server::Config& c) {
    c.rules.file_phone = {2, 0.01};
    c.rules.file_ip = {1000, 1000};
  });
  auto file = [&](const Json& body, const std::string& key) {
    auto r = s.post("/api/v1/complaints", body, {{"Idempotency-Key", key}});
    return r ? std::make_pair(r->status, r->get_header_value("Retry-After")) : std::make_pair(-1, std::string());
  };
  EXPECT_EQ(file(filing("13912345678"), "p-1").first, 201);
  EXPECT_EQ(file(filing("13912345678"), "p-2").first, 201);
  auto third = file(filing("13912345678"), "p-3");
  EXPECT_EQ(third.first, 429);
  ASSERT_FALSE(third.second.empty());
  EXPECT_GE(std::stoi(third.second), 1);
  EXPECT_EQ(file(filing("13700001111"), "p-4").first, 201);  // another phone, the same address
  EXPECT_EQ(file(filing("13912345678"), "p-1").first, 201);  // a replay is not a new filing
  // An invalid filing is refused for what it is and takes nothing from the phone's bucket.
  Json invalid = filing("13700001111");
  invalid["problem"] = "短";
  EXPECT_EQ(file(invalid, "p-5").first, 422);
  EXPECT_EQ(file(filing("13700001111"), "p-6").first, 201);
  auto fixed_line = [](const std::string& phone) {
    Json f = filing();
    f["business_type"] = "fixed_line";
    f["service_number"] = "010-12345678";
    f["customer"]["phone"] = phone;
    f["customer"]["reply_method"] = "phone";
    return f;
  };
  EXPECT_EQ(file(fixed_line("010-12345678"), "p-7").first, 201);
  EXPECT_EQ(file(fixed_line("01012345678"), "p-8").first, 201);
  EXPECT_EQ(file(fixed_line("010-12345678"), "p-9").first, 429);
}

TEST(RateLimit, FilingsPerIpAndUploads) {
  TestServer s([](server::Config& c) {
    c.rules.file_ip = {3, 1};
    c.rules.upload_ip = {2, 1};
  });
  int created = 0, limited = 0;
  for (int i = 0; i < 5; ++i) {
    auto r = s.post("/api/v1/complaints", filing("1390000000" + std::to_string(i)), {{"Idempotency-Key", "f" + std::to_string(i)}});
    (r->status == 201 ? created : limited)++;
  }
  EXPECT_EQ(created, 3);
  EXPECT_EQ(limited, 2);
  // A replay of an acknowledged filing is not a new filing: never rate limited.
  auto replay = s.post("/api/v1/complaints", filing("13900000000"), {{"Idempotency-Key", "f0"}});
  EXPECT_EQ(replay->status, 201);
  auto c = s.client();
  int up = 0;
  for (int i = 0; i < 4; ++i) up += c->Post("/api/v1/uploads", "%PDF-1.4\n", "application/pdf")->status == 201;
  EXPECT_EQ(up, 2);
}

// Uploads from each address until the first 429 (at most `cap`); returns how many got 201.
int uploads_until_limited(const TestServer& s, const httplib::Headers& h, int cap = 10) {
  auto c = s.client();
  int ok = 0;
  for (int i = 0; i < cap; ++i) {
    auto r = c->Post("/api/v1/uploads", h, "%PDF-1.4\n", "application/pdf");
    if (!r || r->status != 201) {
      EXPECT_TRUE(r && r->status == 429) << (r ? r->body : "no answer");
      break;
    }
    ++ok;
  }
  return ok;
}

TEST(RateLimit, WithTrustProxyEachForwardedClientHasItsOwnBucket) {
  // DESIGN §8: X-Forwarded-For only with --trust-proxy. Behind our proxy every request comes from
  // the proxy's address, so the limit per IP is per client address the proxy appended (the last hop).
  auto tight = [](bool trust) {
    return [trust](server::Config& c) {
      c.trust_proxy = trust;
      c.rules.upload_ip = {3, 0.01};
    };
  };
  {
    TestServer s(tight(true));
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "203.0.113.7"}}), 3);
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "198.51.100.9"}}), 3);
    // Earlier hops are the client's own word: a forged first hop does not buy a new bucket.
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "192.0.2.1, 203.0.113.7"}}), 0);
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "10.1.1.1,198.51.100.10"}}), 3);
    // Without the header: the socket peer's bucket, still full.
    EXPECT_EQ(uploads_until_limited(s, {}), 3);
  }
  {
    TestServer s(tight(false));  // the same requests share the peer's one bucket
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "203.0.113.7"}}), 3);
    EXPECT_EQ(uploads_until_limited(s, {{"X-Forwarded-For", "198.51.100.9"}}), 0);
    EXPECT_EQ(uploads_until_limited(s, {}), 0);
  }
}

TEST(RateLimit, OffMeansOff) {
  TestServer s([](server::Config& c) { c.rate_limits = false; });
  const std::string no = str(s.file()["acceptance_no"]);
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}})->status, 202);
}

TEST(RateLimit, TokenBucketRefills) {
  server::RateLimiter l;
  auto t0 = server::RateLimiter::Clock::now();
  server::BucketRule rule{2, 60};  // 2 at once, one per second
  EXPECT_EQ(l.take("k", "a", rule, t0), 0);
  EXPECT_EQ(l.take("k", "a", rule, t0), 0);
  EXPECT_EQ(l.take("k", "a", rule, t0), 1);
  EXPECT_EQ(l.take("k", "b", rule, t0), 0);  // another key has its own bucket
  EXPECT_EQ(l.take("k", "a", rule, t0 + std::chrono::milliseconds(1100)), 0);
}

TEST(Cors, OnlyListedOriginsGetAllowHeaders) {
  TestServer s([](server::Config& c) { c.cors = {"https://www.operator.example", "null"}; });
  auto c = s.client();
  auto pre = c->Options("/api/v1/complaints", {{"Origin", "https://www.operator.example"},
                                                {"Access-Control-Request-Method", "POST"},
                                                {"Access-Control-Request-Headers", "idempotency-key, content-type"}});
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), "https://www.operator.example");
  const std::string allow = pre->get_header_value("Access-Control-Allow-Headers");
  EXPECT_NE(allow.find("Idempotency-Key"), std::string::npos);
  EXPECT_NE(allow.find("Authorization"), std::string::npos);
  auto get = c->Get("/api/v1/meta", {{"Origin", "https://www.operator.example"}});
  EXPECT_EQ(get->get_header_value("Access-Control-Allow-Origin"), "https://www.operator.example");
  EXPECT_NE(get->get_header_value("Access-Control-Expose-Headers").find("ETag"), std::string::npos);
  auto webview = c->Get("/api/v1/meta", {{"Origin", "null"}});
  EXPECT_EQ(webview->get_header_value("Access-Control-Allow-Origin"), "null");

  auto evil = c->Options("/api/v1/complaints", {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Headers"));
  auto evil_get = c->Get("/api/v1/meta", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(evil_get->has_header("Access-Control-Allow-Origin"));
}

TEST(Cors, NullOriginOnlyWhenConfigured) {
  TestServer s([](server::Config& c) { c.cors = {"https://www.operator.example"}; });
  auto r = s.client()->Get("/api/v1/meta", {{"Origin", "null"}});
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
}

TEST(Logs, RequestLinesCarryNoPersonalData) {
  // Route one server's stderr into a file for this test.
  const auto dir = make_temp_dir();
  const std::string path = (dir / "stderr.log").string();
  std::fflush(stderr);
  int saved = dup(2);
  FILE* f = std::freopen(path.c_str(), "w", stderr);
  ASSERT_NE(f, nullptr);
  {
    TestServer s([](server::Config& c) { c.quiet = false; });
    server::set_log_enabled(true);
    Json a = s.file();
    const std::string no = str(a["acceptance_no"]);
    s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", "13912345678"}});
    std::string code = str(s.messages("13912345678")[0]["code"]);
    s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", "13912345678"}, {"code", code}});
    s.get("/api/v1/complaints/" + no, bearer(a["access_token"]));
    s.get("/api/v1/dev/messages?to=13912345678");
    std::fflush(stderr);
    std::ifstream in(path);
    std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(log.find("\"event\":\"request\""), std::string::npos);
    for (const std::string& secret : {std::string("13912345678"), std::string("王小明"), code, no,
                                      str(a["access_token"])})
      EXPECT_EQ(log.find(secret), std::string::npos) << secret;
  }
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  server::set_log_enabled(false);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
