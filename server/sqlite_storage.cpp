// server/sqlite_storage.cpp — the SQLite backend of the storage port: WAL, synchronous=FULL, foreign
// keys, versioned migrations, one writer connection and a small pool of read-only connections.
//
// [SECTION] Connection: prepared-statement cache and binding helpers
// [SECTION] Migrations
// [SECTION] SqliteTx: the Tx methods
// [SECTION] SqliteStorage: read/write transactions
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <variant>
#include <vector>

#include "server/storage.h"
#include "server/upload_dir.h"

namespace cw::server {
namespace {

// [SECTION] Connection ---------------------------------------------------------------------------
class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    if (db_) sqlite3_close_v2(db_);
  }

  bool open(const std::string& path, bool read_only) {
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time (our locks)
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"db_open\",\"error\":\"%s\"}\n",
                   db_ ? sqlite3_errmsg(db_) : "out of memory");
      return false;
    }
    sqlite3_busy_timeout(db_, 5000);
    // DESIGN §8: every acknowledged write survives kill -9 and power loss: WAL + synchronous=FULL
    // (NORMAL would fsync only at checkpoints and can lose the last commits on power loss).
    if (!read_only && !exec("PRAGMA journal_mode=WAL")) return false;
    // secure_delete: deleted personal data is overwritten, not left in free pages (DESIGN §8).
    return exec("PRAGMA synchronous=FULL") && exec("PRAGMA foreign_keys=ON") && exec("PRAGMA secure_delete=ON");
  }

  // False once SQLite has ended the transaction by itself (some errors roll the whole of it back).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

  bool exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"db_exec\",\"error\":\"%s\"}\n", err ? err : "?");
      sqlite3_free(err);
      return false;
    }
    return true;
  }

  // A cached statement, reset and unbound, ready for binding. nullptr when preparing failed.
  sqlite3_stmt* stmt(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"db_prepare\",\"error\":\"%s\"}\n",
                   sqlite3_errmsg(db_));
      return nullptr;
    }
    cache_.emplace(sql, st);
    return st;
  }

  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address: one per call site
};

// Binds arguments in order (1-based); a statement without parameters gets none.
inline void bind_one(sqlite3_stmt* st, int i, std::int64_t v) { sqlite3_bind_int64(st, i, v); }
inline void bind_one(sqlite3_stmt* st, int i, int v) { sqlite3_bind_int(st, i, v); }
inline void bind_one(sqlite3_stmt* st, int i, std::string_view v) {
  sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
inline void bind_one(sqlite3_stmt* st, int i, const std::string& v) { bind_one(st, i, std::string_view(v)); }

template <class... A>
void bind_all([[maybe_unused]] sqlite3_stmt* st, const A&... a) {
  int i = 0;
  (bind_one(st, ++i, a), ...);
}

std::string col_text(sqlite3_stmt* st, int i) {
  const unsigned char* p = sqlite3_column_text(st, i);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st, i)))
           : std::string();
}

void log_step_error(Conn& c) {
  std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"db_step\",\"error\":\"%s\"}\n", sqlite3_errmsg(c.db()));
}

// [SECTION] Migrations -----------------------------------------------------------------------------
// Append only: a released migration is never edited; the version table records how far a database is.
const char* const kMigrations[] = {
    // 1: the first schema.
    R"SQL(
CREATE TABLE complaints(
  id INTEGER PRIMARY KEY,
  acceptance_no TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  phone_key TEXT NOT NULL,
  filed_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL DEFAULT 1,
  purged INTEGER NOT NULL DEFAULT 0,
  doc TEXT NOT NULL);
CREATE INDEX complaints_by_status ON complaints(status, id);
CREATE INDEX complaints_by_closed ON complaints(closed_at) WHERE closed_at > 0 AND purged = 0;
CREATE TABLE idempotency(
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(scope, key));
CREATE TABLE uploads(
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  type TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX uploads_by_sha ON uploads(sha256);
CREATE INDEX idempotency_by_age ON idempotency(created_at);
CREATE TABLE tokens(
  kind TEXT NOT NULL CHECK(kind IN ('access', 'survey')),
  token_hash TEXT NOT NULL,
  complaint_id INTEGER NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(kind, token_hash));
CREATE INDEX tokens_by_complaint ON tokens(complaint_id);
CREATE TABLE lookup_codes(
  complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0);
CREATE TABLE staff(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('agent', 'supervisor')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  staff_id INTEGER NOT NULL REFERENCES staff(id),
  acceptance_no TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL);
CREATE INDEX audit_by_complaint ON audit(acceptance_no, id);
)SQL",
    // 2: the notifier's outbox (issue 20) and the customer's language for its texts.
    R"SQL(
ALTER TABLE complaints ADD COLUMN lang TEXT NOT NULL DEFAULT 'zh-CN';
CREATE TABLE notifications(
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  acceptance_no TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  give_up_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER NOT NULL DEFAULT 0,
  done_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX notifications_due ON notifications(next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_by_state ON notifications(state, created_at);
CREATE TABLE notification_attempts(
  id INTEGER PRIMARY KEY,
  notification_id TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL);
CREATE INDEX notification_attempts_by_id ON notification_attempts(notification_id, id);
)SQL",
    // 3: lookup by phone (issue 20 item 5): every complaint of one contact phone, behind a code.
    R"SQL(
CREATE INDEX complaints_by_phone ON complaints(phone_key, id) WHERE purged = 0;
CREATE TABLE phone_codes(
  phone_key TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0);
CREATE TABLE phone_tokens(
  token_hash TEXT PRIMARY KEY,
  phone_key TEXT NOT NULL,
  expires_at INTEGER NOT NULL);
CREATE INDEX phone_tokens_by_expiry ON phone_tokens(expires_at);
CREATE TABLE lookup_guards(
  key TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  codes INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0);
)SQL",
    // 4: staff tokens expire (issue 21: they never did); 0 = a token made before, never expiring.
    R"SQL(
ALTER TABLE staff ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
)SQL",
    // 5: the manager role (issue 22, spec 五(三)). SQLite cannot change a CHECK, so the table is
    // rebuilt with the same rows and ids (audit rows keep pointing at theirs; foreign keys are off
    // while migrations run and checked before the commit).
    R"SQL(
CREATE TABLE staff_new(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('agent', 'supervisor', 'manager')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL DEFAULT 0);
INSERT INTO staff_new(id, name, role, token_hash, created_at, revoked_at, expires_at)
  SELECT id, name, role, token_hash, created_at, revoked_at, expires_at FROM staff;
DROP TABLE staff;
ALTER TABLE staff_new RENAME TO staff;
)SQL",
    // 6: retention covers everything personal (issue 21 finding 7, issue 22 item 7). Uploads are
    // marked when a filing or supplement references them; unattached ones go after 24 hours. Rows
    // from before this migration count as attached: whether a case names them is not known here,
    // and evidence must never be lost (they go with their complaint as before). A rejected case's
    // retention counts from its rejection (updated_at: nothing changes a rejected case but its
    // close). Holds keep a case from the purge.
    R"SQL(
