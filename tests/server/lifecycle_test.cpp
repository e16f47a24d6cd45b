// tests/server/lifecycle_test.cpp — a complaint driven through the staff API to `closed` with a
// survey (DESIGN §3 lifecycle, spec 二–六), staff auth and roles, the audit trail, notifications.
#include <fstream>
#include <set>

#include "tests/server/test_server.h"

namespace cw::test {
namespace {

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }

Json survey_body(int overall, bool resolved) {
  return {{"overall", overall},
          {"resolved", resolved},
          {"aspects", {{"attitude", overall}, {"speed", overall}, {"result", overall}}},
          {"comment", "处理及时"}};
}

// Drives a fresh complaint to `follow_up`; returns {number, access token}.
std::pair<std::string, std::string> to_follow_up(TestServer& s, const std::string& agent) {
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  auto step = [&](const Json& body) {
    auto r = s.act(agent, no, body);
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << body.dump() << " → " << r->body;
    return parse(r->body);
  };
  step({{"action", "accept"}});
  step({{"action", "set_complexity"}, {"complexity", "complex"}, {"note", "需要调取多个月份的计费记录。"}});
  step({{"action", "assign"}, {"department", "计费中心"}, {"owner", "李工"}});
  step({{"action", "note"}, {"note", "已调取计费记录，正在核实。"}});
  step({{"action", "propose"}, {"plan", {{"measures", "退还 30 元"}, {"owner", "李工"}, {"due", "2027-01-10T18:00:00+08:00"}}}});
  step({{"action", "reply"}, {"conclusion", "确属多扣"}, {"basis", "计费记录"}, {"plan", "退还 30 元"}, {"execution", "已退还"}});
  Json last = step({{"action", "start_follow_up"}});
  EXPECT_EQ(last["status"], "follow_up");
  return {no, str(a["access_token"])};
}

std::string survey_token_from_messages(TestServer& s, const std::string& no) {
  for (const Json& m : s.messages("13912345678")) {
    if (m["kind"] != "survey") continue;
    const std::string link = str(m["link"]);
    EXPECT_NE(link.find("/#/survey/" + no + "?t="), std::string::npos) << link;
    return link.substr(link.find("?t=") + 3);
  }
  return "";
}

TEST(Lifecycle, StaffDriveAComplaintToClosedWithASurvey) {
  TestServer s;
  const std::string agent = s.staff_token("agent", "李四");
  auto [no, access] = to_follow_up(s, agent);

  // The customer was told of every status change, by SMS (their reply method).
  int status_msgs = 0;
  for (const Json& m : s.messages("13912345678"))
    if (m["kind"] == "status") {
      ++status_msgs;
      EXPECT_EQ(m["channel"], "sms");
    }
  // received, accepted, investigating, processing, replied; the follow-up's message is the survey
  // invitation itself (issue 20: not two texts at once), the note and complexity are "progress".
  EXPECT_EQ(status_msgs, 5);
  const std::string token = survey_token_from_messages(s, no);
  ASSERT_FALSE(token.empty());

  // The customer view: reply in full, no staff names, can rate.
  auto v = s.get("/api/v1/complaints/" + no, bearer(access));
  ASSERT_EQ(v->status, 200);
  Json view = parse(v->body);
  EXPECT_EQ(view["status"], "follow_up");
  EXPECT_EQ(view["reply"]["conclusion"], "确属多扣");
  EXPECT_TRUE(view["can_rate"].get<bool>());
  EXPECT_TRUE(view["can_escalate"].get<bool>());
  EXPECT_EQ(v->body.find("李四"), std::string::npos);
  EXPECT_TRUE(view["deadlines"]["follow_up"].is_string());

  // Survey by the token from the follow-up message; satisfied → closed.
  Json body = survey_body(5, true);
  body["token"] = token;
  httplib::Headers k = {{"Idempotency-Key", "survey-1"}};
  auto r = s.post("/api/v1/complaints/" + no + "/survey", body, k);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(parse(r->body)["status"], "closed");
  // Same submission again → the first answer; any other → 409.
  auto again = s.post("/api/v1/complaints/" + no + "/survey", body, k);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, r->body);
  auto other = s.post("/api/v1/complaints/" + no + "/survey", body, {{"Idempotency-Key", "survey-2"}});
  EXPECT_EQ(other->status, 409);
  EXPECT_EQ(code_of(other), "survey.already_submitted");
  auto by_access = s.post("/api/v1/complaints/" + no + "/survey", survey_body(4, true), bearer(access));
  EXPECT_EQ(by_access->status, 409);

