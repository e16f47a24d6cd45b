// tests/server/stats_test.cpp — spec 六's measures (GET /staff/stats, issue 22 item 6) over a seeded
// history whose every number is computed by hand below, the facts they read (a stage's end cannot be
// rewritten), who may read them, and GET /staff/export.csv: personal data only with pii=1, audited,
// and cells that survive a spreadsheet (RFC 4180 quoting, formula cells neutralised, UTF-8 BOM).
#include <atomic>

#include "server/stats.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

// A server whose clock the test sets to any Shanghai time (the history spans two months).
class History {
 public:
  History()
      : s_([this](server::Config& c) {
          c.rate_limits = false;  // a dozen filings from one address in one test
          c.clock = [this] { return Timestamp{std::chrono::seconds{now_.load()}}; };
        }) {
    supervisor_ = s_.staff_token("supervisor", "王主管");
    agent_ = s_.staff_token("agent", "李四");
  }

  TestServer& s() { return s_; }
  const std::string& supervisor() const { return supervisor_; }
  const std::string& agent() const { return agent_; }

  // "2026-10-12T10:00" in Asia/Shanghai.
  void at(const std::string& local) { now_ = unix_of(local); }
  static long long unix_of(const std::string& local) {
    const Result<Timestamp> t = parse_iso8601(local + ":00+08:00");
    EXPECT_TRUE(t.ok()) << local;
    return t ? t.value().time_since_epoch().count() : 0;
  }

  // A filing of `category` by a customer with `phone` (a new client_ref each time).
  static Json complaint(const std::string& phone, const std::string& category) {
    static std::atomic<int> n{0};
    char ref[40];
    std::snprintf(ref, sizeof ref, "6a1e0c5d-2b7f-4e0a-8c1d-%012d", ++n);
    Json f = filing(phone, ref);
    f["category"] = category;
    f["occurred_at"] = "2026-10-01T10:00:00+08:00";
    return f;
  }

  // Filed on the web at `local`: {acceptance_no, access_token, …}.
  Json web(const std::string& local, const std::string& phone, const std::string& category) {
    at(local);
    return s_.file(complaint(phone, category));
  }

  // Taken on the hotline at `local` and filed by the agent a few minutes later; the number.
  std::string hotline(const std::string& local, const std::string& phone, const std::string& category) {
    Json f = complaint(phone, category);
    f["channel"] = "hotline";
    f["received_at"] = local + ":00+08:00";
    f["customer"]["reply_method"] = "phone";
    now_ = unix_of(local) + 300;
    httplib::Headers h = bearer(agent_);
    h.emplace("Idempotency-Key", "hotline-" + phone);
    auto r = s_.post("/api/v1/staff/complaints", f, h);
    EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
    return r ? str(parse(r->body)["acceptance_no"]) : "";
  }

  // One staff action at `local` (by the agent unless told).
  Json act(const std::string& local, const std::string& no, const Json& body, const std::string& token = "") {
    at(local);
    return step(s_, token.empty() ? agent_ : token, no, body);
  }
  void accept(const std::string& local, const std::string& no) { act(local, no, {{"action", "accept"}}); }
  void assign(const std::string& local, const std::string& no) {
    act(local, no, {{"action", "assign"}, {"department", "计费中心"}, {"owner", "赵工"}});
  }
  void propose(const std::string& local, const std::string& no) {
    act(local, no, {{"action", "propose"},
                    {"plan", {{"measures", "核查并退费"}, {"owner", "赵工"}, {"due", "2027-01-10T18:00:00+08:00"}}}});
  }
  void reply(const std::string& local, const std::string& no) {
    act(local, no, {{"action", "reply"}, {"conclusion", "已查明"}, {"basis", "计费记录"}, {"plan", "退费"},
                    {"execution", "已退还"}});
  }
  void follow_up(const std::string& local, const std::string& no) { act(local, no, {{"action", "start_follow_up"}}); }
  // The follow-up call, recorded by staff.
  void record_survey(const std::string& local, const std::string& no, int overall, bool resolved) {
    Json b = survey_fields(overall, resolved);
    b["action"] = "record_survey";
    b["via"] = "phone";
    act(local, no, b);
  }
  // Accepted, assigned, proposed and replied at these times (the usual road to a reply).
  void handle(const std::string& no, const std::string& accepted, const std::string& proposed,
              const std::string& replied) {
    accept(accepted, no);
    assign(accepted, no);
    propose(proposed, no);
    reply(replied, no);
  }
  // The customer's own post (survey, withdrawal) at `local` with their access token.
  void customer(const std::string& local, const Json& filed, const std::string& what, const Json& body) {
    at(local);
    httplib::Headers h = bearer(filed["access_token"]);
    h.emplace("Idempotency-Key", what + "-" + str(filed["acceptance_no"]));
    auto r = s_.post("/api/v1/complaints/" + str(filed["acceptance_no"]) + "/" + what, body, h);
    EXPECT_TRUE(r && r->status == 200) << what << ": " << (r ? r->body : "no answer");
  }