ALTER TABLE uploads ADD COLUMN attached INTEGER NOT NULL DEFAULT 1;
CREATE INDEX uploads_unattached ON uploads(created_at) WHERE attached = 0;
UPDATE complaints SET closed_at = updated_at WHERE status = 'rejected' AND closed_at = 0;
CREATE TABLE holds(
  complaint_id INTEGER PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  until INTEGER NOT NULL);
)SQL",
    // 7: the staff list's filters and search (issue 22 item 1). A narrow table beside the cases holds
    // what the list filters and sorts by (derived from the case at every write), one index per filter
    // in the list's order (overdue first: by next deadline), the service number as a hash only; FTS5
    // over search terms of problem and demand (server/search.h) whose rowid is the list's sort key,
    // so a search walks its matches in the list's order and stops at the page. Cases stored before
    // are indexed by the server at start (open_context), since terms and deadlines come from the core.
    // And what a read audit row was about.
    R"SQL(
CREATE TABLE complaint_list(
  id INTEGER PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  business_type TEXT NOT NULL,
  channel TEXT NOT NULL,
  owner TEXT NOT NULL,
  escalation_level INTEGER NOT NULL,
  filed_at INTEGER NOT NULL,
  next_deadline INTEGER NOT NULL,
  service_key TEXT NOT NULL);
CREATE INDEX complaint_list_by_deadline ON complaint_list(next_deadline, id);
CREATE INDEX complaint_list_by_status ON complaint_list(status, next_deadline, id);
CREATE INDEX complaint_list_by_category ON complaint_list(category, next_deadline, id);
CREATE INDEX complaint_list_by_business_type ON complaint_list(business_type, next_deadline, id);
CREATE INDEX complaint_list_by_channel ON complaint_list(channel, next_deadline, id);
CREATE INDEX complaint_list_by_level ON complaint_list(escalation_level, next_deadline, id);
CREATE INDEX complaint_list_by_owner ON complaint_list(owner, next_deadline, id);
CREATE INDEX complaint_list_by_filed ON complaint_list(filed_at);
CREATE INDEX complaint_list_by_service ON complaint_list(service_key) WHERE service_key <> '';
CREATE VIRTUAL TABLE complaint_words USING fts5(words, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE complaint_list_backfill(pending INTEGER NOT NULL);
INSERT INTO complaint_list_backfill(pending) SELECT EXISTS(SELECT 1 FROM complaints);
ALTER TABLE audit ADD COLUMN subject TEXT NOT NULL DEFAULT '';
)SQL",
    // 8: the per-contact daily cap on messages (issue 21: anyone naming a phone in a filing or a
    // lookup made us text it, without limit). Each message records whom it reaches and which daily
    // budget it counts against; the index answers "how many to this contact since then" from its
    // entries alone. Rows from before count against nothing (their budget is unknown): for one day
    // after the upgrade a contact may get one day's budget more.
    R"SQL(
ALTER TABLE notifications ADD COLUMN to_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN cap_group TEXT NOT NULL DEFAULT '';
CREATE INDEX notifications_by_contact ON notifications(to_key, cap_group, created_at) WHERE cap_group <> '';
)SQL",
    // 9: a search for one Chinese character within the list's budget (issue 22 item 1: < 50 ms over
    // 1,000,000 cases). Such a query is a prefix term ("扣"*: every pair that starts with it, or the
    // run's last character), and without a prefix index FTS5 merges the position lists of every
    // term with that prefix, all of them, before the first row: 75-80 ms of CPU over 1,000,000 rows.
    // An index of each term's first character answers it like one term (~1 ms), walked in the
    // list's order and stopped at the page. The table is rebuilt with the same rows and rowids
    // (FTS5 cannot add a prefix index): ~31 s of CPU per 1,000,000 cases, once, at the upgrade.
    R"SQL(
CREATE VIRTUAL TABLE complaint_words_v9 USING fts5(words, tokenize = 'unicode61 remove_diacritics 2', prefix = '1');
INSERT INTO complaint_words_v9(rowid, words) SELECT rowid, words FROM complaint_words;
DROP TABLE complaint_words;
ALTER TABLE complaint_words_v9 RENAME TO complaint_words;
)SQL",
    // 10: two or more of the fixed filters together, or one with a search, within the list's budget
    // (issue 22 item 1: "category=privacy&channel=letter" 51 ms, "q=流量&channel=social" 74 ms over
    // 1,000,000 cases). An index serves one filter; every other one was checked by reading the list's
    // row of each candidate, ~1,700-5,000 random rows. Channel, category and business type become
    // terms of a second column of the search table (facet_words below: a letter pair and the value
    // in hex, so no value can be mistaken for a word of the text, and a query's terms are kept to the
    // text's column); FTS5 intersects the terms' lists in the list's order and stops at the page.
    // Every listed case has a row now, a purged one with no words. Same rows and rowids, rebuilt
    // (FTS5 cannot add a column): once, at the upgrade. The sort key is sort_key() below.
    R"SQL(
CREATE VIRTUAL TABLE complaint_words_v10 USING fts5(words, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '1');
INSERT INTO complaint_words_v10(rowid, words, facets)
  SELECT k.key, coalesce(w.words, ''), 'ch' || hex(k.channel) || ' ca' || hex(k.category) || ' bt' || hex(k.business_type)
  FROM (SELECT (min(next_deadline, 8589934591) << 28) | id AS key, channel, category, business_type FROM complaint_list) k
  LEFT JOIN complaint_words w ON w.rowid = k.key;
DROP TABLE complaint_words;
ALTER TABLE complaint_words_v10 RENAME TO complaint_words;
)SQL",
    // 11: PostgreSQL's 11 holds the rate buckets every server shares; SQLite's one server keeps them
    // in memory. The number only, so that "schema 11" means the same on both backends.
    "SELECT 1;",
};
constexpr int kSchemaVersion = static_cast<int>(std::size(kMigrations));

int read_version(Conn& c) {
  sqlite3_stmt* st = c.stmt("SELECT version FROM schema_version");
  if (!st) return -1;
  int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_reset(st);
  return v;
}

// True when no row breaks a foreign key (PRAGMA foreign_key_check answers nothing).
bool foreign_keys_hold(Conn& c) {
  sqlite3_stmt* st = c.stmt("PRAGMA foreign_key_check");
  if (!st) return false;
  const bool clean = sqlite3_step(st) == SQLITE_DONE;
  sqlite3_reset(st);
  return clean;
}

// Foreign keys are off while migrations run (a table rebuilt to change a constraint would otherwise
// cascade or refuse its drop; the pragma cannot change inside a transaction) and checked before the
// commit; they are on again afterwards, whatever happened.
bool migrate_steps(Conn& c);
bool migrate(Conn& c) {
  if (!c.exec("PRAGMA foreign_keys=OFF")) return false;
  const bool ok = migrate_steps(c);
  return c.exec("PRAGMA foreign_keys=ON") && ok;
}

bool migrate_steps(Conn& c) {
  if (!c.exec("BEGIN IMMEDIATE")) return false;
  bool ok = c.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
  int v = ok ? read_version(c) : -1;
  if (v < 0 || v > kSchemaVersion) {
    if (v > kSchemaVersion)
      std::fprintf(stderr, "{\"level\":\"error\",\"event\":\"db_newer\",\"version\":%d}\n", v);
    c.exec("ROLLBACK");
    return false;
  }
  for (int i = v; ok && i < kSchemaVersion; ++i) ok = c.exec(kMigrations[i]);
  if (ok && v != kSchemaVersion) {
    ok = c.exec("DELETE FROM schema_version");
    sqlite3_stmt* st = ok ? c.stmt("INSERT INTO schema_version(version) VALUES(?)") : nullptr;
    if (st) {
      bind_all(st, kSchemaVersion);
      ok = sqlite3_step(st) == SQLITE_DONE;
      sqlite3_reset(st);
    } else {
      ok = false;
    }
  }
  ok = ok && foreign_keys_hold(c);
  if (!ok) {
    c.exec("ROLLBACK");
    return false;
  }
  return c.exec("COMMIT");
}