  // Staff detail: the audit trail names who did what.
  auto d = s.get("/api/v1/staff/complaints/" + no, bearer(agent));
  ASSERT_EQ(d->status, 200);
  Json detail = parse(d->body);
  EXPECT_EQ(detail["status"], "closed");
  ASSERT_EQ(detail["audit"].size(), 8u);  // seven actions, then this read (staff reads are audited)
  EXPECT_EQ(detail["audit"][7]["action"], "read");
  EXPECT_EQ(detail["audit"][0]["staff"], "李四");
  EXPECT_EQ(detail["audit"][0]["action"], "accept");
  EXPECT_EQ(detail["audit"][0]["outcome"], "ok");
}

TEST(Lifecycle, DissatisfiedSurveyLetsTheCustomerEscalate) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  auto [no, access] = to_follow_up(s, agent);
  httplib::Headers h = bearer(access);
  h.emplace("Idempotency-Key", "sv");
  auto r = s.post("/api/v1/complaints/" + no + "/survey", survey_body(2, false), h);
  ASSERT_EQ(r->status, 200) << r->body;
  Json v = parse(r->body);
  EXPECT_EQ(v["status"], "follow_up");
  EXPECT_TRUE(v["can_escalate"].get<bool>());
  // DESIGN §3 "The regulator's path": named now, with the dates of the handling (issue 19 item 2).
  ASSERT_TRUE(v["regulator_path"].is_object()) << r->body;
  EXPECT_EQ(v["regulator_path"]["reason"], "dissatisfied");
  EXPECT_EQ(v["regulator_path"]["filed_at"], v["filed_at"]);
  for (const char* at : {"accepted_at", "replied_at", "surveyed_at"}) EXPECT_TRUE(v["regulator_path"][at].is_string()) << at;
  for (const char* at : {"rejected_at", "reply_due", "closed_at"}) EXPECT_TRUE(v["regulator_path"][at].is_null()) << at;
  httplib::Headers e = bearer(access);
  e.emplace("Idempotency-Key", "esc-long");
  auto long_reason = s.post("/api/v1/complaints/" + no + "/escalations", {{"reason", std::string(2001, 'x')}}, e);
  EXPECT_EQ(long_reason->status, 422);  // keyed by the body's path (DESIGN §4), not `note`
  EXPECT_EQ(parse(long_reason->body)["error"]["fields"], (Json{{"reason", "validation.too_long"}})) << long_reason->body;
  e.find("Idempotency-Key")->second = "esc";
  auto esc = s.post("/api/v1/complaints/" + no + "/escalations", {{"reason", "问题没有解决"}}, e);
  ASSERT_EQ(esc->status, 200) << esc->body;
  EXPECT_EQ(parse(esc->body)["status"], "escalated");
  EXPECT_EQ(parse(esc->body)["escalation_level"], 1);
}

TEST(Lifecycle, RefusedMovesAre409WithTheReasonAndWrongRolesAre403) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  const std::string supervisor = s.staff_token("supervisor", "王主管");
  const std::string no = str(s.file()["acceptance_no"]);
  auto reply = s.act(agent, no, {{"action", "reply"}, {"conclusion", "a"}, {"basis", "b"}, {"plan", "c"}, {"execution", "d"}});
  EXPECT_EQ(reply->status, 409);
  EXPECT_EQ(code_of(reply), "workflow.transition_not_allowed");
  ASSERT_EQ(s.act(agent, no, {{"action", "accept"}})->status, 200);
  auto esc = s.act(agent, no, {{"action", "escalate"}, {"trigger", "major_incident"}});
  EXPECT_EQ(esc->status, 403);
  EXPECT_EQ(code_of(esc), "workflow.role_forbidden");
  auto no_trigger = s.act(supervisor, no, {{"action", "escalate"}});
  EXPECT_EQ(no_trigger->status, 422);
  EXPECT_EQ(code_of(no_trigger), "workflow.trigger_required");
  auto ok = s.act(supervisor, no, {{"action", "escalate"}, {"trigger", "major_incident"}});
  EXPECT_EQ(ok->status, 200) << ok->body;
  // A supervisor may do what an agent may.
  EXPECT_EQ(s.act(supervisor, no, {{"action", "assign"}, {"department", "网络部"}, {"owner", "赵工"}})->status, 200);
  auto incomplete = s.act(agent, no, {{"action", "propose"}, {"plan", {{"measures", "修复"}}}});
  EXPECT_EQ(incomplete->status, 422);
  EXPECT_EQ(code_of(incomplete), "workflow.plan_incomplete");
  auto bogus = s.act(agent, no, {{"action", "withdraw"}});
  EXPECT_EQ(bogus->status, 422);
  // Refusals are audited too.
  Json d = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  bool saw_refusal = false;
  for (const Json& a : d["audit"]) saw_refusal = saw_refusal || a["outcome"] == "workflow.role_forbidden";
  EXPECT_TRUE(saw_refusal);
}

