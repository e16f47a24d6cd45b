// server/pg_storage.cpp — the PostgreSQL backend of the storage port (DESIGN §4 Several servers,
// issue 23): libpq, prepared statements, a small connection pool shared by reads and writes,
// versioned migrations with the same version numbers as SQLite's, upload bytes in a table.
//
// [SECTION] Concurrency: what stands in for SQLite's single writer
// [SECTION] Connection: prepared statements, parameters, errors
// [SECTION] Migrations
// [SECTION] PgTx: the Tx methods
// [SECTION] PgStorage: pool, read/write transactions, upload bytes
//
// [SECTION] Concurrency ----------------------------------------------------------------------------
// SQLite runs one write transaction at a time, so every read-modify-write in the server was atomic.
// Here several servers write at once. Write transactions are READ COMMITTED (each statement sees what
// was committed before it) and every read-modify-write takes a lock first:
// - an idempotency key (find_idempotency in a write): a transaction-scoped advisory lock on the
//   (scope, key), taken before the read, so a duplicate on another server waits for the first and
//   then finds its answer (DESIGN §4: concurrent duplicates wait for the first); the primary key
//   is the backstop (a duplicate insert fails the whole filing, which the client retries: replay);
// - lookup guards (daily caps, 20 failed tries → lock) and the codes' tries: an advisory lock on the
//   guard's key before reading it (its row may not exist yet), and `FOR UPDATE` on a code's row, so
//   concurrent guesses are counted one after another (DESIGN §8: tried in the transaction that checks);
// - survey and access tokens: `FOR UPDATE` (single use);
// - uploads: `FOR UPDATE` when a filing looks an upload up to attach it and when the orphan purge
//   lists the unattached ones: either the filing attaches first (the purge's recheck skips the row)
//   or the purge deletes first (the filing answers upload.not_found);
// - a complaint: the version check of update_complaint (optimistic: a concurrent writer → 409);
// - the outbox: claim_notifications with `FOR UPDATE SKIP LOCKED`;
// - the per-contact daily cap (count_notifications_to in a write, then insert_notification): an
//   advisory lock on the (contact, budget) before counting, so two servers cannot both count 4 of 5
//   and send a sixth.
// A failure that a later attempt may not meet (serialization, deadlock, lost connection, a standby
// that became read-only) is Errc::server_unavailable (503). Nothing here retries a transaction: the
// client retries a filing with its Idempotency-Key, the only way a filing is repeated (issue 23).
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/log.h"
#include "server/storage.h"

namespace cw::server {
namespace {

// [SECTION] Connection -------------------------------------------------------------------------------
// A bytea parameter (sent in binary, not as text).
struct Bytes {
  std::string_view v;
};

// Parameters in order ($1, $2, …), as text but for Bytes.
class Params {
 public:
  Params() = default;
  template <class... A>
  explicit Params(const A&... a) {
    (add(a), ...);
  }
  void add(std::int64_t v) { text(std::to_string(v)); }
  void add(int v) { text(std::to_string(v)); }
  void add(bool v) { text(v ? "t" : "f"); }
  void add(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);  // every bit: 1/180 of a token a second stays that
    text(buf);
  }
  void add(std::string_view v) { text(std::string(v)); }
  void add(const std::string& v) { text(v); }
  void add(const char* v) { text(v); }
  void add(Bytes b) {
    values_.emplace_back(b.v);
    formats_.push_back(1);
  }

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into values_: taken only once every value is in (a vector may move its strings).
  std::vector<const char*> pointers() const {
    std::vector<const char*> p;
    for (const std::string& v : values_) p.push_back(v.data());
    return p;
  }
  std::vector<int> lengths() const {
    std::vector<int> l;
    for (const std::string& v : values_) l.push_back(static_cast<int>(v.size()));
    return l;
  }
  const int* formats() const { return formats_.data(); }

 private:
  void text(std::string v) {
    values_.push_back(std::move(v));
    formats_.push_back(0);
  }
  std::vector<std::string> values_;
  std::vector<int> formats_;
};

struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ClearResult>;

// Answers a later attempt may not meet: Errc::server_unavailable (503) rather than server_error.
bool transient(const char* sqlstate) {
  if (!sqlstate) return true;  // no answer at all: the connection went away
  const std::string s(sqlstate);
  return s == "40001" || s == "40P01" || s == "55P03" || s == "25006" || s.rfind("08", 0) == 0 ||
         s.rfind("57P", 0) == 0 || s.rfind("53", 0) == 0;
}

class PgConn {
 public:
  PgConn() = default;
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  ~PgConn() {
    if (c_) PQfinish(c_);
  }

  bool open(const std::string& uri) {
    c_ = PQconnectdb(uri.c_str());
    return settle("db_connect");
  }

  bool ok() const { return c_ && PQstatus(c_) == CONNECTION_OK; }

  // A new session after the old one broke (a restarted or promoted server, DESIGN §4 failover): a
  // multi-host URI with target_session_attrs=read-write finds the new primary. Prepared statements
  // belonged to the old session.
  bool reconnect() {
    prepared_.clear();
    PQreset(c_);
    return settle("db_reconnect");
  }

  // Runs a statement of a fixed text, prepared once per connection (`sql` is a literal: its address
  // names it, one per call site).
  ResultPtr run(const char* sql, const Params& p, int result_format = 0) {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      // Appended, not "s" + to_string(): GCC 12 at -O2 reports a false -Wrestrict on that form.
      std::string name = "s";
      name += std::to_string(prepared_.size() + 1);
      ResultPtr prep(PQprepare(c_, name.c_str(), sql, p.size(), nullptr));
      if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return prep;
      it = prepared_.emplace(sql, std::move(name)).first;
    }
    const auto values = p.pointers();
    const auto lengths = p.lengths();
    return ResultPtr(PQexecPrepared(c_, it->second.c_str(), p.size(), values.data(), lengths.data(), p.formats(),
                                    result_format));
  }

  // A statement built per request (the staff list's filters): parsed each time.
  ResultPtr run_text(const std::string& sql, const Params& p) {
    const auto values = p.pointers();
    const auto lengths = p.lengths();
    return ResultPtr(PQexecParams(c_, sql.c_str(), p.size(), nullptr, values.data(), lengths.data(), p.formats(), 0));
  }

  // Runs statements without parameters (transaction control, migrations). True when all succeeded.
  bool exec(const char* sql, const char* event = "db_exec") {
    ResultPtr r(PQexec(c_, sql));
    return check(r.get(), event) == Errc::ok;
  }

  // Errc::ok, or the error a failed result stands for (logged under `event`).
  Errc check(const PGresult* r, const char* event) {
    const ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Errc::ok;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    // The primary message only: the detail may quote values (personal data, DESIGN §8).
    const char* msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    log_event("error", event, {{"sqlstate", state ? state : ""}, {"error", msg ? msg : PQerrorMessage(c_)}});
    return transient(state) || !ok() ? Errc::server_unavailable : Errc::server_error;
  }

  PGconn* raw() { return c_; }

 private:
  bool settle(const char* event) {
    if (ok()) {
      // Integers and text travel as text; bytea is asked for in binary. Times are unix seconds in
      // BIGINT columns, so the session's time zone never matters.
      PQsetErrorVerbosity(c_, PQERRORS_TERSE);
      // Notices ("relation … already exists, skipping" of a migration's IF NOT EXISTS) are not
      // errors, and libpq would print them on stderr outside the JSON log.
      PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
      return true;
    }
    // libpq's message names the host, never the password (it is not in the message).
    log_event("error", event, {{"error", c_ ? PQerrorMessage(c_) : "out of memory"}});
    return false;
  }

