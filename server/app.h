// server/app.h — the complaint server as a library: App opens the Context (server/context.h) and
// wires its routes, CORS and request log to one httplib::Server. main.cpp and the tests drive it.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.h"
#include "server/context.h"
#include "server/http_server.h"
#include "server/outbox.h"

namespace cw::server {

// The PostgreSQL advisory lock (pg_locks: classid 0, objid 2302230002) a server holds while it
// purges (Storage::run_alone): one server at a time; the others skip that hour's purge.
inline constexpr std::int64_t kPurgeLockId = 2302230002;

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
  // many were purged. Runs hourly while serving (DESIGN §8), on one server at a time: skipped (0,
  // logged `purge_skipped`) while another server on the database purges.
  int purge_expired();

 private:
  App() = default;
  void setup_server();
  void register_routes();
  int purge_unlocked();  // purge_expired's work, under its lock

  std::unique_ptr<Context> ctx_;
  std::unique_ptr<Outbox> outbox_;  // with a webhook: the sender threads, running while listening
  HttpServer server_;
  std::vector<std::pair<std::string, std::string>> routes_;
  std::mutex purge_mu_;  // one purge at a time in this process (kPurgeLockId: across servers)
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

}  // namespace cw::server