// [SECTION] SqliteTx ---------------------------------------------------------------------------------
// read_complaint reads the columns in this order (the list's columns live in complaint_list):
#define CW_COMPLAINT_COLUMNS \
  "id, acceptance_no, status, phone_key, filed_at, updated_at, closed_at, version, purged, doc, lang"

// The list's sort key, also the rowid of a case's search terms: the next deadline (clamped to 33
// bits, kNoDeadline) above 28 bits of id. Ordered like (next_deadline, id).
constexpr std::int64_t kIdBits = 28;
std::int64_t sort_key(std::int64_t next_deadline, std::int64_t id) {
  return (std::min(next_deadline, kNoDeadline) << kIdBits) | id;
}
static_assert(kNoDeadline == 8589934591 && kIdBits == 28, "schema 10's SQL spells out sort_key()");

// The search table's term of one fixed filter: a letter pair naming the filter, then the value in
// hex (FTS5 folds it to lower case; schema 10 builds the same with SQL's hex()).
std::string facet_term(const char* kind, std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string t = kind;
  for (const unsigned char ch : value) {
    t.push_back(kHex[ch >> 4]);
    t.push_back(kHex[ch & 15]);
  }
  return t;
}
constexpr const char* kChannelTerm = "ch";
constexpr const char* kCategoryTerm = "ca";
constexpr const char* kBusinessTypeTerm = "bt";

// The facets column of a case: its channel, category and business type as terms.
std::string facet_words(std::string_view channel, std::string_view category, std::string_view business_type) {
  return facet_term(kChannelTerm, channel) + ' ' + facet_term(kCategoryTerm, category) + ' ' +
         facet_term(kBusinessTypeTerm, business_type);
}

ComplaintRecord read_complaint(sqlite3_stmt* st) {
  ComplaintRecord r;
  r.id = sqlite3_column_int64(st, 0);
  r.acceptance_no = col_text(st, 1);
  r.status = col_text(st, 2);
  r.phone_key = col_text(st, 3);
  r.filed_at = sqlite3_column_int64(st, 4);
  r.updated_at = sqlite3_column_int64(st, 5);
  r.closed_at = sqlite3_column_int64(st, 6);
  r.version = sqlite3_column_int64(st, 7);
  r.purged = sqlite3_column_int(st, 8) != 0;
  r.doc = col_text(st, 9);
  r.lang = col_text(st, 10);
  return r;
}

// Columns: id, name, role, revoked_at, created_at, expires_at.
StaffRecord read_staff(sqlite3_stmt* st) {
  StaffRecord r{sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2), sqlite3_column_int64(st, 3) != 0};
  r.revoked_at = sqlite3_column_int64(st, 3);
  r.created_at = sqlite3_column_int64(st, 4);
  r.expires_at = sqlite3_column_int64(st, 5);
  return r;
}