  PGconn* c_ = nullptr;
  std::map<const char*, std::string> prepared_;
};

std::int64_t num(const PGresult* r, int row, int col) {
  return PQgetisnull(r, row, col) ? 0 : std::strtoll(PQgetvalue(r, row, col), nullptr, 10);
}
std::string str(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}
bool flag(const PGresult* r, int row, int col) { return PQgetvalue(r, row, col)[0] == 't'; }

// [SECTION] Migrations ---------------------------------------------------------------------------------
// Append only, numbered like SQLite's (server/sqlite_storage.cpp kMigrations), so that "schema 8"
// means the same on both: a PostgreSQL database begins at the schema SQLite reached in version 7 (no
// PostgreSQL database is older), and a later SQLite migration gets its PostgreSQL twin here.
struct Migration {
  int version;
  const char* sql;
};
constexpr Migration kMigrations[] = {
    // 7: SQLite's schema 1–7 in one. Differences: booleans are BOOLEAN; upload bytes live in
    // `upload_bytes` (uploads name them: a row can never name bytes that are gone); notifications
    // have `seq` for SQLite's rowid order; the search terms sit in the list's `words` column and
    // a search is a LIKE over them with a pg_trgm index (in place of FTS5, see search_complaints);
    // `cw_generation` is the write counter every server bumps after its commits (Storage::generation).
    {7, R"SQL(
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE complaints(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  acceptance_no TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  phone_key TEXT NOT NULL,
  filed_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  closed_at BIGINT NOT NULL DEFAULT 0,
  version BIGINT NOT NULL DEFAULT 1,
  purged BOOLEAN NOT NULL DEFAULT false,
  doc TEXT NOT NULL,
  lang TEXT NOT NULL DEFAULT 'zh-CN');
CREATE INDEX complaints_by_status ON complaints(status, id);
CREATE INDEX complaints_by_closed ON complaints(closed_at) WHERE closed_at > 0 AND NOT purged;
CREATE INDEX complaints_by_phone ON complaints(phone_key, id) WHERE NOT purged;
CREATE TABLE idempotency(
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY(scope, key));
CREATE INDEX idempotency_by_age ON idempotency(created_at);
CREATE TABLE upload_bytes(
  sha256 TEXT PRIMARY KEY,
  bytes BYTEA NOT NULL);
CREATE TABLE uploads(
  id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL REFERENCES upload_bytes(sha256),
  size BIGINT NOT NULL,
  type TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  attached BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX uploads_by_sha ON uploads(sha256);
CREATE INDEX uploads_unattached ON uploads(created_at) WHERE NOT attached;
CREATE TABLE tokens(
  kind TEXT NOT NULL CHECK(kind IN ('access', 'survey')),
  token_hash TEXT NOT NULL,
  complaint_id BIGINT NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL,
  used_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY(kind, token_hash));
CREATE INDEX tokens_by_complaint ON tokens(complaint_id);
CREATE TABLE lookup_codes(
  complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  code_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0);
CREATE TABLE staff(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK(role IN ('agent', 'supervisor', 'manager')),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL DEFAULT 0);
CREATE TABLE audit(
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at BIGINT NOT NULL,
  staff_id BIGINT NOT NULL REFERENCES staff(id),
  acceptance_no TEXT NOT NULL,
  action TEXT NOT NULL,
  outcome TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '');
CREATE INDEX audit_by_complaint ON audit(acceptance_no, id);
CREATE TABLE notifications(
  id TEXT PRIMARY KEY,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  kind TEXT NOT NULL,
  acceptance_no TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  channel TEXT NOT NULL,
  lang TEXT NOT NULL,
  text TEXT NOT NULL,
  code TEXT NOT NULL,
  link TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  give_up_at BIGINT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  claimed_until BIGINT NOT NULL DEFAULT 0,
  done_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '');
CREATE INDEX notifications_due ON notifications(next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_by_state ON notifications(state, created_at);
CREATE INDEX notifications_by_complaint ON notifications(acceptance_no);
CREATE TABLE notification_attempts(
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  notification_id TEXT NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  at BIGINT NOT NULL,
  outcome TEXT NOT NULL);
CREATE INDEX notification_attempts_by_id ON notification_attempts(notification_id, id);
CREATE TABLE phone_codes(
  phone_key TEXT PRIMARY KEY,
  code_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  tries INTEGER NOT NULL DEFAULT 0);
CREATE TABLE phone_tokens(
  token_hash TEXT PRIMARY KEY,
  phone_key TEXT NOT NULL,
  expires_at BIGINT NOT NULL);
CREATE INDEX phone_tokens_by_expiry ON phone_tokens(expires_at);
CREATE TABLE lookup_guards(
  key TEXT PRIMARY KEY,
  window_start BIGINT NOT NULL,
  codes INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0);
CREATE TABLE holds(
  complaint_id BIGINT PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  until BIGINT NOT NULL);
CREATE TABLE complaint_list(
  id BIGINT PRIMARY KEY REFERENCES complaints(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  business_type TEXT NOT NULL,
  channel TEXT NOT NULL,
  owner TEXT NOT NULL,
  escalation_level INTEGER NOT NULL,
  filed_at BIGINT NOT NULL,
  next_deadline BIGINT NOT NULL,
  service_key TEXT NOT NULL,
  words TEXT NOT NULL DEFAULT '');
CREATE INDEX complaint_list_by_deadline ON complaint_list(next_deadline, id);
CREATE INDEX complaint_list_by_status ON complaint_list(status, next_deadline, id);
CREATE INDEX complaint_list_by_category ON complaint_list(category, next_deadline, id);
CREATE INDEX complaint_list_by_business_type ON complaint_list(business_type, next_deadline, id);
CREATE INDEX complaint_list_by_channel ON complaint_list(channel, next_deadline, id);
CREATE INDEX complaint_list_by_level ON complaint_list(escalation_level, next_deadline, id);
CREATE INDEX complaint_list_by_owner ON complaint_list(owner, next_deadline, id);
CREATE INDEX complaint_list_by_filed ON complaint_list(filed_at);
CREATE INDEX complaint_list_by_service ON complaint_list(service_key) WHERE service_key <> '';
CREATE INDEX complaint_list_words ON complaint_list USING gin ((' ' || words || ' ') gin_trgm_ops);
CREATE TABLE complaint_list_backfill(pending BOOLEAN NOT NULL);
INSERT INTO complaint_list_backfill(pending) VALUES(false);
CREATE SEQUENCE cw_generation;
)SQL"},
    // 8: the per-contact daily cap on messages (issue 21), as SQLite's 8: whom a message reaches and
    // which daily budget it counts against, and an index that counts them by contact.
    {8, R"SQL(
ALTER TABLE notifications ADD COLUMN to_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN cap_group TEXT NOT NULL DEFAULT '';
CREATE INDEX notifications_by_contact ON notifications(to_key, cap_group, created_at) WHERE cap_group <> '';
)SQL"},
    // 9: SQLite's 9 rebuilds its FTS5 table with a prefix index for one-character queries. Here a
    // one-character query is already a LIKE '% 扣%' over the terms, which the trigram index
    // (complaint_list_words) answers from the trigram of a term's start ("  扣"): nothing to change,
    // but the number is taken so that "schema 9" means the same on both backends.
    {9, "SELECT 1"},
    // 10: SQLite's 10 puts channel, category and business type into its FTS5 table so that two of
    // them, or one with a search, are intersected there. PostgreSQL combines the filters' own indexes
    // (a bitmap AND) by itself: the number only, as for 9.
    {10, "SELECT 1"},
    // 11: the rate buckets every server takes its tokens from (Storage::take_rate_token, DESIGN §4
    // Several servers; SQLite's 11 is the number only, its one server keeps them in memory). Keys are
    // hashes. UNLOGGED: no WAL, not copied to a standby, emptied after a crash — a lost bucket is a
    // full one, which errs on the customer's side as a restart always did, and a take costs no WAL flush.
    // IF NOT EXISTS: a database whose version was set back by hand (Migrate.* steps one back to 9)
    // still has the table, and buckets are worth nothing to keep or to fail on.
    {11, R"SQL(
CREATE UNLOGGED TABLE IF NOT EXISTS rate_buckets(
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  at TIMESTAMPTZ NOT NULL);
CREATE INDEX IF NOT EXISTS rate_buckets_by_at ON rate_buckets(at);
)SQL"},
};
constexpr int kSchemaVersion = 11;
static_assert(std::size(kMigrations) > 0 && kMigrations[std::size(kMigrations) - 1].version == kSchemaVersion);

// Any fixed number: the lock every server's migration takes, so two servers starting together
// apply each migration once.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(2302230001)";

int read_version(PgConn& c) {
  ResultPtr r = c.run("SELECT version FROM schema_version", Params());
  if (c.check(r.get(), "db_version") != Errc::ok) return -1;
  return PQntuples(r.get()) > 0 ? static_cast<int>(num(r.get(), 0, 0)) : 0;
}

bool migrate(PgConn& c) {
  if (!c.exec("BEGIN") || !c.exec(kMigrationLock) ||
      !c.exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)")) {
    c.exec("ROLLBACK");
    return false;
  }
  const int v = read_version(c);
  bool ok = v >= 0 && v <= kSchemaVersion;
  if (v > kSchemaVersion) log_event("error", "db_newer", {{"version", log_num(v)}});
  for (const Migration& m : kMigrations)
    if (ok && m.version > v) ok = c.exec(m.sql, "db_migrate");
  if (ok && v != kSchemaVersion) {
    ResultPtr d = c.run("DELETE FROM schema_version", Params());
    ResultPtr i = c.run("INSERT INTO schema_version(version) VALUES($1)", Params(kSchemaVersion));
    ok = c.check(d.get(), "db_migrate") == Errc::ok && c.check(i.get(), "db_migrate") == Errc::ok;
  }
  if (!ok) {
    c.exec("ROLLBACK");
    return false;
  }
  return c.exec("COMMIT");
}

// [SECTION] PgTx -----------------------------------------------------------------------------------------
#define CW_COMPLAINT_COLUMNS \
  "id, acceptance_no, status, phone_key, filed_at, updated_at, closed_at, version, purged, doc, lang"

ComplaintRecord read_complaint(const PGresult* r, int i) {
  ComplaintRecord c;
  c.id = num(r, i, 0);
  c.acceptance_no = str(r, i, 1);
  c.status = str(r, i, 2);
  c.phone_key = str(r, i, 3);
  c.filed_at = num(r, i, 4);
  c.updated_at = num(r, i, 5);
  c.closed_at = num(r, i, 6);
  c.version = num(r, i, 7);
  c.purged = flag(r, i, 8);
  c.doc = str(r, i, 9);
  c.lang = str(r, i, 10);
  return c;
}

// Columns: id, name, role, revoked_at, created_at, expires_at.
StaffRecord read_staff(const PGresult* r, int i) {
  StaffRecord s{num(r, i, 0), str(r, i, 1), str(r, i, 2), num(r, i, 3) != 0};
  s.revoked_at = num(r, i, 3);
  s.created_at = num(r, i, 4);
  s.expires_at = num(r, i, 5);
  return s;
}

#define CW_NOTIFICATION_COLUMNS                                                                          \
  "id, kind, acceptance_no, phone, email, channel, lang, text, code, link, created_at, give_up_at, state, " \
  "attempts, next_attempt_at, claimed_until, done_at, last_error, to_key, cap_group"

NotificationRecord read_notification(const PGresult* r, int i) {
  NotificationRecord n;
  n.id = str(r, i, 0);
  n.kind = str(r, i, 1);
  n.acceptance_no = str(r, i, 2);
  n.phone = str(r, i, 3);
  n.email = str(r, i, 4);
  n.channel = str(r, i, 5);
  n.lang = str(r, i, 6);
  n.text = str(r, i, 7);
  n.code = str(r, i, 8);
  n.link = str(r, i, 9);
  n.created_at = num(r, i, 10);
  n.give_up_at = num(r, i, 11);
  n.state = str(r, i, 12);
  n.attempts = static_cast<int>(num(r, i, 13));
  n.next_attempt_at = num(r, i, 14);
  n.claimed_until = num(r, i, 15);
  n.done_at = num(r, i, 16);
  n.last_error = str(r, i, 17);
  n.to_key = str(r, i, 18);
  n.cap_group = str(r, i, 19);
  return n;
}

LookupCodeRecord read_code(const PGresult* r, int i) {
  return LookupCodeRecord{str(r, i, 0), num(r, i, 1), static_cast<int>(num(r, i, 2))};
}

UploadRecord read_upload(const PGresult* r, int i) {
  return UploadRecord{str(r, i, 0), str(r, i, 1), str(r, i, 3), num(r, i, 2), num(r, i, 4)};
}

// A LIKE pattern over " " + words + " " for each term of an FTS5 query made by search_match
// (server/search.h): `"a b"` (a phrase of terms) must occur as whole terms in a row, `"x"*` as the
// start of a term; terms are joined by AND. Terms hold letters and digits only; LIKE's own
// characters are escaped all the same.
std::vector<std::string> like_patterns(const std::string& match) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while ((at = match.find('"', at)) != std::string::npos) {
    const std::size_t end = match.find('"', at + 1);
    if (end == std::string::npos) break;
    std::string p = "% ";
    for (char ch : match.substr(at + 1, end - at - 1)) {
      if (ch == '%' || ch == '_' || ch == '\\') p.push_back('\\');
      p.push_back(ch);
    }
    const bool prefix = end + 1 < match.size() && match[end + 1] == '*';
    p += prefix ? "%" : " %";
    out.push_back(std::move(p));
    at = end + 1;
  }
  return out;
}

class PgTx final : public Tx {
 public:
  PgTx(PgConn& c, bool writing) : c_(c), writing_(writing) {}

  // The first failure in this transaction (PostgreSQL refuses every later statement), Errc::ok if none.
  Errc failure() const { return failure_; }

  // A statement beyond the Tx methods (the upload bytes of PgStorage); `result_format` 1: binary.
  Result<ResultPtr> statement(const char* sql, const Params& p, int result_format = 0) {
    ResultPtr r = c_.run(sql, p, result_format);
    if (auto e = fail(r.get(), "db_query"); e != Errc::ok) return e;
    return r;
  }

  Result<std::int64_t> insert_complaint(const ComplaintRecord& r) override {
    auto res = query("INSERT INTO complaints(acceptance_no, status, phone_key, filed_at, updated_at, closed_at, "
                     "version, purged, doc, lang) VALUES($1, $2, $3, $4, $5, $6, 1, false, $7, $8) RETURNING id",
                     r.acceptance_no, r.status, r.phone_key, r.filed_at, r.updated_at, r.closed_at, r.doc, r.lang);
    if (!res) return res.error();
    ComplaintRecord listed = r;
    listed.id = num(res.value().get(), 0, 0);
    if (auto w = put_list(listed); !w) return w.error();
    return listed.id;
  }

  Result<std::optional<ComplaintRecord>> find_complaint(std::string_view no) override {
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE acceptance_no = $1", no);
    if (!res) return res.error();
    return first(res.value().get(), read_complaint);
  }

  Result<void> update_complaint(const ComplaintRecord& r) override {
    auto res = query("UPDATE complaints SET status = $1, phone_key = $2, updated_at = $3, closed_at = $4, "
                     "version = version + 1, purged = $5, doc = $6, lang = $7 WHERE id = $8 AND version = $9",
                     r.status, r.phone_key, r.updated_at, r.closed_at, r.purged, r.doc, r.lang, r.id, r.version);
    if (!res) return res.error();
    if (changes(res.value().get()) != 1) return Errc::http_conflict;
    if (!r.purged) return put_list(r);
    // A purged case keeps what the list sorts and counts by, not what names its customer.
    return run("UPDATE complaint_list SET status = $1, service_key = '', words = '' WHERE id = $2", r.status, r.id);
  }

  Result<std::vector<ComplaintRecord>> list_unindexed(std::int64_t after_id, int limit) override {
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id > $1 AND "
                     "(SELECT pending FROM complaint_list_backfill) ORDER BY id LIMIT $2",
                     after_id, limit);
    if (!res) return res.error();
    auto out = all(res.value().get(), read_complaint);
    if (out.empty())
      if (auto done = run("UPDATE complaint_list_backfill SET pending = false"); !done) return done.error();
    return out;
  }

  Result<void> index_complaint(const ComplaintRecord& r) override {
    if (!r.purged) return put_list(r);
    ComplaintRecord bare = r;  // what a purge leaves (update_complaint)
    bare.service_key.clear();
    return put_list(bare, true);
  }

  Result<std::vector<ComplaintRecord>> search_complaints(const ComplaintFilter& f) override {
    // Built per request from the filters given: each one a bound parameter, never text of the request.
    std::string sql = "SELECT l.id, l.next_deadline FROM complaint_list l WHERE true";
    Params p;
    int n = 0;
    const auto cond = [&](const char* before, const auto& v, const char* after = "") {
      p.add(v);
      sql += before;
      sql += '$';
      sql += std::to_string(++n);
      sql += after;
    };
    const auto text = [&](const char* before, const std::string& v, const char* after = "") {
      if (!v.empty()) cond(before, v, after);
    };
    // Search terms (in place of FTS5): every phrase a LIKE over the terms, which the trigram index
    // (complaint_list_words) narrows down; the list's order comes from the other indexes.
    for (const std::string& pattern : like_patterns(f.match)) cond(" AND (' ' || l.words || ' ') LIKE ", pattern);
    if (!f.match.empty() && like_patterns(f.match).empty()) sql += " AND false";
    if (f.overdue) cond(*f.overdue ? " AND l.next_deadline < " : " AND l.next_deadline >= ", f.now);
    if (f.after_id) {
      cond(" AND (l.next_deadline, l.id) > (", f.after_deadline);
      cond(", ", f.after_id, ")");
    }
    text(" AND l.status = ", f.status);
    text(" AND l.category = ", f.category);
    text(" AND l.business_type = ", f.business_type);
    text(" AND l.channel = ", f.channel);
    text(" AND l.owner = ", f.owner);
    if (f.level) cond(" AND l.escalation_level = ", *f.level);
    text(" AND l.id IN (SELECT id FROM complaints WHERE NOT purged AND phone_key = ", f.phone_key, ")");
    // `<> ''` repeats the partial index's condition (complaint_list_by_service), as in SQLite.
    text(" AND l.service_key = ", f.service_key, " AND l.service_key <> ''");
    if (f.filed_from) cond(" AND l.filed_at >= ", f.filed_from);
    if (f.filed_to) cond(" AND l.filed_at < ", f.filed_to);
    cond(" ORDER BY l.next_deadline, l.id LIMIT ", f.limit);

    ResultPtr page = c_.run_text(sql, p);
    if (auto e = fail(page.get(), "db_search"); e != Errc::ok) return e;
    std::vector<ComplaintRecord> out;
    for (int i = 0; i < PQntuples(page.get()); ++i) {
      const std::int64_t id = num(page.get(), i, 0);
      auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id = $1", id);
      if (!res) return res.error();
      if (PQntuples(res.value().get()) == 0) continue;
      out.push_back(read_complaint(res.value().get(), 0));
      out.back().next_deadline = num(page.get(), i, 1);
    }
    return out;
  }

  Result<std::vector<ComplaintRecord>> list_complaints(std::string_view status, std::int64_t after_id,
                                                       int limit) override {
    auto res = status.empty()
        ? query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE id > $1 ORDER BY id LIMIT $2", after_id, limit)
        : query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE status = $1 AND id > $2 ORDER BY id LIMIT $3",
                status, after_id, limit);
    if (!res) return res.error();
    return all(res.value().get(), read_complaint);
  }

  Result<std::vector<ComplaintRecord>> list_complaints_by_phone(std::string_view phone_key, int limit) override {
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE phone_key = $1 AND NOT purged "
                     "ORDER BY id DESC LIMIT $2",
                     phone_key, limit);
    if (!res) return res.error();
    return all(res.value().get(), read_complaint);
  }

  Result<std::vector<ComplaintRecord>> list_expired(std::int64_t cutoff, std::int64_t now, int limit) override {
    auto res = query("SELECT " CW_COMPLAINT_COLUMNS " FROM complaints WHERE closed_at > 0 AND NOT purged "
                     "AND closed_at < $1 AND NOT EXISTS(SELECT 1 FROM holds h WHERE h.complaint_id = complaints.id "
                     "AND (h.until = 0 OR h.until > $2)) ORDER BY closed_at LIMIT $3",
                     cutoff, now, limit);
    if (!res) return res.error();
    return all(res.value().get(), read_complaint);
  }

  Result<void> put_hold(std::int64_t complaint_id, std::int64_t until) override {
    return run("INSERT INTO holds(complaint_id, until) VALUES($1, $2) "
               "ON CONFLICT (complaint_id) DO UPDATE SET until = EXCLUDED.until",
               complaint_id, until);
  }

  Result<void> delete_hold(std::int64_t complaint_id) override {
    return run("DELETE FROM holds WHERE complaint_id = $1", complaint_id);
  }

  Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view scope, std::string_view key) override {
    // In a write: the key's lock first (see Concurrency above), held until the commit.
    if (writing_)
      if (auto l = lock("idempotency", std::string(scope) + '\n' + std::string(key)); !l) return l.error();
    auto res = query("SELECT request_hash, status, body FROM idempotency WHERE scope = $1 AND key = $2", scope, key);
    if (!res) return res.error();
    return first(res.value().get(), [](const PGresult* r, int i) {
      return IdempotencyRecord{str(r, i, 0), static_cast<int>(num(r, i, 1)), str(r, i, 2)};
    });
  }

  Result<void> put_idempotency(std::string_view scope, std::string_view key, const IdempotencyRecord& r,
                               std::int64_t now) override {
    return run("INSERT INTO idempotency(scope, key, request_hash, status, body, created_at) "
               "VALUES($1, $2, $3, $4, $5, $6)",
               scope, key, r.request_hash, r.status, r.body, now);
  }

  Result<void> delete_idempotency_before(std::int64_t cutoff) override {
    return run("DELETE FROM idempotency WHERE created_at < $1", cutoff);
  }

  Result<void> insert_upload(const UploadRecord& r) override {
    // attached = false: an orphan until a filing or supplement names it (attach_upload).
    return run("INSERT INTO uploads(id, sha256, size, type, created_at, attached) VALUES($1, $2, $3, $4, $5, false)",
               r.id, r.sha256, r.size, r.type, r.created_at);
  }

  Result<std::optional<UploadRecord>> find_upload(std::string_view id) override {
    auto res = writing_ ? query("SELECT id, sha256, size, type, created_at FROM uploads WHERE id = $1 FOR UPDATE", id)
                        : query("SELECT id, sha256, size, type, created_at FROM uploads WHERE id = $1", id);
    if (!res) return res.error();
    return first(res.value().get(), read_upload);
  }

  Result<void> delete_upload(std::string_view id) override { return run("DELETE FROM uploads WHERE id = $1", id); }

  Result<void> attach_upload(std::string_view id) override {
    return run("UPDATE uploads SET attached = true WHERE id = $1", id);
  }

  Result<std::vector<UploadRecord>> list_unattached_uploads(std::int64_t cutoff, int limit) override {
    auto res = writing_ ? query("SELECT id, sha256, size, type, created_at FROM uploads WHERE NOT attached "
                                "AND created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE",
                                cutoff, limit)
                        : query("SELECT id, sha256, size, type, created_at FROM uploads WHERE NOT attached "
                                "AND created_at < $1 ORDER BY created_at LIMIT $2",
                                cutoff, limit);
    if (!res) return res.error();
    return all(res.value().get(), read_upload);
  }

  Result<int> count_uploads_with_sha(std::string_view sha) override {
    auto res = query("SELECT COUNT(*) FROM uploads WHERE sha256 = $1", sha);
    if (!res) return res.error();
    return static_cast<int>(num(res.value().get(), 0, 0));
  }

  Result<void> insert_token(std::string_view kind, std::string_view hash, const TokenRecord& r) override {
    return run("INSERT INTO tokens(kind, token_hash, complaint_id, expires_at, used_at) VALUES($1, $2, $3, $4, $5)",
               kind, hash, r.complaint_id, r.expires_at, r.used_at);
  }

  Result<std::optional<TokenRecord>> find_token(std::string_view kind, std::string_view hash) override {
    // In a write the row stays locked until the commit: a survey token is used once, across servers.
    auto res = writing_ ? query("SELECT complaint_id, expires_at, used_at FROM tokens WHERE kind = $1 AND "
                                "token_hash = $2 FOR UPDATE",
                                kind, hash)
                        : query("SELECT complaint_id, expires_at, used_at FROM tokens WHERE kind = $1 AND "
                                "token_hash = $2",
                                kind, hash);
    if (!res) return res.error();
    return first(res.value().get(),
                 [](const PGresult* r, int i) { return TokenRecord{num(r, i, 0), num(r, i, 1), num(r, i, 2)}; });
  }

  Result<void> use_token(std::string_view kind, std::string_view hash, std::int64_t now) override {
    return run("UPDATE tokens SET used_at = $1 WHERE kind = $2 AND token_hash = $3", now, kind, hash);
  }

  Result<void> delete_tokens(std::int64_t complaint_id) override {
    auto r = run("DELETE FROM tokens WHERE complaint_id = $1", complaint_id);
    if (!r) return r;
    return run("DELETE FROM lookup_codes WHERE complaint_id = $1", complaint_id);
  }

  Result<void> put_lookup_code(std::int64_t complaint_id, const LookupCodeRecord& r) override {
    return run("INSERT INTO lookup_codes(complaint_id, code_hash, expires_at, tries) VALUES($1, $2, $3, $4) "
               "ON CONFLICT (complaint_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, "
               "expires_at = EXCLUDED.expires_at, tries = EXCLUDED.tries",
               complaint_id, r.code_hash, r.expires_at, r.tries);
  }

  Result<std::optional<LookupCodeRecord>> find_lookup_code(std::int64_t complaint_id) override {
    auto res = writing_
        ? query("SELECT code_hash, expires_at, tries FROM lookup_codes WHERE complaint_id = $1 FOR UPDATE", complaint_id)
        : query("SELECT code_hash, expires_at, tries FROM lookup_codes WHERE complaint_id = $1", complaint_id);
    if (!res) return res.error();
    return first(res.value().get(), read_code);
  }

  Result<void> count_lookup_try(std::int64_t complaint_id) override {
    return run("UPDATE lookup_codes SET tries = tries + 1 WHERE complaint_id = $1", complaint_id);
  }

  Result<void> delete_lookup_code(std::int64_t complaint_id) override {
    return run("DELETE FROM lookup_codes WHERE complaint_id = $1", complaint_id);
  }

  Result<void> put_phone_code(std::string_view phone_key, const LookupCodeRecord& r) override {
    return run("INSERT INTO phone_codes(phone_key, code_hash, expires_at, tries) VALUES($1, $2, $3, $4) "
               "ON CONFLICT (phone_key) DO UPDATE SET code_hash = EXCLUDED.code_hash, "
               "expires_at = EXCLUDED.expires_at, tries = EXCLUDED.tries",
               phone_key, r.code_hash, r.expires_at, r.tries);
  }

  Result<std::optional<LookupCodeRecord>> find_phone_code(std::string_view phone_key) override {
    auto res = writing_
        ? query("SELECT code_hash, expires_at, tries FROM phone_codes WHERE phone_key = $1 FOR UPDATE", phone_key)
        : query("SELECT code_hash, expires_at, tries FROM phone_codes WHERE phone_key = $1", phone_key);
    if (!res) return res.error();
    return first(res.value().get(), read_code);
  }

  Result<void> count_phone_try(std::string_view phone_key) override {
    return run("UPDATE phone_codes SET tries = tries + 1 WHERE phone_key = $1", phone_key);
  }

  Result<void> delete_phone_code(std::string_view phone_key) override {
    return run("DELETE FROM phone_codes WHERE phone_key = $1", phone_key);
  }

  Result<void> insert_phone_token(std::string_view hash, const PhoneTokenRecord& r) override {
    return run("INSERT INTO phone_tokens(token_hash, phone_key, expires_at) VALUES($1, $2, $3)", hash, r.phone_key,
               r.expires_at);
  }

  Result<std::optional<PhoneTokenRecord>> find_phone_token(std::string_view hash) override {
    auto res = query("SELECT phone_key, expires_at FROM phone_tokens WHERE token_hash = $1", hash);
    if (!res) return res.error();
    return first(res.value().get(),
                 [](const PGresult* r, int i) { return PhoneTokenRecord{str(r, i, 0), num(r, i, 1)}; });
  }

  Result<void> delete_expired_phone_grants(std::int64_t now) override {
    auto r = run("DELETE FROM phone_codes WHERE expires_at <= $1", now);
    if (!r) return r;
    r = run("DELETE FROM lookup_guards WHERE window_start <= $1 AND locked_until <= $2", now - 86400, now);
    if (!r) return r;
    return run("DELETE FROM phone_tokens WHERE expires_at <= $1", now);
  }

  Result<LookupGuard> lookup_guard(std::string_view key) override {
    // In a write: the key's lock first; the row may not exist yet, so a row lock would not do.
    if (writing_)
      if (auto l = lock("lookup_guard", std::string(key)); !l) return l.error();
    auto res = query("SELECT window_start, codes, failures, locked_until FROM lookup_guards WHERE key = $1", key);
    if (!res) return res.error();
    const PGresult* r = res.value().get();
    if (PQntuples(r) == 0) return LookupGuard{};
    return LookupGuard{num(r, 0, 0), static_cast<int>(num(r, 0, 1)), static_cast<int>(num(r, 0, 2)), num(r, 0, 3)};
  }

  Result<void> put_lookup_guard(std::string_view key, const LookupGuard& g) override {
    return run("INSERT INTO lookup_guards(key, window_start, codes, failures, locked_until) VALUES($1, $2, $3, $4, $5) "
               "ON CONFLICT (key) DO UPDATE SET window_start = EXCLUDED.window_start, codes = EXCLUDED.codes, "
               "failures = EXCLUDED.failures, locked_until = EXCLUDED.locked_until",
               key, g.window_start, g.codes, g.failures, g.locked_until);
  }

  Result<std::int64_t> insert_staff(std::string_view name, std::string_view role, std::string_view hash,
                                    std::int64_t now, std::int64_t expires_at) override {
    auto res = query("INSERT INTO staff(name, role, token_hash, created_at, expires_at) VALUES($1, $2, $3, $4, $5) "
                     "RETURNING id",
                     name, role, hash, now, expires_at);
    if (!res) return res.error();
    return num(res.value().get(), 0, 0);
  }

  Result<std::optional<StaffRecord>> find_staff(std::string_view hash) override {
    auto res = query("SELECT id, name, role, revoked_at, created_at, expires_at FROM staff WHERE token_hash = $1", hash);
    if (!res) return res.error();
    return first(res.value().get(), read_staff);
  }

  Result<bool> revoke_staff(std::string_view hash, std::int64_t now) override {
    auto res = query("UPDATE staff SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at = 0", now, hash);
    if (!res) return res.error();
    return changes(res.value().get()) == 1;
  }

  Result<std::vector<StaffRecord>> list_staff() override {
    auto res = query("SELECT id, name, role, revoked_at, created_at, expires_at FROM staff ORDER BY id");
    if (!res) return res.error();
    return all(res.value().get(), read_staff);
  }

  Result<int> revoke_staff_named(std::string_view name, std::int64_t now) override {
    auto res = query("UPDATE staff SET revoked_at = $1 WHERE name = $2 AND revoked_at = 0", now, name);
    if (!res) return res.error();
    return changes(res.value().get());
  }

  Result<int> revoke_staff_id(std::int64_t id, std::int64_t now) override {
    auto res = query("UPDATE staff SET revoked_at = $1 WHERE id = $2 AND revoked_at = 0", now, id);
    if (!res) return res.error();
    return changes(res.value().get());
  }

  Result<void> insert_audit(const AuditRecord& r) override {
    return run("INSERT INTO audit(at, staff_id, acceptance_no, action, outcome, subject) VALUES($1, $2, $3, $4, $5, $6)",
               r.at, r.staff_id, r.acceptance_no, r.action, r.outcome, r.subject);
  }

  Result<std::vector<AuditRecord>> list_audit(std::string_view no) override {
    auto res = query("SELECT a.at, a.staff_id, s.name, s.role, a.acceptance_no, a.action, a.outcome, a.subject "
                     "FROM audit a JOIN staff s ON s.id = a.staff_id WHERE a.acceptance_no = $1 ORDER BY a.id",
                     no);
    if (!res) return res.error();
    return all(res.value().get(), [](const PGresult* r, int i) {
      return AuditRecord{num(r, i, 0), num(r, i, 1), str(r, i, 2), str(r, i, 3),
                         str(r, i, 4), str(r, i, 5), str(r, i, 6), str(r, i, 7)};
    });
  }

  Result<void> insert_notification(const NotificationRecord& r) override {
    return run("INSERT INTO notifications(" CW_NOTIFICATION_COLUMNS ") "
               "VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
               r.id, r.kind, r.acceptance_no, r.phone, r.email, r.channel, r.lang, r.text, r.code, r.link,
               r.created_at, r.give_up_at, r.state, r.attempts, r.next_attempt_at, r.claimed_until, r.done_at,
               r.last_error, r.to_key, r.cap_group);
  }

  Result<int> count_notifications_to(std::string_view to_key, std::string_view cap_group,
                                     std::int64_t since) override {
    // In a write: the contact's lock first (see Concurrency above), held until the commit, so the
    // message this count lets through is inserted before another server counts.
    if (writing_)
      if (auto l = lock("contact_cap", std::string(cap_group) + '\n' + std::string(to_key)); !l) return l.error();
    // `cap_group <> ''` repeats the index's condition (notifications_by_contact): a prepared
    // statement's generic plan cannot prove it from the parameter.
    auto res = query("SELECT COUNT(*) FROM notifications WHERE to_key = $1 AND cap_group = $2 AND cap_group <> '' "
                     "AND created_at > $3 AND last_error <> 'capped'",
                     to_key, cap_group, since);
    if (!res) return res.error();
    return static_cast<int>(num(res.value().get(), 0, 0));
  }

  Result<std::vector<NotificationRecord>> claim_notifications(std::int64_t now, std::int64_t claimed_until,
                                                              int limit) override {
    // Senders on every server claim at once: a row another one is claiming is skipped, not waited for.
    auto res = query("UPDATE notifications SET claimed_until = $1 WHERE id IN (SELECT id FROM notifications "
                     "WHERE state = 'pending' AND next_attempt_at <= $2 AND claimed_until <= $2 "
                     "ORDER BY next_attempt_at, created_at LIMIT $3 FOR UPDATE SKIP LOCKED) "
                     "RETURNING " CW_NOTIFICATION_COLUMNS,
                     claimed_until, now, limit);
    if (!res) return res.error();
    auto out = all(res.value().get(), read_notification);
    // RETURNING comes in no particular order: oldest due first, as promised.
    std::stable_sort(out.begin(), out.end(), [](const NotificationRecord& a, const NotificationRecord& b) {
      return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at
                                                    : a.created_at < b.created_at;
    });
    return out;
  }

  Result<std::int64_t> next_notification_due() override {
    auto res = query("SELECT COALESCE(MIN(GREATEST(next_attempt_at, claimed_until)), 0) FROM notifications "
                     "WHERE state = 'pending'");
    if (!res) return res.error();
    return num(res.value().get(), 0, 0);
  }

  Result<void> finish_attempt(const NotificationRecord& r, const NotificationAttempt& a) override {
    auto ins = run("INSERT INTO notification_attempts(notification_id, at, outcome) VALUES($1, $2, $3)", r.id, a.at,
                   a.outcome);
    if (!ins) return ins;
    return run("UPDATE notifications SET state = $1, attempts = $2, next_attempt_at = $3, claimed_until = $4, "
               "done_at = $5, last_error = $6, text = $7, code = $8, link = $9 WHERE id = $10",
               r.state, r.attempts, r.next_attempt_at, r.claimed_until, r.done_at, r.last_error, r.text, r.code,
               r.link, r.id);
  }

  Result<std::vector<NotificationRecord>> list_notifications(std::string_view state, int limit) override {
    auto res = state.empty()
        ? query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications ORDER BY created_at DESC, seq DESC LIMIT $1",
                limit)
        : query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications WHERE state = $1 "
                "ORDER BY created_at DESC, seq DESC LIMIT $2",
                state, limit);
    if (!res) return res.error();
    return all(res.value().get(), read_notification);
  }

  Result<std::vector<NotificationAttempt>> list_attempts(std::string_view id) override {
    auto res = query("SELECT at, outcome FROM notification_attempts WHERE notification_id = $1 ORDER BY id", id);
    if (!res) return res.error();
    return all(res.value().get(),
               [](const PGresult* r, int i) { return NotificationAttempt{num(r, i, 0), str(r, i, 1)}; });
  }

  Result<void> delete_notifications(std::string_view no) override {
    return run("DELETE FROM notifications WHERE acceptance_no = $1", no);
  }

  Result<std::optional<NotificationRecord>> find_notification(std::string_view id) override {
    auto res = query("SELECT " CW_NOTIFICATION_COLUMNS " FROM notifications WHERE id = $1", id);
    if (!res) return res.error();
    return first(res.value().get(), read_notification);
  }

  // `state = 'failed'` in the WHERE: of two supervisors retrying at once, one requeues it.
  Result<bool> requeue_notification(const NotificationRecord& r) override {
    auto res = query("UPDATE notifications SET state = $1, attempts = $2, give_up_at = $3, next_attempt_at = $4, "
                     "claimed_until = $5, done_at = $6, last_error = $7 WHERE id = $8 AND state = 'failed'",
                     r.state, r.attempts, r.give_up_at, r.next_attempt_at, r.claimed_until, r.done_at, r.last_error,
                     r.id);
    if (!res) return res.error();
    return changes(res.value().get()) == 1;
  }

 private:
  // Runs a prepared statement; its rows, or the error (remembered: the transaction is over).
  template <class... A>
  Result<ResultPtr> query(const char* sql, const A&... a) {
    return statement(sql, Params(a...));
  }

  template <class... A>
  Result<void> run(const char* sql, const A&... a) {
    auto r = query(sql, a...);
    if (!r) return r.error();
    return {};
  }

  Errc fail(const PGresult* r, const char* event) {
    if (failure_ != Errc::ok) return failure_;  // PostgreSQL would refuse it anyway
    const Errc e = c_.check(r, event);
    if (e != Errc::ok) failure_ = e;
    return e;
  }

  // A lock on (kind, key) held until this transaction ends (see Concurrency above).
  Result<void> lock(const char* kind, const std::string& key) {
    return run("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", std::string(kind) + '\n' + key);
  }

  static int changes(const PGresult* r) { return std::atoi(PQcmdTuples(const_cast<PGresult*>(r))); }

  template <class F>
  static auto first(const PGresult* r, F read) -> std::optional<decltype(read(r, 0))> {
    if (PQntuples(r) == 0) return std::nullopt;
    return read(r, 0);
  }

  template <class F>
  static auto all(const PGresult* r, F read) -> std::vector<decltype(read(r, 0))> {
    std::vector<decltype(read(r, 0))> out;
    for (int i = 0; i < PQntuples(r); ++i) out.push_back(read(r, i));
    return out;
  }

  // Writes the list's row of `r` with its search terms: `r.words` when given (a filing, a backfill),
  // else the stored ones are kept; `clear_words` drops them (a purge).
  Result<void> put_list(const ComplaintRecord& r, bool clear_words = false) {
    return run("INSERT INTO complaint_list(id, status, category, business_type, channel, owner, escalation_level, "
               "filed_at, next_deadline, service_key, words) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
               "ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, category = EXCLUDED.category, "
               "business_type = EXCLUDED.business_type, channel = EXCLUDED.channel, owner = EXCLUDED.owner, "
               "escalation_level = EXCLUDED.escalation_level, filed_at = EXCLUDED.filed_at, "
               "next_deadline = EXCLUDED.next_deadline, service_key = EXCLUDED.service_key, "
               "words = CASE WHEN $12 OR EXCLUDED.words <> '' THEN EXCLUDED.words ELSE complaint_list.words END",
               r.id, r.status, r.category, r.business_type, r.channel, r.owner, r.escalation_level, r.filed_at,
               r.next_deadline, r.service_key, clear_words ? std::string() : r.words, clear_words);
  }

  PgConn& c_;
  const bool writing_;
  Errc failure_ = Errc::ok;
};

