// server/copy.cpp — a SQLite deployment into PostgreSQL (server/copy.h). Both schemas carry the same
// tables and column names at the same version (server/pg_storage.cpp's migrations follow SQLite's), so
// each table is copied by the columns both sides have, with PostgreSQL's COPY; what differs is said
// where it is handled: booleans (SQLite 0/1), identity columns PostgreSQL numbers itself (kept in
// the source's order), upload bytes (files beside the SQLite database, a table on PostgreSQL), and
// the staff list, which PostgreSQL keeps without SQLite's FTS5 table and is rebuilt from the cases.
#include "server/copy.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "server/crypto.h"
#include "server/search.h"
#include "server/storage.h"

namespace cw::server {
namespace {

// The tables copied, parents before children (foreign keys). Not copied: schema_version (each side
// has its own, at the same version), complaint_list and its backfill flag (rebuilt from the cases),
// SQLite's FTS5 tables, upload_bytes (filled from the files first).
constexpr const char* kTables[] = {
    "complaints", "staff", "audit", "idempotency", "uploads", "tokens", "lookup_codes", "notifications",
    "notification_attempts", "phone_codes", "phone_tokens", "lookup_guards", "holds",
};

struct PgDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgPtr = std::unique_ptr<PGconn, PgDeleter>;
using PgResult = std::unique_ptr<PGresult, PgDeleter>;

struct Column {
  std::string name;
  bool boolean = false;  // PostgreSQL BOOLEAN, SQLite 0/1
};

// A value as COPY's text format reads it: backslash, tab and line breaks escaped.
void copy_text(std::string& out, const char* v, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const char c = v[i];
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out.push_back(c);
  }
}

// A row's share of a table's checksum: the first 64 bits of the SHA-256 of its values (NULL apart),
// summed over the rows, so neither side's order or collation matters.
std::uint64_t row_sum(const std::vector<std::string>& values) {
  std::string joined;
  for (const std::string& v : values) {
    joined += v;
    joined.push_back('\x1f');
  }
  return std::strtoull(sha256_hex(joined).substr(0, 16).c_str(), nullptr, 16);
}

class Copier {
 public:
  Copier(sqlite3* src, PGconn* dst, std::string& why) : src_(src), dst_(dst), why_(why) {}

  bool exec(const std::string& sql) {
    PgResult r(PQexec(dst_, sql.c_str()));
    const auto st = PQresultStatus(r.get());
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return true;
    return fail("PostgreSQL refused \"" + sql.substr(0, 80) + "\": " + PQerrorMessage(dst_));
  }