class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Conn& c) : c_(c) {}

  // Runs a statement that returns no rows.
  template <class... A>
  Result<void> run(const char* sql, const A&... a) {
    sqlite3_stmt* st = c_.stmt(sql);
    if (!st) return Errc::server_error;
    bind_all(st, a...);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      log_step_error(c_);
      return Errc::server_error;
    }
    return {};
  }

  // Runs a query; calls `row(st)` for each row.
  template <class F, class... A>
  Result<void> query(const char* sql, F&& row, const A&... a) {
    sqlite3_stmt* st = c_.stmt(sql);
    if (!st) return Errc::server_error;
    bind_all(st, a...);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) row(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      log_step_error(c_);
      return Errc::server_error;
    }
    return {};
  }

  Result<std::int64_t> insert_complaint(const ComplaintRecord& r) override {
    auto res = run("INSERT INTO complaints(acceptance_no, status, phone_key, filed_at, updated_at, closed_at, "
                   "version, purged, doc, lang) VALUES(?, ?, ?, ?, ?, ?, 1, 0, ?, ?)",
                   r.acceptance_no, r.status, r.phone_key, r.filed_at, r.updated_at, r.closed_at, r.doc, r.lang);
    if (!res) return res.error();
    ComplaintRecord listed = r;
    listed.id = static_cast<std::int64_t>(sqlite3_last_insert_rowid(c_.db()));
    if (auto w = put_list(listed); !w) return w.error();
    return listed.id;
  }

  Result<std::optional<ComplaintRecord>> find_complaint(std::string_view no) override {
    std::optional<ComplaintRecord> out;
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE acceptance_no = ?",
                     [&](sqlite3_stmt* st) { out = read_complaint(st); }, no);
    if (!res) return res.error();
    return out;
  }

  Result<void> update_complaint(const ComplaintRecord& r) override {
    auto res = run("UPDATE complaints SET status = ?, phone_key = ?, updated_at = ?, closed_at = ?, "
                   "version = version + 1, purged = ?, doc = ?, lang = ? WHERE id = ? AND version = ?",
                   r.status, r.phone_key, r.updated_at, r.closed_at, r.purged ? 1 : 0, r.doc, r.lang, r.id, r.version);
    if (!res) return res;
    if (sqlite3_changes(c_.db()) != 1) return Errc::http_conflict;
    if (!r.purged) return put_list(r);
    // A purged case keeps what the list sorts and counts by, not what names its customer.
    auto old = listed_deadline(r.id);
    if (!old) return old.error();
    if (!old.value()) return {};
    // Its row of search terms keeps the facets (the list still filters it by channel), not the words.
    auto d = run("UPDATE complaint_words SET words = '' WHERE rowid = ?", sort_key(*old.value(), r.id));
    if (!d) return d;
    return run("UPDATE complaint_list SET status = ?, service_key = '' WHERE id = ?", r.status, r.id);
  }

  Result<std::vector<ComplaintRecord>> list_unindexed(std::int64_t after_id, int limit) override {
    std::vector<ComplaintRecord> out;
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id > ? AND "
                     "(SELECT pending FROM complaint_list_backfill) ORDER BY id LIMIT ?",
                     [&](sqlite3_stmt* st) { out.push_back(read_complaint(st)); }, after_id, limit);
    if (!res) return res.error();
    if (out.empty()) {
      if (auto done = run("UPDATE complaint_list_backfill SET pending = 0"); !done) return done.error();
    }
    return out;
  }

  Result<void> index_complaint(const ComplaintRecord& r) override {
    if (!r.purged) return put_list(r);
    ComplaintRecord bare = r;  // what a purge leaves (update_complaint)
    bare.service_key.clear();
    bare.words.clear();
    return put_list(bare);
  }

  Result<std::vector<ComplaintRecord>> search_complaints(const ComplaintFilter& f) override {
    // Step 1 finds the page's ids in the narrow list (and the search terms); step 2 reads those cases.
    std::vector<std::pair<std::int64_t, std::int64_t>> page;  // id, next deadline
    // A range of filing dates of a month or less has two good plans and SQLite cannot tell which:
    // recent days hold open cases, which come first in the list's order (a walk in that order finds
    // the page within a few hundred rows), while a day a year ago holds closed ones at its end (read
    // by date, then sorted). The walk is tried first with a bound on its work (SQLite's progress
    // handler stops it); a walk that ends within it found the true page, one stopped is replaced by
    // the other plan. 1,000,000 cases, "filed in the last 7 days": 304 ms by date then sorted
    // (28,000 rows), 0.1-25 ms walked; "one day a year ago" pays the stopped walk first.
    // A range holding few cases (counted in the date index, up to kSortFew) is read by date at once:
    // sorting them costs less than a walk that would be stopped (a day a year ago: 1,400 of 1,000,000).
    if (!by_terms(f) && narrow_dates(f)) {
      std::int64_t in_range = 0;
      auto counted = query("SELECT COUNT(*) FROM (SELECT 1 FROM complaint_list WHERE filed_at >= ? AND filed_at < ? LIMIT ?)",
                           [&](sqlite3_stmt* st) { in_range = sqlite3_column_int64(st, 0); }, f.filed_from, f.filed_to,
                           std::int64_t{kSortFew + 1});
      if (!counted) return counted.error();
      Result<bool> walked = in_range > kSortFew ? run_page(f, kWalkSteps, page) : Result<bool>(false);
      if (!walked) return walked.error();
      if (!walked.value()) {
        page.clear();
        if (auto r = run_page(f, 0, page); !r) return r.error();
      }
    } else if (auto r = run_page(f, 0, page); !r) {
      return r.error();
    }
    std::vector<ComplaintRecord> out;
    for (const auto& [id, deadline] : page) {
      auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id = ?",
                       [&](sqlite3_stmt* row) { out.push_back(read_complaint(row)); }, id);
      if (!res) return res.error();
      if (!out.empty() && out.back().id == id) out.back().next_deadline = deadline;
    }
    return out;
  }

  // SQLite virtual-machine steps a walk may take (in thousands): ~300 rows, each a page read when
  // cold (the 7 days of 1,000,000 cases took 1,500 steps; a stopped walk costs 5-15 ms).
  static constexpr int kWalkSteps = 5;
  static constexpr int kSortFew = 3000;

  static bool narrow_dates(const ComplaintFilter& f) {
    return f.filed_from && f.filed_to && f.filed_to - f.filed_from <= 31 * 86400;
  }

  // The fixed filters given, as terms of the search table's facets column.
  static std::vector<std::string> facet_filters(const ComplaintFilter& f) {
    std::vector<std::string> out;
    if (!f.channel.empty()) out.push_back(facet_term(kChannelTerm, f.channel));
    if (!f.category.empty()) out.push_back(facet_term(kCategoryTerm, f.category));
    if (!f.business_type.empty()) out.push_back(facet_term(kBusinessTypeTerm, f.business_type));
    return out;
  }

  // A search, or two fixed filters or more, walks the search table (each filter's own index serves
  // it alone better: no text to intersect).
  static bool by_terms(const ComplaintFilter& f) { return !f.match.empty() || facet_filters(f).size() >= 2; }

  // The FTS5 query: the search's terms in the words column, each fixed filter's in the facets one.
  static std::string terms_match(const ComplaintFilter& f) {
    std::string m;
    if (!f.match.empty()) m = "words : (" + f.match + ")";
    std::string facets;
    for (const std::string& t : facet_filters(f)) facets += (facets.empty() ? "" : " ") + t;
    if (!facets.empty()) m += (m.empty() ? "" : " AND ") + ("facets : (" + facets + ")");
    return m;
  }

  // The ids and deadlines of one page; true when complete. `walk_steps` > 0: a narrow date range is
  // walked in the list's order, dates filtered, not indexed, and given up (false) after that many
  // thousand steps of SQLite's machine.
  Result<bool> run_page(const ComplaintFilter& f, int walk_steps,
                        std::vector<std::pair<std::int64_t, std::int64_t>>& page) {
    // Built per request from the filters given: each one a bound parameter, never text of the request.
    std::string sql;
    std::vector<std::variant<std::int64_t, std::string>> args;
    const auto text = [&](const char* cond, const std::string& v) {
      if (v.empty()) return;
      sql += cond;
      args.emplace_back(v);
    };
    const auto num = [&](const char* cond, std::int64_t v) {
      sql += cond;
      args.emplace_back(v);
    };
    const bool terms = by_terms(f);
    if (terms) {
      // The terms' rowid is the sort key: FTS5 walks the matches in the list's order, stops at the page.
      // The fixed filters are checked on the list's row as well below (only the page's rows are read).
      sql = "SELECT l.id, l.next_deadline FROM complaint_words w JOIN complaint_list l ON l.id = (w.rowid & ?) "
            "WHERE complaint_words MATCH ?";
      args.emplace_back((std::int64_t{1} << kIdBits) - 1);
      args.emplace_back(terms_match(f));
      if (f.overdue) num(*f.overdue ? " AND w.rowid < ?" : " AND w.rowid >= ?", sort_key(f.now, 0));
      if (f.after_id) num(" AND w.rowid > ?", sort_key(f.after_deadline, f.after_id));
    } else {
      sql = "SELECT l.id, l.next_deadline FROM complaint_list l WHERE 1";
      if (f.overdue) num(*f.overdue ? " AND l.next_deadline < ?" : " AND l.next_deadline >= ?", f.now);
      if (f.after_id) {
        num(" AND (l.next_deadline, l.id) > (?, ?)", f.after_deadline);
        args.emplace_back(f.after_id);
      }
    }
    text(" AND l.status = ?", f.status);
    text(" AND l.category = ?", f.category);
    text(" AND l.business_type = ?", f.business_type);
    text(" AND l.channel = ?", f.channel);
    text(" AND l.owner = ?", f.owner);
    if (f.level) num(" AND l.escalation_level = ?", *f.level);
    // The customer lookup's own partial index (complaints_by_phone): a purged case has no phone.
    text(" AND l.id IN (SELECT id FROM complaints WHERE phone_key = ? AND purged = 0)", f.phone_key);
    // `<> ''` repeats the partial index's condition (complaint_list_by_service): without it SQLite
    // cannot prove a bound key non-empty, and walked all 1,000,000 rows by deadline for 3 matches.
    text(" AND l.service_key = ? AND l.service_key <> ''", f.service_key);
    // A range of a month or less: by filing date, then sorted (unless walked: see search_complaints);
    // a wider one: in the list's order, filtered (`+` keeps SQLite from sorting half the table by date).
    const bool by_date = narrow_dates(f) && walk_steps == 0;
    if (f.filed_from) num(by_date ? " AND l.filed_at >= ?" : " AND +l.filed_at >= ?", f.filed_from);
    if (f.filed_to) num(by_date ? " AND l.filed_at < ?" : " AND +l.filed_at < ?", f.filed_to);
    num(terms ? " ORDER BY w.rowid LIMIT ?" : " ORDER BY l.next_deadline, l.id LIMIT ?", f.limit);

    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(c_.db(), sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      log_step_error(c_);
      return Errc::server_error;
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
      const int at = static_cast<int>(i) + 1;
      if (const auto* n = std::get_if<std::int64_t>(&args[i])) bind_one(st, at, *n);
      else bind_one(st, at, std::get<std::string>(args[i]));
    }
    // Called every 1000 steps while walking: a non-zero answer interrupts the statement.
    int budget = walk_steps;
    if (walk_steps > 0)
      sqlite3_progress_handler(c_.db(), 1000, [](void* left) { return --*static_cast<int*>(left) < 0 ? 1 : 0; }, &budget);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) page.emplace_back(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
    if (walk_steps > 0) sqlite3_progress_handler(c_.db(), 0, nullptr, nullptr);
    sqlite3_finalize(st);
    if (walk_steps > 0 && rc == SQLITE_INTERRUPT) return false;
    // The MATCH text is built by server/search.h from letters and digits only; a failure here is ours.
    if (rc != SQLITE_DONE) {
      log_step_error(c_);
      return Errc::server_error;
    }
    return true;
  }

  Result<std::vector<ComplaintRecord>> list_complaints(std::string_view status, std::int64_t after_id,
                                                       int limit) override {
    std::vector<ComplaintRecord> out;
    auto add = [&](sqlite3_stmt* st) { out.push_back(read_complaint(st)); };
    Result<void> res = status.empty()
        ? query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id > ? ORDER BY id LIMIT ?", add, after_id,
                limit)
        : query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE status = ? AND id > ? ORDER BY id LIMIT ?",
                add, status, after_id, limit);
    if (!res) return res.error();
    return out;
  }

  Result<std::vector<ComplaintRecord>> list_complaints_by_phone(std::string_view phone_key, int limit) override {
    std::vector<ComplaintRecord> out;
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE phone_key = ? AND purged = 0 "
                     "ORDER BY id DESC LIMIT ?",
                     [&](sqlite3_stmt* st) { out.push_back(read_complaint(st)); }, phone_key, limit);
    if (!res) return res.error();
    return out;
  }

  Result<std::vector<ComplaintRecord>> list_expired(std::int64_t cutoff, std::int64_t now, int limit) override {
    std::vector<ComplaintRecord> out;
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE closed_at > 0 AND purged = 0 "
                     "AND closed_at < ? "
                     "AND NOT EXISTS(SELECT 1 FROM holds h WHERE h.complaint_id = complaints.id "
                     "AND (h.until = 0 OR h.until > ?)) ORDER BY closed_at LIMIT ?",
                     [&](sqlite3_stmt* st) { out.push_back(read_complaint(st)); }, cutoff, now, limit);
    if (!res) return res.error();
    return out;
  }

  Result<void> put_hold(std::int64_t complaint_id, std::int64_t until) override {
    return run("INSERT OR REPLACE INTO holds(complaint_id, until) VALUES(?, ?)", complaint_id, until);
  }

  Result<void> delete_hold(std::int64_t complaint_id) override {
    return run("DELETE FROM holds WHERE complaint_id = ?", complaint_id);
  }

  Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view scope, std::string_view key) override {
    std::optional<IdempotencyRecord> out;
    auto res = query("SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ?",
                     [&](sqlite3_stmt* st) {
                       out = IdempotencyRecord{col_text(st, 0), sqlite3_column_int(st, 1), col_text(st, 2)};
                     },
                     scope, key);
    if (!res) return res.error();
    return out;
  }

  Result<void> put_idempotency(std::string_view scope, std::string_view key, const IdempotencyRecord& r,
                               std::int64_t now) override {
    return run("INSERT INTO idempotency(scope, key, request_hash, status, body, created_at) VALUES(?, ?, ?, ?, ?, ?)",
               scope, key, r.request_hash, r.status, r.body, now);
  }

  Result<void> delete_idempotency_before(std::int64_t cutoff) override {
    return run("DELETE FROM idempotency WHERE created_at < ?", cutoff);
  }

  Result<void> delete_upload(std::string_view id) override { return run("DELETE FROM uploads WHERE id = ?", id); }

  Result<void> attach_upload(std::string_view id) override {
    return run("UPDATE uploads SET attached = 1 WHERE id = ?", id);
  }

  Result<std::vector<UploadRecord>> list_unattached_uploads(std::int64_t cutoff, int limit) override {
    std::vector<UploadRecord> out;
    auto res = query("SELECT id, sha256, size, type, created_at FROM uploads WHERE attached = 0 AND created_at < ? "
                     "ORDER BY created_at LIMIT ?",
                     [&](sqlite3_stmt* st) {
                       out.push_back(UploadRecord{col_text(st, 0), col_text(st, 1), col_text(st, 3),
                                                  sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 4)});
                     },
                     cutoff, limit);
    if (!res) return res.error();
    return out;
  }

  Result<int> count_uploads_with_sha(std::string_view sha) override {
    int n = 0;
    auto res = query("SELECT COUNT(*) FROM uploads WHERE sha256 = ?", [&](sqlite3_stmt* st) { n = sqlite3_column_int(st, 0); }, sha);
    if (!res) return res.error();
    return n;
  }

  Result<void> insert_upload(const UploadRecord& r) override {
    // attached = 0: an orphan until a filing or supplement names it (attach_upload).
    return run("INSERT INTO uploads(id, sha256, size, type, created_at, attached) VALUES(?, ?, ?, ?, ?, 0)", r.id,
               r.sha256, r.size, r.type, r.created_at);
  }

  Result<std::optional<UploadRecord>> find_upload(std::string_view id) override {
    std::optional<UploadRecord> out;
    auto res = query("SELECT id, sha256, size, type, created_at FROM uploads WHERE id = ?",
                     [&](sqlite3_stmt* st) {
                       out = UploadRecord{col_text(st, 0), col_text(st, 1), col_text(st, 3),
                                          sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 4)};
                     },
                     id);
    if (!res) return res.error();
    return out;
  }

  Result<void> insert_token(std::string_view kind, std::string_view hash, const TokenRecord& r) override {
    return run("INSERT INTO tokens(kind, token_hash, complaint_id, expires_at, used_at) VALUES(?, ?, ?, ?, ?)",
               kind, hash, r.complaint_id, r.expires_at, r.used_at);
  }

  Result<std::optional<TokenRecord>> find_token(std::string_view kind, std::string_view hash) override {
    std::optional<TokenRecord> out;
    auto res = query("SELECT complaint_id, expires_at, used_at FROM tokens WHERE kind = ? AND token_hash = ?",
                     [&](sqlite3_stmt* st) {
                       out = TokenRecord{sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                         sqlite3_column_int64(st, 2)};
                     },
                     kind, hash);
    if (!res) return res.error();
    return out;
  }

  Result<void> use_token(std::string_view kind, std::string_view hash, std::int64_t now) override {
    return run("UPDATE tokens SET used_at = ? WHERE kind = ? AND token_hash = ?", now, kind, hash);
  }

  Result<void> delete_tokens(std::int64_t complaint_id) override {
    auto r = run("DELETE FROM tokens WHERE complaint_id = ?", complaint_id);
    if (!r) return r;
    return run("DELETE FROM lookup_codes WHERE complaint_id = ?", complaint_id);
  }

  Result<void> put_lookup_code(std::int64_t complaint_id, const LookupCodeRecord& r) override {
    return run("INSERT OR REPLACE INTO lookup_codes(complaint_id, code_hash, expires_at, tries) VALUES(?, ?, ?, ?)",
               complaint_id, r.code_hash, r.expires_at, r.tries);
  }

  Result<std::optional<LookupCodeRecord>> find_lookup_code(std::int64_t complaint_id) override {
    std::optional<LookupCodeRecord> out;
    auto res = query("SELECT code_hash, expires_at, tries FROM lookup_codes WHERE complaint_id = ?",
                     [&](sqlite3_stmt* st) {
                       out = LookupCodeRecord{col_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2)};
                     },
                     complaint_id);
    if (!res) return res.error();
    return out;
  }

  Result<void> count_lookup_try(std::int64_t complaint_id) override {
    return run("UPDATE lookup_codes SET tries = tries + 1 WHERE complaint_id = ?", complaint_id);
  }

  Result<void> delete_lookup_code(std::int64_t complaint_id) override {
    return run("DELETE FROM lookup_codes WHERE complaint_id = ?", complaint_id);
  }

  Result<void> put_phone_code(std::string_view phone_key, const LookupCodeRecord& r) override {
    return run("INSERT OR REPLACE INTO phone_codes(phone_key, code_hash, expires_at, tries) VALUES(?, ?, ?, ?)",
               phone_key, r.code_hash, r.expires_at, r.tries);
  }

  Result<std::optional<LookupCodeRecord>> find_phone_code(std::string_view phone_key) override {
    std::optional<LookupCodeRecord> out;
    auto res = query("SELECT code_hash, expires_at, tries FROM phone_codes WHERE phone_key = ?",
                     [&](sqlite3_stmt* st) {
                       out = LookupCodeRecord{col_text(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2)};
                     },
                     phone_key);
    if (!res) return res.error();
    return out;
  }

  Result<void> count_phone_try(std::string_view phone_key) override {
    return run("UPDATE phone_codes SET tries = tries + 1 WHERE phone_key = ?", phone_key);
  }

  Result<void> delete_phone_code(std::string_view phone_key) override {
    return run("DELETE FROM phone_codes WHERE phone_key = ?", phone_key);
  }

  Result<void> insert_phone_token(std::string_view hash, const PhoneTokenRecord& r) override {
    return run("INSERT INTO phone_tokens(token_hash, phone_key, expires_at) VALUES(?, ?, ?)", hash, r.phone_key,
               r.expires_at);
  }

  Result<std::optional<PhoneTokenRecord>> find_phone_token(std::string_view hash) override {
    std::optional<PhoneTokenRecord> out;
    auto res = query("SELECT phone_key, expires_at FROM phone_tokens WHERE token_hash = ?",
                     [&](sqlite3_stmt* st) { out = PhoneTokenRecord{col_text(st, 0), sqlite3_column_int64(st, 1)}; },
                     hash);
    if (!res) return res.error();
    return out;
  }

  Result<void> delete_expired_phone_grants(std::int64_t now) override {
    auto r = run("DELETE FROM phone_codes WHERE expires_at <= ?", now);
    if (!r) return r;
    r = run("DELETE FROM lookup_guards WHERE window_start <= ? AND locked_until <= ?", now - 86400, now);
    if (!r) return r;
    return run("DELETE FROM phone_tokens WHERE expires_at <= ?", now);
  }

  Result<LookupGuard> lookup_guard(std::string_view key) override {
    LookupGuard out;
    auto res = query("SELECT window_start, codes, failures, locked_until FROM lookup_guards WHERE key = ?",
                     [&](sqlite3_stmt* st) {
                       out = LookupGuard{sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                                         sqlite3_column_int(st, 2), sqlite3_column_int64(st, 3)};
                     },
                     key);
    if (!res) return res.error();
    return out;
  }

  Result<void> put_lookup_guard(std::string_view key, const LookupGuard& g) override {
    return run("INSERT OR REPLACE INTO lookup_guards(key, window_start, codes, failures, locked_until) "
               "VALUES(?, ?, ?, ?, ?)",
               key, g.window_start, g.codes, g.failures, g.locked_until);
  }

  Result<std::int64_t> insert_staff(std::string_view name, std::string_view role, std::string_view hash,
                                    std::int64_t now, std::int64_t expires_at) override {
    auto res = run("INSERT INTO staff(name, role, token_hash, created_at, expires_at) VALUES(?, ?, ?, ?, ?)", name,
                   role, hash, now, expires_at);
    if (!res) return res.error();
    return static_cast<std::int64_t>(sqlite3_last_insert_rowid(c_.db()));
  }

  Result<std::optional<StaffRecord>> find_staff(std::string_view hash) override {
    std::optional<StaffRecord> out;
    auto res = query("SELECT id, name, role, revoked_at, created_at, expires_at FROM staff WHERE token_hash = ?",
                     [&](sqlite3_stmt* st) { out = read_staff(st); }, hash);
    if (!res) return res.error();
    return out;
  }

  Result<bool> revoke_staff(std::string_view hash, std::int64_t now) override {
    auto res = run("UPDATE staff SET revoked_at = ? WHERE token_hash = ? AND revoked_at = 0", now, hash);
    if (!res) return res.error();
    return sqlite3_changes(c_.db()) == 1;
  }

  Result<std::vector<StaffRecord>> list_staff() override {
    std::vector<StaffRecord> out;
    auto res = query("SELECT id, name, role, revoked_at, created_at, expires_at FROM staff ORDER BY id",
                     [&](sqlite3_stmt* st) { out.push_back(read_staff(st)); });
    if (!res) return res.error();
    return out;
  }

  Result<int> revoke_staff_named(std::string_view name, std::int64_t now) override {
    auto res = run("UPDATE staff SET revoked_at = ? WHERE name = ? AND revoked_at = 0", now, name);
    if (!res) return res.error();
    return sqlite3_changes(c_.db());
  }

  Result<int> revoke_staff_id(std::int64_t id, std::int64_t now) override {
    auto res = run("UPDATE staff SET revoked_at = ? WHERE id = ? AND revoked_at = 0", now, id);
    if (!res) return res.error();
    return sqlite3_changes(c_.db());
  }

  Result<void> insert_audit(const AuditRecord& r) override {
    return run("INSERT INTO audit(at, staff_id, acceptance_no, action, outcome, subject) VALUES(?, ?, ?, ?, ?, ?)",
               r.at, r.staff_id, r.acceptance_no, r.action, r.outcome, r.subject);
  }

  // [notifications] Columns of read_notification, in this order:
  //   id, kind, acceptance_no, phone, email, channel, lang, text, code, link, created_at, give_up_at,
  //   state, attempts, next_attempt_at, claimed_until, done_at, last_error, to_key, cap_group
  static NotificationRecord read_notification(sqlite3_stmt* st) {
    NotificationRecord r;
    r.id = col_text(st, 0);
    r.kind = col_text(st, 1);
    r.acceptance_no = col_text(st, 2);
    r.phone = col_text(st, 3);
    r.email = col_text(st, 4);
    r.channel = col_text(st, 5);
    r.lang = col_text(st, 6);
    r.text = col_text(st, 7);
    r.code = col_text(st, 8);
    r.link = col_text(st, 9);
    r.created_at = sqlite3_column_int64(st, 10);
    r.give_up_at = sqlite3_column_int64(st, 11);
    r.state = col_text(st, 12);
    r.attempts = sqlite3_column_int(st, 13);
    r.next_attempt_at = sqlite3_column_int64(st, 14);
    r.claimed_until = sqlite3_column_int64(st, 15);
    r.done_at = sqlite3_column_int64(st, 16);
    r.last_error = col_text(st, 17);
    r.to_key = col_text(st, 18);
    r.cap_group = col_text(st, 19);
    return r;
  }
