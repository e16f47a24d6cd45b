// tests/server/several_servers_test.cpp — two real `complaint-server serve` processes on one
// PostgreSQL (DESIGN §4 Several servers, issue 23 item 2): what one server counted or stored holds at
// the other — rate limits, code tries, idempotency, ETags — and the hourly purge runs on one at a time.
#include <libpq-fe.h>

#include <thread>

#include "tests/server/server_process.h"

namespace cw::test {
namespace {

constexpr const char* kPhone = "13912345678";

class SeveralServers : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* backend = std::getenv("CW_TEST_DB");
    if (!backend || std::string(backend) != "postgresql")
      GTEST_SKIP() << "several servers need a shared database (PostgreSQL): run with CW_TEST_DB=postgresql";
    PgInstance& pg = PgInstance::shared();
    ASSERT_TRUE(pg.ok()) << pg.error();
    db_ = pg.fresh_database();
    ASSERT_FALSE(db_.empty()) << pg.error();
  }

  // A `serve` on the shared database (--dev: the test reads lookup codes from its messages). The
  // last --db wins over ServerProcess's own SQLite file.
  std::unique_ptr<ServerProcess> serve() {
    auto s = std::make_unique<ServerProcess>(std::vector<std::string>{"--db", db_, "--dev"});
    EXPECT_TRUE(s->start()) << s->log();
    return s;
  }

  std::string count(const std::string& sql) {
    std::string error;
    auto rows = PgInstance::rows(db_, sql, &error);
    EXPECT_EQ(error, "") << sql;
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }

  std::string db_;
};

Json file_at(const ServerProcess& s, const std::string& key) {
  auto r = s.post("/api/v1/complaints", filing(kPhone).dump(), {{"Idempotency-Key", key}});
  EXPECT_TRUE(r);
  if (!r) return Json();
  EXPECT_EQ(r->status, 201) << r->body;
  return parse(r->body);
}

int lookup_at(const ServerProcess& s, const std::string& no) {
  auto r = s.post("/api/v1/lookup", Json{{"acceptance_no", no}, {"phone", kPhone}}.dump());
  return r ? r->status : -1;
}

httplib::Result verify_at(const ServerProcess& s, const std::string& no, const std::string& code) {
  return s.post("/api/v1/lookup/verify", Json{{"acceptance_no", no}, {"phone", kPhone}, {"code", code}}.dump());
}

// The newest lookup code `s` sent (its dev notifier): composed after the answer, so waited for.
std::string code_sent_by(const ServerProcess& s) {
  for (int i = 0; i < 100; ++i) {
    auto r = s.get(std::string("/api/v1/dev/messages?to=") + kPhone);
    const Json answer = r && r->status == 200 ? parse(r->body) : Json();
    if (answer.contains("messages"))
      for (const Json& m : answer["messages"])
        if (m.contains("code")) return str(m["code"]);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "no lookup code was sent";
  return "";
}

std::string wrong(std::string code) {
  code[0] = code[0] == '9' ? '0' : static_cast<char>(code[0] + 1);
  return code;
}

// (a) Five code requests per number (DESIGN §8), whichever server takes them: three through A and
// two through B use them up, and the sixth is refused at both. With a bucket per process B would
// allow five of its own.
TEST_F(SeveralServers, CodeRequestsCountedAtOneServerCountAtTheOther) {
  auto a = serve();
  auto b = serve();
  const std::string no = str(file_at(*a, "k-1")["acceptance_no"]);
  ASSERT_FALSE(no.empty()) << a->log();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(lookup_at(*a, no), 202) << "A, request " << i + 1;
  for (int i = 0; i < 2; ++i) EXPECT_EQ(lookup_at(*b, no), 202) << "B, request " << i + 1;
  auto r = b->post("/api/v1/lookup", Json{{"acceptance_no", no}, {"phone", kPhone}}.dump());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429) << "B allowed a sixth code request for the number";
  EXPECT_EQ(str(parse(r->body)["error"]["code"]), "http.rate_limited");
  EXPECT_GE(std::atoi(r->get_header_value("Retry-After").c_str()), 1);
  EXPECT_EQ(lookup_at(*a, no), 429);
  // The table names no number, phone or address: only hashes.
  const std::string named = count("SELECT COUNT(*) FROM rate_buckets WHERE key LIKE '%" + no + "%' OR key LIKE '%" +
                                  kPhone + "%' OR key LIKE '%127.0.0.1%'");
  EXPECT_EQ(named, "0");
  EXPECT_NE(count("SELECT COUNT(*) FROM rate_buckets"), "0");
}

// (b) A code's 5 tries (DESIGN §4) are spent through A and B together, a code sent by one server is
// taken by the other, and the verify limit per number (10) counts the tries at both.
TEST_F(SeveralServers, WrongCodeTriesAtBothServersAddUp) {
  auto a = serve();
  auto b = serve();
  const std::string no = str(file_at(*a, "k-1")["acceptance_no"]);
  ASSERT_EQ(lookup_at(*a, no), 202);
  const std::string code = code_sent_by(*a);
  ASSERT_EQ(code.size(), 6u);
  int verifies = 0;
  auto expect_invalid = [&](const ServerProcess& s, const std::string& c, const char* where) {
    auto r = verify_at(s, no, c);
    ++verifies;
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 422) << where << ", verify " << verifies << ": " << r->body;
    EXPECT_EQ(str(parse(r->body)["error"]["code"]), "lookup.code_invalid");
  };
  for (int i = 0; i < 3; ++i) expect_invalid(*a, wrong(code), "A");
  for (int i = 0; i < 2; ++i) expect_invalid(*b, wrong(code), "B");
  expect_invalid(*b, code, "B, the right code after 5 wrong tries");
  // A fresh code from B opens the case at A.
  ASSERT_EQ(lookup_at(*b, no), 202);
  const std::string second = code_sent_by(*b);
  auto ok = verify_at(*a, no, second);
  ++verifies;
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  // 10 verifies per number (DESIGN §8): the rest of them at A, and B refuses the eleventh.
  while (verifies < 10) expect_invalid(*a, wrong(second), "A");
  auto r = verify_at(*b, no, wrong(second));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 429) << "B allowed an eleventh verify for the number: " << r->body;
}