  // The columns of `table` both sides have that PostgreSQL lets us write (not GENERATED ALWAYS).
  bool columns(const char* table, std::vector<Column>& out) {
    std::map<std::string, bool> pg;  // name → boolean
    const char* params[] = {table};
    PgResult r(PQexecParams(dst_,
                            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 "
                            "AND table_schema = current_schema() AND NOT (is_identity = 'YES' AND identity_generation = 'ALWAYS')",
                            1, nullptr, params, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return fail(std::string("cannot read the columns of ") + table);
    for (int i = 0; i < PQntuples(r.get()); ++i) pg[PQgetvalue(r.get(), i, 0)] = std::string(PQgetvalue(r.get(), i, 1)) == "boolean";
    sqlite3_stmt* st = nullptr;
    const std::string info = std::string("PRAGMA table_info(") + table + ")";
    if (sqlite3_prepare_v2(src_, info.c_str(), -1, &st, nullptr) != SQLITE_OK) return fail(sqlite3_errmsg(src_));
    while (sqlite3_step(st) == SQLITE_ROW) {
      const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
      if (auto it = pg.find(name); it != pg.end()) out.push_back({name, it->second});
    }
    sqlite3_finalize(st);
    if (out.empty()) return fail(std::string("no column in common for ") + table);
    return true;
  }

  static std::string list(const std::vector<Column>& cols, bool for_pg_read) {
    std::string s;
    for (const Column& c : cols) {
      if (!s.empty()) s += ", ";
      if (for_pg_read) s += c.boolean ? "CASE WHEN " + c.name + " THEN '1' ELSE '0' END" : c.name + "::text";
      else s += c.name;
    }
    return s;
  }

  // Streams the table's rows from SQLite (in rowid order: PostgreSQL numbers its own identity
  // columns in that order) into COPY; adds their checksum to `sum`.
  bool copy_table(const char* table, const std::vector<Column>& cols, std::int64_t& rows, std::uint64_t& sum) {
    const std::string copy = std::string("COPY ") + table + "(" + list(cols, false) + ") FROM STDIN";
    PgResult start(PQexec(dst_, copy.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) return fail(std::string("cannot copy into ") + table + ": " + PQerrorMessage(dst_));
    const std::string select = "SELECT " + list(cols, false) + " FROM " + table + " ORDER BY rowid";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(src_, select.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      PQputCopyEnd(dst_, "source unreadable");
      return fail(std::string("cannot read ") + table + ": " + sqlite3_errmsg(src_));
    }
    std::string buf;
    std::vector<std::string> values(cols.size());
    bool ok = true;
    int rc;
    while (ok && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i) buf.push_back('\t');
        const int c = static_cast<int>(i);
        if (sqlite3_column_type(st, c) == SQLITE_NULL) {
          buf += "\\N";
          values[i] = "\\N";
          continue;
        }
        const char* v = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
        const std::size_t n = static_cast<std::size_t>(sqlite3_column_bytes(st, c));
        values[i].assign(v, n);
        if (cols[i].boolean) buf += values[i] == "0" ? "f" : "t";
        else copy_text(buf, v, n);
      }
      buf.push_back('\n');
      ++rows;
      sum += row_sum(values);
      if (buf.size() > (1 << 20)) {
        ok = PQputCopyData(dst_, buf.data(), static_cast<int>(buf.size())) == 1;
        buf.clear();
      }
    }
    if (ok && rc != SQLITE_DONE) ok = fail(std::string("cannot read ") + table + ": " + sqlite3_errmsg(src_));
    sqlite3_finalize(st);
    if (ok && !buf.empty()) ok = PQputCopyData(dst_, buf.data(), static_cast<int>(buf.size())) == 1;
    if (PQputCopyEnd(dst_, ok ? nullptr : "copy stopped") != 1) ok = false;
    PgResult end(PQgetResult(dst_));
    if (PQresultStatus(end.get()) != PGRES_COMMAND_OK)
      return fail(std::string("PostgreSQL refused the rows of ") + table + ": " + PQerrorMessage(dst_));
    while (PgResult more{PQgetResult(dst_)}) {
    }
    return ok;
  }

  // The table's count and checksum as PostgreSQL has it, with booleans read back as 0/1.
  bool check_table(const char* table, const std::vector<Column>& cols, std::int64_t rows, std::uint64_t sum) {
    const std::string select = "SELECT " + list(cols, true) + " FROM " + table;
    PgResult r(PQexec(dst_, select.c_str()));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return fail(std::string("cannot read back ") + table);
    std::uint64_t got = 0;
    std::vector<std::string> values(cols.size());
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      for (int c = 0; c < static_cast<int>(cols.size()); ++c)
        values[c] = PQgetisnull(r.get(), i, c) ? "\\N" : std::string(PQgetvalue(r.get(), i, c), PQgetlength(r.get(), i, c));
      got += row_sum(values);
    }
    if (PQntuples(r.get()) != rows || got != sum)
      return fail(std::string("the copy of ") + table + " does not match its source (" + std::to_string(PQntuples(r.get())) +
                  " rows, " + std::to_string(rows) + " in the source)");
    return true;
  }

  // Every upload's bytes, from the files beside the SQLite database into upload_bytes (by hash, once
  // each), each checked against its name by PostgreSQL's own sha256().
  bool copy_upload_bytes(Storage& source, std::int64_t& files) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(src_, "SELECT DISTINCT sha256 FROM uploads ORDER BY sha256", -1, &st, nullptr) != SQLITE_OK)
      return fail(sqlite3_errmsg(src_));
    bool ok = true;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
      const std::string sha = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      auto bytes = source.upload_bytes(sha);
      if (!bytes || !bytes.value()) {
        ok = fail("an upload's file is missing from the uploads folder (" + sha.substr(0, 12) + "…)");
        break;
      }
      const std::string& b = *bytes.value();
      const char* params[] = {sha.c_str(), b.data()};
      const int lengths[] = {0, static_cast<int>(b.size())};
      const int formats[] = {0, 1};
      PgResult r(PQexecParams(dst_, "INSERT INTO upload_bytes(sha256, bytes) SELECT $1, $2::bytea WHERE encode(sha256($2::bytea), 'hex') = $1",
                              2, nullptr, params, lengths, formats, 0));
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) ok = fail(std::string("cannot store an upload: ") + PQerrorMessage(dst_));
      else if (std::string(PQcmdTuples(r.get())) != "1") ok = fail("an upload's file does not hash to its name (" + sha.substr(0, 12) + "…)");
      else ++files;
    }
    sqlite3_finalize(st);
    return ok;
  }

  bool fail(const std::string& what) {
    if (why_.empty()) why_ = what;
    return false;
  }

 private:
  sqlite3* src_;
  PGconn* dst_;
  std::string& why_;
};

}  // namespace