#undef CW_COMPLAINT_COLUMNS
#undef CW_NOTIFICATION_COLUMNS

// [SECTION] PgStorage ----------------------------------------------------------------------------------
class PgStorage final : public Storage {
 public:
  bool open(const std::string& uri, int connections) {
    uri_ = uri;
    for (int i = 0; i < connections; ++i) {
      auto c = std::make_unique<PgConn>();
      if (!c->open(uri)) return false;
      if (i == 0 && !migrate(*c)) return false;
      idle_.push_back(c.get());
      conns_.push_back(std::move(c));
    }
    return true;
  }

  Result<void> read(const Work& work) override {
    // One snapshot for the whole work, as SQLite's read transaction gives.
    return in_transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", false, work);
  }

  Result<void> write(const Work& work) override {
    // Explicitly READ COMMITTED, whatever the database's default: the locks of the Concurrency
    // section are what make the writes safe, without SERIALIZABLE's false conflicts.
    return in_transaction("BEGIN ISOLATION LEVEL READ COMMITTED", true, work);
  }

  bool healthy() override {
    bool ok = false;
    Lease c(*this);
    if (c->ok() || c->reconnect()) ok = read_version(*c) == kSchemaVersion;
    return ok;
  }

  int schema_version() override {
    Lease c(*this);
    return c->ok() || c->reconnect() ? read_version(*c) : -1;
  }

