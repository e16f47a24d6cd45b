// tests/server/retention_test.cpp — retention covers everything that holds personal data (DESIGN §8,
// issue 21 finding 7, issue 22 item 7): orphan uploads after 24 hours, rejected cases never closed,
// replay answers after their window, and a supervisor's hold that keeps a case from the purge.
#include <fstream>

#include "tests/server/test_server.h"

namespace cw::test {
namespace {

// A distinct small PNG per `tag` (distinct bytes, so distinct files on disk).
std::string png(char tag) {
  return std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(64, tag);
}

struct Uploaded {
  std::string id;
  std::string sha;
};

Uploaded upload(TestServer& s, char tag) {
  auto r = s.client()->Post("/api/v1/uploads", png(tag), "image/png");
  EXPECT_TRUE(r);
  if (!r) return {};
  EXPECT_EQ(r->status, 201) << r->body;
  const Json j = parse(r->body);
  return {str(j["id"]), str(j["sha256"])};
}

// Whether the upload's bytes are still stored: a file in uploads/ beside SQLite, a row in PostgreSQL
// (asked through the storage, so these tests run on both: CW_TEST_DB).
bool bytes_kept(TestServer& s, const Uploaded& u) {
  auto bytes = s.ctx().storage->upload_bytes(u.sha);
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() && bytes.value().has_value();
}

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }

// The server's clock now (the test clock runs `advanced` ahead of the real one).
std::string server_time_in(std::chrono::seconds advanced, std::chrono::seconds ahead) {
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  return format_iso8601(now + advanced + ahead);
}

// One number from the database (a connection of its own, as an operator's sqlite3 or psql would).
std::int64_t count_rows(TestServer& s, const std::string& sql) {
  const auto rows = db_rows(s, sql);
  return rows.size() == 1 && rows[0].size() == 1 ? std::stoll(rows[0][0]) : -1;
}

// Whether the database still holds `needle` anywhere: SQLite's files byte for byte (the log
// included, where deleted pages linger until a checkpoint); on PostgreSQL every row of every table
// as text (its files belong to the database server, not to us).
bool db_contains(TestServer& s, const std::string& needle) {
  if (s.on_postgresql()) {
    for (const auto& table : db_rows(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
      if (count_rows(s, "SELECT COUNT(*) FROM \"" + table[0] + "\" t WHERE strpos(t::text, '" + needle + "') > 0") != 0)
        return true;
    return false;
  }
  for (const char* name : {"complaints.db", "complaints.db-wal"}) {
    std::ifstream in(s.dir() / name, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

// Issue 21 finding 7: an upload that no filing or supplement references was kept forever (anyone
// may post 100 MB a minute). It goes after 24 hours, row and file; referenced ones stay.
TEST(Regression, Issue21_7_UnreferencedUploadsGoAfter24Hours) {
  TestServer s;
  const Uploaded orphan = upload(s, 'a');
  const Uploaded filed = upload(s, 'b');
  const Uploaded supplemented = upload(s, 'c');
  Json f = filing();
  f["evidence"] = {filed.id};
  const Json a = s.file(f);
  const std::string no = str(a["acceptance_no"]);
  httplib::Headers h = bearer(a["access_token"]);
  h.emplace("Idempotency-Key", "sup-1");
  ASSERT_EQ(s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充截图"}, {"evidence", {supplemented.id}}}, h)->status, 200);

  s.advance(std::chrono::hours(23));
  s.app().purge_expired();
  EXPECT_TRUE(bytes_kept(s, orphan)) << "a day to use it";
  s.advance(std::chrono::hours(1) + std::chrono::minutes(1));
  s.app().purge_expired();
  EXPECT_FALSE(bytes_kept(s, orphan));
  EXPECT_EQ(count_rows(s, "SELECT COUNT(*) FROM uploads WHERE id = '" + orphan.id + "'"), 0);
  EXPECT_TRUE(bytes_kept(s, filed));
  EXPECT_TRUE(bytes_kept(s, supplemented));
  // Naming it now is naming an upload the server does not hold.
  Json late = filing("13912345679", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
  late["evidence"] = {orphan.id};
  auto r = s.post("/api/v1/complaints", late, {{"Idempotency-Key", "late-1"}});
  EXPECT_EQ(code_of(r), "upload.not_found") << (r ? r->body : "");
  const std::string agent = s.staff_token("agent");
  const Json staff = parse(s.get("/api/v1/staff/complaints/" + no, bearer(agent))->body);
  EXPECT_EQ(staff["filing"]["evidence"], Json({filed.id}));
}

// The race of finding 7: an upload made 23 h 59 min ago, named by a filing arriving now, is attached
// in the filing's transaction and survives every later orphan purge.
TEST(Regression, Issue21_7_AnUploadReferencedAMinuteBeforeItsDayEndsIsKept) {
  TestServer s;
  const Uploaded u = upload(s, 'd');
  s.advance(std::chrono::hours(23) + std::chrono::minutes(59));
  Json f = filing();
  f["evidence"] = {u.id};
  const Json a = s.file(f);
  s.advance(std::chrono::minutes(2));
  s.app().purge_expired();
  s.advance(std::chrono::hours(48));
  s.app().purge_expired();
  EXPECT_TRUE(bytes_kept(s, u));
  EXPECT_EQ(count_rows(s, "SELECT COUNT(*) FROM uploads WHERE id = '" + u.id + "' AND attached"), 1);
}

// Issue 21 finding 7: a rejected case leads only to its close, and one never closed was kept for
// ever. Its retention counts from the rejection.
TEST(Regression, Issue21_7_RejectedCasesNeverClosedArePurgedAfterRetention) {
  TestServer s([](server::Config& c) { c.retention_days = 30; });
  const std::string agent = s.staff_token("agent");
  const Uploaded u = upload(s, 'e');
  Json f = filing();
  f["evidence"] = {u.id};
  const Json a = s.file(f);
  const std::string no = str(a["acceptance_no"]);
  ASSERT_EQ(s.act(agent, no, {{"action", "reject"}, {"reason_code", "out_of_scope"}})->status, 200);
  s.advance(std::chrono::hours(24 * 29));
  EXPECT_EQ(s.app().purge_expired(), 0);
  EXPECT_TRUE(db_contains(s, "王小明")) << "the check below must be able to see the name";
  s.advance(std::chrono::hours(24 * 2));
  EXPECT_EQ(s.app().purge_expired(), 1);
  EXPECT_EQ(s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->status, 404);
  EXPECT_FALSE(bytes_kept(s, u));
  EXPECT_FALSE(db_contains(s, "王小明"));
  EXPECT_FALSE(db_contains(s, "13912345678"));
}

// DESIGN §4: replay answers are kept 7 days (clients retry within minutes), then purged.
TEST(Regression, Issue21_7_ReplayAnswersGoAfterTheirWindow) {
  TestServer s;
  s.file(filing(), "replay-window");
  ASSERT_EQ(count_rows(s, "SELECT COUNT(*) FROM idempotency"), 1);
  s.advance(std::chrono::hours(24 * 6));
  s.app().purge_expired();
  EXPECT_EQ(count_rows(s, "SELECT COUNT(*) FROM idempotency"), 1);
  s.advance(std::chrono::hours(24 + 1));
  s.app().purge_expired();
  EXPECT_EQ(count_rows(s, "SELECT COUNT(*) FROM idempotency"), 0);
}

// Issue 22 item 7 (DESIGN §8): a supervisor keeps a case from the purge with a note (an appeal to the
// regulator needs the record); the staff read still gives the whole case, the hold and its release
// are audited, the customer never sees them, and once released the case is purged.
TEST(Design_8_Retention, ASupervisorsHoldKeepsTheCaseFromThePurgeUntilReleased) {
  TestServer s([](server::Config& c) { c.retention_days = 30; });
  const std::string agent = s.staff_token("agent");
  const std::string supervisor = s.staff_token("supervisor", "李主管");
  const Uploaded u = upload(s, 'f');
  Json f = filing();
  f["evidence"] = {u.id};
  const Json a = s.file(f);
  const std::string no = str(a["acceptance_no"]);
  ASSERT_EQ(s.act(agent, no, {{"action", "reject"}, {"reason_code", "repeated"}})->status, 200);
  ASSERT_EQ(s.act(agent, no, {{"action", "close"}})->status, 200);

  const std::string why = "客户已向管局申诉，保留材料";
  EXPECT_EQ(s.act(agent, no, {{"action", "hold"}, {"note", why}})->status, 403);
  EXPECT_EQ(code_of(s.act(supervisor, no, {{"action", "hold"}})), "workflow.note_required");
  EXPECT_EQ(code_of(s.act(supervisor, no, {{"action", "release"}})), "workflow.not_held");
  auto held = s.act(supervisor, no, {{"action", "hold"}, {"note", why}});
  ASSERT_EQ(held->status, 200) << held->body;
  const Json view = parse(held->body);
  EXPECT_EQ(view["hold"]["note"], why);
  EXPECT_EQ(view["hold"]["by"], "李主管");
  EXPECT_TRUE(view["hold"]["until"].is_null());
  EXPECT_EQ(code_of(s.act(supervisor, no, {{"action", "hold"}, {"note", why}})), "workflow.already_held");
  // No message to the customer, nothing in their view.
  const std::string customer = s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->body;
  EXPECT_EQ(customer.find(why), std::string::npos) << customer;
  EXPECT_EQ(customer.find("hold"), std::string::npos) << customer;

  s.advance(std::chrono::hours(24 * 40));
  EXPECT_EQ(s.app().purge_expired(), 0);
  EXPECT_TRUE(bytes_kept(s, u));
  // The export before the purge: the staff read gives the whole case, contact unmasked.
  auto read = s.get("/api/v1/staff/complaints/" + no, bearer(agent));
  ASSERT_EQ(read->status, 200);
  const Json staff = parse(read->body);
  EXPECT_EQ(staff["filing"]["customer"]["phone"], "13912345678");
  EXPECT_EQ(staff["filing"]["evidence"], Json({u.id}));
  std::vector<std::string> audited;
  for (const Json& e : staff["audit"]) audited.push_back(str(e["action"]) + " " + str(e["outcome"]));
  EXPECT_NE(std::find(audited.begin(), audited.end(), "hold ok"), audited.end());
  EXPECT_NE(std::find(audited.begin(), audited.end(), "hold workflow.role_forbidden"), audited.end());

  auto released = s.act(supervisor, no, {{"action", "release"}, {"note", "申诉已结束"}});
  ASSERT_EQ(released->status, 200) << released->body;
  EXPECT_FALSE(parse(released->body).contains("hold"));
  EXPECT_EQ(s.app().purge_expired(), 1);
  EXPECT_FALSE(bytes_kept(s, u));
  EXPECT_EQ(s.get("/api/v1/complaints/" + no, bearer(a["access_token"]))->status, 404);
}

// A hold with `until` lapses by itself; `until` must lie ahead.
TEST(Design_8_Retention, AHoldUntilADateLapsesThen) {
  TestServer s([](server::Config& c) { c.retention_days = 30; });
  const std::string agent = s.staff_token("agent");
  const std::string supervisor = s.staff_token("supervisor");
  const Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  ASSERT_EQ(s.act(agent, no, {{"action", "reject"}, {"reason_code", "other"}})->status, 200);
  auto past = s.act(supervisor, no, {{"action", "hold"}, {"note", "复核"}, {"until", server_time_in({}, -std::chrono::hours(1))}});
  EXPECT_EQ(code_of(past), "validation.out_of_range") << (past ? past->body : "");
  const std::chrono::seconds ahead = std::chrono::hours(24 * 45);
  ASSERT_EQ(s.act(supervisor, no, {{"action", "hold"}, {"note", "复核"}, {"until", server_time_in({}, ahead)}})->status, 200);
  s.advance(std::chrono::hours(24 * 40));
  EXPECT_EQ(s.app().purge_expired(), 0);
  s.advance(std::chrono::hours(24 * 6));
  EXPECT_EQ(s.app().purge_expired(), 1);
}

}  // namespace
}  // namespace cw::test
