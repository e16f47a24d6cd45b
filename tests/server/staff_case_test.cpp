// tests/server/staff_case_test.cpp — the whole case for staff (issue 22 item 2): the unmasked contact,
// internal notes, the evidence of the filing and of supplements through GET /staff/uploads/{id}, and
// every staff read audited (issue 21 Low: staff reads were not); and the work list's filters and
// search (issue 22 item 1), overdue first, with the next deadline.
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "tests/server/test_server.h"

namespace cw::test {
namespace {

const std::string kPng = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, '\x02');
const std::string kPdf = "%PDF-1.4\n%staff-case\n";

std::string upload(TestServer& s, const std::string& bytes, const std::string& type) {
  auto r = s.client()->Post("/api/v1/uploads", bytes, type);
  EXPECT_TRUE(r && r->status == 201) << (r ? r->body : "no answer");
  return r ? str(parse(r->body)["id"]) : "";
}

// stderr (the server log) into a file while a test runs.
class LogFile {
 public:
  LogFile() : dir_(make_temp_dir()), path_((dir_ / "stderr.log").string()) {
    std::fflush(stderr);
    saved_ = dup(2);
    EXPECT_NE(std::freopen(path_.c_str(), "w", stderr), nullptr);
    server::set_log_enabled(true);
  }
  ~LogFile() {
    std::fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    server::set_log_enabled(false);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string text() {
    std::fflush(stderr);
    std::ifstream in(path_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

 private:
  std::filesystem::path dir_;
  std::string path_;
  int saved_ = -1;
};

// Issue 22 item 2: staff see the whole case, the customer only their masked view.
TEST(Spec_3_2, StaffReadTheWholeCaseWithItsEvidenceAndEveryReadIsAudited) {
  LogFile log;
  TestServer s([](server::Config& c) { c.quiet = false; });
  const std::string agent = s.staff_token("agent", "李四");
  const std::string photo = upload(s, kPng, "image/png");
  const std::string bill = upload(s, kPdf, "application/pdf");
  Json f = filing();
  f["evidence"] = Json::array({photo});
  const Json filed = s.file(f);
  const std::string no = str(filed["acceptance_no"]);
  const httplib::Headers customer = bearer(filed["access_token"]);
  auto sup = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充：上月账单也多扣了。"}, {"evidence", {bill}}},
                    {{"Authorization", "Bearer " + str(filed["access_token"])}, {"Idempotency-Key", "sup-1"}});
  ASSERT_EQ(sup->status, 200) << sup->body;
  ASSERT_EQ(s.act(agent, no, {{"action", "note"}, {"visibility", "internal"}, {"note", "内部：核对计费系统日志"}})->status, 200);
  ASSERT_EQ(s.act(agent, no, {{"action", "note"}, {"note", "已转计费中心核查"}})->status, 200);

  // The staff case: contact unmasked, both notes with their visibility, the evidence ids of the
  // filing and of the supplement.
  auto r = s.get("/api/v1/staff/complaints/" + no, bearer(agent));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  const Json d = parse(r->body);
  EXPECT_EQ(d["filing"]["customer"]["phone"], "13912345678");
  EXPECT_EQ(d["filing"]["customer"]["name"], "王小明");
  EXPECT_EQ(d["filing"]["evidence"], Json::array({photo}));
  std::set<std::string> notes, evidence;
  for (const Json& e : d["timeline"]) {
    if (e.contains("visibility")) notes.insert(str(e["visibility"]) + ":" + str(e["note"]));
    if (e.contains("evidence")) for (const Json& id : e["evidence"]) evidence.insert(str(id));
  }
  EXPECT_EQ(notes, (std::set<std::string>{"internal:内部：核对计费系统日志", "public:已转计费中心核查"}));
  EXPECT_EQ(evidence, (std::set<std::string>{bill}));

  // The customer's view stays masked and without the internal note.
  auto v = s.get("/api/v1/complaints/" + no, customer);
  ASSERT_EQ(v->status, 200);
  EXPECT_EQ(parse(v->body)["customer"]["phone"], "139****5678");
  EXPECT_EQ(v->body.find("13912345678"), std::string::npos);
  EXPECT_EQ(v->body.find("核对计费系统日志"), std::string::npos);
  EXPECT_NE(v->body.find("已转计费中心核查"), std::string::npos);

  // The files: the stored bytes, their sniffed type, to be saved (not shown), never sniffed or cached.
  for (const auto& [id, bytes, type, ext] : {std::tuple{photo, kPng, "image/png", ".png"},
                                             std::tuple{bill, kPdf, "application/pdf", ".pdf"}}) {
    auto file = s.get("/api/v1/staff/uploads/" + id, bearer(agent));
    ASSERT_EQ(file->status, 200) << file->body;
    EXPECT_EQ(file->body, bytes);
    EXPECT_EQ(file->get_header_value("Content-Type"), type);
    EXPECT_EQ(file->get_header_value("Content-Disposition"), "attachment; filename=\"" + id + ext + "\"");
    EXPECT_EQ(file->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(file->get_header_value("Cache-Control"), "no-store");
  }
  EXPECT_EQ(s.get("/api/v1/staff/uploads/u_0123456789abcdef0123456789abcdef", bearer(agent))->status, 404);
  // Only staff: no token, a customer's token, a revoked one.
  EXPECT_EQ(s.get("/api/v1/staff/uploads/" + photo)->status, 401);
  EXPECT_EQ(s.get("/api/v1/staff/uploads/" + photo, customer)->status, 401);

  // A list page with a phone search (it names customers, masked).
  auto list = s.get("/api/v1/staff/complaints?phone=13912345678&status=received", bearer(agent));
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(parse(list->body)["items"][0]["customer"]["phone"], "139****5678");

  // Every read is in the audit trail: who, what, when.
  const auto mine = audit_rows(s, no);
  ASSERT_FALSE(mine.empty());
  EXPECT_EQ(mine.back().action, "read");  // after the actions
  int reads = 0;
  for (const auto& a : mine) reads += a.action == "read" && a.staff_name == "李四" && a.at > 0;
  EXPECT_EQ(reads, 1);
  std::vector<std::string> others;
  for (const auto& a : audit_rows(s, "")) others.push_back(a.action + " " + a.subject + " " + a.outcome);
  EXPECT_EQ(others, (std::vector<std::string>{"read_upload " + photo + " ok", "read_upload " + bill + " ok",
                                              "read_upload u_0123456789abcdef0123456789abcdef http.not_found",
                                              "list phone,status ok"}));
  // The case view shows its own reads to the next reader.
  const Json again = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  EXPECT_EQ(again["audit"].back()["action"], "read");
  EXPECT_EQ(again["audit"].back()["staff"], "李四");

  // …and none of it is in the server log.
  const std::string text = log.text();
  EXPECT_NE(text.find("/api/v1/staff/uploads/{id}"), std::string::npos);
  for (const std::string& secret : {std::string("13912345678"), std::string("王小明"), no, photo, bill})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
}


// The acceptance numbers of a list answer, in order.
std::vector<std::string> numbers(const httplib::Result& r) {
  std::vector<std::string> out;
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  if (!r) return out;
  const Json page = parse(r->body);  // named: a range-for over a temporary's member would dangle
  for (const Json& i : page["items"]) out.push_back(str(i["acceptance_no"]));
  return out;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

// Issue 22 item 1 (DESIGN §4 GET /staff/complaints): every filter, the text search in Chinese and
// English, combined with AND, overdue first with the next deadline, and a cursor that walks the order.
TEST(Spec_2_3, StaffListFiltersAndSearchesOverdueFirstWithTheNextDeadline) {
  TestServer s;
  const std::string agent = s.staff_token("agent", "李四");
  const std::string boss = s.staff_token("supervisor", "王主管");
  const auto file_as = [&](Json f, const std::string& key) { return str(s.file(f, key)["acceptance_no"]); };
  // A: the test filing (billing, web). C: same phone, another service number, words in English.
  const std::string a = file_as(filing("13912345678", "11111111-2b7f-4e0a-8c1d-3f4a5b6c7d8e"), "list-a");
  Json fc = filing("13912345678", "33333333-2b7f-4e0a-8c1d-3f4a5b6c7d8e");
  fc["category"] = "service";
  fc["service_number"] = "13700002222";
  fc["problem"] = "营业厅工作人员态度恶劣 Rude staff at the shop";
  const std::string c = file_as(fc, "list-c");
  // B: taken on the hotline 30 hours ago, so its acceptance deadline (24 hours) has passed.
  Json fb = filing("13800001111", "22222222-2b7f-4e0a-8c1d-3f4a5b6c7d8e");
  fb["channel"] = "hotline";
  fb["category"] = "network";
  fb["problem"] = "家里宽带网速很慢，晚上经常断线，影响工作。";
  fb["customer"]["reply_method"] = "phone";
  const auto now_s = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  fb["occurred_at"] = format_iso8601(now_s - std::chrono::hours(48));  // received after it happened
  fb["received_at"] = format_iso8601(now_s - std::chrono::hours(30));
  auto in = s.post("/api/v1/staff/complaints", fb, {{"Authorization", "Bearer " + agent}, {"Idempotency-Key", "list-b"}});
  ASSERT_EQ(in->status, 201) << in->body;
  const std::string b = str(parse(in->body)["acceptance_no"]);
  // D: accepted, escalated to level 1, then assigned to 赵工 (an escalation leaves a case unowned).
  const std::string d = file_as(filing("13600003333", "44444444-2b7f-4e0a-8c1d-3f4a5b6c7d8e"), "list-d");
  ASSERT_EQ(s.act(agent, d, {{"action", "accept"}})->status, 200);
  auto esc = s.act(boss, d, {{"action", "escalate"}, {"trigger", "group_risk"}});
  ASSERT_EQ(esc->status, 200) << esc->body;
  ASSERT_EQ(s.act(agent, d, {{"action", "assign"}, {"department", "计费中心"}, {"owner", "赵工"}})->status, 200);
  const httplib::Headers h = bearer(agent);
  const auto list = [&](const std::string& query) { return numbers(s.get("/api/v1/staff/complaints" + query, h)); };

  // Overdue first, then by the next deadline (A and C: their acceptance; D: its investigation).
  auto all = s.get("/api/v1/staff/complaints", h);
  const std::vector<std::string> order = numbers(all);
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0], b);
  const Json items = parse(all->body)["items"];
  EXPECT_EQ(items[0]["overdue"], true);
  std::string previous;
  for (const Json& i : items) {
    ASSERT_TRUE(i["next_deadline"].is_string()) << i.dump();
    EXPECT_LE(previous, str(i["next_deadline"])) << "sorted by next deadline";  // same offset: text order is time order
    previous = str(i["next_deadline"]);
    EXPECT_EQ(str(i["customer"]["phone"]).find("****"), 3u) << "masked";
  }
  EXPECT_EQ(items[0]["next_deadline"], items[0]["deadlines"]["acceptance"]);

  // Each filter alone.
  EXPECT_EQ(as_set(list("?phone=13912345678")), (std::set<std::string>{a, c}));
  EXPECT_EQ(list("?service_number=13800001111"), std::vector<std::string>{b});
  EXPECT_EQ(list("?service_number=138%200000%201111"), std::vector<std::string>{b}) << "spaces are not part of a number";
  EXPECT_EQ(list("?q=%E7%BD%91%E9%80%9F"), std::vector<std::string>{b});                       // 网速
  EXPECT_EQ(list("?q=%E7%BD%91%E9%80%9F%E5%BE%88%E6%85%A2"), std::vector<std::string>{b});     // 网速很慢
  EXPECT_EQ(list("?q=%E6%96%AD%E7%BA%BF%20%E5%AE%BD%E5%B8%A6"), std::vector<std::string>{b});  // 断线 宽带
  EXPECT_EQ(list("?q=%E5%AE%BD%E5%B8%A6%E5%BE%88%E6%85%A2"), std::vector<std::string>{}) << "宽带很慢: not in that order";
  EXPECT_EQ(list("?q=RUDE"), std::vector<std::string>{c});
  EXPECT_EQ(as_set(list("?q=%E8%B4%A6")), (std::set<std::string>{a, d}));  // 账: one character
  EXPECT_EQ(as_set(list("?q=%E7%90%86")), (std::set<std::string>{a, d}));  // 理: one, at the end of a run
  EXPECT_EQ(as_set(list("?q=%E9%80%80%E8%BF%98")), (std::set<std::string>{a, b, c, d})) << "退还: in the demand";
  EXPECT_EQ(list("?category=network"), std::vector<std::string>{b});
  EXPECT_EQ(list("?channel=hotline"), std::vector<std::string>{b});
  EXPECT_EQ(list("?overdue=true"), std::vector<std::string>{b});
  EXPECT_EQ(as_set(list("?overdue=false")), (std::set<std::string>{a, c, d}));
  EXPECT_EQ(list("?level=1"), std::vector<std::string>{d});
  EXPECT_EQ(list("?owner=%E8%B5%B5%E5%B7%A5"), std::vector<std::string>{d});  // 赵工
  EXPECT_EQ(list("?status=investigating"), std::vector<std::string>{d});
  EXPECT_EQ(list("?business_type=broadband"), std::vector<std::string>{});
  const auto day = [](std::chrono::hours shift) {  // a date in Asia/Shanghai
    return format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) + shift +
                          std::chrono::hours(8)).substr(0, 10);
  };
  EXPECT_EQ(list("?from=" + day(std::chrono::hours(24))), std::vector<std::string>{});
  EXPECT_EQ(list("?to=" + day(std::chrono::hours(0))).size(), 4u);
  EXPECT_EQ(list("?to=" + day(std::chrono::hours(-72))), std::vector<std::string>{});
  // Combined with AND; an empty parameter is no filter.
  EXPECT_EQ(list("?phone=13912345678&category=service&status="), std::vector<std::string>{c});
  EXPECT_EQ(list("?phone=13912345678&overdue=true"), std::vector<std::string>{});