Result<std::vector<CopiedTable>> copy_sqlite_to_postgres(const std::string& from, const std::string& to,
                                                         const Policy& policy, std::string& why) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from, ec)) {
    why = "no SQLite database at " + from;
    return Errc::server_unavailable;
  }
  if (!is_postgres_uri(to)) {
    why = "--to needs a postgresql:// URI";
    return Errc::server_unavailable;
  }
  // Both brought to this build's schema, as serve would.
  auto source = open_sqlite_storage(from, 1);
  if (!source) {
    why = "cannot open the SQLite database " + from;
    return source.error();
  }
  auto target = open_postgres_storage(to, 1);
  if (!target) {
    why = "cannot open the database " + printable_db(to);
    return target.error();
  }
  if (source.value()->schema_version() != target.value()->schema_version()) {
    why = "the two databases are at different schema versions";
    return Errc::server_unavailable;
  }
  sqlite3* src = nullptr;
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(src);
    why = "cannot read the SQLite database " + from;
    return Errc::server_unavailable;
  }
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> src_owner(src, sqlite3_close);
  PgPtr dst(PQconnectdb(to.c_str()));
  if (PQstatus(dst.get()) != CONNECTION_OK) {
    why = "cannot connect to " + printable_db(to);
    return Errc::server_unavailable;
  }
  Copier copier(src, dst.get(), why);
  // One snapshot of the source (a server still running beside it cannot tear the copy), one
  // transaction on the target (all of it or nothing).
  sqlite3_busy_timeout(src, 5000);
  if (sqlite3_exec(src, "BEGIN; SELECT 1 FROM complaints LIMIT 1", nullptr, nullptr, nullptr) != SQLITE_OK) {
    why = "cannot read the SQLite database " + from;
    return Errc::server_unavailable;
  }
  std::vector<CopiedTable> out;
  std::vector<std::pair<std::vector<Column>, std::uint64_t>> sums;
  bool ok = copier.exec("BEGIN");
  if (ok) {
    PgResult r(PQexec(dst.get(), "SELECT (SELECT count(*) FROM complaints) + (SELECT count(*) FROM staff) + "
                                 "(SELECT count(*) FROM notifications) + (SELECT count(*) FROM uploads)"));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || std::string(PQgetvalue(r.get(), 0, 0)) != "0")
      ok = copier.fail("the target database already holds complaints, staff, messages or uploads: copy into an empty one");
  }
  std::int64_t files = 0;
  ok = ok && copier.copy_upload_bytes(*source.value(), files);
  if (ok) out.push_back({"upload files", files});
  for (const char* table : kTables) {
    std::vector<Column> cols;
    std::int64_t rows = 0;
    std::uint64_t sum = 0;
    if (!ok || !copier.columns(table, cols) || !copier.copy_table(table, cols, rows, sum)) {
      ok = false;
      break;
    }
    out.push_back({table, rows});
    sums.emplace_back(std::move(cols), sum);
  }
  // Identity columns given explicit ids go on from the largest copied one.
  for (const char* t : {"complaints", "staff", "audit"})
    ok = ok && copier.exec(std::string("SELECT setval(pg_get_serial_sequence('") + t + "', 'id'), GREATEST((SELECT max(id) FROM " +
                           t + "), 1))");
  for (std::size_t i = 0; ok && i < sums.size(); ++i)
    ok = copier.check_table(kTables[i], sums[i].first, out[i + 1].rows, sums[i].second);
  ok = ok && copier.exec("UPDATE complaint_list_backfill SET pending = true");
  ok = ok && copier.exec("COMMIT");
  sqlite3_exec(src, "COMMIT", nullptr, nullptr, nullptr);
  if (!ok) {
    PgResult rolled_back(PQexec(dst.get(), "ROLLBACK"));
    return Errc::server_unavailable;
  }
  // The staff list from the copied cases (deadlines and search terms come from the core).
  if (auto indexed = index_old_complaints(*target.value(), policy); !indexed) {
    why = "the cases were copied but the staff list could not be built; `complaint-server migrate` builds it";
    return indexed.error();
  }
  return out;
}

}  // namespace cw::server
