// tests/server/backoffice_test.cpp — the operator's back office over HTTP (issue 22 items 3 and 4):
// intake from the hotline, claim (首问负责), internal notes, reply delivery, a follow-up taken by phone,
// the close guard and level-3 cases led by a manager; the customer view keeps staff matters out.
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

constexpr const char* kPhone = "13912345678";

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }

std::string server_time(TestServer&, std::chrono::seconds back) {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return format_iso8601(now - back);
}

// A complaint taken on the hotline `back` ago (DESIGN §4 POST /staff/complaints).
Json hotline_filing(const std::string& received_at) {
  Json f = filing(kPhone, "5d0c6a1e-2b7f-4e0a-8c1d-3f4a5b6c7d8e");
  f["channel"] = "hotline";
  f["received_at"] = received_at;
  f["customer"]["reply_method"] = "phone";
  return f;
}

httplib::Result intake(TestServer& s, const std::string& token, const Json& body, const std::string& key) {
  httplib::Headers h = bearer(token);
  if (!key.empty()) h.emplace("Idempotency-Key", key);
  return s.post("/api/v1/staff/complaints", body, h);
}

// The customer's own way in to a complaint they did not file online: number + phone + code.
std::string customer_token(TestServer& s, const std::string& no) {
  auto sent = s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", kPhone}});
  EXPECT_EQ(sent->status, 202);
  std::string code;
  for (const Json& m : s.messages(kPhone))
    if (m["kind"] == "lookup_code" && code.empty()) code = str(m["code"]);
  auto v = s.post("/api/v1/lookup/verify", {{"acceptance_no", no}, {"phone", kPhone}, {"code", code}});
  EXPECT_EQ(v->status, 200) << v->body;
  return str(parse(v->body)["access_token"]);
}

// Every text the customer was sent, one after the other.
std::string texts_sent(TestServer& s) {
  std::string all;
  for (const Json& m : s.messages(kPhone)) all += str(m["text"]) + "\n";
  return all;
}

