// tests/server/storage_test.cpp — the storage port on both backends from one source (issue 23):
// SQLite and PostgreSQL (a throwaway server, tests/server/pg_instance.h) answer the same tests —
// schema version, foreign keys, rollback, version guards, the write counter, every table's methods,
// concurrent writers — and SQLite's own: WAL and the migrations of older files.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "server/crypto.h"
#include "server/search.h"
#include "server/storage.h"
#include "tests/server/pg_instance.h"
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

TEST(Storage, SqliteUsesWal) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  { ASSERT_TRUE(server::open_sqlite_storage(db).ok()); }
  EXPECT_EQ(pragma(db, "journal_mode"), "wal");
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
  EXPECT_EQ(s.value()->schema_version(), 11);
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
  EXPECT_EQ(s.value()->schema_version(), 11);
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

// [SECTION] Both backends ---------------------------------------------------------------------------
// Every test below runs on SQLite and on PostgreSQL. Without PostgreSQL's programs the PostgreSQL
// cases fail, saying so: they are never skipped quietly.
class StorageTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (postgres()) {
      PgInstance& pg = PgInstance::shared();
      ASSERT_TRUE(pg.ok()) << pg.error();
      db_ = pg.fresh_database();
      ASSERT_FALSE(db_.empty()) << pg.error();
    } else {
      dir_ = make_temp_dir();
      db_ = (dir_ / "c.db").string();
    }
    storage_ = open();
    ASSERT_TRUE(storage_);
  }
  void TearDown() override {
    storage_.reset();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  bool postgres() const { return GetParam() == "postgresql"; }
  // Another handle on the same database (PostgreSQL: what a second server would have).
  std::unique_ptr<server::Storage> open() {
    auto s = server::open_storage(db_, 4);
    EXPECT_TRUE(s.ok()) << code_id(s.code());
    return s.ok() ? std::move(s).value() : nullptr;
  }
  server::Storage& st() { return *storage_; }

  // Runs `work` in a write (or read) transaction and expects it to succeed.
  void write(const server::Storage::Work& work) { ASSERT_TRUE(st().write(work).ok()); }
  void read(const server::Storage::Work& work) { ASSERT_TRUE(st().read(work).ok()); }

  std::string db_;
  std::filesystem::path dir_;
  std::unique_ptr<server::Storage> storage_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StorageTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

// A listed complaint with search terms (what file_case writes).
server::ComplaintRecord record(const std::string& no, const std::string& phone, std::int64_t deadline,
                               const std::string& problem) {
  server::ComplaintRecord r;
  r.acceptance_no = no;
  r.status = "received";
  r.phone_key = phone;
  r.filed_at = 1000;
  r.updated_at = 1000;
  r.doc = "{\"n\":\"" + no + "\"}";
  r.category = "billing";
  r.business_type = "mobile";
  r.channel = "web";
  r.next_deadline = deadline;
  r.service_key = server::service_key(phone);
  r.words = server::search_words(problem, "");
  return r;
}

// Unwraps a Result inside a transaction: its value, or the transaction ends with its error.
#define CW_TRY(var, expr)            \
  auto var##_r = (expr);             \
  if (!var##_r) return var##_r.error(); \
  auto var = std::move(var##_r).value()

TEST_P(StorageTest, SchemaVersionHealthAndMigrationsThatRunOnce) {
  // 2: the notifier's outbox (issue 20); 3: lookup by phone; 4: staff token expiry (issue 21);
  // 5: the manager role (issue 22); 6: uploads attached, holds (retention, issue 21 finding 7);
  // 7: the staff list's filters and search (issue 22 item 1); 8: the per-contact cap on messages
  // (issue 21); 9: one-character search (issue 22 item 1); 10: the fixed filters as search terms
  // (issue 22 item 1); 11: the rate buckets several servers share (issue 23; a number only on
  // SQLite). PostgreSQL begins at 9.
  EXPECT_EQ(st().schema_version(), 11);
  EXPECT_TRUE(st().healthy());
  storage_.reset();
  auto again = open();  // migrating an up-to-date database is a no-op
  ASSERT_TRUE(again);
  EXPECT_EQ(again->schema_version(), 11);
  EXPECT_TRUE(again->healthy());
}

// A PostgreSQL database made at schema 7 (before the per-contact cap) is brought to 11 at the next
// start: the outbox's contact columns and their index are added, old rows count against nothing.
TEST(Storage, PostgresqlMigration8AddsTheOutboxsContactColumns) {
  PgInstance& pg = PgInstance::shared();
  ASSERT_TRUE(pg.ok()) << pg.error();
  const std::string db = pg.fresh_database();
  ASSERT_FALSE(db.empty()) << pg.error();
  { ASSERT_TRUE(server::open_storage(db, 2).ok()); }
  ASSERT_TRUE(pg.exec(db.substr(db.rfind('/') + 1), R"SQL(
    DROP INDEX notifications_by_contact; ALTER TABLE notifications DROP COLUMN to_key;
    ALTER TABLE notifications DROP COLUMN cap_group;
    INSERT INTO notifications(id, kind, acceptance_no, phone, email, channel, lang, text, code, link,
      created_at, give_up_at, state, next_attempt_at)
      VALUES('old', 'status', 'TS-1', '13900000001', '', 'sms', 'zh-CN', 't', '', '', 100, 200, 'sent', 100);
    UPDATE schema_version SET version = 7;)SQL"))
      << pg.error();
  auto s = server::open_storage(db, 2);
  ASSERT_TRUE(s.ok()) << code_id(s.code());
  EXPECT_EQ(s.value()->schema_version(), 11);
  ASSERT_TRUE(s.value()->read([](server::Tx& tx) -> Result<void> {
                  auto n = tx.count_notifications_to("13900000001", "case", 0);
                  if (!n) return n.error();
                  EXPECT_EQ(n.value(), 0);  // the row from before has no budget
                  auto all = tx.list_notifications("", 10);
                  if (!all) return all.error();
                  EXPECT_EQ(all.value().size(), 1u);
                  return {};
                }).ok());
}

TEST_P(StorageTest, ForeignKeysHold) {
  // A token for a complaint that does not exist violates the foreign key.
  EXPECT_FALSE(st().write([](server::Tx& tx) {
                     return tx.insert_token("access", "h", server::TokenRecord{424242, 1, 0});
                   }).ok());
  // The store still works afterwards (the failed transaction was rolled back).
  write([](server::Tx& tx) { return tx.put_lookup_guard("k", server::LookupGuard{1, 2, 3, 4}); });
}

TEST_P(StorageTest, FailedWorkRollsBackAndVersionsGuardUpdates) {
  Result<void> w = st().write([](server::Tx& tx) -> Result<void> {
    CW_TRY(id, tx.insert_complaint(record("TS-260105-7K3M9QXZ-2", "13912345678", 5000, "网速很慢")));
    (void)id;
    return Errc::http_conflict;  // something later failed: nothing may stay
  });
  EXPECT_EQ(w.code(), Errc::http_conflict);
  bool found = true;
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(f, tx.find_complaint("TS-260105-7K3M9QXZ-2"));
    found = f.has_value();
    return {};
  });
  EXPECT_FALSE(found);

  server::ComplaintRecord rec = record("TS-260105-7K3M9QXZ-2", "13912345678", 5000, "网速很慢");
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(id, tx.insert_complaint(rec));
    rec.id = id;
    rec.version = 1;
    return {};
  });
  rec.status = "accepted";
  write([&](server::Tx& tx) { return tx.update_complaint(rec); });
  // The same stale version again: someone else wrote in between.
  EXPECT_EQ(st().write([&](server::Tx& tx) { return tx.update_complaint(rec); }).code(), Errc::http_conflict);
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(f, tx.find_complaint("TS-260105-7K3M9QXZ-2"));
    EXPECT_TRUE(f.has_value());
    if (!f) return {};
    EXPECT_EQ(f->version, 2);
    EXPECT_EQ(f->status, "accepted");
    EXPECT_EQ(f->doc, rec.doc);
    EXPECT_FALSE(f->purged);
    return {};
  });
}

