// server/storage.h — the storage port: everything the server keeps, as small records, behind an
// interface with two backends: SQLite (one machine, the default) and PostgreSQL (several servers,
// issue 23).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.h"

namespace cw::server {

// ComplaintRecord::next_deadline of a case with no deadline running (closed, rejected, withdrawn):
// later than any real one, so such cases sort last.
inline constexpr std::int64_t kNoDeadline = (std::int64_t{1} << 33) - 1;  // 2242-03-16: 33 bits (the sort key)

// One complaint. The case itself (core's `Case`) is kept as a JSON document written by the core
// codec, so the rules and the wire shape live in one place; the columns beside it are only what the
// server must search or sort by.
struct ComplaintRecord {
  std::int64_t id = 0;
  std::string acceptance_no;
  std::string status;          // wire name (staff list filter)
  std::string phone_key;       // the contact phone, digits only (lookup second factor)
  std::int64_t filed_at = 0;   // unix seconds
  std::int64_t updated_at = 0;
  // When it reached a final status or was rejected (spec 二(三): the handling ends there; retention
  // counts from here, issue 21 finding 7), else 0.
  std::int64_t closed_at = 0;
  std::int64_t version = 0;    // bumped by every update
  bool purged = false;         // personal data deleted after retention (DESIGN §8)
  std::string doc;             // the case as JSON
  std::string lang = "zh-CN";  // the customer's language ("zh-CN" | "en"): messages are written in it
  // The staff list's filters (DESIGN §4), derived from the case at every write (server/search.h) and
  // kept in the list beside the case; reads leave them unset, but for next_deadline after a search.
  std::string category;
  std::string business_type;
  std::string channel;
  std::string owner;                         // staff name, "" = none
  int escalation_level = 0;
  std::int64_t next_deadline = kNoDeadline;  // the earliest binding deadline: overdue when it has passed
  std::string service_key;                   // a hash of the service number, never the number ("" once purged)
  // Search terms of the problem and demand (server/search.h). Written with the filing (they do not
  // change afterwards; "" on an update keeps them), deleted with the purge; never read back.
  std::string words;
};

// The staff list's filters (GET /staff/complaints, DESIGN §4), combined with AND; empty = any.
// Ordered by next_deadline, then id: overdue first, then the nearest deadline, then cases with none.
struct ComplaintFilter {
  std::string status, category, business_type, channel, owner;
  std::optional<int> level;
  std::optional<bool> overdue;  // relative to `now`
  std::int64_t now = 0;
  std::string phone_key;        // digits of the contact phone (the customer lookup's key)
  std::string service_key;      // search_key() of the service number
  std::string match;            // an FTS5 query over ComplaintRecord::words, "" = none
  std::int64_t filed_from = 0;  // filed_at >= this when set (unix seconds)
  std::int64_t filed_to = 0;    // filed_at < this when set
  // Keyset cursor: the (next_deadline, id) of the last row seen; after_id 0 = the first page.
  std::int64_t after_deadline = 0;
  std::int64_t after_id = 0;
  int limit = 50;
};

// A remembered answer for an Idempotency-Key (DESIGN §4): the hash of the request it answered.
struct IdempotencyRecord {
  std::string request_hash;
  int status = 0;
  std::string body;
};

struct UploadRecord {
  std::string id;
  std::string sha256;
  std::string type;
  std::int64_t size = 0;
  std::int64_t created_at = 0;
};

// A bearer secret bound to one complaint (access token or survey token), stored by hash only.
struct TokenRecord {
  std::int64_t complaint_id = 0;
  std::int64_t expires_at = 0;
  std::int64_t used_at = 0;  // survey tokens: single use (DESIGN §4)
};

struct LookupCodeRecord {
  std::string code_hash;
  std::int64_t expires_at = 0;
  int tries = 0;
};

// A bearer secret proving one contact phone (lookup by phone, DESIGN §4): it opens every complaint
// whose contact is that phone, filed on any device or channel, until it expires. Stored by hash only.
struct PhoneTokenRecord {
  std::string phone_key;  // digits
  std::int64_t expires_at = 0;
};

// What one key (a number, a phone or the pair, hashed) did in the lookup window that began at
// `window_start` (DESIGN §8: daily caps on codes, 20 failed tries lock lookups for 24 hours).
struct LookupGuard {
  std::int64_t window_start = 0;  // unix seconds; the counts below are since then
  int codes = 0;                  // codes asked for
  int failures = 0;               // wrong codes tried
  std::int64_t locked_until = 0;  // lookups refused until then
};

struct StaffRecord {
  std::int64_t id = 0;
  std::string name;
  std::string role;  // "agent" | "supervisor" | "manager"
  bool revoked = false;
  std::int64_t created_at = 0;
  std::int64_t revoked_at = 0;  // 0 while active
  std::int64_t expires_at = 0;  // 0: never (tokens made before expiry existed)
};

// Who did what (DESIGN §8: every staff action in an audit trail), refused attempts included.
struct AuditRecord {
  std::int64_t at = 0;
  std::int64_t staff_id = 0;
  std::string staff_name;
  std::string role;
  std::string acceptance_no;
  std::string action;
  std::string outcome;  // "ok" or the error id
  // What was read or done beyond the case (an upload id, the list's filter names); never personal data.
  std::string subject;
};

// One message to a customer in the outbox (DESIGN §4 Notifier): written in the same transaction as
// its cause, then delivered (at least once, always under this id) until sent or given up.
struct NotificationRecord {
  std::string id;             // X-Complaint-Delivery: the receiver dedupes on it
  std::string kind;           // "lookup_code" | "status" | "progress" | "survey"
  std::string acceptance_no;
  std::string phone;          // to.phone
  std::string email;          // to.email ("" = none)
  std::string channel;        // "sms" | "voice" | "email"
  std::string lang;           // "zh-CN" | "en"
  // text, code and link carry one-time secrets (codes, survey tokens): they are blanked once the
  // message is sent or failed (DESIGN §8: secrets are not kept in the clear).
  std::string text;
  std::string code;
  std::string link;
  std::int64_t created_at = 0;
  std::int64_t give_up_at = 0;       // retried until this, then failed (5 minutes / 24 hours)
  std::string state = "pending";     // "pending" | "sent" | "failed"
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t claimed_until = 0;    // a sender holds it until then (its delivery timeout + margin)
  std::int64_t done_at = 0;          // sent or failed at
  std::string last_error;            // "http 500", "timeout", … ("" when none; "capped": see below)
  // The per-contact daily cap (server/outbox.h, issue 21): who the message reaches, as a key (the
  // phone's digits, or "email:" and the lowered address for an e-mail), and which daily budget it
  // counts against ("" = none: the operator's own word is never capped).
  std::string to_key;
  std::string cap_group;
};

struct NotificationAttempt {
  std::int64_t at = 0;
  std::string outcome;  // "ok" (a 2xx) or what went wrong
};

// One transaction. All methods report storage failures as Errc::server_error.
class Tx {
 public:
  virtual ~Tx() = default;

