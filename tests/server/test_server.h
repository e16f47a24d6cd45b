// tests/server/test_server.h — a real server for one test: in process on 127.0.0.1:0 with its own
// temporary database, a clock the test can move, and small helpers to talk to it over HTTP.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/iso_time.h"
#include "core/json.h"
#include "server/app.h"
#include "server/log.h"
#include "server/use_cases.h"
#include "tests/server/pg_instance.h"

namespace cw::test {

using Json = nlohmann::json;

inline std::filesystem::path make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "cw-server-test-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  return p ? std::filesystem::path(p) : std::filesystem::path();
}

// A JSON body the tests can read without aborting on surprises.
inline Json parse(const std::string& s) {
  Json j = Json::parse(s, nullptr, false);
  return j.is_discarded() ? Json() : j;
}

// A valid filing (DESIGN §3): `occurred_at` yesterday so it is never in the future.
inline Json filing(const std::string& phone = "13912345678", const std::string& client_ref =
                       "0b7e7c1a-3d3b-4a8e-9a51-2f0a0c1d2e3f") {
  return {{"client_ref", client_ref},
          {"channel", "web"},
          {"business_type", "mobile"},
          {"category", "billing"},
          // Fixed once per process: a retry must send byte-identical bodies (same key, other body → 422).
          {"occurred_at", [] {
             static const std::string at = format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(
                                               std::chrono::system_clock::now()) - std::chrono::hours(24));
             return at;
           }()},
          {"service_number", phone},
          {"problem", "本月账单多扣了三十元流量费，请核查处理。"},
          {"demand", "退还多扣的费用"},
          {"customer", {{"name", "王小明"}, {"phone", phone}, {"reply_method", "sms"}}},
          {"evidence", Json::array()},
          {"consent", true}};
}

// Every error answer the tests receive, as (code, status) → where it was first seen. An answer with
// an error status whose body is not the DESIGN §4 error shape is recorded under code "".
// api_docs_test.cpp checks them all against the core's table when the test program ends.
struct SeenErrors {
  std::mutex mu;
  std::map<std::pair<std::string, int>, std::string> codes;
};
inline SeenErrors& seen_errors() {
  static SeenErrors s;
  return s;
}
inline void record_answer(int status, const std::string& body, const std::string& where) {
  if (status < 400) return;
  std::vector<std::string> codes;
  const Json j = parse(body);
  const Json* e = j.is_object() && j.contains("error") ? &j["error"] : nullptr;
  if (e && e->is_object() && e->contains("code") && (*e)["code"].is_string()) {
    codes.push_back((*e)["code"].get<std::string>());
    if (e->contains("fields") && (*e)["fields"].is_object())
      for (const auto& [path, code] : (*e)["fields"].items()) codes.push_back(code.is_string() ? code.get<std::string>() : "");
  } else {
    codes.push_back("");
  }
  std::lock_guard lock(seen_errors().mu);
  for (std::size_t i = 0; i < codes.size(); ++i)
    seen_errors().codes.try_emplace({codes[i], i == 0 ? status : 0}, where);  // field codes: status 0
}