#define CW_NOTIFICATION_COLUMNS                                                                          \
  "id, kind, acceptance_no, phone, email, channel, lang, text, code, link, created_at, give_up_at, state, " \
  "attempts, next_attempt_at, claimed_until, done_at, last_error, to_key, cap_group"

  Result<void> insert_notification(const NotificationRecord& r) override {
    return run("INSERT INTO notifications(" CW_NOTIFICATION_COLUMNS ") "
               "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               r.id, r.kind, r.acceptance_no, r.phone, r.email, r.channel, r.lang, r.text, r.code, r.link,
               r.created_at, r.give_up_at, r.state, r.attempts, r.next_attempt_at, r.claimed_until, r.done_at,
               r.last_error, r.to_key, r.cap_group);
  }

  Result<int> count_notifications_to(std::string_view to_key, std::string_view cap_group,
                                     std::int64_t since) override {
    // `cap_group <> ''` repeats the index's condition, so that the planner may use it.
    int n = 0;
    auto res = query("SELECT COUNT(*) FROM notifications WHERE to_key = ? AND cap_group = ? AND cap_group <> '' "
                     "AND created_at > ? AND last_error <> 'capped'",
                     [&](sqlite3_stmt* st) { n = sqlite3_column_int(st, 0); }, to_key, cap_group, since);
    if (!res) return res.error();
    return n;
  }

  Result<std::vector<NotificationRecord>> claim_notifications(std::int64_t now, std::int64_t claimed_until,
                                                              int limit) override {
    // Atomic because every write transaction holds SQLite's one write lock (BEGIN IMMEDIATE).
    std::vector<NotificationRecord> out;
    auto res = query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications WHERE state = 'pending' AND "
                     "next_attempt_at <= ? AND claimed_until <= ? ORDER BY next_attempt_at, created_at LIMIT ?",
                     [&](sqlite3_stmt* st) { out.push_back(read_notification(st)); }, now, now, limit);
    if (!res) return res.error();
    for (NotificationRecord& r : out) {
      if (auto u = run("UPDATE notifications SET claimed_until = ? WHERE id = ?", claimed_until, r.id); !u)
        return u.error();
      r.claimed_until = claimed_until;
    }
    return out;
  }

  Result<std::int64_t> next_notification_due() override {
    std::int64_t due = 0;
    auto res = query("SELECT MIN(MAX(next_attempt_at, claimed_until)) FROM notifications WHERE state = 'pending'",
                     [&](sqlite3_stmt* st) { due = sqlite3_column_int64(st, 0); });
    if (!res) return res.error();
    return due;
  }

  Result<void> finish_attempt(const NotificationRecord& r, const NotificationAttempt& a) override {
    auto ins = run("INSERT INTO notification_attempts(notification_id, at, outcome) VALUES(?, ?, ?)", r.id, a.at,
                   a.outcome);
    if (!ins) return ins;
    return run("UPDATE notifications SET state = ?, attempts = ?, next_attempt_at = ?, claimed_until = ?, "
               "done_at = ?, last_error = ?, text = ?, code = ?, link = ? WHERE id = ?",
               r.state, r.attempts, r.next_attempt_at, r.claimed_until, r.done_at, r.last_error, r.text, r.code,
               r.link, r.id);
  }

  Result<std::vector<NotificationRecord>> list_notifications(std::string_view state, int limit) override {
    std::vector<NotificationRecord> out;
    auto add = [&](sqlite3_stmt* st) { out.push_back(read_notification(st)); };
    Result<void> res = state.empty()
        ? query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications ORDER BY created_at DESC, rowid DESC LIMIT ?",
                add, limit)
        : query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications WHERE state = ? "
                "ORDER BY created_at DESC, rowid DESC LIMIT ?", add, state, limit);
    if (!res) return res.error();
    return out;
  }
  Result<std::optional<NotificationRecord>> find_notification(std::string_view id) override {
    std::optional<NotificationRecord> out;
    auto res = query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications WHERE id = ?",
                     [&](sqlite3_stmt* st) { out = read_notification(st); }, id);
    if (!res) return res.error();
    return out;
  }

  Result<bool> requeue_notification(const NotificationRecord& r) override {
    auto res = run("UPDATE notifications SET state = ?, attempts = ?, give_up_at = ?, next_attempt_at = ?, "
                   "claimed_until = ?, done_at = ?, last_error = ? WHERE id = ? AND state = 'failed'",
                   r.state, r.attempts, r.give_up_at, r.next_attempt_at, r.claimed_until, r.done_at, r.last_error,
                   r.id);
    if (!res) return res.error();
    return sqlite3_changes(c_.db()) > 0;
  }
