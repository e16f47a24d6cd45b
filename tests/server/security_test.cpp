// tests/server/security_test.cpp — DESIGN §8 security against the real server process, in one run
// whose whole log is scanned at the end: 1000 random well-formed acceptance numbers on lookup (429
// appears; existing and missing numbers get byte-identical answers), survey tokens single-use and
// expiring (a restart with the clock 15 days on), staff routes without a token or with the wrong role,
// the CORS allow-list, and no phone, name, code, token or number in the log.
// The in-process tests cover the same points one by one (protection_test, lifecycle_test, api_test);
// this one checks them on the binary as deployed and writes build/test-artefacts/reliability/security.json.
#include <map>
#include <random>

#include "core/acceptance_no.h"
#include "tests/server/server_process.h"

namespace cw::test {
namespace {

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }
int status_of(const httplib::Result& r) { return r ? r->status : -1; }
std::string answer(const httplib::Result& r) { return r ? std::to_string(r->status) + " " + r->body : "no answer"; }

Json survey_body(const std::string& token) {
  return {{"token", token},
          {"overall", 5},
          {"resolved", true},
          {"aspects", {{"attitude", 5}, {"speed", 5}, {"result", 5}}},
          {"comment", "满意"}};
}

TEST(Security, WholeRunAgainstTheServerBinary) {
  ServerProcess s({"--dev", "--cors", "https://www.operator.example"});
  const std::string agent = s.staff_token("agent", "钱客服");
  const std::string supervisor = s.staff_token("supervisor", "孙主管");
  ASSERT_FALSE(agent.empty());
  ASSERT_TRUE(s.start());
  std::vector<std::string> secrets = {agent, supervisor, "钱客服", "孙主管"};
  Json figures;

  // Two customers with their own phones and names.
  const std::string phone1 = "13987654321", phone2 = "13711112222";
  Json f1 = filing(phone1), f2 = filing(phone2, "5c1d7e2a-0b4f-4c3e-8d2a-9f1e0a2b3c4d");
  f1["customer"]["name"] = "赵安全";
  f2["customer"]["name"] = "周保密";
  f2["customer"]["email"] = "zhou.baomi@example.com";
  f2["customer"]["reply_method"] = "email";
  auto r1 = s.post("/api/v1/complaints", f1.dump(), {{"Idempotency-Key", "sec-1"}});
  auto r2 = s.post("/api/v1/complaints", f2.dump(), {{"Idempotency-Key", "sec-2"}});
  ASSERT_EQ(status_of(r1), 201) << answer(r1);
  ASSERT_EQ(status_of(r2), 201) << answer(r2);
  const std::string no1 = str(parse(r1->body)["acceptance_no"]), no2 = str(parse(r2->body)["acceptance_no"]);
  const std::string access1 = str(parse(r1->body)["access_token"]), access2 = str(parse(r2->body)["access_token"]);
  for (const std::string& x : {phone1, phone2, std::string("赵安全"), std::string("周保密"),
                               std::string("zhou.baomi@example.com"), no1, no2, access1, access2})
    secrets.push_back(x);

  // --- Lookups: identical answers for an existing and a missing number --------------------------
  std::mt19937_64 rng(20261129);
  auto random_no = [&] {
    return make_acceptance_no(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11},
                                                           std::chrono::day{29}},
                              rng());
  };
  const std::string missing = random_no();
  ASSERT_TRUE(parse_acceptance_no(missing).ok());
  auto lookup = [&](const std::string& no, const std::string& phone, httplib::Headers h = {}) {
    return s.post("/api/v1/lookup", Json{{"acceptance_no", no}, {"phone", phone}}.dump(), h);
  };
  auto exists = lookup(no1, phone1);
  auto absent = lookup(missing, phone1);
  auto wrong_phone = lookup(no1, "13600000000");
  EXPECT_EQ(status_of(exists), 202);
  EXPECT_EQ(answer(exists), answer(absent));
  EXPECT_EQ(answer(exists), answer(wrong_phone));
  auto verify = [&](const std::string& no) {
    return s.post("/api/v1/lookup/verify", Json{{"acceptance_no", no}, {"phone", phone1}, {"code", "000000"}}.dump());
  };
  auto v_exists = verify(no1), v_absent = verify(missing);
  EXPECT_EQ(answer(v_exists), answer(v_absent));
  auto g_wrong = s.get("/api/v1/complaints/" + no1, bearer(access2));
  auto g_absent = s.get("/api/v1/complaints/" + missing, bearer(access1));
  EXPECT_EQ(status_of(g_wrong), 404);
  EXPECT_EQ(answer(g_wrong), answer(g_absent));

  // --- 1000 random well-formed numbers: 429 appears; every other answer is the same 202 ----------
  std::map<int, int> statuses;
  std::string first_429;
  int differing = 0;
  for (int i = 0; i < 1000; ++i) {
    char phone[12];
    std::snprintf(phone, sizeof phone, "139%08d", static_cast<int>(rng() % 100000000));
    auto r = lookup(i % 100 == 0 ? no1 : random_no(), phone);
    ++statuses[status_of(r)];
    if (status_of(r) == 202) {
      differing += r->body != exists->body;
    } else if (status_of(r) == 429) {
      if (first_429.empty()) first_429 = r->body;
      differing += r->body != first_429;
      EXPECT_FALSE(r->get_header_value("Retry-After").empty());
    } else {
      ++differing;
    }
  }
  EXPECT_GT(statuses[429], 900);
  EXPECT_EQ(differing, 0);
  // X-Forwarded-For is not trusted without --trust-proxy: a forged address does not reset the limit.
  EXPECT_EQ(status_of(lookup(random_no(), phone1, {{"X-Forwarded-For", "203.0.113.7"}})), 429);
  figures["lookup"] = Json{{"tried", 1000}, {"answered_202", statuses[202]}, {"answered_429", statuses[429]},
                       {"distinguishable_answers", differing}};

  // --- Staff routes -------------------------------------------------------------------------------
  const std::string actions = "/api/v1/staff/complaints/" + no1 + "/actions";
  auto none = s.post(actions, Json{{"action", "accept"}}.dump());
  auto bogus = s.post(actions, Json{{"action", "accept"}}.dump(), bearer(std::string("not-a-token")));
  auto customer_token = s.get("/api/v1/staff/complaints", bearer(access1));
  EXPECT_EQ(status_of(none), 401);
  EXPECT_EQ(status_of(bogus), 401);
  EXPECT_EQ(status_of(customer_token), 401);
  EXPECT_EQ(status_of(s.get("/api/v1/staff/complaints")), 401);
  ASSERT_EQ(status_of(s.post(actions, Json{{"action", "accept"}}.dump(), bearer(agent))), 200);
  auto wrong_role = s.post(actions, Json{{"action", "escalate"}, {"trigger", "major_incident"}}.dump(), bearer(agent));
  EXPECT_EQ(status_of(wrong_role), 403);
  EXPECT_EQ(code_of(wrong_role), "workflow.role_forbidden");
  figures["staff"] = Json{{"no_token", status_of(none)}, {"bogus_token", status_of(bogus)},
                      {"customer_token", status_of(customer_token)}, {"agent_escalating", status_of(wrong_role)}};

  // --- Surveys: single use, then expired after a restart 15 days on ------------------------------
  auto to_follow_up = [&](const std::string& no) {
    const std::string path = "/api/v1/staff/complaints/" + no + "/actions";
    for (const Json& step : {Json{{"action", "accept"}},
                             Json{{"action", "assign"}, {"department", "计费中心"}, {"owner", "李工"}},
                             Json{{"action", "propose"},
                                  {"plan", {{"measures", "退还"}, {"owner", "李工"}, {"due", "2027-06-10T18:00:00+08:00"}}}},
                             Json{{"action", "reply"}, {"conclusion", "多扣"}, {"basis", "记录"}, {"plan", "退还"},
                                  {"execution", "已退"}},
                             Json{{"action", "start_follow_up"}}}) {
      auto r = s.post(path, step.dump(), bearer(agent));
      if (step["action"] != "accept" || no != no1) {
        EXPECT_EQ(status_of(r), 200) << step.dump() << answer(r);
      }
    }
  };
  auto survey_token = [&](const std::string& phone) {
    auto r = s.get("/api/v1/dev/messages?to=" + phone);
    Json v = r ? parse(r->body) : Json();  // not const: operator[] on a missing key must not assert
    std::string token;
    for (Json& m : v["messages"]) {
      if (m["kind"] == "lookup_code") secrets.push_back(str(m["code"]));
      const std::string link = str(m["link"]);
      if (m["kind"] == "survey" && token.empty()) token = link.substr(link.find("?t=") + 3);
    }
    return token;
  };
  to_follow_up(no1);
  to_follow_up(no2);
  const std::string t1 = survey_token(phone1), t2 = survey_token(phone2);
  ASSERT_FALSE(t1.empty());
  ASSERT_FALSE(t2.empty());
  secrets.push_back(t1);
  secrets.push_back(t2);
  const std::string survey1 = "/api/v1/complaints/" + no1 + "/survey";
  auto first = s.post(survey1, survey_body(t1).dump(), {{"Idempotency-Key", "sv-1"}});
  auto replay = s.post(survey1, survey_body(t1).dump(), {{"Idempotency-Key", "sv-1"}});
  Json other = survey_body(t1);
  other["overall"] = 1;
  auto reuse = s.post(survey1, other.dump(), {{"Idempotency-Key", "sv-2"}});
  EXPECT_EQ(status_of(first), 200) << answer(first);
  EXPECT_EQ(answer(replay), answer(first));
  EXPECT_EQ(status_of(reuse), 409);
  auto cross = s.post("/api/v1/complaints/" + no2 + "/survey", survey_body(t1).dump(), {{"Idempotency-Key", "sv-3"}});
  EXPECT_EQ(status_of(cross), 404);  // a token only opens its own complaint's survey
  s.stop();
  ASSERT_TRUE(s.start({"--clock-offset", std::to_string(15 * 86400)}));
  auto expired = s.post("/api/v1/complaints/" + no2 + "/survey", survey_body(t2).dump(), {{"Idempotency-Key", "sv-4"}});
  EXPECT_EQ(status_of(expired), 404);
  EXPECT_EQ(code_of(expired), "survey.token_invalid");
  figures["survey"] = Json{{"first", status_of(first)}, {"same_key_again", status_of(replay)}, {"reused", status_of(reuse)},
                       {"other_complaint", status_of(cross)}, {"after_15_days", status_of(expired)}};

  // --- CORS ----------------------------------------------------------------------------------------
  auto evil = s.get("/api/v1/meta", {{"Origin", "https://evil.example"}});
  auto evil_pre = s.client()->Options("/api/v1/complaints", {{"Origin", "https://evil.example"},
                                                              {"Access-Control-Request-Method", "POST"}});
  auto good = s.get("/api/v1/meta", {{"Origin", "https://www.operator.example"}});
  auto null_origin = s.get("/api/v1/meta", {{"Origin", "null"}});
  ASSERT_TRUE(evil && evil_pre && good && null_origin);
  EXPECT_FALSE(evil->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(evil_pre->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(null_origin->has_header("Access-Control-Allow-Origin"));
  EXPECT_EQ(good->get_header_value("Access-Control-Allow-Origin"), "https://www.operator.example");
  figures["cors"] = Json{{"disallowed_origin_allow_headers",
                               static_cast<int>(evil->has_header("Access-Control-Allow-Origin")) +
                                   static_cast<int>(evil_pre->has_header("Access-Control-Allow-Origin")) +
                                   static_cast<int>(null_origin->has_header("Access-Control-Allow-Origin"))}};

  // --- The whole log -------------------------------------------------------------------------------
  s.stop();
  const std::string log = s.log();
  EXPECT_NE(log.find("\"event\":\"request\""), std::string::npos);
  int leaked = 0;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    const bool found = log.find(secret) != std::string::npos;
    leaked += found;
    EXPECT_FALSE(found) << "in the log: " << secret;
  }
  EXPECT_GE(secrets.size(), 16u);  // the lookup code sent to phone1 is among them
  figures["log"] = Json{{"lines", std::count(log.begin(), log.end(), '\n')}, {"secrets_checked", secrets.size()},
                    {"secrets_found", leaked}};
  write_figures("security", figures);
}

TEST(Security, TrustProxyOnTheBinaryLimitsPerForwardedAddress) {
  // `serve --trust-proxy`: the per-IP limit of uploads (30 at once) counts per X-Forwarded-For
  // client, not per proxy. The untrusted case is the forged header in the whole run above.
  ServerProcess s({"--trust-proxy"});
  ASSERT_TRUE(s.start());
  auto upload = [&](const std::string& xff) {
    return status_of(s.post("/api/v1/uploads", "%PDF-1.4\n", {{"X-Forwarded-For", xff}}, "application/pdf"));
  };
  int first = 0, last = 0;
  while (first < 40 && (last = upload("203.0.113.7")) == 201) ++first;
  EXPECT_EQ(last, 429);
  EXPECT_GE(first, 30);  // 30, or one more refilled (20 a minute) on a slow machine
  EXPECT_LE(first, 31);
  EXPECT_EQ(upload("198.51.100.9"), 201);
}

}  // namespace
}  // namespace cw::test
