// server/context.cpp — opening the Context: policy, storage and uploads folder, notifier, clock.
#include "server/context.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/log.h"
#include "server/search.h"

namespace cw::server {

// [SECTION] KeyLocks -----------------------------------------------------------------------------
std::unique_ptr<KeyLocks::Guard> KeyLocks::acquire(const std::string& key) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return busy_.count(key) == 0; });
  busy_.insert(key);
  return std::make_unique<Guard>(*this, key);
}

void KeyLocks::release(const std::string& key) {
  {
    std::lock_guard lock(mu_);
    busy_.erase(key);
  }
  cv_.notify_all();
}

// [SECTION] Context ------------------------------------------------------------------------------
Timestamp Context::now() const {
  if (config.clock) return config.clock();
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::string Context::public_origin() const {
  if (!config.public_origin.empty()) return config.public_origin;
  const std::string host = config.host.find(':') != std::string::npos ? "[" + config.host + "]" : config.host;
  return "http://" + host + ":" + std::to_string(bound_port != 0 ? bound_port : config.port);
}

std::optional<std::string> normalize_origin(const std::string& url) {
  std::string rest;
  std::string scheme;
  for (const char* s : {"https://", "http://"})
    if (url.rfind(s, 0) == 0) {
      scheme = s;
      rest = url.substr(scheme.size());
      break;
    }
  if (scheme.empty()) return std::nullopt;
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest.size() > 255) return std::nullopt;
  // host[:port] only: a path, query, fragment or user@ would be glued to every link.
  for (char ch : rest)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']'))
      return std::nullopt;
  return scheme + rest;
}

Result<Policy> load_policy(const std::string& file) {
  if (file.empty()) return default_policy();
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) {
    log_event("error", "policy_unreadable");
    return Errc::policy_invalid;
  }
  return parse_policy(ss.str());
}

Result<std::unique_ptr<Context>> open_context(Config config) {
  auto ctx_ptr = std::make_unique<Context>(config.rate_limits);
  Context& ctx = *ctx_ptr;
  ctx.config = std::move(config);
  if (ctx.config.quiet) set_log_enabled(false);

  // Policy (DESIGN §3 Time limits): --policy FILE or the built-in one.
  Result<Policy> policy = load_policy(ctx.config.policy_file);
  if (!policy) return policy.error();
  ctx.policy = std::move(policy).value();
  ctx.policy_json = policy_to_json(ctx.policy);

  // SQLite: the database file beside its uploads folder (DESIGN §4: `<db dir>/uploads/`).
  // PostgreSQL keeps the upload bytes too: nothing on this machine's disk.
  if (!is_postgres_uri(ctx.config.db)) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path db(ctx.config.db);
    fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
    fs::create_directories(dir, ec);
    ctx.uploads_dir = (dir / "uploads").string();
    fs::create_directories(ctx.uploads_dir, ec);
    // DESIGN §8: evidence files are personal data, the folder is the server's alone (0700; the files
    // are made 0600). An older folder made 0755 is tightened.
    fs::permissions(ctx.uploads_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  // A pool as large as the handler threads: no request waits for a connection another one holds.
  auto storage = open_storage(ctx.config.db, is_postgres_uri(ctx.config.db) ? std::min(ctx.config.threads, 16) : 4);
  if (!storage) return storage.error();
  ctx.storage = std::move(storage).value();
  // Several servers on one database count against the same buckets (DESIGN §4 Several servers).
  if (ctx.storage->shares_rate_buckets()) ctx.limiter.share_through(ctx.storage.get());
  if (auto indexed = index_old_complaints(*ctx.storage, ctx.policy); !indexed) return indexed.error();

  if (!ctx.config.notify_webhook.empty()) {
    ctx.notifier = std::make_unique<WebhookNotifier>(ctx.config.notify_webhook, ctx.config.notify_secret,
                                                     ctx.config.notify_timeout_s);
  } else if (ctx.config.dev) {
    auto dev = std::make_unique<DevNotifier>();
    ctx.dev_notifier = dev.get();
    ctx.notifier = std::move(dev);
  } else {
    ctx.notifier = std::make_unique<LogNotifier>();
  }
  return ctx_ptr;
}

}  // namespace cw::server