// Issue 22 "done when", first journey: hotline intake → claim → internal note → assignment →
// proposal → a reply delivered by phone → a follow-up recorded by phone → closed.
TEST(Spec_2_1, HotlineIntakeThroughClaimInternalNotePhoneReplyAndPhoneFollowUpToClose) {
  TestServer s;
  const std::string li = s.staff_token("agent", "李四");      // took the call
  const std::string zhou = s.staff_token("agent", "周八");    // a colleague
  const std::string received_at = server_time(s, std::chrono::minutes{30});

  // Refusals first: no token, no key, a channel of the customer's own, a customer posing as the hotline.
  EXPECT_EQ(s.post("/api/v1/staff/complaints", hotline_filing(received_at), {{"Idempotency-Key", "k0"}})->status, 401);
  EXPECT_EQ(intake(s, li, hotline_filing(received_at), "")->status, 400);
  Json web = hotline_filing(received_at);
  web["channel"] = "web";
  auto wrong = intake(s, li, web, "k-web");
  EXPECT_EQ(wrong->status, 422);
  EXPECT_EQ(parse(wrong->body)["error"]["fields"]["channel"], "validation.enum_invalid") << wrong->body;
  Json posing = filing(kPhone, "7e0c6a1e-2b7f-4e0a-8c1d-3f4a5b6c7d8e");
  posing["channel"] = "hotline";
  auto pose = s.post("/api/v1/complaints", posing, {{"Idempotency-Key", "k-pose"}});
  EXPECT_EQ(pose->status, 422);
  EXPECT_EQ(parse(pose->body)["error"]["fields"]["channel"], "validation.enum_invalid") << pose->body;

  // Intake: numbered and timed like any filing, from when the call came; no access token for staff.
  auto in = intake(s, li, hotline_filing(received_at), "hotline-1");
  ASSERT_EQ(in->status, 201) << in->body;
  const Json filed = parse(in->body);
  const std::string no = str(filed["acceptance_no"]);
  EXPECT_FALSE(no.empty());
  EXPECT_EQ(filed["status"], "received");
  EXPECT_EQ(filed["filed_at"], received_at);
  EXPECT_TRUE(filed["deadlines"]["acceptance"].is_string());
  EXPECT_FALSE(filed.contains("access_token"));
  // The same key again: the same answer, nothing filed twice.
  auto replay = intake(s, li, hotline_filing(received_at), "hotline-1");
  EXPECT_EQ(replay->status, 201);
  EXPECT_EQ(replay->body, in->body);
  // spec 二(二)4: the customer is told the number at once, as after a web filing.
  bool told = false;
  for (const Json& m : s.messages(kPhone)) told = told || (m["kind"] == "status" && str(m["text"]).find(no) != std::string::npos);
  EXPECT_TRUE(told) << s.messages(kPhone).dump();

  // 首问负责: the agent who took the call owns it; a colleague cannot take it from them.
  Json v = step(s, li, no, {{"action", "claim"}});
  EXPECT_EQ(v["owner"], "李四");
  auto again = s.act(zhou, no, {{"action", "claim"}});
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(code_of(again), "workflow.already_owned");

  // An internal note: for staff only, and no message to the customer.
  const std::size_t before = s.messages(kPhone).size();
  v = step(s, li, no, {{"action", "note"}, {"visibility", "internal"}, {"note", "内部：客户情绪激动，回电请先致歉。"}});
  EXPECT_EQ(v["timeline"].back()["visibility"], "internal");
  EXPECT_EQ(s.messages(kPhone).size(), before);

  step(s, li, no, {{"action", "accept"}});
  v = step(s, li, no, {{"action", "assign"}, {"department", "计费中心"}, {"owner", "赵工"}});
  EXPECT_EQ(v["owner"], "赵工");
  step(s, li, no, {{"action", "propose"}, {"plan", {{"measures", "退还 30 元"}, {"owner", "赵工"}, {"due", "2027-01-10T18:00:00+08:00"}}}});
  // spec 四(三)2: the reply was given on the phone, as the customer chose; staff record it.
  const std::string called_at = server_time(s, std::chrono::minutes{5});
  v = step(s, li, no, {{"action", "reply"}, {"conclusion", "确属多扣"}, {"basis", "计费记录"}, {"plan", "退还 30 元"},
                       {"execution", "已退还"}, {"delivered_via", "phone"}, {"delivered_at", called_at}});
  EXPECT_EQ(v["timeline"].back()["delivered_via"], "phone");
  EXPECT_EQ(v["timeline"].back()["delivered_at"], called_at);
  step(s, li, no, {{"action", "start_follow_up"}});
  // spec 六: the follow-up call, recorded by staff; satisfied → closed, as the customer's own answer.
  Json answer = survey_fields(5, true);
  answer["action"] = "record_survey";
  answer["via"] = "phone";
  v = step(s, zhou, no, answer);
  EXPECT_EQ(v["status"], "closed");
  EXPECT_EQ(v["survey"]["overall"], 5);
  EXPECT_EQ(v["timeline"].back()["via"], "phone");
  // Each stage's end is recorded with whether its deadline was met (issue 22 item 5).
  std::map<std::string, bool> ended;
  for (const Json& e : v["timeline"])
    if (e.contains("stage_end")) ended[str(e["stage_end"]["stage"])] = e["stage_end"]["on_time"].get<bool>();
  EXPECT_EQ(ended, (std::map<std::string, bool>{{"acceptance", true}, {"investigation", true}, {"reply", true}, {"follow_up", true}}));
  auto twice = s.act(zhou, no, answer);
  EXPECT_EQ(twice->status, 409);
  EXPECT_EQ(code_of(twice), "survey.already_submitted");

  // The customer's view: the whole story, without the internal note or anyone's name.
  auto view = s.get("/api/v1/complaints/" + no, bearer(customer_token(s, no)));
  ASSERT_EQ(view->status, 200) << view->body;
  const Json cv = parse(view->body);
  EXPECT_EQ(cv["status"], "closed");
  EXPECT_EQ(cv["reply"]["conclusion"], "确属多扣");
  for (const char* hidden : {"客户情绪激动", "李四", "周八", "赵工", "internal"})
    EXPECT_EQ(view->body.find(hidden), std::string::npos) << hidden << " in " << view->body;
  EXPECT_EQ(texts_sent(s).find("客户情绪激动"), std::string::npos);
  // Staff see it all, and the intake is in the audit trail under the agent's name.
  const Json d = parse(s.get("/api/v1/staff/complaints/" + no, bearer(li))->body);
  EXPECT_EQ(d["filing"]["channel"], "hotline");
  EXPECT_EQ(d["filing"]["received_at"], received_at);
  EXPECT_EQ(d["timeline"][0]["staff_name"], "李四");
  ASSERT_FALSE(d["audit"].empty());
  EXPECT_EQ(d["audit"][0]["action"], "file");
  EXPECT_EQ(d["audit"][0]["staff"], "李四");
  // The list shows the channel and the owner.
  const Json list = parse(s.get("/api/v1/staff/complaints", bearer(li))->body);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["channel"], "hotline");
  EXPECT_EQ(list["items"][0]["owner"], "赵工");
}