  // The answer without each group's stage_ends (the counts under the on_time shares, checked apart
  // by StageEndsAreTheCountsUnderTheShares), so that the tables below stay the spec's measures.
  Json stats(const std::string& query) {
    Json j = stats_with_ends(query);
    if (j.is_object() && j.contains("groups"))
      for (Json& g : j["groups"]) g.erase("stage_ends");
    return j;
  }
  Json stats_with_ends(const std::string& query) {
    auto r = s_.get("/api/v1/staff/stats?" + query, bearer(supervisor_));
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    return r ? parse(r->body) : Json();
  }

 private:
  std::atomic<long long> now_{unix_of("2026-10-12T09:00")};  // before s_: its clock reads it
  TestServer s_;
  std::string supervisor_, agent_;
};

// The seeded history: eleven complaints over October and November 2026, billing and network, web and
// hotline. Deadlines (DESIGN §3 defaults): acceptance 24 h after filing; investigation 3 working days
// after the acceptance (no holiday after 7 Oct in 2026); reply 15 calendar days after the filing day;
// follow-up 7 calendar days after the reply; each ends 23:59:59 Shanghai time. T = on time, L = late.
//
// no  filed          channel  category  what happens                                        stage ends      survey  h→reply
// C1  10-12 Mon 10:00 web     billing   acc 10-12, plan 10-13, reply 10-14, survey 10-15     acc T inv T rep T fu T  5 yes   48
// C2  10-13 Tue 09:00 web     network   acc 10-14 15:00 (30 h), plan 10-20 (due 10-19), reply 10-21, phone survey 10-23
//                                                                                      acc L inv L rep T fu T  4 yes  192
// C3  10-15 Thu 10:00 hotline billing   rejected after 6 h                                   acc T                    —    —
// C4  10-16 Fri 11:00 web     billing   withdrawn by the customer the same day               none                     —    —
// C5  10-19 Mon 09:00 hotline network   acc 10-19, plan 10-21, reply 11-05 (due 11-03), phone survey 2/unsolved 11-06,
//                                       escalated by the supervisor                          acc T inv T rep L       2 no   409
// C6  10-26 Mon 10:00 web     network   accepted after 1 h, still under investigation        acc T                    —    —
// C7  11-02 Mon 10:00 web     billing   acc, plan 11-03, reply 11-04, survey 11-13 (due 11-11) acc T inv T rep T fu L  5 yes   48
// C8  11-03 Tue 09:00 hotline billing   acc, plan 11-04, reply 11-05 15:00, phone survey 3/solved 11-06
//                                                                                      acc T inv T rep T fu T  3 yes   54
// C9  11-09 Mon 09:00 hotline network   acc 11-10 11:00 (26 h), plan 11-12, reply 11-13, phone survey 4/unsolved,
//                                       closed by the supervisor 11-16 (due 11-20)           acc L inv T rep T fu T  4 no    96
// C10 11-16 Mon 10:00 web     billing   nothing yet (its acceptance deadline has passed, but a stage that has
//                                       not ended is no fact yet)                            none                     —    —
// C11 11-18 Wed 10:00 web     network   acc, plan 11-19, reply 11-23 10:00, no follow-up yet acc T inv T rep T        —   120
void seed(History& h) {
  const Json c1 = h.web("2026-10-12T10:00", "13900000001", "billing");
  const std::string n1 = str(c1["acceptance_no"]);
  h.handle(n1, "2026-10-12T14:00", "2026-10-13T10:00", "2026-10-14T10:00");
  h.follow_up("2026-10-14T11:00", n1);
  h.customer("2026-10-15T10:00", c1, "survey", survey_fields(5, true));

  const std::string n2 = str(h.web("2026-10-13T09:00", "13900000002", "network")["acceptance_no"]);
  h.handle(n2, "2026-10-14T15:00", "2026-10-20T10:00", "2026-10-21T09:00");
  h.follow_up("2026-10-21T10:00", n2);
  h.record_survey("2026-10-23T10:00", n2, 4, true);

  const std::string n3 = h.hotline("2026-10-15T10:00", "13900000003", "billing");
  h.act("2026-10-15T16:00", n3, {{"action", "reject"}, {"reason_code", "out_of_scope"}, {"note", "不属于本公司业务"}});

  const Json c4 = h.web("2026-10-16T11:00", "13900000004", "billing");
  h.customer("2026-10-16T15:00", c4, "withdrawal", {{"reason", "已自行解决"}});

  const std::string n5 = h.hotline("2026-10-19T09:00", "13900000005", "network");
  h.handle(n5, "2026-10-19T10:00", "2026-10-21T09:00", "2026-11-05T10:00");
  h.follow_up("2026-11-05T11:00", n5);
  h.record_survey("2026-11-06T10:00", n5, 2, false);
  h.act("2026-11-06T11:00", n5, {{"action", "escalate"}, {"trigger", "dissatisfied"}}, h.supervisor());

  const std::string n6 = str(h.web("2026-10-26T10:00", "13900000006", "network")["acceptance_no"]);
  h.accept("2026-10-26T11:00", n6);

  const Json c7 = h.web("2026-11-02T10:00", "13900000007", "billing");
  const std::string n7 = str(c7["acceptance_no"]);
  h.handle(n7, "2026-11-02T12:00", "2026-11-03T10:00", "2026-11-04T10:00");
  h.follow_up("2026-11-04T11:00", n7);
  h.customer("2026-11-13T10:00", c7, "survey", survey_fields(5, true));

  const std::string n8 = h.hotline("2026-11-03T09:00", "13900000008", "billing");
  h.handle(n8, "2026-11-03T10:00", "2026-11-04T09:00", "2026-11-05T15:00");
  h.follow_up("2026-11-05T16:00", n8);
  h.record_survey("2026-11-06T10:00", n8, 3, true);

  const std::string n9 = h.hotline("2026-11-09T09:00", "13900000009", "network");
  h.handle(n9, "2026-11-10T11:00", "2026-11-12T10:00", "2026-11-13T09:00");
  h.follow_up("2026-11-13T10:00", n9);
  h.record_survey("2026-11-14T10:00", n9, 4, false);
  h.act("2026-11-16T10:00", n9, {{"action", "close"}, {"note", "已电话说明，客户认可退费结果"}}, h.supervisor());

  h.web("2026-11-16T10:00", "13900000010", "billing");

  const std::string n11 = str(h.web("2026-11-18T10:00", "13900000011", "network")["acceptance_no"]);
  h.handle(n11, "2026-11-18T11:00", "2026-11-19T10:00", "2026-11-23T10:00");
}