  void checkpoint() override {}  // PostgreSQL recycles its own WAL

  std::uint64_t generation() override {
    Lease c(*this);
    ResultPtr r = c->run("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM cw_generation", Params());
    if (c->check(r.get(), "db_generation") == Errc::ok && PQntuples(r.get()) == 1)
      return static_cast<std::uint64_t>(num(r.get(), 0, 0));
    // Unknown: a value no earlier or later read gives, so nothing cached is trusted.
    return (std::uint64_t{1} << 63) | unknown_.fetch_add(1);
  }

  bool shares_rate_buckets() const override { return true; }

  Result<int> take_rate_token(std::string_view key, double burst, double per_minute) override {
    const double per_second = per_minute / 60.0;
    Lease c(*this);
    if (!c->ok() && !c->reconnect()) return Errc::server_unavailable;
    forget_full_buckets(*c);
    // One statement (autocommit): the row is locked from the conflict to the end, so servers taking
    // from one bucket at once take one after another. The refill is computed on the database's clock
    // (servers' clocks may differ); a refused take changes nothing (the WHERE fails: no row back).
    ResultPtr r = c->run(
        "INSERT INTO rate_buckets AS b(key, tokens, at) VALUES($1, $2::float8 - 1, now()) "
        "ON CONFLICT (key) DO UPDATE "
        "SET tokens = LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM now() - b.at)::float8 * $3::float8) - 1, "
        "at = now() "
        "WHERE LEAST($2::float8, b.tokens + EXTRACT(EPOCH FROM now() - b.at)::float8 * $3::float8) >= 1 "
        "RETURNING 0",
        Params(std::string(key), burst, per_second));
    if (c->check(r.get(), "rate_take") != Errc::ok) return Errc::server_unavailable;
    if (PQntuples(r.get()) == 1) return 0;
    if (per_second <= 0) return 3600;
    ResultPtr w = c->run(
        "SELECT CEIL((1 - LEAST($2::float8, tokens + EXTRACT(EPOCH FROM now() - at)::float8 * $3::float8)) "
        "/ $3::float8) FROM rate_buckets WHERE key = $1",
        Params(std::string(key), burst, per_second));
    if (c->check(w.get(), "rate_take") != Errc::ok) return Errc::server_unavailable;
    // No row: swept meanwhile, so full again by now; the client may try at once.
    const std::int64_t wait = PQntuples(w.get()) == 1 ? num(w.get(), 0, 0) : 1;
    return static_cast<int>(std::clamp<std::int64_t>(wait, 1, 3600));
  }

