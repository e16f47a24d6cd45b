// server/app.cpp — App: opens the Context, configures the HTTP front (workers, connection caps,
// timeouts, keep-alive, body cap), the cross-cutting request handling (CORS allow-list, JSON error
// bodies, structured request log without PII) and the retention janitor.
#include "server/app.h"

#include <algorithm>
#include <chrono>

#include "core/validation.h"
#include "server/crypto.h"
#include "server/http_util.h"
#include "server/log.h"
#include "server/service.h"
#include "server/static_files.h"
#include "core/codec.h"

namespace cw::server {

// [SECTION] Router -------------------------------------------------------------------------------
namespace {
std::string to_regex(const std::string& pattern) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      auto end = pattern.find('}', i);
      out += "([^/]+)";
      i = end;
    } else if (pattern[i] == '.') {
      out += "\\.";
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}
}  // namespace

void Router::get(const std::string& pattern, Handler h) {
  app_.routes_.emplace_back("get", pattern);
  app_.server_.Get(to_regex(pattern), std::move(h));
}

void Router::post(const std::string& pattern, Handler h) {
  app_.routes_.emplace_back("post", pattern);
  app_.server_.Post(to_regex(pattern), std::move(h));
}

// [SECTION] App ----------------------------------------------------------------------------------
Result<std::unique_ptr<App>> App::create(Config config) {
  auto ctx = open_context(std::move(config));
  if (!ctx) return ctx.error();
  std::unique_ptr<App> app(new App());
  app->ctx_ = std::move(ctx).value();
  if (!app->ctx_->notifier->immediate()) {
    app->outbox_ = std::make_unique<Outbox>(*app->ctx_);
    Outbox* outbox = app->outbox_.get();
    app->ctx_->wake_outbox = [outbox] { outbox->wake(); };
  }
  app->setup_server();
  app->register_routes();
  return app;
}

void App::setup_server() {
  Context& ctx = *ctx_;
  // DESIGN §8, issue 21: an event loop owns the sockets and a fixed pool of workers runs handlers
  // (server/http_server.h): open connections hold no thread, so slow or chatty clients cannot hold
  // every worker. Each read waits at most read_timeout_s and the whole head must arrive within it
  // (slowloris); connections are capped per peer and in all.
  server_.set_read_timeout(ctx.config.read_timeout_s, 0);
  ConnectionLimits limits;
  limits.head_timeout_s = ctx.config.read_timeout_s;
  limits.workers = ctx.config.threads;
  // A request waits behind at most 64 others per worker (1024 with the default 16): well under a
  // second for lookups; past that the client is told to retry (503 + Retry-After) at once.
  limits.queue_max = 64 * std::max(1, ctx.config.threads);
  limits.max_connections = ctx.config.max_connections;
  limits.max_connections_per_ip = ctx.config.max_connections_per_ip;
  server_.set_connection_limits(limits);
  server_.set_write_timeout(ctx.config.write_timeout_s, 0);
  server_.set_keep_alive_timeout(5);
  server_.set_keep_alive_max_count(1000);
  // The largest body anywhere is an upload (5 MB); JSON routes cap at 64 KB themselves. httplib
  // answers 413 above this before reading the body into memory.
  server_.set_payload_max_length(kUploadMaxBytes + 1);

  server_.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    // CORS allow-list (DESIGN §8): only listed origins get allow headers; "null" (an app WebView's
    // file origin) only when listed.
    if (req.has_header("Origin")) {
      const std::string origin = req.get_header_value("Origin");
      bool allowed = false;
      for (const auto& o : ctx.config.cors) allowed = allowed || o == origin;
      res.set_header("Vary", "Origin");
      if (allowed) {
        res.set_header("Access-Control-Allow-Origin", origin);
        res.set_header("Access-Control-Expose-Headers", "ETag, Retry-After");
        if (req.method == "OPTIONS") {
          res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
          res.set_header("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, Idempotency-Key, If-None-Match, Accept-Language");
          res.set_header("Access-Control-Max-Age", "600");
        }
      }
    }
    if (req.method == "OPTIONS") {
      res.status = 204;
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // Every error without a body gets the DESIGN §4 shape (unknown route, 413 from httplib, …).
  server_.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                    httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
    Errc code = Errc::server_error;
    switch (res.status) {
      case 400: code = Errc::http_bad_request; break;
      case 404: code = Errc::http_not_found; break;
      case 405: code = Errc::http_method_not_allowed; break;
      case 413: code = Errc::http_payload_too_large; break;
      case 415: code = Errc::http_unsupported_media_type; break;
      case 429: code = Errc::http_rate_limited; break;
      case 503: code = Errc::server_unavailable; break;
      default: break;
    }
    const int status = res.status;
    send_error(req, res, code);
    res.status = status;
    return httplib::Server::HandlerResponse::Handled;
  }));

  server_.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    log_event("error", "exception", {{"path", loggable_path(req.path)}});
    send_error(req, res, Errc::server_error);
  });

  // Every answer, JSON included (see set_json_body), is never sniffed into something else.
  server_.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.has_header("X-Content-Type-Options")) res.set_header("X-Content-Type-Options", "nosniff");
  });

  // One line per request: method, route (numbers and ids replaced), status, time. No query string
  // (dev messages take a phone), no headers, no bodies (DESIGN §8: no PII in logs).
  server_.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    if (ctx.config.quiet) return;
    log_event("info", "request",
              {{"method", req.method}, {"path", loggable_path(req.path)}, {"status", log_num(res.status)}});
  });
}

