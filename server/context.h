// server/context.h — the server's configuration (DESIGN §4 command line) and the Context every use
// case works with: storage, notifier, policy, limits. No HTTP types: the use cases take a Context.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/iso_time.h"
#include "core/time_limits.h"
#include "server/after_answer.h"
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
  int threads = 16;          // workers that run handlers (a fixed pool: open connections hold none)
  int max_connections = 10000;        // open sockets in all; at the cap idle keep-alive ones close first
  int max_connections_per_ip = 256;   // per socket peer (never X-Forwarded-For), same rule
  int read_timeout_s = 10;   // per read, and the whole request head must arrive within this
  int write_timeout_s = 10;
  bool quiet = false;        // no request log lines (tests)
  // DESIGN §4 Notifier. Links in messages are built from public_origin ("https://HOST", no path),
  // never from a request's Host or X-Forwarded-* headers (issue 20: a Host header put its own origin
  // into survey links). Empty: http://<listen address> (dev and log-only servers).
  std::string public_origin;
  std::string notify_webhook;       // POST every message here; empty = no webhook
  std::string notify_secret;        // the HMAC key (--notify-secret-file, trimmed); "" = unsigned
  int notify_timeout_s = 10;        // one delivery's connect + read time limit
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

// What every use case needs.
struct Context {
  Config config;
  Policy policy;
  std::string policy_json;
  std::unique_ptr<Storage> storage;
  std::unique_ptr<Notifier> notifier;
  DevNotifier* dev_notifier = nullptr;  // set with --dev
  RateLimiter limiter;
  KeyLocks key_locks;
  std::string uploads_dir;  // <db dir>/uploads (SQLite; "" with PostgreSQL, which keeps the bytes)
  ViewCache view_cache;     // rendered customer views (GET /complaints/{no})
  int bound_port = 0;       // the port serve listens on (Config::port may be 0)
  std::function<void()> wake_outbox;  // called after a commit that queued messages (server/outbox.h)
  // Last member, so destroyed first: its jobs use the storage and notifier above.
  std::unique_ptr<AfterAnswer> after_answer = std::make_unique<AfterAnswer>();

  explicit Context(bool rate_limits) : limiter(rate_limits) {}
  Timestamp now() const;
  // The origin links in messages point to: --public-origin, else this server's listen address.
  std::string public_origin() const;
};

// "https://host[:port]" with a trailing slash removed; nullopt when `url` is not an http(s) origin
// without path, query, fragment or credentials.
std::optional<std::string> normalize_origin(const std::string& url);

// Loads the policy (--policy FILE or the built-in one), opens the database (migrating it) beside its
// uploads folder and picks the notifier. Errors: the policy file is invalid (policy_invalid) or the
// database cannot be opened (server_unavailable).
Result<std::unique_ptr<Context>> open_context(Config config);

// The time-limit policy of `file` (--policy), or the built-in one when `file` is empty;
// policy_invalid when the file cannot be read or is not valid (its fields say which members).
Result<Policy> load_policy(const std::string& file);

}  // namespace cw::server