// One group of the answer, written out.
struct Row {
  const char* key;
  int filed, accepted, rejected, withdrawn, closed, escalated;
  Json acceptance, investigation, reply, follow_up;
  int surveys;
  Json mean_overall, satisfied_share, resolved_share, median_hours_to_reply;
};
Json group(const Row& r) {
  return {{"key", r.key},
          {"filed", r.filed},
          {"accepted", r.accepted},
          {"rejected", r.rejected},
          {"withdrawn", r.withdrawn},
          {"closed", r.closed},
          {"escalated", r.escalated},
          {"on_time", {{"acceptance", r.acceptance}, {"investigation", r.investigation}, {"reply", r.reply},
                       {"follow_up", r.follow_up}}},
          {"surveys", r.surveys},
          {"satisfaction", {{"mean_overall", r.mean_overall}, {"satisfied_share", r.satisfied_share},
                            {"resolved_share", r.resolved_share}}},
          {"median_hours_to_reply", r.median_hours_to_reply}};
}

// Issue 24 item 5: the workbench combines groups' shares into headline figures; each group says how
// many stage ends its on_time shares are over. October: 4 accepted and 1 rejected = 5 decisions.
TEST(Spec_6, StageEndsAreTheCountsUnderTheShares) {
  History h;
  seed(h);
  h.at("2026-12-01T09:00");
  const Json g = h.stats_with_ends("group_by=month")["groups"][0];
  ASSERT_EQ(g["key"], "2026-10");
  EXPECT_EQ(g["stage_ends"]["acceptance"], 5);
  EXPECT_DOUBLE_EQ(g["on_time"]["acceptance"].get<double>() * g["stage_ends"]["acceptance"].get<int>(), 4.0);
}