// Issue 22 "done when", second journey: a dissatisfied survey, an agent refused the close, and
// escalations up to level 3, which only a manager handles (spec 五(三)).
TEST(Spec_5_3, DissatisfiedSurveyToALevelThreeEscalationHandledByAManager) {
  TestServer s;
  const std::string agent = s.staff_token("agent", "李四");
  const std::string supervisor = s.staff_token("supervisor", "王主管");
  const std::string manager = s.staff_token("manager", "钱总");
  const Json filed = s.file();
  const std::string no = str(filed["acceptance_no"]);
  const std::string access = str(filed["access_token"]);
  step(s, agent, no, {{"action", "accept"}});
  step(s, agent, no, {{"action", "assign"}, {"department", "计费中心"}, {"owner", "赵工"}});
  step(s, agent, no, {{"action", "propose"}, {"plan", {{"measures", "退还 30 元"}, {"owner", "赵工"}, {"due", "2027-01-10T18:00:00+08:00"}}}});
  step(s, agent, no, {{"action", "reply"}, {"conclusion", "确属多扣"}, {"basis", "计费记录"}, {"plan", "退还 30 元"}, {"execution", "已退还"}});
  step(s, agent, no, {{"action", "start_follow_up"}});

  // The customer rates it unsolved.
  httplib::Headers h = bearer(access);
  h.emplace("Idempotency-Key", "sv");
  auto sv = s.post("/api/v1/complaints/" + no + "/survey", survey_fields(2, false), h);
  ASSERT_EQ(sv->status, 200) << sv->body;
  // The agent may not close it (409 with the reason); a supervisor only with a note.
  auto close = s.act(agent, no, {{"action", "close"}});
  EXPECT_EQ(close->status, 409);
  EXPECT_EQ(code_of(close), "workflow.close_dissatisfied");
  auto bare = s.act(supervisor, no, {{"action", "close"}});
  EXPECT_EQ(bare->status, 422);
  EXPECT_EQ(code_of(bare), "workflow.note_required");

  // The customer escalates (level 1); the upper levels take it on and escalate it further.
  httplib::Headers e = bearer(access);
  e.emplace("Idempotency-Key", "esc");
  auto esc = s.post("/api/v1/complaints/" + no + "/escalations", {{"reason", "问题没有解决"}}, e);
  ASSERT_EQ(esc->status, 200) << esc->body;
  EXPECT_EQ(parse(esc->body)["escalation_level"], 1);
  step(s, supervisor, no, {{"action", "claim"}});
  step(s, supervisor, no, {{"action", "assign"}, {"department", "省客服中心"}, {"owner", "孙工"}});
  step(s, supervisor, no, {{"action", "escalate"}, {"trigger", "dissatisfied"}});
  step(s, agent, no, {{"action", "assign"}, {"department", "省客服中心"}, {"owner", "孙工"}});
  Json v = step(s, supervisor, no, {{"action", "escalate"}, {"trigger", "group_risk"}});
  EXPECT_EQ(v["escalation"]["level"], 3);
  EXPECT_TRUE(v["owner"].is_null());  // handed up: nobody owns it until the top level takes it

  // Level 3: agents and supervisors are refused (403 with the reason); a note is still theirs.
  for (const std::string& who : {agent, supervisor}) {
    for (const Json& body : {Json{{"action", "claim"}}, Json{{"action", "assign"}, {"department", "d"}, {"owner", "o"}}}) {
      auto r = s.act(who, no, body);
      EXPECT_EQ(r->status, 403) << body.dump();
      EXPECT_EQ(code_of(r), "workflow.manager_required");
    }
  }
  step(s, agent, no, {{"action", "note"}, {"visibility", "internal"}, {"note", "客户再次来电，已告知由公司领导牵头处理。"}});

  // The manager leads it to the end.
  v = step(s, manager, no, {{"action", "claim"}});
  EXPECT_EQ(v["owner"], "钱总");
  step(s, manager, no, {{"action", "assign"}, {"department", "公司投诉处理办公室"}, {"owner", "钱总"}});
  step(s, manager, no, {{"action", "propose"}, {"plan", {{"measures", "退还 30 元并补偿 50 元"}, {"owner", "钱总"}, {"due", "2027-01-12T18:00:00+08:00"}}}});
  step(s, manager, no, {{"action", "reply"}, {"conclusion", "确属多扣，另予补偿"}, {"basis", "计费记录与服务承诺"},
                        {"plan", "退还并补偿"}, {"execution", "已退还并补偿"}, {"delivered_via", "phone"}});
  step(s, manager, no, {{"action", "start_follow_up"}});
  v = step(s, manager, no, {{"action", "close"}});
  EXPECT_EQ(v["status"], "closed");

  auto view = s.get("/api/v1/complaints/" + no, bearer(access));
  ASSERT_EQ(view->status, 200);
  const Json cv = parse(view->body);
  EXPECT_EQ(cv["status"], "closed");
  EXPECT_EQ(cv["escalation_level"], 3);
  EXPECT_EQ(cv["reply"]["conclusion"], "确属多扣，另予补偿");
  for (const char* hidden : {"李四", "王主管", "钱总", "赵工", "孙工", "公司领导牵头", "internal"})
    EXPECT_EQ(view->body.find(hidden), std::string::npos) << hidden << " in " << view->body;
  EXPECT_EQ(texts_sent(s).find("公司领导牵头"), std::string::npos);
}

// DESIGN §4 roles: agent ⊂ supervisor ⊂ manager; a manager may do what a supervisor may.
TEST(Spec_5_3, AManagerMayDoWhatASupervisorMay) {
  TestServer s;
  const std::string manager = s.staff_token("manager", "钱总");
  const std::string no = str(s.file()["acceptance_no"]);
  step(s, manager, no, {{"action", "accept"}});
  Json v = step(s, manager, no, {{"action", "escalate"}, {"trigger", "major_incident"}});
  EXPECT_EQ(v["status"], "escalated");
  // The staff view's audit names the role.
  EXPECT_EQ(v["audit"].back()["role"], "manager");
}

}  // namespace
}  // namespace cw::test