  // [complaints]
  virtual Result<std::int64_t> insert_complaint(const ComplaintRecord& r) = 0;
  virtual Result<std::optional<ComplaintRecord>> find_complaint(std::string_view acceptance_no) = 0;
  // Writes every column of `r` (by id) and bumps the version; fails with http_conflict when the
  // stored version is not r.version (a concurrent writer got there first), and the list's columns. A
  // purged record keeps its list row but for the service key, and loses its search terms.
  virtual Result<void> update_complaint(const ComplaintRecord& r) = 0;
  // Ordered by id; `after_id` is the cursor; `status` empty = any.
  virtual Result<std::vector<ComplaintRecord>> list_complaints(std::string_view status,
                                                               std::int64_t after_id, int limit) = 0;
  // The staff list: one page of the complaints that pass `f` (ComplaintFilter), purged ones included.
  virtual Result<std::vector<ComplaintRecord>> search_complaints(const ComplaintFilter& f) = 0;
  // Cases stored before the list existed (schema 7), by id after `after_id`, up to `limit`, to be
  // indexed; none once done (an empty answer records that it is).
  virtual Result<std::vector<ComplaintRecord>> list_unindexed(std::int64_t after_id, int limit) = 0;
  // Writes the list's columns and search terms of `r` (by id) without touching its version.
  virtual Result<void> index_complaint(const ComplaintRecord& r) = 0;
  // The complaints (not purged) whose contact phone is `phone_key`, newest first.
  virtual Result<std::vector<ComplaintRecord>> list_complaints_by_phone(std::string_view phone_key, int limit) = 0;
  // Closed, withdrawn or rejected complaints whose closed_at is before `cutoff`, not purged yet and
  // not held at `now` (see put_hold).
  virtual Result<std::vector<ComplaintRecord>> list_expired(std::int64_t cutoff, std::int64_t now, int limit) = 0;
  // [holds] DESIGN §8 retention: the purge skips a held complaint (the hold itself is on the case;
  // this row mirrors it for the purge's query). `until` 0: until released.
  virtual Result<void> put_hold(std::int64_t complaint_id, std::int64_t until) = 0;
  virtual Result<void> delete_hold(std::int64_t complaint_id) = 0;