// Issue 22 "done when": the stats for the seeded history equal the hand-computed table.
TEST(Spec_6, StatsOfASeededHistoryEqualTheTableComputedByHand) {
  History h;
  seed(h);
  h.at("2026-12-01T09:00");

  // By filing month (Asia/Shanghai).
  // 2026-10 = C1–C6. accepted C1 C2 C5 C6; rejected C3; withdrawn C4; closed C1 C2; escalated C5.
  //   acceptance: C1 T, C2 L, C3 T, C5 T, C6 T = 4/5;  investigation: C1 T, C2 L, C5 T = 2/3;
  //   reply: C1 T, C2 T, C5 L = 2/3;  follow-up: C1 T, C2 T = 2/2.
  //   surveys C1 5/yes, C2 4/yes, C5 2/no: mean (5+4+2)/3 = 11/3; satisfied 2/3 (C5 ≤ 2); resolved 2/3.
  //   hours to reply 48, 192, 409 → median 192.
  // 2026-11 = C7–C11. accepted C7 C8 C9 C11; closed C7 C8 C9; none rejected, withdrawn or escalated.
  //   acceptance: C7 T, C8 T, C9 L, C11 T = 3/4 (C10's has not ended);  investigation: 4/4;  reply: 4/4;
  //   follow-up: C7 L, C8 T, C9 T = 2/3.
  //   surveys C7 5/yes, C8 3/yes, C9 4/no: mean (5+3+4)/3 = 4; satisfied 2/3 (C9 unsolved); resolved 2/3.
  //   hours to reply 48, 54, 96, 120 → median (54+96)/2 = 75.
  const Json by_month = h.stats("group_by=month");
  EXPECT_EQ(by_month, (Json{{"groups", {
      group({"2026-10", 6, 4, 1, 1, 2, 1, 4.0 / 5, 2.0 / 3, 2.0 / 3, 1.0, 3, 11.0 / 3, 2.0 / 3, 2.0 / 3, 192.0}),
      group({"2026-11", 5, 4, 0, 0, 3, 0, 3.0 / 4, 1.0, 1.0, 2.0 / 3, 3, 4.0, 2.0 / 3, 2.0 / 3, 75.0}),
  }}})) << by_month.dump(2);

  // By channel.
  // hotline = C3 C5 C8 C9. accepted C5 C8 C9; rejected C3; closed C8 C9; escalated C5.
  //   acceptance: C3 T, C5 T, C8 T, C9 L = 3/4;  investigation: C5 T, C8 T, C9 T = 3/3;
  //   reply: C5 L, C8 T, C9 T = 2/3;  follow-up: C8 T, C9 T = 2/2.
  //   surveys C5 2/no, C8 3/yes, C9 4/no: mean 9/3 = 3; satisfied 1/3 (C8); resolved 1/3 (C8).
  //   hours 409, 54, 96 → median 96.
  // web = C1 C2 C4 C6 C7 C10 C11. accepted C1 C2 C6 C7 C11; withdrawn C4; closed C1 C2 C7.
  //   acceptance: C1 T, C2 L, C6 T, C7 T, C11 T = 4/5;  investigation: C1 T, C2 L, C7 T, C11 T = 3/4;
  //   reply: C1 C2 C7 C11 all T = 4/4;  follow-up: C1 T, C2 T, C7 L = 2/3.
  //   surveys C1 5/yes, C2 4/yes, C7 5/yes: mean 14/3; satisfied 3/3; resolved 3/3.
  //   hours 48, 192, 48, 120 → sorted 48 48 120 192 → median (48+120)/2 = 84.
  const Json by_channel = h.stats("group_by=channel");
  EXPECT_EQ(by_channel, (Json{{"groups", {
      group({"hotline", 4, 3, 1, 0, 2, 1, 3.0 / 4, 1.0, 2.0 / 3, 1.0, 3, 3.0, 1.0 / 3, 1.0 / 3, 96.0}),
      group({"web", 7, 5, 0, 1, 3, 0, 4.0 / 5, 3.0 / 4, 1.0, 2.0 / 3, 3, 14.0 / 3, 1.0, 1.0, 84.0}),
  }}})) << by_channel.dump(2);

  // By category, the volumes: billing C1 C3 C4 C7 C8 C10, network C2 C5 C6 C9 C11.
  const Json by_category = h.stats("group_by=category");
  ASSERT_EQ(by_category["groups"].size(), 2u) << by_category.dump(2);
  EXPECT_EQ(by_category["groups"][0]["key"], "billing");
  EXPECT_EQ(by_category["groups"][0]["filed"], 6);
  EXPECT_EQ(by_category["groups"][1]["key"], "network");
  EXPECT_EQ(by_category["groups"][1]["filed"], 5);
  EXPECT_EQ(h.stats("group_by=business_type")["groups"][0]["key"], "mobile");

  // `from`/`to` are filing days, both included: 2026-10-19 … 2026-11-02 = C5 C6 C7, one group a month;
  // month is the default grouping. A group of no survey and no reply has nulls, not zeros (C6 alone).
  const Json window = h.stats("from=2026-10-19&to=2026-11-02");
  ASSERT_EQ(window["groups"].size(), 2u) << window.dump(2);
  EXPECT_EQ(window["groups"][0]["filed"], 2);
  EXPECT_EQ(window["groups"][1]["filed"], 1);
  const Json c6 = h.stats("from=2026-10-26&to=2026-10-26");
  EXPECT_EQ(c6, (Json{{"groups", {group({"2026-10", 1, 1, 0, 0, 0, 0, 1.0, nullptr, nullptr, nullptr, 0, nullptr,
                                         nullptr, nullptr, nullptr})}}}))
      << c6.dump(2);
  EXPECT_EQ(h.stats("from=2027-01-01")["groups"], Json::array());
}

