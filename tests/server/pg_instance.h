// tests/server/pg_instance.h — a throwaway PostgreSQL server for tests (issue 23): initdb into a
// temporary folder (as the `postgres` user when the tests run as root, as CI does), pg_ctl on a free
// 127.0.0.1 port, a fresh database per test, stopped with `pg_ctl stop -m immediate` at the end.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cw::test {

class PgInstance {
 public:
  // Where the PostgreSQL 15 programs are: $CW_PG_BIN, else Debian's /usr/lib/postgresql/15/bin.
  static std::string bin_dir();

  // Starts a server with these extra `postgres -c name=value` settings. ok() tells whether it
  // runs; error() says why not (missing programs, initdb or start failed, with the log's tail).
  explicit PgInstance(std::vector<std::string> settings = {});
  ~PgInstance();
  PgInstance(const PgInstance&) = delete;
  PgInstance& operator=(const PgInstance&) = delete;

  // The one instance of this test program, started on first use and stopped when it exits. Settings
  // for speed (fsync off): these tests check behaviour, not durability.
  static PgInstance& shared();

  bool ok() const { return running_; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }

  // postgresql://postgres@127.0.0.1:PORT/DB
  std::string uri(const std::string& db) const;
  // Creates a new empty database and gives its URI ("" and error() set on failure).
  std::string fresh_database();
  // Runs one SQL command (as the superuser) on `db`; false and error() set on failure.
  bool exec(const std::string& db, const std::string& sql);
  // The rows `sql` (one or more statements) gives on the database at `uri`, each value as text (NULL
  // as ""); none, and *error set, when it fails. A connection of its own, as an operator's psql would.
  static std::vector<std::vector<std::string>> rows(const std::string& uri, const std::string& sql,
                                                    std::string* error = nullptr);

  // Stops the server now (pg_ctl stop -m immediate: like a crash, no checkpoint); start() again
  // brings it back on the same port and data.
  void stop();
  bool start();

 private:
  bool init(std::vector<std::string> settings);
  // Runs a PostgreSQL program as the user that owns the data (postgres when we are root).
  int run(const std::string& command_line) const;

  std::filesystem::path dir_;
  std::string settings_;
  int port_ = 0;
  bool running_ = false;
  int databases_ = 0;
  std::string error_;
};

}  // namespace cw::test