// Storage::generation() moves after every committed write and not after a read; on PostgreSQL a
// write through another handle (another server) moves it too, so no server answers from a stale
// cached view (view_cache.h).
TEST_P(StorageTest, WriteCounterMovesWithEveryCommit) {
  const std::uint64_t g0 = st().generation();
  write([](server::Tx& tx) { return tx.put_lookup_guard("k", server::LookupGuard{1, 0, 0, 0}); });
  const std::uint64_t g1 = st().generation();
  EXPECT_NE(g1, g0);
  read([](server::Tx& tx) -> Result<void> { return tx.lookup_guard("k").ok() ? Result<void>() : Errc::server_error; });
  EXPECT_EQ(st().generation(), g1);
  if (postgres()) {
    auto other = open();
    ASSERT_TRUE(other);
    ASSERT_TRUE(other->write([](server::Tx& tx) { return tx.put_lookup_guard("k", server::LookupGuard{2, 0, 0, 0}); }).ok());
    EXPECT_NE(st().generation(), g1);
  }
}

TEST_P(StorageTest, StaffListFiltersSearchTermsAndKeysetPages) {
  std::vector<server::ComplaintRecord> recs = {
      record("TS-260105-AAAAAAAA-1", "13900000001", 3000, "网速很慢 5G"),
      record("TS-260105-BBBBBBBB-2", "13900000002", 1000, "账单多扣费"),
      record("TS-260105-CCCCCCCC-3", "13900000001", 2000, "网络断线"),
  };
  recs[2].owner = "张三";
  recs[2].escalation_level = 2;
  recs[2].filed_at = 5000;
  write([&](server::Tx& tx) -> Result<void> {
    for (auto& r : recs) {
      CW_TRY(id, tx.insert_complaint(r));
      r.id = id;
      r.version = 1;
    }
    return {};
  });
  const auto search = [&](server::ComplaintFilter f) {
    std::vector<std::string> out;
    read([&](server::Tx& tx) -> Result<void> {
      CW_TRY(rows, tx.search_complaints(f));
      for (const auto& r : rows) out.push_back(r.acceptance_no.substr(10, 1));
      return {};
    });
    return out;
  };
  using V = std::vector<std::string>;
  server::ComplaintFilter all;
  EXPECT_EQ(search(all), (V{"B", "C", "A"}));  // next deadline first
  server::ComplaintFilter overdue;
  overdue.now = 2500;
  overdue.overdue = true;
  EXPECT_EQ(search(overdue), (V{"B", "C"}));
  overdue.overdue = false;
  EXPECT_EQ(search(overdue), (V{"A"}));
  server::ComplaintFilter words;
  words.match = server::search_match("网").value();  // a single character: terms that begin with it
  EXPECT_EQ(search(words), (V{"C", "A"}));
  words.match = server::search_match("网速 5g").value();
  EXPECT_EQ(search(words), (V{"A"}));
  words.match = server::search_match("速网").value();  // a phrase: the pair must occur as such
  EXPECT_EQ(search(words), V{});
  server::ComplaintFilter phone;
  phone.phone_key = "13900000001";
  EXPECT_EQ(search(phone), (V{"C", "A"}));
  server::ComplaintFilter service;
  service.service_key = server::service_key("13900000002");
  EXPECT_EQ(search(service), (V{"B"}));
  server::ComplaintFilter owner;
  owner.owner = "张三";
  owner.level = 2;
  owner.category = "billing";
  owner.status = "received";
  EXPECT_EQ(search(owner), (V{"C"}));
  server::ComplaintFilter dates;
  dates.filed_from = 4000;
  dates.filed_to = 6000;
  EXPECT_EQ(search(dates), (V{"C"}));
  server::ComplaintFilter page;
  page.limit = 2;
  EXPECT_EQ(search(page), (V{"B", "C"}));
  page.after_deadline = 2000;
  page.after_id = recs[2].id;
  EXPECT_EQ(search(page), (V{"A"}));

  // A later write without terms keeps them; a purge drops the terms and the service key.
  recs[0].words.clear();
  recs[0].next_deadline = 500;
  write([&](server::Tx& tx) { return tx.update_complaint(recs[0]); });
  words.match = server::search_match("网速").value();
  EXPECT_EQ(search(words), (V{"A"}));
  EXPECT_EQ(search(all), (V{"A", "B", "C"}));
  recs[0].version = 2;
  recs[0].purged = true;
  recs[0].phone_key.clear();
  write([&](server::Tx& tx) { return tx.update_complaint(recs[0]); });
  EXPECT_EQ(search(words), V{});
  EXPECT_EQ(search(phone), (V{"C"}));
  server::ComplaintFilter service_a;  // A's and C's service number: only C keeps its key
  service_a.service_key = recs[0].service_key;
  EXPECT_EQ(search(service_a), (V{"C"}));
  EXPECT_EQ(search(all), (V{"A", "B", "C"}));  // still listed and counted

  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(by_phone, tx.list_complaints_by_phone("13900000001", 10));
    EXPECT_EQ(by_phone.size(), 1u);
    CW_TRY(received, tx.list_complaints("received", 0, 10));
    EXPECT_EQ(received.size(), 3u);
    CW_TRY(after, tx.list_complaints("", recs[1].id, 10));
    EXPECT_EQ(after.size(), 1u);
    return {};
  });
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(unindexed, tx.list_unindexed(0, 10));  // nothing older than the list here
    EXPECT_TRUE(unindexed.empty());
    return {};
  });
}