  Result<bool> run_alone(std::int64_t lock_id, const std::function<void()>& work) override {
    // A session lock on a connection of its own, not one of the pool's: `work` writes through the
    // pool (a pool of one would wait for itself), and the lock goes with the connection if this
    // process dies mid-way. Not transaction-scoped: the purge commits batch after batch.
    PgConn c;
    if (!c.open(uri_)) return Errc::server_unavailable;
    ResultPtr r = c.run("SELECT pg_try_advisory_lock($1)", Params(lock_id));
    if (c.check(r.get(), "db_lock") != Errc::ok) return Errc::server_unavailable;
    if (PQntuples(r.get()) != 1 || !flag(r.get(), 0, 0)) return false;
    work();
    ResultPtr u = c.run("SELECT pg_advisory_unlock($1)", Params(lock_id));
    (void)c.check(u.get(), "db_unlock");  // closing the connection below releases it all the same
    return true;
  }

  Result<void> put_upload_bytes(const std::string& sha, std::string_view bytes) override {
    // Its own short transaction, before the record's: durable once the commit returns
    // (synchronous_commit, and the synchronous standby when configured, DESIGN §4).
    return write_one("INSERT INTO upload_bytes(sha256, bytes) VALUES($1, $2) ON CONFLICT (sha256) DO NOTHING",
                     Params(sha, Bytes{bytes}));
  }

