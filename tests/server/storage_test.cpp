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
    EXPECT_EQ(s.value()->schema_version(), 4);  // 2: the notifier's outbox (issue 20); 3: lookup by phone; 4: staff token expiry (issue 21)
    EXPECT_TRUE(s.value()->healthy());
  }
  EXPECT_EQ(pragma(db, "journal_mode"), "wal");
  {
    auto again = server::open_sqlite_storage(db);  // migrating an up-to-date database is a no-op
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again.value()->schema_version(), 4);
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

}  // namespace
}  // namespace cw::test