// DESIGN §3 "Time limits" over HTTP: set_complexity needs a note (422); once the investigation
// deadline passed neither it nor an extension can undo the miss (409, the overdue mark stays); an
// extension cannot push the reply past its 15-day ceiling (409, the reason in the staff's language).
TEST(Lifecycle, Spec_3_3_AMissedDeadlineStaysMissedAndTheReplyCeilingHolds) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  const Json filed = s.file();
  const std::string no = str(filed["acceptance_no"]);
  ASSERT_EQ(s.act(agent, no, {{"action", "accept"}})->status, 200);
  auto bare = s.act(agent, no, {{"action", "set_complexity"}, {"complexity", "complex"}});
  EXPECT_EQ(bare->status, 422);
  EXPECT_EQ(code_of(bare), "workflow.note_required");
  ASSERT_EQ(s.act(agent, no, {{"action", "assign"}, {"department", "计费中心"}, {"owner", "李工"}})->status, 200);

  // 3 working days (simple) are over whatever the weekday, even across the Spring Festival; the
  // 15-day reply limit is not.
  s.advance(std::chrono::hours(24 * 13));
  const auto overdue = [&] {
    return parse(s.get("/api/v1/complaints/" + no, bearer(filed["access_token"]))->body)["overdue"];
  };
  ASSERT_EQ(overdue(), true);
  auto late = s.act(agent, no, {{"action", "set_complexity"}, {"complexity", "complex"}, {"note", "情况复杂。"}});
  EXPECT_EQ(late->status, 409);
  EXPECT_EQ(code_of(late), "workflow.deadline_passed");
  auto extend = s.act(agent, no, {{"action", "extend"}, {"days", 5}, {"note", "需要更多时间。"}});
  EXPECT_EQ(extend->status, 409);
  EXPECT_EQ(code_of(extend), "workflow.deadline_passed");
  EXPECT_EQ(overdue(), true) << "the miss is not recomputed away";

  ASSERT_EQ(s.act(agent, no, {{"action", "propose"}, {"plan", {{"measures", "退费"}, {"owner", "李工"}, {"due", "2030-01-10T18:00:00+08:00"}}}})->status, 200);
  for (const auto& [lang, words] : {std::pair<std::string, std::string>{"zh-CN", "15 天"}, {"en", "15 days"}}) {
    auto past = s.post("/api/v1/staff/complaints/" + no + "/actions",
                       {{"action", "extend"}, {"days", 1}, {"note", "再等一天。"}},
                       {{"Authorization", "Bearer " + agent}, {"Accept-Language", lang}});
    EXPECT_EQ(past->status, 409);
    EXPECT_EQ(code_of(past), "workflow.extend_past_ceiling");
    EXPECT_NE(str(parse(past->body)["error"]["message"]).find(words), std::string::npos) << past->body;
  }
}

TEST(Lifecycle, StaffAuthIs401WithoutAValidTokenAndRevocationWorks) {
  TestServer s;
  const std::string no = str(s.file()["acceptance_no"]);
  auto none = s.get("/api/v1/staff/complaints");
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(code_of(none), "auth.unauthorized");
  EXPECT_EQ(s.act("bogus", no, {{"action", "accept"}})->status, 401);
  const std::string agent = s.staff_token("agent");
  EXPECT_EQ(s.get("/api/v1/staff/complaints", bearer(agent))->status, 200);
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto rv = server::revoke_staff_token(*s.ctx().storage, agent, now);
  ASSERT_TRUE(rv.ok());
  EXPECT_TRUE(rv.value());
  EXPECT_EQ(s.get("/api/v1/staff/complaints", bearer(agent))->status, 401);
  // A customer's access token is not a staff token.
  Json a = s.file(filing("13700001111"));
  EXPECT_EQ(s.get("/api/v1/staff/complaints", bearer(a["access_token"]))->status, 401);
}

TEST(Lifecycle, StaffListPagesWithACursorAndFilters) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  std::set<std::string> filed;
  for (int i = 0; i < 7; ++i) filed.insert(str(s.file(filing("1391234560" + std::to_string(i)))["acceptance_no"]));
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  for (;;) {
    std::string path = "/api/v1/staff/complaints?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor);
    auto r = s.get(path, bearer(agent));
    ASSERT_EQ(r->status, 200) << r->body;
    Json page = parse(r->body);
    ++pages;
    for (const Json& it : page["items"]) {
      seen.insert(str(it["acceptance_no"]));
      EXPECT_EQ(it["status"], "received");
      EXPECT_EQ(it.dump().find("1391234560"), std::string::npos);  // no contact in the list
    }
    if (page["next_cursor"].is_null()) break;
    cursor = str(page["next_cursor"]);
  }
  EXPECT_EQ(seen, filed);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(s.act(agent, *filed.begin(), {{"action", "accept"}})->status, 200);
  Json accepted = parse(s.get("/api/v1/staff/complaints?status=accepted", bearer(agent))->body);
  ASSERT_EQ(accepted["items"].size(), 1u);
  EXPECT_EQ(accepted["items"][0]["acceptance_no"], *filed.begin());
  EXPECT_EQ(s.get("/api/v1/staff/complaints?status=bogus", bearer(agent))->status, 422);
  EXPECT_EQ(s.get("/api/v1/staff/complaints?limit=501", bearer(agent))->status, 422);
  EXPECT_EQ(s.get("/api/v1/staff/complaints?limit=500", bearer(agent))->status, 200);
}