// (c) A filing retried through B after A answered it (the client's first answer was lost, and the
// load balancer chose another server) replays A's answer: the same acceptance number, one complaint.
// Two duplicates sent to both at once give one complaint too (the second waits for the first).
TEST_F(SeveralServers, AFilingRepeatedAtAnotherServerIsTheSameComplaint) {
  auto a = serve();
  auto b = serve();
  const Json first = file_at(*a, "k-retry");
  const Json again = file_at(*b, "k-retry");
  ASSERT_FALSE(str(first["acceptance_no"]).empty());
  EXPECT_EQ(again["acceptance_no"], first["acceptance_no"]);
  EXPECT_EQ(again["access_token"], first["access_token"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), "1");

  Json at_a, at_b;
  std::thread ta([&] { at_a = file_at(*a, "k-both"); });
  std::thread tb([&] { at_b = file_at(*b, "k-both"); });
  ta.join();
  tb.join();
  EXPECT_FALSE(str(at_a["acceptance_no"]).empty());
  EXPECT_EQ(at_a["acceptance_no"], at_b["acceptance_no"]);
  EXPECT_EQ(count("SELECT COUNT(*) FROM complaints"), "2");
}

// (d) The ETag A gave is current at B (304), and a write through A is seen by B's view cache at once:
// B answers the new view with a new ETag, which A then confirms.
TEST_F(SeveralServers, AnEtagFromOneServerHoldsAtTheOtherUntilAWriteAnywhere) {
  auto a = serve();
  auto b = serve();
  const Json filed = file_at(*a, "k-1");
  const std::string no = str(filed["acceptance_no"]);
  const httplib::Headers auth = bearer(filed["access_token"]);
  const std::string path = "/api/v1/complaints/" + no;
  auto first = a->get(path, auth);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto with = [&](const std::string& tag) {
    httplib::Headers h = auth;
    h.emplace("If-None-Match", tag);
    return h;
  };
  auto same = b->get(path, with(etag));  // also fills B's view cache
  ASSERT_TRUE(same);
  EXPECT_EQ(same->status, 304);

  auto sup = a->post(path + "/supplements", Json{{"text", "补充：扣费发生在月初。"}, {"evidence", Json::array()}}.dump(),
                     {{"Authorization", "Bearer " + str(filed["access_token"])}, {"Idempotency-Key", "k-sup"}});
  ASSERT_TRUE(sup);
  ASSERT_LT(sup->status, 300) << sup->body;

  auto changed = b->get(path, with(etag));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, 200) << "B answered its cached view after a write at A";
  const std::string new_etag = changed->get_header_value("ETag");
  EXPECT_NE(new_etag, etag);
  auto confirmed = a->get(path, with(new_etag));
  ASSERT_TRUE(confirmed);
  EXPECT_EQ(confirmed->status, 304);
}

// (e) The hourly purge runs on one server at a time (server/app.h kPurgeLockId): while another
// holds the lock (here the test, through libpq, as a purging server would), a server starting its
// janitor skips the purge and says so; once the lock is free the next server purges.
TEST_F(SeveralServers, ThePurgeIsSkippedWhileAnotherServerHoldsItsLock) {
  // The schema, made by the binary under test (as `serve` would; CW_SERVER_BIN may name another).
  ASSERT_EQ(run_server_command({"token", "list", "--db", db_}).first, 0);
  // An upload no filing named, made long ago: the orphan purge's (issue 21 finding 7) to delete.
  ASSERT_EQ(count(R"SQL(
      INSERT INTO upload_bytes(sha256, bytes) VALUES('0a', '\x00');
      INSERT INTO uploads(id, sha256, size, type, created_at, attached) VALUES('u_old', '0a', 1, 'image/png', 1000, false);
      SELECT COUNT(*) FROM uploads)SQL"),
            "1");
  PGconn* other = PQconnectdb(db_.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  const std::string lock = "SELECT pg_advisory_lock(" + std::to_string(server::kPurgeLockId) + ")";
  PGresult* held = PQexec(other, lock.c_str());
  ASSERT_EQ(PQresultStatus(held), PGRES_TUPLES_OK) << PQerrorMessage(other);
  PQclear(held);

  auto a = serve();  // its janitor purges as it starts listening
  bool skipped = false;
  for (int i = 0; i < 300 && !skipped; ++i) {
    skipped = a->log().find("\"event\":\"purge_skipped\"") != std::string::npos;
    if (!skipped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(skipped) << "A purged while the lock was held; its log:\n" << a->log();
  EXPECT_NE(a->log().find("\"reason\":\"another_server\""), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM uploads"), "1");

  PQfinish(other);  // the other server is done (its session ends, so does its lock)
  auto b = serve();
  std::string left = "1";
  for (int i = 0; i < 300 && left != "0"; ++i) {
    left = count("SELECT COUNT(*) FROM uploads");
    if (left != "0") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(left, "0") << "B did not purge once the lock was free; its log:\n" << b->log();
  EXPECT_EQ(count("SELECT COUNT(*) FROM upload_bytes"), "0");
  EXPECT_EQ(b->log().find("purge_skipped"), std::string::npos);
}

}  // namespace
}  // namespace cw::test