#undef CW_NOTIFICATION_COLUMNS

  Result<void> delete_notifications(std::string_view no) override {
    return run("DELETE FROM notifications WHERE acceptance_no = ?", no);
  }

  Result<std::vector<NotificationAttempt>> list_attempts(std::string_view id) override {
    std::vector<NotificationAttempt> out;
    auto res = query("SELECT at, outcome FROM notification_attempts WHERE notification_id = ? ORDER BY id",
                     [&](sqlite3_stmt* st) { out.push_back({sqlite3_column_int64(st, 0), col_text(st, 1)}); }, id);
    if (!res) return res.error();
    return out;
  }

  Result<std::vector<AuditRecord>> list_audit(std::string_view no) override {
    std::vector<AuditRecord> out;
    auto res = query("SELECT a.at, a.staff_id, s.name, s.role, a.acceptance_no, a.action, a.outcome, a.subject "
                     "FROM audit a JOIN staff s ON s.id = a.staff_id WHERE a.acceptance_no = ? ORDER BY a.id",
                     [&](sqlite3_stmt* st) {
                       out.push_back(AuditRecord{sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                                                 col_text(st, 2), col_text(st, 3), col_text(st, 4), col_text(st, 5),
                                                 col_text(st, 6), col_text(st, 7)});
                     },
                     no);
    if (!res) return res.error();
    return out;
  }

 private:
  // The next deadline the list holds for a case (nullopt: not listed yet).
  Result<std::optional<std::int64_t>> listed_deadline(std::int64_t id) {
    std::optional<std::int64_t> out;
    auto res = query("SELECT next_deadline FROM complaint_list WHERE id = ?",
                     [&](sqlite3_stmt* st) { out = sqlite3_column_int64(st, 0); }, id);
    if (!res) return res.error();
    return out;
  }

  // Writes the list's row of `r`, and its row of search terms under the sort key: the words are
  // `r.words` when given (a filing, a backfill), else the stored ones (none once purged); the row
  // moves when the next deadline moved and is rewritten when a facet changed.
  Result<void> put_list(const ComplaintRecord& r) {
    struct Listed {
      std::int64_t deadline;
      std::string facets;
    };
    std::optional<Listed> old;
    auto q = query("SELECT next_deadline, channel, category, business_type FROM complaint_list WHERE id = ?",
                   [&](sqlite3_stmt* st) {
                     old = Listed{sqlite3_column_int64(st, 0), facet_words(col_text(st, 1), col_text(st, 2),
                                                                           col_text(st, 3))};
                   },
                   r.id);
    if (!q) return q;
    auto w = run("INSERT OR REPLACE INTO complaint_list(id, status, category, business_type, channel, owner, "
                 "escalation_level, filed_at, next_deadline, service_key) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 r.id, r.status, r.category, r.business_type, r.channel, r.owner, r.escalation_level, r.filed_at,
                 r.next_deadline, r.service_key);
    if (!w) return w;
    const std::int64_t key = sort_key(r.next_deadline, r.id);
    const std::string facets = facet_words(r.channel, r.category, r.business_type);
    std::string words = r.purged ? std::string() : r.words;
    if (old) {
      const std::int64_t old_key = sort_key(old->deadline, r.id);
      if (words.empty() && !r.purged && old_key == key && old->facets == facets) return {};
      if (words.empty() && !r.purged) {
        auto k = query("SELECT words FROM complaint_words WHERE rowid = ?",
                       [&](sqlite3_stmt* st) { words = col_text(st, 0); }, old_key);
        if (!k) return k;
      }
      if (auto d = run("DELETE FROM complaint_words WHERE rowid = ?", old_key); !d) return d;
    }
    return run("INSERT INTO complaint_words(rowid, words, facets) VALUES(?, ?, ?)", key, words, facets);
  }

  Conn& c_;
};