TEST_P(StorageTest, RetentionListsExpiredCasesButNotHeldOnes) {
  server::ComplaintRecord a = record("TS-260105-AAAAAAAA-1", "13900000001", 3000, "a");
  server::ComplaintRecord b = record("TS-260105-BBBBBBBB-2", "13900000002", 3000, "b");
  a.closed_at = 100;
  b.closed_at = 200;
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(ida, tx.insert_complaint(a));
    CW_TRY(idb, tx.insert_complaint(b));
    a.id = ida;
    return tx.put_hold(idb, 0);  // held until released
  });
  const auto expired = [&](std::int64_t now) {
    std::vector<std::string> out;
    read([&](server::Tx& tx) -> Result<void> {
      CW_TRY(rows, tx.list_expired(1000, now, 10));
      for (const auto& r : rows) out.push_back(r.acceptance_no);
      return {};
    });
    return out;
  };
  EXPECT_EQ(expired(500), std::vector<std::string>{"TS-260105-AAAAAAAA-1"});
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(f, tx.find_complaint("TS-260105-BBBBBBBB-2"));
    return tx.put_hold(f->id, 400);  // held until 400
  });
  EXPECT_EQ(expired(300).size(), 1u);
  EXPECT_EQ(expired(500).size(), 2u);
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(f, tx.find_complaint("TS-260105-BBBBBBBB-2"));
    return tx.delete_hold(f->id);
  });
  EXPECT_EQ(expired(300).size(), 2u);
}