// DESIGN §3: whether a deadline was met is recorded when its stage ends; an escalation, an extension
// and a complexity change afterwards move today's deadline but cannot rewrite that fact.
TEST(Spec_6, AnExtensionAfterAStageEndedDoesNotChangeItsOnTimeRate) {
  History h;
  const Json c = h.web("2026-10-12T10:00", "13900000021", "network");
  const std::string no = str(c["acceptance_no"]);
  h.accept("2026-10-12T11:00", no);
  h.assign("2026-10-12T11:30", no);
  // The plan came on Tue 20 Oct; the 3 working days after Mon 12 Oct ended on Thu 15 Oct: late.
  h.propose("2026-10-20T10:00", no);
  const Json before = h.stats("group_by=month")["groups"][0]["on_time"];
  EXPECT_EQ(before, (Json{{"acceptance", 1.0}, {"investigation", 0.0}, {"reply", nullptr}, {"follow_up", nullptr}}));

  // Handed up, then given 10 more days and the complex limit (10 working days): the investigation's
  // deadline computed today is long after the plan, and still the stage that ended was late.
  h.act("2026-10-20T11:00", no, {{"action", "escalate"}, {"trigger", "overdue"}}, h.supervisor());
  h.act("2026-10-20T12:00", no, {{"action", "extend"}, {"days", 10}, {"note", "需要调取基站记录"}});
  const Json v = h.act("2026-10-20T13:00", no, {{"action", "set_complexity"}, {"complexity", "complex"}, {"note", "涉及多个部门"}});
  const Result<Timestamp> due = parse_iso8601(str(v["deadlines"]["investigation"]));
  ASSERT_TRUE(due.ok()) << v["deadlines"].dump();
  EXPECT_GT(due.value().time_since_epoch().count(), History::unix_of("2026-10-20T10:00"));

  const Json after = h.stats("group_by=month")["groups"][0];
  EXPECT_EQ(after["on_time"], before);
  EXPECT_EQ(after["escalated"], 1);
}

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }

// DESIGN §4: statistics and the export are a supervisor's (and a manager's); every refusal says why.
TEST(Spec_6, AgentsAreRefusedStatsAndExportAndBadParametersAreNamed) {
  TestServer s;
  const std::string agent = s.staff_token("agent", "李四");
  const std::string supervisor = s.staff_token("supervisor", "王主管");
  const std::string manager = s.staff_token("manager", "钱总");
  s.file();

  EXPECT_EQ(s.get("/api/v1/staff/stats")->status, 401);
  for (const char* path : {"/api/v1/staff/stats", "/api/v1/staff/export.csv?pii=1"}) {
    auto r = s.get(path, bearer(agent));
    EXPECT_EQ(r->status, 403) << path;
    EXPECT_EQ(code_of(r), "auth.supervisor_required") << r->body;
    EXPECT_EQ(r->body.find("13912345678"), std::string::npos);
  }
  // The refused export is on record under the agent's name.
  const std::vector<server::AuditRecord> rows = audit_rows(s, "");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().action, "export_pii");
  EXPECT_EQ(rows.back().staff_name, "李四");
  EXPECT_EQ(rows.back().outcome, "auth.supervisor_required");
  EXPECT_EQ(s.get("/api/v1/staff/stats", bearer(supervisor))->status, 200);
  EXPECT_EQ(s.get("/api/v1/staff/stats", bearer(manager))->status, 200);
  EXPECT_EQ(s.get("/api/v1/staff/export.csv", bearer(manager))->status, 200);

  // A bad parameter: 400 query.invalid, each one named, in the reader's language.
  const auto refused = [&](const std::string& query, const std::string& field, const std::string& code) {
    httplib::Headers en = bearer(supervisor);
    en.emplace("Accept-Language", "en");
    auto r = s.get("/api/v1/staff/stats?" + query, en);
    EXPECT_EQ(r->status, 400) << query;
    const Json e = parse(r->body)["error"];
    EXPECT_EQ(e["code"], "query.invalid") << r->body;
    EXPECT_EQ(e["fields"][field], code) << r->body;
    EXPECT_EQ(str(e["message"]), message(Errc::query_invalid, Lang::en));
    auto zh = s.get("/api/v1/staff/stats?" + query, bearer(supervisor));
    EXPECT_EQ(str(parse(zh->body)["error"]["message"]), message(Errc::query_invalid, Lang::zh_CN));
  };
  refused("group_by=week", "group_by", "validation.enum_invalid");
  refused("from=2026/11/01", "from", "validation.date_invalid");
  refused("from=2026-11-30&to=2026-11-01", "to", "validation.out_of_range");
  // The export reads the list's filters with the list's own parser (422 as the list), and `pii`.
  auto pii = s.get("/api/v1/staff/export.csv?pii=yes", bearer(supervisor));
  EXPECT_EQ(pii->status, 422);
  EXPECT_EQ(parse(pii->body)["error"]["fields"]["pii"], "validation.enum_invalid") << pii->body;
  auto status = s.get("/api/v1/staff/export.csv?status=lost", bearer(supervisor));
  EXPECT_EQ(status->status, 422);
  EXPECT_EQ(parse(status->body)["error"]["fields"]["status"], "validation.enum_invalid") << status->body;
}