  Result<std::optional<std::string>> upload_bytes(const std::string& sha) override {
    std::optional<std::string> out;
    Result<void> read_ok = read([&](Tx& tx) -> Result<void> {
      auto r = static_cast<PgTx&>(tx).statement("SELECT bytes FROM upload_bytes WHERE sha256 = $1", Params(sha), 1);
      if (!r) return r.error();
      if (PQntuples(r.value().get()) == 1) out = str(r.value().get(), 0, 0);  // binary: the bytes as they are
      return {};
    });
    if (!read_ok) return read_ok.error();
    return out;
  }

  Result<void> drop_upload_bytes(const std::string& sha) override {
    // Not while a record names them: one committed on another server meanwhile keeps them (and one
    // not yet committed holds a key lock that makes this wait, then fail on the foreign key).
    return write_one("DELETE FROM upload_bytes WHERE sha256 = $1 AND NOT EXISTS(SELECT 1 FROM uploads WHERE sha256 = $1)",
                     Params(sha));
  }

 private:
  // One statement in a write transaction of its own.
  Result<void> write_one(const char* sql, const Params& p) {
    return write([&](Tx& tx) -> Result<void> {
      auto r = static_cast<PgTx&>(tx).statement(sql, p);
      if (!r) return r.error();
      return {};
    });
  }