TEST_P(StorageTest, IdempotencyAnswersAreKeptAndAgeOut) {
  write([](server::Tx& tx) { return tx.put_idempotency("file", "k1", {"h1", 201, "{\"a\":1}"}, 100); });
  write([](server::Tx& tx) { return tx.put_idempotency("file", "k2", {"h2", 201, "{}"}, 300); });
  // The same (scope, key) twice is refused: the first answer stays.
  EXPECT_FALSE(st().write([](server::Tx& tx) { return tx.put_idempotency("file", "k1", {"x", 200, "{}"}, 400); }).ok());
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(f, tx.find_idempotency("file", "k1"));
    EXPECT_TRUE(f.has_value());
    if (f) {
      EXPECT_EQ(f->request_hash, "h1");
      EXPECT_EQ(f->status, 201);
      EXPECT_EQ(f->body, "{\"a\":1}");
    }
    CW_TRY(other_scope, tx.find_idempotency("supplement:x", "k1"));
    EXPECT_FALSE(other_scope.has_value());
    return {};
  });
  write([](server::Tx& tx) { return tx.delete_idempotency_before(200); });
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(k1, tx.find_idempotency("file", "k1"));
    CW_TRY(k2, tx.find_idempotency("file", "k2"));
    EXPECT_FALSE(k1.has_value());
    EXPECT_TRUE(k2.has_value());
    return {};
  });
}

