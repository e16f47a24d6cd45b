// server/storage.cpp — choosing the storage backend from `--db` (DESIGN §4 command line).
#include "server/storage.h"

namespace cw::server {

// SQLite's answer: it keeps no rate buckets (callers ask shares_rate_buckets() first).
Result<int> Storage::take_rate_token(std::string_view, double, double) { return Errc::server_error; }

// SQLite's: one server serves its file (several servers share PostgreSQL, DESIGN §4), so no other
// can be running the work.
Result<bool> Storage::run_alone(std::int64_t, const std::function<void()>& work) {
  work();
  return true;
}

bool is_postgres_uri(std::string_view db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Storage>> open_storage(const std::string& db, int connections) {
  if (is_postgres_uri(db)) return open_postgres_storage(db, connections);
  return open_sqlite_storage(db, connections);
}

std::string printable_db(const std::string& db) {
  if (!is_postgres_uri(db)) return db;
  std::string out = db;
  // user:PASSWORD@host — the authority ends at the first '/' after the scheme, '?' or the end.
  const std::size_t start = out.find("://") + 3;
  const std::size_t at = out.find('@', start);
  const std::size_t end = out.find_first_of("/?", start);
  if (at != std::string::npos && (end == std::string::npos || at < end)) {
    const std::size_t colon = out.find(':', start);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  // ?password=… or &password=…
  for (std::size_t p = out.find("password=", start); p != std::string::npos; p = out.find("password=", p + 1)) {
    if (p == 0 || (out[p - 1] != '?' && out[p - 1] != '&')) continue;
    const std::size_t v = p + 9;
    out.replace(v, out.find('&', v) == std::string::npos ? std::string::npos : out.find('&', v) - v, "***");
  }
  return out;
}

}  // namespace cw::server
