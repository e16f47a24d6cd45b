// tests/server/copy_test.cpp — `complaint-server copy --from PATH --to postgresql://…` (issue 23 item 3,
// DESIGN §4 "Several servers"): a SQLite deployment with a complaint, its photo, staff, their audit
// trail and the messages sent moves into an empty PostgreSQL database, and a server on PostgreSQL
// then answers the customer's token, the staff member's token, the list's filters, the photo's bytes
// and new filings as the SQLite one did. A target that holds data, or a missing source, is refused
// with exit status 1 and nothing copied.
#include "tests/server/pg_instance.h"
#include "tests/server/server_process.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

const std::string kPhoto = std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) + std::string(80, '\x03');

TEST(Copy, ASqliteDeploymentMovesIntoAnEmptyPostgresqlDatabaseWholeAndChecked) {
  PgInstance& pg = PgInstance::shared();
  ASSERT_TRUE(pg.ok()) << pg.error();
  const std::string target = pg.fresh_database();
  ASSERT_FALSE(target.empty()) << pg.error();
  const auto keep = make_temp_dir();
  const std::string sqlite_db = (keep / "complaints.db").string();
  std::string no, access, staff, photo, view;
  {
    TestServer s([&](server::Config& c) { c.db = sqlite_db; });  // SQLite, whatever CW_TEST_DB says
    staff = s.staff_token("supervisor", "李四");
    auto up = s.client()->Post("/api/v1/uploads", kPhoto, "image/png");
    ASSERT_TRUE(up && up->status == 201);
    photo = str(parse(up->body)["id"]);
    Json f = filing();
    f["evidence"] = Json::array({photo});
    const Json filed = s.file(f);
    no = str(filed["acceptance_no"]);
    access = str(filed["access_token"]);
    auto acted = s.post("/api/v1/staff/complaints/" + no + "/actions", {{"action", "accept"}}, bearer(staff));
    ASSERT_EQ(acted->status, 200) << acted->body;
    auto v = s.get("/api/v1/complaints/" + no, bearer(access));
    ASSERT_EQ(v->status, 200);
    Json j = parse(v->body);
    j.erase("server_time");
    view = j.dump();
  }

  const auto [status, out] = run_server_command({"copy", "--from", sqlite_db, "--to", target});
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("complaints\t1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("upload files\t1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("staff\t1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("every table checked"), std::string::npos) << out;

  {
    TestServer t([&](server::Config& c) { c.db = target; });
    // The customer's view, by the customer's own token, as it was.
    auto v = t.get("/api/v1/complaints/" + no, bearer(access));
    ASSERT_EQ(v->status, 200) << v->body;
    Json j = parse(v->body);
    j.erase("server_time");
    EXPECT_EQ(j.dump(), view);
    // The staff member's token, the list rebuilt (two fixed filters), the photo's bytes.
    auto list = t.get("/api/v1/staff/complaints?category=billing&channel=web", bearer(staff));
    ASSERT_EQ(list->status, 200) << list->body;
    ASSERT_EQ(parse(list->body)["items"].size(), 1u) << list->body;
    EXPECT_EQ(parse(list->body)["items"][0]["acceptance_no"], no);
    auto bytes = t.get("/api/v1/staff/uploads/" + photo, bearer(staff));
    ASSERT_EQ(bytes->status, 200);
    EXPECT_TRUE(bytes->body == kPhoto);
    // New cases and audit rows take ids after the copied ones.
    EXPECT_NE(str(t.file()["acceptance_no"]), "");
    auto d = t.get("/api/v1/staff/complaints/" + no, bearer(staff));
    ASSERT_EQ(d->status, 200) << d->body;
    EXPECT_GE(parse(d->body)["audit"].size(), 2u);  // the accept copied, this read added
  }

  // Never into a database that holds data; never from nothing.
  EXPECT_EQ(run_server_command({"copy", "--from", sqlite_db, "--to", target}).first, 1);
  EXPECT_EQ(run_server_command({"copy", "--from", (keep / "none.db").string(), "--to", pg.fresh_database()}).first, 1);
  EXPECT_EQ(run_server_command({"copy", "--from", sqlite_db}).first, 2);
  std::error_code ec;
  std::filesystem::remove_all(keep, ec);
}

}  // namespace
}  // namespace cw::test