void App::register_routes() {
  Router r(*this);
  register_customer_routes(r, *ctx_);
  register_staff_routes(r, *ctx_);
  if (ctx_->config.dev) register_dev_routes(r, *ctx_);
  // Static files last: their catch-all GET must not shadow the API.
  if (!mount_static(server_, ctx_->config.static_dir))
    log_event("warn", "static_missing", {{"dir", ctx_->config.static_dir}});
}

int App::bind() {
  int port = ctx_->config.port == 0 ? server_.bind_to_any_port(ctx_->config.host)
             : server_.bind_to_port(ctx_->config.host, ctx_->config.port) ? ctx_->config.port
                                                                         : -1;
  if (port > 0) ctx_->bound_port = port;
  if (port > 0) server_.set_backlog(1024);  // bursts of connections (hostile_test ManyConnections)
  return port;
}

bool App::listen() {
  {
    std::lock_guard lock(janitor_mu_);
    stopping_ = false;
  }
  janitor_ = std::thread([this] {
    std::unique_lock lock(janitor_mu_);
    for (;;) {
      lock.unlock();
      purge_expired();
      lock.lock();
      if (janitor_cv_.wait_for(lock, std::chrono::hours(1), [this] { return stopping_; })) return;
    }
  });
  // Messages queued before a restart (or a kill -9) are picked up from the database here.
  if (outbox_) outbox_->start();
  bool ok = server_.serve();
  if (outbox_) outbox_->stop();
  {
    std::lock_guard lock(janitor_mu_);
    stopping_ = true;
  }
  janitor_cv_.notify_all();
  if (janitor_.joinable()) janitor_.join();
  return ok;
}

void App::stop() { server_.stop(); }

}  // namespace cw::server

namespace cw::server {

// [SECTION] Retention (DESIGN §8) ----------------------------------------------------------------------
// Personal data of complaints closed, withdrawn or rejected more than `retention_days` ago is deleted:
// the contact, the texts the customer wrote, the evidence files (the filing's and the supplements')
// and every token — unless a supervisor holds the case (an appeal needs the record). What remains
// (types, statuses, times, ratings) feeds the statistics of spec 六 without naming anyone. Uploads
// that no filing or supplement references go after 24 hours whatever the retention (issue 21
// finding 7: they were kept forever, and anyone may upload), replay answers after 7 days.
namespace {

constexpr int kPurgeBatch = 100;

// Removes the files no upload row names any more, each checked again under its file lock after the
// purge committed: a new upload of the same bytes may have found the file and named it meanwhile.
void remove_unreferenced_files(Context& ctx, const std::vector<std::string>& shas) {
  for (const std::string& sha : shas) {
    auto guard = ctx.key_locks.acquire(upload_file_lock(sha));
    // A failure leaves the bytes for the next purge (PostgreSQL: another server's upload named them).
    if (!ctx.storage->drop_upload_bytes(sha)) log_event("warn", "upload_bytes_kept");
  }
}

// Deletes one upload row; its bytes' hash joins `shas` (the file goes once no row names it).
Result<void> drop_upload(Tx& tx, const std::string& id, std::vector<std::string>& shas) {
  auto u = tx.find_upload(id);
  if (!u) return u.error();
  if (!u.value()) return {};
  shas.push_back(u.value()->sha256);
  return tx.delete_upload(id);
}

// One purge batch in `tx`: at most kPurgeBatch rows purged; the hashes of the upload rows deleted
// join `shas`. Returns how many rows it purged.
using PurgeBatch = std::function<Result<int>(Tx& tx, std::vector<std::string>& shas)>;

// Runs batches, each in its own write transaction, until one comes back short; after each commit
// the files no row names any more are removed. Returns how many rows went; logs `failed` on error.
int purge_in_batches(Context& ctx, const char* failed, const PurgeBatch& batch) {
  int purged = 0;
  for (;;) {
    std::vector<std::string> shas;
    int n = 0;
    Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
      Result<int> r = batch(tx, shas);
      if (!r) return r.error();
      n = r.value();
      return {};
    });
    if (!w) {
      log_event("error", failed);
      break;
    }
    remove_unreferenced_files(ctx, shas);
    purged += n;
    if (n < kPurgeBatch) break;
  }
  return purged;
}