// Upload records and their bytes (server/storage.h [upload bytes]): attached or orphaned, bytes kept
// while a record names them, binary-safe.
TEST_P(StorageTest, UploadsAttachPurgeAndKeepTheirBytes) {
  const std::string bytes = std::string("\x89PNG\r\n\x1a\n\0\xff", 10) + "tail";
  const std::string sha = server::sha256_hex(bytes);
  ASSERT_TRUE(st().put_upload_bytes(sha, bytes).ok());
  ASSERT_TRUE(st().put_upload_bytes(sha, bytes).ok());  // the same bytes again: kept once
  write([&](server::Tx& tx) -> Result<void> {
    if (auto a = tx.insert_upload({"u_a", sha, "image/png", 14, 100}); !a) return a;
    return tx.insert_upload({"u_b", sha, "image/png", 14, 200});
  });
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(u, tx.find_upload("u_a"));
    EXPECT_TRUE(u.has_value());
    if (u) {
      EXPECT_EQ(u->sha256, sha);
      EXPECT_EQ(u->type, "image/png");
      EXPECT_EQ(u->size, 14);
      EXPECT_EQ(u->created_at, 100);
    }
    CW_TRY(n, tx.count_uploads_with_sha(sha));
    EXPECT_EQ(n, 2);
    CW_TRY(orphans, tx.list_unattached_uploads(150, 10));
    EXPECT_EQ(orphans.size(), 1u);
    return {};
  });
  write([](server::Tx& tx) { return tx.attach_upload("u_a"); });
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(orphans, tx.list_unattached_uploads(1000, 10));
    EXPECT_EQ(orphans.size(), 1u);
    if (!orphans.empty()) {
      EXPECT_EQ(orphans[0].id, "u_b");
    }
    return {};
  });
  auto got = st().upload_bytes(sha);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got.value().has_value());
  EXPECT_EQ(*got.value(), bytes);
  // Named by records: dropping keeps them.
  EXPECT_TRUE(st().drop_upload_bytes(sha).ok());
  EXPECT_TRUE(st().upload_bytes(sha).value().has_value());
  write([](server::Tx& tx) -> Result<void> {
    if (auto d = tx.delete_upload("u_a"); !d) return d;
    return tx.delete_upload("u_b");
  });
  EXPECT_TRUE(st().drop_upload_bytes(sha).ok());
  auto gone = st().upload_bytes(sha);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone.value().has_value());
}

TEST_P(StorageTest, TokensCodesAndLookupGuards) {
  std::int64_t id = 0;
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(i, tx.insert_complaint(record("TS-260105-AAAAAAAA-1", "13900000001", 3000, "a")));
    id = i;
    if (auto t = tx.insert_token("survey", "th", {id, 500, 0}); !t) return t;
    if (auto c = tx.put_lookup_code(id, {"ch", 400, 0}); !c) return c;
    if (auto c = tx.put_lookup_code(id, {"ch2", 450, 1}); !c) return c;  // one live code: replaced
    if (auto c = tx.count_lookup_try(id); !c) return c;
    if (auto p = tx.put_phone_code("13900000001", {"ph", 400, 0}); !p) return p;
    if (auto p = tx.count_phone_try("13900000001"); !p) return p;
    if (auto p = tx.insert_phone_token("pt", {"13900000001", 600}); !p) return p;
    if (auto g = tx.put_lookup_guard("no:x", {10, 1, 2, 0}); !g) return g;
    if (auto g = tx.put_lookup_guard("no:x", {10, 2, 3, 99}); !g) return g;  // replaced
    return tx.use_token("survey", "th", 42);
  });
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(t, tx.find_token("survey", "th"));
    EXPECT_TRUE(t.has_value());
    if (t) {
      EXPECT_EQ(t->complaint_id, id);
      EXPECT_EQ(t->expires_at, 500);
      EXPECT_EQ(t->used_at, 42);
    }
    CW_TRY(wrong_kind, tx.find_token("access", "th"));
    EXPECT_FALSE(wrong_kind.has_value());
    CW_TRY(code, tx.find_lookup_code(id));
    EXPECT_TRUE(code.has_value());
    if (code) {
      EXPECT_EQ(code->code_hash, "ch2");
      EXPECT_EQ(code->tries, 2);
    }
    CW_TRY(pc, tx.find_phone_code("13900000001"));
    EXPECT_TRUE(pc.has_value());
    if (pc) {
      EXPECT_EQ(pc->tries, 1);
    }
    CW_TRY(ptok, tx.find_phone_token("pt"));
    EXPECT_TRUE(ptok.has_value());
    if (ptok) {
      EXPECT_EQ(ptok->phone_key, "13900000001");
    }
    CW_TRY(g, tx.lookup_guard("no:x"));
    EXPECT_EQ(g.codes, 2);
    EXPECT_EQ(g.failures, 3);
    EXPECT_EQ(g.locked_until, 99);
    CW_TRY(none, tx.lookup_guard("no:y"));
    EXPECT_EQ(none.window_start, 0);
    return {};
  });
  write([&](server::Tx& tx) -> Result<void> {
    if (auto d = tx.delete_tokens(id); !d) return d;  // tokens and the number's code
    return tx.delete_expired_phone_grants(100'000);
  });
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(t, tx.find_token("survey", "th"));
    CW_TRY(code, tx.find_lookup_code(id));
    CW_TRY(pc, tx.find_phone_code("13900000001"));
    CW_TRY(ptok, tx.find_phone_token("pt"));
    CW_TRY(g, tx.lookup_guard("no:x"));
    EXPECT_FALSE(t.has_value());
    EXPECT_FALSE(code.has_value());
    EXPECT_FALSE(pc.has_value());
    EXPECT_FALSE(ptok.has_value());
    EXPECT_EQ(g.window_start, 0);
    return {};
  });
}