class TestServer {
 public:
  // Starts the server; `tweak` may change the configuration first.
  explicit TestServer(std::function<void(server::Config&)> tweak = {}) {
    dir_ = make_temp_dir();
    server::Config c;
    c.port = 0;
    c.db = (dir_ / "complaints.db").string();
    c.static_dir = (dir_ / "web").string();
    c.dev = true;
    c.quiet = true;
    c.threads = 24;
    c.clock = [this] {
      auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
      return now + std::chrono::seconds(offset_.load());
    };
    // CW_TEST_DB=postgresql: the same tests on a fresh PostgreSQL database (issue 23). Tests that read
    // the database ask through db_rows() or the storage; the few about SQLite's own files say so.
    if (const char* backend = std::getenv("CW_TEST_DB"); backend && std::string(backend) == "postgresql") {
      PgInstance& pg = PgInstance::shared();
      if (!pg.ok()) {
        ADD_FAILURE() << pg.error();
        return;
      }
      c.db = pg.fresh_database();
    }
    if (tweak) tweak(c);
    db_ = c.db;
    std::filesystem::create_directories(c.static_dir);
    auto app = server::App::create(c);
    if (!app) {
      ADD_FAILURE() << "App::create failed: " << cw::code_id(app.code());
      return;
    }
    app_ = std::move(app).value();
    // Every answer this server gives is seen by the error-code check (the request log is off when
    // quiet, so nothing is lost by taking its place; tests that read the log keep it).
    if (c.quiet)
      app_->http().set_logger([](const httplib::Request& req, const httplib::Response& res) {
        record_answer(res.status, res.body, req.method + " " + req.path);
      });
    port_ = app_->bind();
    EXPECT_GT(port_, 0);
    thread_ = std::thread([this] { app_->listen(); });
    for (int i = 0; i < 200 && !app_->running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }

  ~TestServer() {
    if (app_) app_->stop();
    if (thread_.joinable()) thread_.join();
    app_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::filesystem::path& dir() const { return dir_; }
  // The database it runs on (--db): a SQLite file, or a PostgreSQL URI with CW_TEST_DB=postgresql.
  const std::string& db() const { return db_; }
  bool on_postgresql() const { return server::is_postgres_uri(db_); }
  server::App& app() { return *app_; }
  server::Context& ctx() { return app_->context(); }
  // Moves the server's clock forward.
  void advance(std::chrono::seconds s) { offset_ += s.count(); }

  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(20);
    return c;
  }

  httplib::Result post(const std::string& path, const Json& body, httplib::Headers headers = {}) const {
    return client()->Post(path.c_str(), headers, body.dump(), "application/json");
  }
  httplib::Result get(const std::string& path, httplib::Headers headers = {}) const {
    return client()->Get(path.c_str(), headers);
  }

  // Files a complaint; returns the 201 body (acceptance_no, access_token, …).
  Json file(const Json& body = filing(), const std::string& key = "") const {
    static std::atomic<int> n{0};
    const std::string k = key.empty() ? "key-" + std::to_string(++n) + "-" + std::to_string(port_) : key;
    auto r = post("/api/v1/complaints", body, {{"Idempotency-Key", k}});
    EXPECT_TRUE(r);
    if (!r) return Json();
    EXPECT_EQ(r->status, 201) << r->body;
    return parse(r->body);
  }

  std::string staff_token(const std::string& role, const std::string& name = "张工") {
    auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto t = server::create_staff_token(*ctx().storage, role, name, now);
    EXPECT_TRUE(t.ok());
    return t.value();
  }

  // POST /staff/complaints/{no}/actions with a staff token.
  httplib::Result act(const std::string& token, const std::string& no, const Json& body) const {
    return post("/api/v1/staff/complaints/" + no + "/actions", body, {{"Authorization", "Bearer " + token}});
  }

  // Dev notifier messages to `phone`, newest first.
  Json messages(const std::string& phone) const {
    auto r = get("/api/v1/dev/messages?to=" + phone);
    return r && r->status == 200 ? parse(r->body)["messages"] : Json::array();
  }

 private:
  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<server::App> app_;
  std::thread thread_;
  int port_ = -1;
  std::atomic<long long> offset_{0};
};

inline httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
// A JSON string's value, or "" (JSON_USE_IMPLICIT_CONVERSIONS=0, and get<> must not abort).
inline std::string str(const Json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }
inline httplib::Headers bearer(const Json& token) { return bearer(str(token)); }

// One staff step that must succeed; the answer body (the staff view).
inline Json step(TestServer& s, const std::string& token, const std::string& no, const Json& body) {
  auto r = s.act(token, no, body);
  EXPECT_TRUE(r);
  if (!r) return Json();
  EXPECT_EQ(r->status, 200) << body.dump() << " → " << r->body;
  return parse(r->body);
}

// The survey's fields (the customer's POST /survey, staff `record_survey`), every aspect as `overall`.
inline Json survey_fields(int overall, bool resolved) {
  return {{"overall", overall},
          {"resolved", resolved},
          {"aspects", {{"attitude", overall}, {"speed", overall}, {"result", overall}}},
          {"comment", ""}};
}

// The rows `sql` gives on the server's database, each value as text (NULL as ""), read through a
// connection of its own as an operator would (sqlite3 on the file, psql on PostgreSQL): what a
// reader of the database sees, whichever backend the test runs on. Write `sql` for both dialects.
inline std::vector<std::vector<std::string>> db_rows(const TestServer& s, const std::string& sql) {
  if (s.on_postgresql()) {
    std::string error;
    auto rows = PgInstance::rows(s.db(), sql, &error);
    if (!error.empty()) ADD_FAILURE() << error << " in " << sql;
    return rows;
  }
  std::vector<std::vector<std::string>> out;
  sqlite3* h = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_open_v2(s.db().c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    ADD_FAILURE() << "SQLite: " << sqlite3_errmsg(h) << " in " << sql;
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    auto& row = out.emplace_back();
    for (int c = 0; c < sqlite3_column_count(st); ++c) {
      const auto* p = sqlite3_column_text(st, c);
      row.emplace_back(p ? reinterpret_cast<const char*>(p) : "");
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(h);
  return out;
}

// Runs `sql` (statements for both dialects) on the server's database through a connection of its
// own, as another process changing it would; true when it succeeded.
inline bool db_exec(const TestServer& s, const std::string& sql) {
  std::string error;
  if (s.on_postgresql()) {
    PgInstance::rows(s.db(), sql, &error);
  } else {
    sqlite3* h = nullptr;
    char* err = nullptr;
    if (sqlite3_open(s.db().c_str(), &h) == SQLITE_OK) sqlite3_busy_timeout(h, 5000);
    if (sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) error = err ? err : sqlite3_errmsg(h);
    sqlite3_free(err);
    sqlite3_close(h);
  }
  EXPECT_EQ(error, "") << "in " << sql;
  return error.empty();
}

// Audit rows of one case ("" = reads that name no one case), straight from the database.
inline std::vector<server::AuditRecord> audit_rows(TestServer& s, const std::string& no) {
  std::vector<server::AuditRecord> out;
  auto r = s.ctx().storage->read([&](server::Tx& tx) -> Result<void> {
    auto a = tx.list_audit(no);
    if (!a) return a.error();
    out = a.value();
    return {};
  });
  EXPECT_TRUE(r.ok());
  return out;
}

}  // namespace cw::test