// Issue 21 finding 7: uploads never attached to a filing or supplement, older than 24 hours. One
// transaction lists and deletes only rows still unattached, and a filing attaches its evidence in
// its own write transaction (SQLite has one writer): an upload named by a filing committed first
// is attached and stays; one purged first is gone before the filing looks, which then answers
// upload.not_found and names nothing missing.
Result<int> purge_orphan_batch(Tx& tx, std::int64_t now, std::vector<std::string>& shas) {
  auto rows = tx.list_unattached_uploads(now - kOrphanUploadKeepSeconds, kPurgeBatch);
  if (!rows) return rows.error();
  for (const UploadRecord& u : rows.value())
    if (auto d = drop_upload(tx, u.id, shas); !d) return d.error();
  return static_cast<int>(rows.value().size());
}

// Blanks one complaint's personal data and deletes its evidence rows, tokens and messages.
Result<void> purge_case(Tx& tx, ComplaintRecord rec, std::vector<std::string>& shas) {
  Result<Json> j = parse_json(rec.doc, 64);
  Result<Case> c = j ? case_from_json(j.value()) : Result<Case>(Errc::server_error);
  if (c) {
    Case& k = c.value();
    // The filing's files and those added with supplements (DESIGN §8: purged with the complaint).
    std::vector<std::string> ids = k.filing.evidence;
    for (const TimelineEvent& e : k.timeline) ids.insert(ids.end(), e.evidence.begin(), e.evidence.end());
    for (const std::string& id : ids)
      if (auto d = drop_upload(tx, id, shas); !d) return d;
    k.filing.customer = Customer{};
    k.filing.service_number.clear();
    k.filing.problem.clear();
    k.filing.demand.clear();
    k.filing.evidence.clear();
    if (k.survey) k.survey->comment.clear();
    for (TimelineEvent& e : k.timeline) {
      if (e.actor == Actor::customer) e.note.clear();
      e.evidence.clear();
    }
    rec.doc = dump_json(to_json(k));
  } else {
    rec.doc = "{}";
  }
  rec.phone_key.clear();
  rec.purged = true;
  if (auto u = tx.update_complaint(rec); !u) return u;
  if (auto d = tx.delete_tokens(rec.id); !d) return d;
  if (auto d = tx.delete_hold(rec.id); !d) return d;  // a lapsed hold
  return tx.delete_notifications(rec.acceptance_no);
}

}  // namespace

int App::purge_expired() {
  // DESIGN §4 Several servers: one purge at a time. Two would list the same cases and write them
  // twice (each batch a conflict for the other), for nothing; the one that finds the lock taken
  // skips this hour, not waits: the other is doing this hour's work. Within this process a second
  // purge (a caller's beside the janitor's) waits for the first instead: it may need a later cutoff.
  std::lock_guard one_here(purge_mu_);
  int purged = 0;
  Result<bool> ran = ctx_->storage->run_alone(kPurgeLockId, [&] { purged = purge_unlocked(); });
  if (!ran) log_event("error", "purge_skipped", {{"reason", "db_unanswered"}});
  else if (!ran.value()) log_event("info", "purge_skipped", {{"reason", "another_server"}});
  return purged;
}

int App::purge_unlocked() {
  Context& ctx = *ctx_;
  const std::int64_t now = ctx.now().time_since_epoch().count();
  (void)ctx.storage->write([&](Tx& tx) { return tx.delete_idempotency_before(now - kIdempotencyKeepSeconds); });
  (void)ctx.storage->write([&](Tx& tx) { return tx.delete_expired_phone_grants(now); });
  const int orphans = purge_in_batches(ctx, "orphan_purge_failed", [&](Tx& tx, std::vector<std::string>& shas) {
    return purge_orphan_batch(tx, now, shas);
  });
  if (orphans > 0) log_event("info", "orphan_uploads_purged", {{"count", log_num(orphans)}});
  int purged = 0;
  if (ctx.config.retention_days > 0) {
    const std::int64_t cutoff = now - static_cast<std::int64_t>(ctx.config.retention_days) * 86400;
    purged = purge_in_batches(ctx, "retention_failed", [&](Tx& tx, std::vector<std::string>& shas) -> Result<int> {
      // Held cases are left out by the query (DESIGN §8: a supervisor's hold).
      auto rows = tx.list_expired(cutoff, now, kPurgeBatch);
      if (!rows) return rows.error();
      for (const ComplaintRecord& rec : rows.value())
        if (auto p = purge_case(tx, rec, shas); !p) return p.error();
      return static_cast<int>(rows.value().size());
    });
  }
  if (purged > 0 || orphans > 0) ctx.storage->checkpoint();
  if (purged > 0) log_event("info", "retention_purged", {{"count", log_num(purged)}});
  return purged;
}

}  // namespace cw::server