// [SECTION] SqliteStorage ------------------------------------------------------------------------------
// DESIGN §8: files the server creates are private (issue 21: the database was 0644). SQLite gives
// its -wal and -shm files the database file's mode, so the database is made (or, when an older
// one is 0644, tightened to) 0600 before SQLite opens it. A URI or in-memory name is left alone.
bool make_private(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return true;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string p = path + suffix;
    if (::access(p.c_str(), F_OK) == 0 && ::chmod(p.c_str(), 0600) != 0) return false;
  }
  return true;
}

class SqliteStorage final : public Storage {
 public:
  bool open(const std::string& path, int readers) {
    if (!make_private(path) || !writer_.open(path, false) || !migrate(writer_)) return false;
    const std::filesystem::path db(path);
    uploads_dir_ = ((db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) / "uploads").string();
    for (int i = 0; i < readers; ++i) {
      auto c = std::make_unique<Conn>();
      if (!c->open(path, true)) return false;
      idle_.push_back(c.get());
      readers_.push_back(std::move(c));
    }
    return true;
  }

  Result<void> read(const Work& work) override {
    Conn* c = nullptr;
    {
      std::unique_lock lock(pool_mu_);
      pool_cv_.wait(lock, [&] { return !idle_.empty(); });
      c = idle_.back();
      idle_.pop_back();
    }
    Result<void> res = Errc::server_error;
    if (c->exec("BEGIN")) {
      SqliteTx tx(*c);
      res = work(tx);
      c->exec("COMMIT");  // read-only: ends the snapshot
    }
    {
      std::lock_guard lock(pool_mu_);
      idle_.push_back(c);
    }
    pool_cv_.notify_one();
    return res;
  }