TEST_P(StorageTest, StaffTokensAndTheAuditTrail) {
  std::int64_t li = 0;
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(a, tx.insert_staff("李四", "supervisor", "h1", 100, 0));
    CW_TRY(b, tx.insert_staff("李四", "agent", "h2", 101, 5000));
    CW_TRY(c, tx.insert_staff("王五", "manager", "h3", 102, 0));
    EXPECT_LT(a, b);
    EXPECT_LT(b, c);
    li = a;
    return tx.insert_audit({103, a, "", "", "TS-260105-AAAAAAAA-1", "accept", "ok", "subject"});
  });
  EXPECT_FALSE(st().write([](server::Tx& tx) { return tx.insert_staff("x", "boss", "h9", 1, 0).ok() ? Result<void>() : Errc::server_error; }).ok());
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(one, tx.revoke_staff("h3", 200));
    EXPECT_TRUE(one);
    CW_TRY(again, tx.revoke_staff("h3", 201));
    EXPECT_FALSE(again);
    CW_TRY(named, tx.revoke_staff_named("李四", 202));
    EXPECT_EQ(named, 2);
    CW_TRY(by_id, tx.revoke_staff_id(li, 203));
    EXPECT_EQ(by_id, 0);
    return {};
  });
  read([&](server::Tx& tx) -> Result<void> {
    CW_TRY(s, tx.find_staff("h2"));
    EXPECT_TRUE(s.has_value());
    if (s) {
      EXPECT_EQ(s->name, "李四");
      EXPECT_EQ(s->role, "agent");
      EXPECT_TRUE(s->revoked);
      EXPECT_EQ(s->revoked_at, 202);
      EXPECT_EQ(s->expires_at, 5000);
    }
    CW_TRY(all, tx.list_staff());
    EXPECT_EQ(all.size(), 3u);
    CW_TRY(audit, tx.list_audit("TS-260105-AAAAAAAA-1"));
    EXPECT_EQ(audit.size(), 1u);
    if (!audit.empty()) {
      EXPECT_EQ(audit[0].staff_name, "李四");
      EXPECT_EQ(audit[0].role, "supervisor");
      EXPECT_EQ(audit[0].subject, "subject");
    }
    return {};
  });
}

server::NotificationRecord message(const std::string& id, std::int64_t due) {
  server::NotificationRecord n;
  n.id = id;
  n.kind = "status";
  n.acceptance_no = "TS-260105-AAAAAAAA-1";
  n.phone = "13900000001";
  n.channel = "sms";
  n.lang = "zh-CN";
  n.text = "text " + id;
  n.code = "123456";
  n.created_at = due;
  n.give_up_at = due + 86400;
  n.next_attempt_at = due;
  return n;
}