  // [idempotency] scope = what the key is for (e.g. "file", "supplement:<no>").
  virtual Result<std::optional<IdempotencyRecord>> find_idempotency(std::string_view scope,
                                                                     std::string_view key) = 0;
  virtual Result<void> put_idempotency(std::string_view scope, std::string_view key,
                                       const IdempotencyRecord& r, std::int64_t now) = 0;
  // Forgets answers older than `cutoff` (clients retry within minutes, not weeks).
  virtual Result<void> delete_idempotency_before(std::int64_t cutoff) = 0;

  // [uploads]
  virtual Result<void> insert_upload(const UploadRecord& r) = 0;
  virtual Result<std::optional<UploadRecord>> find_upload(std::string_view id) = 0;
  virtual Result<void> delete_upload(std::string_view id) = 0;
  // A filing or supplement references the upload (issue 21 finding 7): from now on it lives and is
  // purged with its complaint. Called in the referencing transaction, so the orphan purge (which
  // takes only unattached rows) can never take an upload that a committed case names.
  virtual Result<void> attach_upload(std::string_view id) = 0;
  // Uploads never attached, made before `cutoff` (the orphan purge: unreferenced after 24 hours).
  virtual Result<std::vector<UploadRecord>> list_unattached_uploads(std::int64_t cutoff, int limit) = 0;
  // How many upload records share these bytes (the file is deleted with the last one).
  virtual Result<int> count_uploads_with_sha(std::string_view sha256) = 0;

  // [tokens] kind: "access" | "survey"
  virtual Result<void> insert_token(std::string_view kind, std::string_view token_hash,
                                    const TokenRecord& r) = 0;
  virtual Result<std::optional<TokenRecord>> find_token(std::string_view kind,
                                                        std::string_view token_hash) = 0;
  virtual Result<void> use_token(std::string_view kind, std::string_view token_hash, std::int64_t now) = 0;
  virtual Result<void> delete_tokens(std::int64_t complaint_id) = 0;

  // [lookup codes] one live code per complaint.
  virtual Result<void> put_lookup_code(std::int64_t complaint_id, const LookupCodeRecord& r) = 0;
  virtual Result<std::optional<LookupCodeRecord>> find_lookup_code(std::int64_t complaint_id) = 0;
  virtual Result<void> count_lookup_try(std::int64_t complaint_id) = 0;
  virtual Result<void> delete_lookup_code(std::int64_t complaint_id) = 0;

  // [lookup by phone] one live code per phone; tokens that open that phone's complaints.
  virtual Result<void> put_phone_code(std::string_view phone_key, const LookupCodeRecord& r) = 0;
  virtual Result<std::optional<LookupCodeRecord>> find_phone_code(std::string_view phone_key) = 0;
  virtual Result<void> count_phone_try(std::string_view phone_key) = 0;
  virtual Result<void> delete_phone_code(std::string_view phone_key) = 0;
  virtual Result<void> insert_phone_token(std::string_view token_hash, const PhoneTokenRecord& r) = 0;
  virtual Result<std::optional<PhoneTokenRecord>> find_phone_token(std::string_view token_hash) = 0;
  // Zeroes when the key has no record.
  virtual Result<LookupGuard> lookup_guard(std::string_view key) = 0;
  virtual Result<void> put_lookup_guard(std::string_view key, const LookupGuard& g) = 0;
  // Retention: codes and tokens past their life name a phone and open nothing; they go (and
  // lookup guards whose window and lock are over).
  virtual Result<void> delete_expired_phone_grants(std::int64_t now) = 0;