  // Group commit: writers that arrive while a transaction is being written queue up, and the next
  // one to take the writer runs every queued work in one transaction, each inside its own savepoint
  // (a work that fails is rolled back alone), with one COMMIT and so one fsync for all of them. Each
  // caller returns only after the COMMIT that holds its work (DESIGN §8: acknowledged = durable).
  // Why: a filing writes ~30 pages (the list's indexes, the word index, the outbox) and fsyncs the
  // log; one transaction each made filings 35 % slower than before those indexes (issue 21's
  // "filings do not get slower"); batched, the fsync and the shared index pages are paid once.
  Result<void> write(const Work& work) override {
    Pending me{&work};
    std::unique_lock lock(queue_mu_);
    queue_.push_back(&me);
    while (!me.done) {
      if (writing_) {
        queue_cv_.wait(lock);
        continue;
      }
      writing_ = true;
      std::vector<Pending*> batch;
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      write_batch(batch);
      lock.lock();
      writing_ = false;
      for (Pending* p : batch) p->done = true;
      queue_cv_.notify_all();
    }
    return me.result;
  }

  std::size_t writers_waiting() override {
    std::lock_guard lock(queue_mu_);
    return queue_.size();
  }

  bool healthy() override {
    int v = 0;
    auto res = read([&](Tx&) -> Result<void> { return {}; });
    std::lock_guard lock(write_mu_);
    v = read_version(writer_);
    return res.ok() && v == kSchemaVersion;
  }

  void checkpoint() override {
    std::lock_guard lock(write_mu_);
    writer_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  int schema_version() override {
    std::lock_guard lock(write_mu_);
    return read_version(writer_);
  }

  Result<void> put_upload_bytes(const std::string& sha, std::string_view bytes) override {
    return put_upload_file(uploads_dir_, sha, bytes);
  }

  Result<std::optional<std::string>> upload_bytes(const std::string& sha) override {
    return read_upload_file(uploads_dir_, sha);
  }

  Result<void> drop_upload_bytes(const std::string& sha) override {
    int n = 1;
    Result<void> r = read([&](Tx& tx) -> Result<void> {
      auto c = tx.count_uploads_with_sha(sha);
      if (!c) return c.error();
      n = c.value();
      return {};
    });
    if (r && n == 0) remove_upload_file(uploads_dir_, sha);
    return r;
  }

 private:
  struct Pending {
    const Work* work;
    Result<void> result = Errc::server_error;
    bool done = false;
  };
  static constexpr std::size_t kMaxBatch = 64;

  // One transaction for the batch; each work's result lands in its Pending. A work alone runs
  // without a savepoint (the uncontended case costs what it always did).
  void write_batch(const std::vector<Pending*>& batch) {
    std::lock_guard lock(write_mu_);
    if (!writer_.exec("BEGIN IMMEDIATE")) return;  // every result stays server_error
    const bool alone = batch.size() == 1;
    bool lost = false;  // SQLite ended the transaction itself: nothing of the batch is kept
    for (Pending* p : batch) {
      if (lost) break;
      if (!alone && !writer_.exec("SAVEPOINT work")) {
        lost = true;
        break;
      }
      SqliteTx tx(writer_);
      try {
        p->result = (*p->work)(tx);
      } catch (const std::exception&) {  // a throwing work must not leave the queue without a writer
        p->result = Errc::server_error;
      }
      if (!writer_.in_transaction()) {
        lost = true;
      } else if (alone) {
        if (!p->result) writer_.exec("ROLLBACK");
      } else if (!p->result) {
        lost = !writer_.exec("ROLLBACK TO work") || !writer_.exec("RELEASE work");
      } else {
        lost = !writer_.exec("RELEASE work");
      }
    }
    const bool committed = !lost && writer_.in_transaction() && writer_.exec("COMMIT");
    if (!committed && writer_.in_transaction()) writer_.exec("ROLLBACK");
    bump_generation();  // after the commit: see Storage::generation()
    if (committed) return;
    // Nothing of this batch is in the database: a work that had succeeded must not be acknowledged.
    for (Pending* p : batch)
      if (p->result) p->result = Errc::server_error;
  }

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Pending*> queue_;
  bool writing_ = false;  // a caller is writing a batch (holds no queue_mu_ meanwhile)

  std::string uploads_dir_;  // <db dir>/uploads (DESIGN §4)
  std::mutex write_mu_;
  Conn writer_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Conn>> readers_;
  std::vector<Conn*> idle_;
};

}  // namespace

Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, int readers) {
  auto s = std::make_unique<SqliteStorage>();
  if (!s->open(path, readers < 1 ? 1 : readers)) return Errc::server_unavailable;
  return std::unique_ptr<Storage>(std::move(s));
}

}  // namespace cw::server