  // A connection taken from the pool for as long as it lives.
  class Lease {
   public:
    explicit Lease(PgStorage& s) : s_(s) {
      std::unique_lock lock(s_.mu_);
      s_.cv_.wait(lock, [&] { return !s_.idle_.empty(); });
      c_ = s_.idle_.back();
      s_.idle_.pop_back();
    }
    ~Lease() {
      {
        std::lock_guard lock(s_.mu_);
        s_.idle_.push_back(c_);
      }
      s_.cv_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConn* operator->() { return c_; }
    PgConn& operator*() { return *c_; }

   private:
    PgStorage& s_;
    PgConn* c_;
  };

  // BEGIN on a live connection. A connection found broken (the server restarted, a standby was
  // promoted) is replaced once, before anything of the work ran: that repeats no write.
  static bool begin(PgConn& c, const char* sql) {
    if (c.ok() && c.exec(sql, "db_begin")) return true;
    return c.reconnect() && c.exec(sql, "db_begin");
  }

  Result<void> in_transaction(const char* begin_sql, bool writing, const Work& work) {
    Lease c(*this);
    if (!begin(*c, begin_sql)) return Errc::server_unavailable;
    PgTx tx(*c, writing);
    Result<void> res = work(tx);
    if (res && tx.failure() != Errc::ok) res = tx.failure();  // a failure the work did not pass on
    if (!res) {
      c->exec("ROLLBACK", "db_rollback");
      return res;
    }
    if (!writing) {
      c->exec("COMMIT", "db_commit");  // read-only: ends the snapshot
      return res;
    }
    // The write counter moves after the commit, in the same round trip (a failed COMMIT stops the
    // rest): a reader that saw the old value read before this commit was visible (view_cache.h).
    if (!PQsendQuery(c->raw(), "COMMIT; SELECT nextval('cw_generation')")) {
      log_event("error", "db_commit", {{"error", PQerrorMessage(c->raw())}});
      return Errc::server_unavailable;
    }
    ResultPtr committed(PQgetResult(c->raw()));
    const Errc e = c->check(committed.get(), "db_commit");
    while (ResultPtr rest{PQgetResult(c->raw())}) {
      // The counter failing after the commit loses nothing but cached views' freshness.
      if (e == Errc::ok) (void)c->check(rest.get(), "db_generation");
    }
    // A COMMIT whose answer never came may have happened: the client's retry with its
    // Idempotency-Key finds out (a filing is never repeated here).
    if (e != Errc::ok) return Errc::server_unavailable;
    return res;
  }

  // Buckets untouched for an hour are full again under every rule of RateRules: forgetting them is
  // exact (as RateLimiter's sweep). At most once a minute per server, so a scan of random numbers
  // cannot grow the table without bound.
  void forget_full_buckets(PgConn& c) {
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::steady_clock::now().time_since_epoch())
                                 .count();
    std::int64_t last = last_sweep_.load();
    if (now - last < 60 || !last_sweep_.compare_exchange_strong(last, now)) return;
    ResultPtr r = c.run("DELETE FROM rate_buckets WHERE at < now() - interval '1 hour'", Params());
    (void)c.check(r.get(), "rate_sweep");  // the next sweep tries again
  }

  std::string uri_;
  std::atomic<std::int64_t> last_sweep_{std::numeric_limits<std::int64_t>::min() / 2};
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> conns_;
  std::vector<PgConn*> idle_;
  std::atomic<std::uint64_t> unknown_{0};
};

}  // namespace

Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& uri, int connections) {
  auto s = std::make_unique<PgStorage>();
  if (!s->open(uri, connections < 1 ? 1 : connections)) return Errc::server_unavailable;
  return std::unique_ptr<Storage>(std::move(s));
}

}  // namespace cw::server