  // The cursor walks the same order, one at a time.
  std::vector<std::string> walked;
  std::string cursor;
  for (int i = 0; i < 6; ++i) {
    auto page = s.get("/api/v1/staff/complaints?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor), h);
    for (const std::string& n : numbers(page)) walked.push_back(n);
    const Json next = parse(page->body)["next_cursor"];
    if (!next.is_string()) break;
    cursor = str(next);
  }
  EXPECT_EQ(walked, order);

  // Bad values are named.
  auto bad = s.get("/api/v1/staff/complaints?status=bogus&level=9&overdue=maybe&phone=123&q=%2C%2C&from=2026-13-01&cursor=x", h);
  ASSERT_EQ(bad->status, 422);
  const Json fields = parse(bad->body)["error"]["fields"];
  for (const char* f : {"status", "level", "overdue", "phone", "q", "from", "cursor"})
    EXPECT_TRUE(fields.contains(f)) << f << " in " << bad->body;
}

// Schema 7 on a database that already holds complaints: the server indexes them before it answers,
// so the list finds them by phone and by words like any new one.
TEST(Spec_2_3, ComplaintsStoredBeforeTheListsIndexesAreFoundAfterTheUpgrade) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  const auto on_db = [&](server::Config& c) { c.db = db; };
  std::string no;
  {
    TestServer s(on_db);
    no = str(s.file()["acceptance_no"]);
  }
  // Back to schema 6: no list, no search terms, no audit subject (schema 7), no contact columns in
  // the outbox (schema 8; schema 9 only rebuilds the search terms' table).
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, "DROP TABLE complaint_list; DROP TABLE complaint_words; DROP TABLE complaint_list_backfill; "
                            "ALTER TABLE audit DROP COLUMN subject; DROP INDEX notifications_by_contact; "
                            "ALTER TABLE notifications DROP COLUMN to_key; ALTER TABLE notifications DROP COLUMN cap_group; "
                            "UPDATE schema_version SET version = 6;",
                         nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
  {
    TestServer s(on_db);
    const httplib::Headers h = bearer(s.staff_token("agent"));
    EXPECT_EQ(numbers(s.get("/api/v1/staff/complaints?phone=13912345678", h)), std::vector<std::string>{no});
    EXPECT_EQ(numbers(s.get("/api/v1/staff/complaints?q=%E6%B5%81%E9%87%8F", h)), std::vector<std::string>{no});  // 流量
    EXPECT_EQ(numbers(s.get("/api/v1/staff/complaints?category=billing&overdue=false", h)), std::vector<std::string>{no});
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test

namespace cw::test {
namespace {

// Issue 24 (the workbench's queue polls every few seconds): a page carries its ETag; the same page
// asked with If-None-Match is a 304 without a body and without an audit row (nothing was shown);
// a new filing or an action changes the page and its ETag.
TEST(Spec_2_3, TheListsPageHasAnETagAndAnUnchangedPollIsA304) {
  TestServer s;
  const std::string agent = s.staff_token("agent");
  const std::string no = str(s.file()["acceptance_no"]);
  auto first = s.get("/api/v1/staff/complaints?limit=50", bearer(agent));
  ASSERT_EQ(first->status, 200) << first->body;
  const std::string etag = first->get_header_value("ETag");
  ASSERT_EQ(etag.size(), 34u) << etag;
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-store") << "personal data is never cached";
  const std::size_t audited = audit_rows(s, "").size();

  httplib::Headers poll = bearer(agent);
  poll.emplace("If-None-Match", etag);
  auto same = s.get("/api/v1/staff/complaints?limit=50", poll);
  ASSERT_EQ(same->status, 304);
  EXPECT_EQ(same->body, "");
  EXPECT_EQ(same->get_header_value("ETag"), etag);
  EXPECT_EQ(audit_rows(s, "").size(), audited) << "a 304 shows nothing: no audit row";

  // Other filters are another page.
  auto other = s.get("/api/v1/staff/complaints?limit=50&status=accepted", poll);
  EXPECT_EQ(other->status, 200);

  // A new complaint, then an action: the page changes, so does its ETag.
  s.file();
  auto added = s.get("/api/v1/staff/complaints?limit=50", poll);
  ASSERT_EQ(added->status, 200);
  EXPECT_EQ(parse(added->body)["items"].size(), 2u);
  const std::string etag2 = added->get_header_value("ETag");
  EXPECT_NE(etag2, etag);
  step(s, agent, no, {{"action", "accept"}});
  httplib::Headers poll2 = bearer(agent);
  poll2.emplace("If-None-Match", etag2);
  EXPECT_EQ(s.get("/api/v1/staff/complaints?limit=50", poll2)->status, 200);
}

}  // namespace
}  // namespace cw::test