TEST(Lifecycle, SurveyTokensExpireAfter14Days) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  auto [no, access] = to_follow_up(s, agent);
  const std::string token = survey_token_from_messages(s, no);
  s.advance(std::chrono::hours(24 * 14 + 1));
  Json body = survey_body(5, true);
  body["token"] = token;
  auto r = s.post("/api/v1/complaints/" + no + "/survey", body);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(code_of(r), "survey.token_invalid");
}

// spec 二(三), issue 19 item 7: the view carries the reason code and the staff's words as written;
// the guidance is worded by the client in the customer's language (/meta serves both languages), so
// no stored Chinese guidance reaches an English screen. The regulator's path is named (item 2).
TEST(Lifecycle, RejectedComplaintsCarryTheReasonCodeAndTheRegulatorsPath) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  const std::string note = "您反映的是合作方的业务，请联系该合作方。";
  auto r = s.act(agent, no, {{"action", "reject"}, {"reason_code", "out_of_scope"}, {"note", note}});
  ASSERT_EQ(r->status, 200) << r->body;
  auto got = s.get("/api/v1/complaints/" + no, bearer(a["access_token"]));
  Json v = parse(got->body);
  EXPECT_EQ(v["status"], "rejected");
  EXPECT_EQ(v["rejection"], (Json{{"reason_code", "out_of_scope"}, {"note", note}}));
  EXPECT_EQ(v["timeline"].back()["note"], note);
  EXPECT_EQ(got->body.find("合法途径"), std::string::npos) << "no stored Chinese guidance in the view";
  EXPECT_EQ(v["regulator_path"]["reason"], "rejected");
  EXPECT_TRUE(v["regulator_path"]["rejected_at"].is_string());
  EXPECT_TRUE(v["regulator_path"]["accepted_at"].is_null());
  // The words for each reason code, in both languages, for hosts that draw their own screens.
  Json m = parse(s.get("/api/v1/meta")->body);
  ASSERT_EQ(m["rejection_reasons"].size(), 4u);
  EXPECT_EQ(m["rejection_reasons"][0]["id"], "out_of_scope");
  EXPECT_NE(str(m["rejection_reasons"][0]["guidance"]["zh-CN"]).find("12300"), std::string::npos);
  EXPECT_NE(str(m["rejection_reasons"][0]["guidance"]["en"]).find("lawful channels"), std::string::npos);
  // Staff see the same record; closing keeps the path, with the closing date.
  Json staff = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  EXPECT_EQ(staff["rejection"], (Json{{"reason_code", "out_of_scope"}, {"note", note}}));
  EXPECT_EQ(s.act(agent, no, {{"action", "close"}})->status, 200);
  v = parse(s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->body);
  EXPECT_EQ(v["regulator_path"]["reason"], "rejected");
  EXPECT_TRUE(v["regulator_path"]["closed_at"].is_string());
}

TEST(Lifecycle, RetentionDeletesPersonalDataOfOldClosedComplaints) {
  TestServer s([](server::Config& c) { c.retention_days = 30; });
  const std::string agent = s.staff_token("agent");
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  ASSERT_EQ(s.act(agent, no, {{"action", "reject"}, {"reason_code", "repeated"}})->status, 200);
  ASSERT_EQ(s.act(agent, no, {{"action", "close"}})->status, 200);
  EXPECT_EQ(s.app().purge_expired(), 0);  // closed just now
  s.advance(std::chrono::hours(24 * 31));
  EXPECT_EQ(s.app().purge_expired(), 1);
  EXPECT_EQ(s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->status, 404);
  Json list = parse(s.get("/api/v1/staff/complaints", bearer(agent))->body);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["purged"], true);
  // Nothing personal is left in the database files (secure_delete + a WAL checkpoint).
  for (const char* name : {"complaints.db", "complaints.db-wal"}) {
    std::ifstream in(s.dir() / name, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("王小明"), std::string::npos) << name;
    EXPECT_EQ(bytes.find("13912345678"), std::string::npos) << name;
  }
  EXPECT_EQ(s.app().purge_expired(), 0);
}

}  // namespace
}  // namespace cw::test
