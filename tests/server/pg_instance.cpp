// tests/server/pg_instance.cpp — a throwaway PostgreSQL server for tests (tests/server/pg_instance.h).
#include "tests/server/pg_instance.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace cw::test {
namespace fs = std::filesystem;

namespace {

bool is_root() { return ::geteuid() == 0; }

// A port nobody listens on right now (the server binds it a moment later; a clash is retried).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  if (fd >= 0) ::close(fd);
  return port;
}

std::string last_lines(const fs::path& file, int n) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::string out;
  for (std::size_t i = lines.size() > static_cast<std::size_t>(n) ? lines.size() - n : 0; i < lines.size(); ++i)
    out += lines[i] + "\n";
  return out;
}

fs::path make_dir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + "XXXXXX")).string();
  const char* p = ::mkdtemp(tmpl.data());
  return p ? fs::path(p) : fs::path();
}

// PostgreSQL refuses to run as root: the data belongs to `postgres` then (CI runs as root).
bool give_to_postgres(const fs::path& p) {
  if (!is_root()) return true;
  const passwd* pw = ::getpwnam("postgres");
  return pw && ::chown(p.c_str(), pw->pw_uid, pw->pw_gid) == 0;
}

}  // namespace

std::string PgInstance::bin_dir() {
  const char* env = std::getenv("CW_PG_BIN");
  return env && *env ? env : "/usr/lib/postgresql/15/bin";
}

int PgInstance::run(const std::string& command_line) const {
  const std::string full = (is_root() ? "runuser -u postgres -- " : "") + command_line;
  return std::system(full.c_str());
}

PgInstance::PgInstance(std::vector<std::string> settings) { running_ = init(std::move(settings)); }

PgInstance::~PgInstance() {
  stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

PgInstance& PgInstance::shared() {
  static PgInstance instance({"fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300",
                              "shared_buffers=16MB"});
  return instance;
}

bool PgInstance::init(std::vector<std::string> settings) {
  const std::string bin = bin_dir();
  for (const char* prog : {"initdb", "pg_ctl", "postgres"})
    if (!fs::exists(fs::path(bin) / prog)) {
      error_ = "PostgreSQL is not installed: no " + (fs::path(bin) / prog).string() +
               " (scripts/setup installs postgresql-15; CW_PG_BIN names another folder)";
      return false;
    }
  if (is_root() && !::getpwnam("postgres")) {
    error_ = "running as root, but there is no `postgres` user to run PostgreSQL as";
    return false;
  }
  for (const std::string& s : settings) settings_ += " -c " + s;

  // initdb takes seconds; its result is the same every time, so it is made once per machine and user
  // (renamed into place whole: a concurrent test program keeps its own copy or uses the winner's).
  const fs::path made = fs::temp_directory_path() / ("cw-pg-initdb-15-" + std::to_string(::getuid()));
  if (!fs::exists(made / "PG_VERSION")) {
    const fs::path work = make_dir("cw-pg-initdb-");
    if (work.empty() || !give_to_postgres(work)) {
      error_ = "cannot make a folder for initdb";
      return false;
    }
    const int rc = run(bin + "/initdb -D " + (work / "data").string() +
                       " -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync > " + (work / "initdb.log").string() +
                       " 2>&1");
    std::error_code ec;
    if (rc != 0) {
      error_ = "initdb failed:\n" + last_lines(work / "initdb.log", 20);
      fs::remove_all(work, ec);
      return false;
    }
    fs::rename(work / "data", made, ec);  // fails when another program was first: theirs is as good
    fs::remove_all(work, ec);
  }
  dir_ = make_dir("cw-pg-");
  if (dir_.empty() || !give_to_postgres(dir_)) {
    error_ = "cannot make a temporary folder for PostgreSQL";
    return false;
  }
  const std::string copy = "cp -a " + made.string() + " " + (dir_ / "data").string();
  if (std::system(copy.c_str()) != 0) {
    error_ = "cannot copy the initdb template " + made.string();
    return false;
  }
  return start();
}

bool PgInstance::start() {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (port_ == 0 || attempt > 0) port_ = free_port();
    const int rc = run(bin_dir() + "/pg_ctl start -w -t 60 -D " + (dir_ / "data").string() + " -l " +
                       (dir_ / "postgres.log").string() + " -o \"-k " + dir_.string() + " -h 127.0.0.1 -p " +
                       std::to_string(port_) + settings_ + "\" > /dev/null 2>&1");
    if (rc == 0) {
      running_ = true;
      return true;
    }
  }
  error_ = "pg_ctl start failed:\n" + last_lines(dir_ / "postgres.log", 20);
  return false;
}

void PgInstance::stop() {
  if (!running_) return;
  run(bin_dir() + "/pg_ctl stop -m immediate -D " + (dir_ / "data").string() + " > /dev/null 2>&1");
  running_ = false;
}

std::string PgInstance::uri(const std::string& db) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

bool PgInstance::exec(const std::string& db, const std::string& sql) {
  PGconn* c = PQconnectdb(uri(db).c_str());
  bool ok = PQstatus(c) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(c, sql.c_str());
    ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
  }
  if (!ok) error_ = std::string("PostgreSQL: ") + PQerrorMessage(c);
  PQfinish(c);
  return ok;
}

std::vector<std::vector<std::string>> PgInstance::rows(const std::string& uri, const std::string& sql,
                                                       std::string* error) {
  std::vector<std::vector<std::string>> out;
  PGconn* c = PQconnectdb(uri.c_str());
  PGresult* r = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql.c_str()) : nullptr;
  if (r && PQresultStatus(r) == PGRES_COMMAND_OK) {
    // a statement that gives no rows
  } else if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(r); ++i) {
      auto& row = out.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j) row.emplace_back(PQgetvalue(r, i, j));
    }
  } else if (error) {
    *error = std::string("PostgreSQL: ") + PQerrorMessage(c);
  }
  PQclear(r);
  PQfinish(c);
  return out;
}

std::string PgInstance::fresh_database() {
  const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
  return exec("postgres", "CREATE DATABASE " + name) ? uri(name) : std::string();
}

}  // namespace cw::test