  // [staff]
  // `expires_at` (unix seconds) ends the token's validity; 0 never does.
  virtual Result<std::int64_t> insert_staff(std::string_view name, std::string_view role,
                                            std::string_view token_hash, std::int64_t now,
                                            std::int64_t expires_at) = 0;
  virtual Result<std::optional<StaffRecord>> find_staff(std::string_view token_hash) = 0;
  virtual Result<bool> revoke_staff(std::string_view token_hash, std::int64_t now) = 0;
  // Every staff token ever made, by id (`token list`); records only, never a secret.
  virtual Result<std::vector<StaffRecord>> list_staff() = 0;
  // Revokes the active tokens of one person by name, or one token by its id; how many were revoked.
  virtual Result<int> revoke_staff_named(std::string_view name, std::int64_t now) = 0;
  virtual Result<int> revoke_staff_id(std::int64_t id, std::int64_t now) = 0;
  virtual Result<void> insert_audit(const AuditRecord& r) = 0;
  // By id; acceptance_no "" gives the rows that name no one case (uploads, list pages).
  virtual Result<std::vector<AuditRecord>> list_audit(std::string_view acceptance_no) = 0;

  // [notifications] the outbox (server/outbox.h).
  virtual Result<void> insert_notification(const NotificationRecord& r) = 0;
  // Atomically takes up to `limit` pending messages due at `now` that no sender holds, marks them
  // held until `claimed_until` and returns them, oldest due first. A sender that dies holding one
  // (kill -9) lets it go when that time passes; it is then sent again under the same id.
  // (PostgreSQL: UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING.)
  virtual Result<std::vector<NotificationRecord>> claim_notifications(std::int64_t now, std::int64_t claimed_until,
                                                                      int limit) = 0;
  // The earliest next_attempt_at of a pending message (0 when none): when a sender should look again.
  virtual Result<std::int64_t> next_notification_due() = 0;
  // Records one delivery attempt and writes the record's state, attempts, next_attempt_at,
  // claimed_until, done_at, last_error and (blanked) text, code, link.
  virtual Result<void> finish_attempt(const NotificationRecord& r, const NotificationAttempt& a) = 0;
  // How many messages of `cap_group` went (or are going) to `to_key` since `since` (created_at >
  // since), capped ones not counted: the per-contact daily cap's measure.
  virtual Result<int> count_notifications_to(std::string_view to_key, std::string_view cap_group,
                                             std::int64_t since) = 0;
  // Newest first; `state` empty = any.
  virtual Result<std::vector<NotificationRecord>> list_notifications(std::string_view state, int limit) = 0;
  virtual Result<std::vector<NotificationAttempt>> list_attempts(std::string_view id) = 0;
  virtual Result<std::optional<NotificationRecord>> find_notification(std::string_view id) = 0;
  // A staff retry (POST /staff/notifications/{id}/retry): writes r's state, attempts, give_up_at,
  // next_attempt_at, claimed_until, done_at and last_error, only while the stored row is still
  // failed; false when it was not (another retry got there first).
  virtual Result<bool> requeue_notification(const NotificationRecord& r) = 0;
  // Retention (DESIGN §8): a purged complaint's messages name its customer; they go with it.
  virtual Result<void> delete_notifications(std::string_view acceptance_no) = 0;
};

class Storage {
 public:
  virtual ~Storage() = default;
  using Work = std::function<Result<void>(Tx&)>;
  // Runs `work` in one read-only snapshot.
  virtual Result<void> read(const Work& work) = 0;
  // Runs `work` in one write transaction: committed (durably) when it returns ok, rolled back
  // otherwise. Only after this returns ok may the server acknowledge the write (DESIGN §8).
  virtual Result<void> write(const Work& work) = 0;
  // Writers waiting for the transaction being written to end (SQLite: they are committed together
  // next, see SqliteStorage::write). What a test of the group commit waits for; 0 when unknown.
  virtual std::size_t writers_waiting() { return 0; }
  // True when the database answers (GET /healthz).
  virtual bool healthy() = 0;
  virtual int schema_version() = 0;
  // Moves committed pages from the log into the database and truncates the log, so deleted data
  // does not linger in it (retention, DESIGN §8). PostgreSQL: nothing to do (its WAL is recycled).
  virtual void checkpoint() = 0;
  // Bumped after every write transaction. Read before a read transaction begins and found unchanged
  // later, it proves nothing was written in between: the lookup cache (server/view_cache.h) answers
  // from memory only then. SQLite: a counter in this process (its only writer); PostgreSQL: a
  // sequence every server bumps after its commits, so a write on one server is seen by all.
  virtual std::uint64_t generation() { return generation_.load(); }