TEST_P(StorageTest, OutboxClaimsEachDueMessageOnceUntilItsHoldEnds) {
  write([](server::Tx& tx) -> Result<void> {
    for (auto& n : {message("n3", 30), message("n1", 10), message("n2", 20), message("later", 500)})
      if (auto i = tx.insert_notification(n); !i) return i;
    return {};
  });
  const auto claim = [&](std::int64_t now, std::int64_t until) {
    std::vector<std::string> ids;
    write([&](server::Tx& tx) -> Result<void> {
      CW_TRY(rows, tx.claim_notifications(now, until, 10));
      for (const auto& r : rows) {
        ids.push_back(r.id);
        EXPECT_EQ(r.claimed_until, until);
      }
      return {};
    });
    return ids;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(claim(100, 160), (V{"n1", "n2", "n3"}));  // oldest due first
  EXPECT_EQ(claim(110, 170), V{});                      // held by the first sender
  EXPECT_EQ(claim(160, 220), (V{"n1", "n2", "n3"}));  // that sender died: sent again, same ids
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(due, tx.next_notification_due());
    EXPECT_EQ(due, 220);
    return {};
  });
  server::NotificationRecord sent = message("n1", 10);
  sent.state = "sent";
  sent.attempts = 1;
  sent.done_at = 170;
  sent.text.clear();
  sent.code.clear();
  write([&](server::Tx& tx) { return tx.finish_attempt(sent, {170, "ok"}); });
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(done, tx.list_notifications("sent", 10));
    EXPECT_EQ(done.size(), 1u);
    if (!done.empty()) {
      EXPECT_EQ(done[0].id, "n1");
      EXPECT_EQ(done[0].attempts, 1);
      EXPECT_EQ(done[0].code, "");  // secrets blanked
    }
    CW_TRY(all, tx.list_notifications("", 10));
    EXPECT_EQ(all.size(), 4u);
    if (all.size() == 4u) {
      EXPECT_EQ(all[0].id, "later");  // newest first
    }
    CW_TRY(tries, tx.list_attempts("n1"));
    EXPECT_EQ(tries.size(), 1u);
    if (!tries.empty()) {
      EXPECT_EQ(tries[0].outcome, "ok");
    }
    return {};
  });
  write([](server::Tx& tx) { return tx.delete_notifications("TS-260105-AAAAAAAA-1"); });
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(all, tx.list_notifications("", 10));
    EXPECT_TRUE(all.empty());
    return {};
  });
}

// The per-contact daily cap's measure (server/outbox.h): messages of one budget to one contact
// created after `since`; capped ones, other budgets, other contacts and uncapped (staff) ones not.
TEST_P(StorageTest, CountsMessagesToAContactPerBudgetSinceATime) {
  const auto to = [](const std::string& id, std::int64_t at, const std::string& key, const std::string& group) {
    server::NotificationRecord n = message(id, at);
    n.to_key = key;
    n.cap_group = group;
    return n;
  };
  server::NotificationRecord capped = to("capped", 250, "13900000001", "case");
  capped.state = "failed";
  capped.last_error = "capped";
  write([&](server::Tx& tx) -> Result<void> {
    for (const auto& n : {to("a", 100, "13900000001", "case"), to("b", 200, "13900000001", "case"),
                          to("c", 300, "13900000001", "case"), capped, to("code", 200, "13900000001", "code"),
                          to("other", 200, "13900000002", "case"), to("staff", 200, "13900000001", ""),
                          to("mail", 200, "email:a@example.com", "case")})
      if (auto i = tx.insert_notification(n); !i) return i;
    return {};
  });
  const auto count = [&](const std::string& key, const std::string& group, std::int64_t since, bool writing) {
    int n = -1;
    const server::Storage::Work work = [&](server::Tx& tx) -> Result<void> {
      CW_TRY(c, tx.count_notifications_to(key, group, since));
      n = c;
      return {};
    };
    if (writing) write(work); else read(work);
    return n;
  };
  for (bool writing : {false, true}) {
    EXPECT_EQ(count("13900000001", "case", 99, writing), 3);   // a, b, c; the capped one not
    EXPECT_EQ(count("13900000001", "case", 100, writing), 2);  // created after `since` only
    EXPECT_EQ(count("13900000001", "case", 300, writing), 0);
    EXPECT_EQ(count("13900000001", "code", 0, writing), 1);
    EXPECT_EQ(count("13900000002", "case", 0, writing), 1);
    EXPECT_EQ(count("email:a@example.com", "case", 0, writing), 1);
    EXPECT_EQ(count("13900000001", "", 0, writing), 0);  // the operator's own word counts against nothing
  }
  read([](server::Tx& tx) -> Result<void> {  // the columns come back as written
    CW_TRY(all, tx.list_notifications("failed", 10));
    EXPECT_EQ(all.size(), 1u);
    if (!all.empty()) {
      EXPECT_EQ(all[0].to_key, "13900000001");
      EXPECT_EQ(all[0].cap_group, "case");
      EXPECT_EQ(all[0].last_error, "capped");
    }
    return {};
  });
}

