// tests/server/migrate_test.cpp — `complaint-server migrate --db PATH|URL` (issue 23 item 3, DESIGN §4
// "Several servers"): what serve does to the database before it listens, run on its own — the schema
// brought to this build's version and the complaints stored before the staff list existed indexed —
// then `schema N` on stdout. On SQLite, and on PostgreSQL with CW_TEST_DB=postgresql (the test stage
// "server tests on PostgreSQL"). A database newer than the build, or a policy that does not load, is
// refused with exit status 1; a wrong option with 2.
#include "tests/server/server_process.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

TEST(Migrate, BringsAnOlderDatabaseToThisBuildsSchemaAndIndexesItsComplaints) {
  TestServer s;
  const std::string no = str(s.file()["acceptance_no"]);
  // As a database from before schema 10, with its complaint not yet in the staff list (the list's
  // rows are filled from the cases by the backfill that migration 7 asks for).
  ASSERT_TRUE(db_exec(s, s.on_postgresql()
                             ? "DELETE FROM complaint_list; UPDATE complaint_list_backfill SET pending = true; "
                               "DROP TABLE rate_buckets; UPDATE schema_version SET version = 9"
                             : "DELETE FROM complaint_list; DELETE FROM complaint_words; "
                               "UPDATE complaint_list_backfill SET pending = 1; UPDATE schema_version SET version = 9"));
  ASSERT_EQ(db_rows(s, "SELECT COUNT(*) FROM complaint_list")[0][0], "0");

  const auto [status, out] = run_server_command({"migrate", "--db", s.db()});
  EXPECT_EQ(status, 0);
  EXPECT_EQ(out, "schema 11\n");
  EXPECT_EQ(db_rows(s, "SELECT version FROM schema_version")[0][0], "11");
  EXPECT_EQ(db_rows(s, "SELECT COUNT(*) FROM complaint_list")[0][0], "1");
  // The list answers from what migrate wrote, by two fixed filters (schema 10's search table).
  const httplib::Headers h = bearer(s.staff_token("agent"));
  auto r = s.get("/api/v1/staff/complaints?category=billing&channel=web", h);
  ASSERT_EQ(r->status, 200) << r->body;
  ASSERT_EQ(parse(r->body)["items"].size(), 1u) << r->body;
  EXPECT_EQ(parse(r->body)["items"][0]["acceptance_no"], no);

  // Up to date: nothing to do, the same answer.
  EXPECT_EQ(run_server_command({"migrate", "--db", s.db()}), std::make_pair(0, std::string("schema 11\n")));
  // A policy that does not load stops it, as it stops serve.
  EXPECT_EQ(run_server_command({"migrate", "--db", s.db(), "--policy", (s.dir() / "missing.json").string()}).first, 1);
  EXPECT_EQ(run_server_command({"migrate", "--db", s.db(), "--listen", "127.0.0.1:0"}).first, 2);
  // A database written by a newer build is never touched.
  ASSERT_TRUE(db_exec(s, "UPDATE schema_version SET version = 99"));
  EXPECT_EQ(run_server_command({"migrate", "--db", s.db()}), std::make_pair(1, std::string()));
  EXPECT_EQ(db_rows(s, "SELECT version FROM schema_version")[0][0], "99");
  ASSERT_TRUE(db_exec(s, "UPDATE schema_version SET version = 11"));
}

}  // namespace
}  // namespace cw::test