  // [rate buckets] The rate limits of DESIGN §8 as token buckets in the database, so that every
  // server on it counts against the same buckets (§4 Several servers: two servers must not each
  // allow the full rate). False: the storage keeps none (SQLite: one process, whose RateLimiter
  // keeps them in memory).
  virtual bool shares_rate_buckets() const { return false; }
  // Takes one token from the bucket `key` (a hash that names no one), which holds up to `burst`
  // tokens and refills at `per_minute` on the database's clock: 0 when taken, else the whole seconds
  // until one is back (at least 1). server_unavailable when the database did not answer.
  virtual Result<int> take_rate_token(std::string_view key, double burst, double per_minute);

  // Runs `work` unless another server on this database holds the lock `lock_id`; then it returns
  // false at once, having run nothing (not waiting: the hourly purge runs on one server at a time,
  // DESIGN §4 Several servers). True when `work` ran. server_unavailable when the database did not
  // answer (`work` did not run). SQLite: one process on its file, so `work` always runs.
  virtual Result<bool> run_alone(std::int64_t lock_id, const std::function<void()>& work);

  // [upload bytes] The files' bytes, content-addressed by their SHA-256 (lower-case hex). SQLite
  // keeps them as files beside the database (`<db dir>/uploads/`); PostgreSQL in a table, so that
  // servers share nothing on disk (DESIGN §4 Several servers). Callers hold the file's lock in this
  // process (upload_file_lock) around a put and the record's insert, and around a drop.
  // Durable before it returns (DESIGN §8); bytes already stored under `sha` are kept.
  virtual Result<void> put_upload_bytes(const std::string& sha, std::string_view bytes) = 0;
  // nullopt when no bytes are stored under `sha` (purged with their complaint).
  virtual Result<std::optional<std::string>> upload_bytes(const std::string& sha) = 0;
  // Deletes the bytes unless an upload record names `sha` (after a purge committed).
  virtual Result<void> drop_upload_bytes(const std::string& sha) = 0;

 protected:
  void bump_generation() { generation_.fetch_add(1); }

 private:
  std::atomic<std::uint64_t> generation_{0};
};

// Opens (creating when missing) the SQLite database at `path` and migrates it to the newest schema.
// `readers` read-only connections serve concurrent reads beside the single writer. Upload bytes
// live in `<dir of path>/uploads/`.
Result<std::unique_ptr<Storage>> open_sqlite_storage(const std::string& path, int readers = 4);

// True for a libpq connection URI ("postgresql://…" or "postgres://…"): `--db` names a PostgreSQL
// database rather than a SQLite file.
bool is_postgres_uri(std::string_view db);

// Connects to the PostgreSQL database at `uri` (a libpq URI; multi-host with
// target_session_attrs=read-write for failover) and migrates it to the newest schema (the same
// version numbers as SQLite's). `connections` are opened at once and shared by reads and writes.
// server_unavailable when it cannot connect or migrate.
Result<std::unique_ptr<Storage>> open_postgres_storage(const std::string& uri, int connections = 8);

// Opens whichever `db` names: a PostgreSQL URI or a SQLite path; `connections` is the size of the
// PostgreSQL pool or the number of SQLite's read-only connections.
Result<std::unique_ptr<Storage>> open_storage(const std::string& db, int connections = 8);

// `db` fit for a log line or an error message: a URI's password (user:PASSWORD@, password=…) is
// replaced by "***".
std::string printable_db(const std::string& db);

}  // namespace cw::server
