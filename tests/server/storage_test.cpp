// tests/server/storage_test.cpp — the SQLite backend: durability settings (WAL, synchronous=FULL,
// foreign keys), the schema version table, migrations that run once, transactions that roll back.
#include <sqlite3.h>

#include "server/storage.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

std::string pragma(const std::string& db, const std::string& name) {
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(h, ("PRAGMA " + name).c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

TEST(Storage, WalModeVersionTableAndIdempotentMigrations) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  {
    auto s = server::open_sqlite_storage(db);
    ASSERT_TRUE(s.ok());
    // 2: the notifier's outbox (issue 20); 3: lookup by phone; 4: staff token expiry (issue 21);
    // 5: the manager role (issue 22); 6: uploads attached, holds (retention, issue 21 finding 7);
    // 7: the staff list's filters and search (issue 22 item 1)
    EXPECT_EQ(s.value()->schema_version(), 9);
    EXPECT_TRUE(s.value()->healthy());
  }
  EXPECT_EQ(pragma(db, "journal_mode"), "wal");
  {
    auto again = server::open_sqlite_storage(db);  // migrating an up-to-date database is a no-op
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value()->schema_version(), 9);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(Storage, ConnectionsUseFullSyncAndForeignKeys) {
  const auto dir = make_temp_dir();
  auto s = server::open_sqlite_storage((dir / "c.db").string());
  ASSERT_TRUE(s.ok());
  // A token for a complaint that does not exist violates the foreign key.
  Result<void> w = s.value()->write([](server::Tx& tx) {
    return tx.insert_token("access", "h", server::TokenRecord{424242, 1, 0});
  });
  EXPECT_FALSE(w.ok());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(Storage, FailedWorkRollsBackAndVersionsGuardUpdates) {
  const auto dir = make_temp_dir();
  auto s = server::open_sqlite_storage((dir / "c.db").string());
  ASSERT_TRUE(s.ok());
  server::Storage& st = *s.value();
  Result<void> w = st.write([](server::Tx& tx) -> Result<void> {
    server::ComplaintRecord r;
    r.acceptance_no = "TS-260105-7K3M9QXZ-2";
    r.status = "received";
    r.doc = "{}";
    if (auto id = tx.insert_complaint(r); !id) return id.error();
    return Errc::http_conflict;  // something later failed: nothing may stay
  });
  EXPECT_EQ(w.code(), Errc::http_conflict);
  std::optional<server::ComplaintRecord> found;
  ASSERT_TRUE(st.read([&](server::Tx& tx) -> Result<void> {
                  auto f = tx.find_complaint("TS-260105-7K3M9QXZ-2");
                  if (!f) return f.error();
                  found = f.value();
                  return {};
                }).ok());
  EXPECT_FALSE(found.has_value());

  server::ComplaintRecord rec;
  rec.acceptance_no = "TS-260105-7K3M9QXZ-2";
  rec.status = "received";
  rec.doc = "{}";
  ASSERT_TRUE(st.write([&](server::Tx& tx) -> Result<void> {
                  auto id = tx.insert_complaint(rec);
                  if (!id) return id.error();
                  rec.id = id.value();
                  rec.version = 1;
                  return {};
                }).ok());
  ASSERT_TRUE(st.write([&](server::Tx& tx) { return tx.update_complaint(rec); }).ok());
  // The same stale version again: someone else wrote in between.
  EXPECT_EQ(st.write([&](server::Tx& tx) { return tx.update_complaint(rec); }).code(), Errc::http_conflict);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// Runs `sql` on the database file directly (what a version-4 server left behind).
void exec_sql(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

// Migration 5 rebuilds the staff table to allow the manager role (SQLite cannot change a CHECK):
// a version-4 database keeps its staff, their ids and the audit rows that point at them, and the
// foreign keys hold again afterwards.
TEST(Storage, Migration5KeepsStaffAndAuditAndAllowsManagers) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  { ASSERT_TRUE(server::open_sqlite_storage(db).ok()); }
  // Back to version 4: the staff table as it was, one person with an audit row.
  exec_sql(db, R"SQL(
    DROP TABLE complaint_list; DROP TABLE complaint_words; DROP TABLE complaint_list_backfill;
    DROP INDEX notifications_by_contact; ALTER TABLE notifications DROP COLUMN to_key;
    ALTER TABLE notifications DROP COLUMN cap_group;
    DROP TABLE audit; DROP TABLE staff;
    CREATE TABLE staff(id INTEGER PRIMARY KEY, name TEXT NOT NULL,
      role TEXT NOT NULL CHECK(role IN ('agent', 'supervisor')), token_hash TEXT NOT NULL UNIQUE,
      created_at INTEGER NOT NULL, revoked_at INTEGER NOT NULL DEFAULT 0, expires_at INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE audit(id INTEGER PRIMARY KEY, at INTEGER NOT NULL, staff_id INTEGER NOT NULL REFERENCES staff(id),
      acceptance_no TEXT NOT NULL, action TEXT NOT NULL, outcome TEXT NOT NULL);
    CREATE INDEX audit_by_complaint ON audit(acceptance_no, id);
    INSERT INTO staff(id, name, role, token_hash, created_at) VALUES(7, '李四', 'supervisor', 'h7', 100);
    INSERT INTO audit(at, staff_id, acceptance_no, action, outcome) VALUES(101, 7, 'TS-260105-7K3M9QXZ-2', 'accept', 'ok');
    DROP TABLE holds; DROP INDEX uploads_unattached; ALTER TABLE uploads DROP COLUMN attached;
    UPDATE schema_version SET version = 4;)SQL");
  auto s = server::open_sqlite_storage(db);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value()->schema_version(), 9);
  server::Storage& st = *s.value();
  std::vector<server::AuditRecord> audit;
  ASSERT_TRUE(st.read([&](server::Tx& tx) -> Result<void> {
                  auto a = tx.list_audit("TS-260105-7K3M9QXZ-2");
                  if (!a) return a.error();
                  audit = a.value();
                  return {};
                }).ok());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].staff_id, 7);
  EXPECT_EQ(audit[0].staff_name, "李四");
  EXPECT_EQ(audit[0].role, "supervisor");
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  EXPECT_TRUE(server::create_staff_token(st, "manager", "钱总", now).ok());
  EXPECT_FALSE(server::create_staff_token(st, "boss", "x", now).ok());
  // Foreign keys are on again: an audit row for nobody is refused.
  EXPECT_FALSE(st.write([&](server::Tx& tx) {
                   return tx.insert_audit(server::AuditRecord{1, 4242, "", "", "TS-260105-7K3M9QXZ-2", "x", "ok"});
                 }).ok());
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// Migration 6 (issue 21 finding 7): uploads from before it count as attached (whether a case names
// them is not known, and evidence is never lost), and a rejected case's retention starts at its
// rejection (its last update) — so the purge neither takes the old uploads nor misses the case.
TEST(Storage, Migration6KeepsOldUploadsAndDatesRejectedCases) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  { ASSERT_TRUE(server::open_sqlite_storage(db).ok()); }
  exec_sql(db, R"SQL(
    DROP TABLE complaint_list; DROP TABLE complaint_words; DROP TABLE complaint_list_backfill;
    DROP INDEX notifications_by_contact; ALTER TABLE notifications DROP COLUMN to_key;
    ALTER TABLE notifications DROP COLUMN cap_group;
    ALTER TABLE audit DROP COLUMN subject;
    DROP TABLE holds; DROP INDEX uploads_unattached; ALTER TABLE uploads DROP COLUMN attached;
    INSERT INTO uploads(id, sha256, size, type, created_at) VALUES('u_old', 'abc', 3, 'image/png', 10);
    INSERT INTO complaints(acceptance_no, status, phone_key, filed_at, updated_at, doc)
      VALUES('TS-260105-7K3M9QXZ-2', 'rejected', '13912345678', 100, 500, '{}');
    UPDATE schema_version SET version = 5;)SQL");
  auto s = server::open_sqlite_storage(db);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s.value()->schema_version(), 9);
  std::size_t orphans = 99, expired = 99;
  std::int64_t closed_at = 0;
  ASSERT_TRUE(s.value()->read([&](server::Tx& tx) -> Result<void> {
                  auto o = tx.list_unattached_uploads(1'000'000, 10);
                  auto e = tx.list_expired(1'000, 1'000, 10);
                  if (!o || !e) return Errc::server_error;
                  orphans = o.value().size();
                  expired = e.value().size();
                  if (!e.value().empty()) closed_at = e.value()[0].closed_at;
                  return {};
                }).ok());
  EXPECT_EQ(orphans, 0u);
  EXPECT_EQ(expired, 1u);
  EXPECT_EQ(closed_at, 500);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
