// server/app.h — the complaint server as a library: configuration (DESIGN §4 command line), the
// shared context handlers work with, and App, which wires storage, notifier, limits and routes to
// one httplib::Server. main.cpp and the tests both drive it.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/iso_time.h"
#include "core/time_limits.h"
#include "server/http_server.h"
#include "server/notifier.h"
#include "server/rate_limit.h"
#include "server/storage.h"
#include "server/view_cache.h"

namespace cw::server {

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 = a free port
  std::string db = "var/complaints.db";
  std::string static_dir = "dist/web";
  std::string policy_file;  // empty = the built-in policy
  bool dev = false;
  std::vector<std::string> cors;  // allowed origins; "null" only when listed (app WebViews)
  bool rate_limits = true;
  bool trust_proxy = false;
  int retention_days = 365;  // personal data of closed complaints is deleted after this; 0 = never
  int threads = 256;         // worker threads at most, grown on demand (an open connection holds one)
  int read_timeout_s = 10;   // per read, and the whole request head must arrive within this
  int write_timeout_s = 10;
  bool quiet = false;        // no request log lines (tests)
  std::function<Timestamp()> clock;  // "now"; the system clock when empty (tests inject one)
  RateRules rules;
};

// Serialises requests that carry the same Idempotency-Key: a duplicate waits until the first has
// finished and then replays its stored answer (DESIGN §4: concurrent duplicates wait for the first).
class KeyLocks {
 public:
  class Guard {
   public:
    Guard(KeyLocks& owner, std::string key) : owner_(owner), key_(std::move(key)) {}
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { owner_.release(key_); }

   private:
    KeyLocks& owner_;
    std::string key_;
  };
  std::unique_ptr<Guard> acquire(const std::string& key);

 private:
  void release(const std::string& key);
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> busy_;
};

// What every handler needs.
struct Context {
  Config config;
  Policy policy;
  std::string policy_json;
  std::unique_ptr<Storage> storage;
  std::unique_ptr<Notifier> notifier;
  DevNotifier* dev_notifier = nullptr;  // set with --dev
  RateLimiter limiter;
  KeyLocks key_locks;
  std::string uploads_dir;  // <db dir>/uploads
  ViewCache view_cache;     // rendered customer views (GET /complaints/{no})

  explicit Context(bool rate_limits) : limiter(rate_limits) {}
  Timestamp now() const;
};

class App {
 public:
  // Opens the database (migrating it), loads the policy, registers the routes. Errors: the database
  // cannot be opened (server_unavailable) or the policy file is invalid (policy_invalid).
  static Result<std::unique_ptr<App>> create(Config config);

  // Binds host:port (port 0 = a free one); returns the port, or -1.
  int bind();
  // Serves until stop(); returns false when listening failed.
  bool listen();
  void stop();
  bool running() const { return server_.is_running(); }

  Context& context() { return *ctx_; }
  HttpServer& http() { return server_; }
  // The route patterns registered (for the docs/api.yaml coverage test).
  const std::vector<std::pair<std::string, std::string>>& routes() const { return routes_; }

  // Deletes personal data of complaints closed longer than the retention period ago; returns how
  // many were purged. Runs hourly while serving (DESIGN §8).
  int purge_expired();

 private:
  App() = default;
  void setup_server();
  void register_routes();

  std::unique_ptr<Context> ctx_;
  HttpServer server_;
  std::vector<std::pair<std::string, std::string>> routes_;
  std::thread janitor_;
  std::mutex janitor_mu_;
  std::condition_variable janitor_cv_;
  bool stopping_ = false;

  friend class Router;
};

// Registers one route and remembers it (method, OpenAPI-style path) for the API docs test.
class Router {
 public:
  explicit Router(App& app) : app_(app) {}
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  // `pattern` is an OpenAPI path ("/api/v1/complaints/{no}"); `{x}` becomes a capture group.
  void get(const std::string& pattern, Handler h);
  void post(const std::string& pattern, Handler h);

 private:
  App& app_;
};

// Route groups (one file each).
void register_customer_routes(Router& r, Context& ctx);
void register_staff_routes(Router& r, Context& ctx);
void register_dev_routes(Router& r, Context& ctx);

// Staff tokens for the command line (DESIGN §4 `token create`; §8 per person and revocable:
// `token list`, `token revoke TOKEN | --name NAME | --id ID`).
Result<std::string> create_staff_token(Storage& s, const std::string& role, const std::string& name,
                                       Timestamp now);
Result<bool> revoke_staff_token(Storage& s, const std::string& token, Timestamp now);
Result<std::vector<StaffRecord>> list_staff_tokens(Storage& s);
// How many active tokens were revoked: every one of the person `name`, or the one with `id`.
Result<int> revoke_staff_tokens_named(Storage& s, const std::string& name, Timestamp now);
Result<int> revoke_staff_token_id(Storage& s, std::int64_t id, Timestamp now);

}  // namespace cw::server