// The cells of a CSV text (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks).
std::vector<std::vector<std::string>> read_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    std::string& cell = rows.back().back();
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') cell += text[++i];
      else if (ch == '"') quoted = false;
      else cell += ch;
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().emplace_back();
    } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      if (i + 1 < text.size()) rows.emplace_back(1);
    } else {
      cell += ch;
    }
  }
  return rows;
}

constexpr const char* kBom = "\xEF\xBB\xBF";

// Personal data leaves only with pii=1, and then it is on record (the filter names, never their values).
TEST(Spec_6, ExportWithoutPiiHasNoPersonalDataWithPiiItIsAudited) {
  TestServer s;
  const std::string supervisor = s.staff_token("supervisor", "王主管");
  Json f = filing("13987654321", "3c9e2f4a-1b2c-4d3e-8f4a-5b6c7d8e9f01");
  f["customer"]["name"] = "欧阳娜娜";
  f["customer"]["email"] = "nana@example.com";
  const std::string no = str(s.file(f)["acceptance_no"]);
  const std::string other = str(s.file(filing("13911112222", "3c9e2f4a-1b2c-4d3e-8f4a-5b6c7d8e9f02"))["acceptance_no"]);

  auto plain = s.get("/api/v1/staff/export.csv?phone=13987654321", bearer(supervisor));
  ASSERT_EQ(plain->status, 200) << plain->body;
  EXPECT_EQ(plain->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(plain->get_header_value("Content-Disposition").rfind("attachment; filename=\"complaints-", 0), 0u)
      << plain->get_header_value("Content-Disposition");
  EXPECT_EQ(plain->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(plain->body.rfind(kBom, 0), 0u);
  EXPECT_NE(plain->body.find(no), std::string::npos);
  EXPECT_EQ(plain->body.find(other), std::string::npos);  // the list's filter
  for (const char* personal : {"13987654321", "欧阳", "nana@", "本月账单", "退还多扣"})
    EXPECT_EQ(plain->body.find(personal), std::string::npos) << personal << " in " << plain->body;
  // The columns are there, empty.
  const auto rows = read_csv(plain->body.substr(3));
  ASSERT_EQ(rows.size(), 2u) << plain->body;
  EXPECT_EQ(rows[0].size(), 21u);
  EXPECT_EQ(rows[0][15], "customer_name");
  EXPECT_EQ(rows[1].size(), 21u);
  EXPECT_EQ(rows[1][0], no);
  EXPECT_EQ(rows[1][15], "");
  EXPECT_EQ(rows[1][16], "");

  auto full = s.get("/api/v1/staff/export.csv?phone=13987654321&pii=1", bearer(supervisor));
  ASSERT_EQ(full->status, 200) << full->body;
  EXPECT_NE(full->get_header_value("Content-Disposition").find("-pii.csv"), std::string::npos);
  const auto with = read_csv(full->body.substr(3));
  ASSERT_EQ(with.size(), 2u) << full->body;
  EXPECT_EQ(with[1][15], "欧阳娜娜");
  EXPECT_EQ(with[1][16], "13987654321");
  EXPECT_EQ(with[1][17], "nana@example.com");
  EXPECT_EQ(with[1][18], "13987654321");
  EXPECT_EQ(with[1][19], str(filing()["problem"]));
  EXPECT_EQ(with[1][20], "退还多扣的费用");

  // Both exports are on record, by the names of the filters used; the number itself nowhere.
  const std::vector<server::AuditRecord> audit = audit_rows(s, "");
  ASSERT_GE(audit.size(), 2u);
  const server::AuditRecord& last = audit.back();
  EXPECT_EQ(last.action, "export_pii");
  EXPECT_EQ(last.staff_name, "王主管");
  EXPECT_EQ(last.role, "supervisor");
  EXPECT_EQ(last.outcome, "ok");
  EXPECT_EQ(last.subject, "phone");
  EXPECT_EQ(audit[audit.size() - 2].action, "export");
  for (const server::AuditRecord& a : audit) EXPECT_EQ(a.subject.find("13987654321"), std::string::npos);
}

// RFC 4180 cells and OWASP's CSV injection: what a customer typed cannot break a row or run in Excel.
TEST(Spec_6, ExportCellsAreQuotedAndFormulasNeutralised) {
  TestServer s;
  const std::string supervisor = s.staff_token("supervisor", "王主管");
  Json f = filing("13987654321", "3c9e2f4a-1b2c-4d3e-8f4a-5b6c7d8e9f03");
  f["customer"]["name"] = "王\"小,明";
  f["problem"] = "第一行：账单多扣了费用，\n第二行：请核查。";
  f["demand"] = "=HYPERLINK(\"http://example.com\",\"点我\")";
  const std::string no = str(s.file(f)["acceptance_no"]);
  Json g = filing("13911112222", "3c9e2f4a-1b2c-4d3e-8f4a-5b6c7d8e9f04");
  g["demand"] = "-30元请退还";
  s.file(g);

  auto r = s.get("/api/v1/staff/export.csv?pii=1", bearer(supervisor));
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string& csv = r->body;
  EXPECT_NE(csv.find(",\"王\"\"小,明\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"第一行：账单多扣了费用，\n第二行：请核查。\","), std::string::npos) << csv;
  EXPECT_NE(csv.find(",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"点我\"\")\"\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",'-30元请退还\r\n"), std::string::npos) << csv;
  // Read back: three records of 21 cells, the texts whole (the formula as text).
  const auto rows = read_csv(csv.substr(std::string(kBom).size()));
  ASSERT_EQ(rows.size(), 3u) << csv;
  for (const auto& row : rows) EXPECT_EQ(row.size(), 21u);
  const auto& mine = rows[1][0] == no ? rows[1] : rows[2];
  EXPECT_EQ(mine[15], "王\"小,明");
  EXPECT_EQ(mine[19], "第一行：账单多扣了费用，\n第二行：请核查。");
  EXPECT_EQ(mine[20], "'=HYPERLINK(\"http://example.com\",\"点我\")");
}

// The cell rule alone, for the starts a spreadsheet treats as a formula.
TEST(Spec_6, CsvCellRules) {
  EXPECT_EQ(server::csv_cell("plain 文字"), "plain 文字");
  EXPECT_EQ(server::csv_cell(""), "");
  EXPECT_EQ(server::csv_cell("a,b"), "\"a,b\"");
  EXPECT_EQ(server::csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(server::csv_cell("two\r\nlines"), "\"two\r\nlines\"");
  EXPECT_EQ(server::csv_cell("=1+1"), "'=1+1");
  EXPECT_EQ(server::csv_cell("+86 139"), "'+86 139");
  EXPECT_EQ(server::csv_cell("-5"), "'-5");
  EXPECT_EQ(server::csv_cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(server::csv_cell("\tx"), "'\tx");
  EXPECT_EQ(server::csv_cell("2026-11-01T10:00:00+08:00"), "2026-11-01T10:00:00+08:00");
  EXPECT_EQ(server::csv_row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

}  // namespace
}  // namespace cw::test