// Filings on several servers (PostgreSQL) name the same phone at once: each counts the contact's
// messages and sends one if under the cap (server/outbox.cpp enqueue). Exactly the cap get through.
TEST_P(StorageTest, ConcurrentMessagesToOneContactStayWithinItsCap) {
  std::vector<std::unique_ptr<server::Storage>> servers;
  servers.push_back(open());
  servers.push_back(open());
  std::atomic<int> sent{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      Result<void> w = servers[t % 2]->write([&](server::Tx& tx) -> Result<void> {
        CW_TRY(before, tx.count_notifications_to("13900000001", "case", 0));
        if (before >= 5) return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a wide window for a race
        server::NotificationRecord n = message("m" + std::to_string(t), 100);
        n.to_key = "13900000001";
        n.cap_group = "case";
        ++sent;
        return tx.insert_notification(n);
      });
      EXPECT_TRUE(w.ok()) << code_id(w.code());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(sent.load(), 5);
  read([](server::Tx& tx) -> Result<void> {
    CW_TRY(n, tx.count_notifications_to("13900000001", "case", 0));
    EXPECT_EQ(n, 5);
    return {};
  });
}

// Senders on several servers (PostgreSQL) or threads claim at once: each message goes to one of them.
TEST_P(StorageTest, ConcurrentSendersClaimEachMessageOnce) {
  constexpr int kMessages = 60;
  write([](server::Tx& tx) -> Result<void> {
    for (int i = 0; i < kMessages; ++i)
      if (auto r = tx.insert_notification(message("m" + std::to_string(i), i)); !r) return r;
    return {};
  });
  std::vector<std::unique_ptr<server::Storage>> servers;
  servers.push_back(open());
  servers.push_back(open());
  std::mutex mu;
  std::vector<std::string> claimed;
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t)
    senders.emplace_back([&, t] {
      server::Storage& s = *servers[t % 2];
      for (int round = 0; round < 10; ++round) {
        std::vector<std::string> mine;
        Result<void> w = s.write([&](server::Tx& tx) -> Result<void> {
          CW_TRY(rows, tx.claim_notifications(1000, 2000, 3));
          for (const auto& r : rows) mine.push_back(r.id);
          return {};
        });
        EXPECT_TRUE(w.ok());
        std::lock_guard lock(mu);
        claimed.insert(claimed.end(), mine.begin(), mine.end());
      }
    });
  for (auto& t : senders) t.join();
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(std::adjacent_find(claimed.begin(), claimed.end()), claimed.end()) << "a message claimed twice";
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kMessages));
}

// SQLite's single writer made every read-then-write atomic; on PostgreSQL the storage locks what a
// write reads first. Concurrent writers that each check a code's tries and count one: exactly 5
// get a try (DESIGN §8: tries are counted in the same transaction as the check), and writers that
// check an idempotency key and then store an answer run one after the other.
TEST_P(StorageTest, ConcurrentReadModifyWritesRunOneAfterTheOther) {
  std::int64_t id = 0;
  write([&](server::Tx& tx) -> Result<void> {
    CW_TRY(i, tx.insert_complaint(record("TS-260105-AAAAAAAA-1", "13900000001", 3000, "a")));
    id = i;
    return tx.put_lookup_code(id, {"ch", 1'000'000, 0});
  });
  std::vector<std::unique_ptr<server::Storage>> servers;
  servers.push_back(open());
  servers.push_back(open());
  std::atomic<int> tries{0}, filed{0}, replayed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      server::Storage& s = *servers[t % 2];
      Result<void> w = s.write([&](server::Tx& tx) -> Result<void> {
        CW_TRY(code, tx.find_lookup_code(id));
        if (!code || code->tries >= 5) return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a wide window for a race
        ++tries;
        return tx.count_lookup_try(id);
      });
      EXPECT_TRUE(w.ok()) << code_id(w.code());
      w = s.write([&](server::Tx& tx) -> Result<void> {
        CW_TRY(seen, tx.find_idempotency("file", "same-key"));
        if (seen) return ++replayed, Result<void>();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ++filed;
        return tx.put_idempotency("file", "same-key", {"h", 201, "{}"}, 1);
      });
      EXPECT_TRUE(w.ok()) << code_id(w.code());
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(tries.load(), 5);
  EXPECT_EQ(filed.load(), 1);
  EXPECT_EQ(replayed.load(), 7);
}

}  // namespace
}  // namespace cw::test
