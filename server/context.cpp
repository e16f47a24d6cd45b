// server/context.cpp — opening the Context: policy, storage and uploads folder, notifier, clock.
#include "server/context.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/log.h"

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

Result<std::unique_ptr<Context>> open_context(Config config) {
  auto ctx_ptr = std::make_unique<Context>(config.rate_limits);
  Context& ctx = *ctx_ptr;
  ctx.config = std::move(config);
  if (ctx.config.quiet) set_log_enabled(false);

  // Policy (DESIGN §3 Time limits): --policy FILE or the built-in one.
  ctx.policy = default_policy();
  if (!ctx.config.policy_file.empty()) {
    std::ifstream in(ctx.config.policy_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
      log_event("error", "policy_unreadable");
      return Errc::policy_invalid;
    }
    Result<Policy> p = parse_policy(ss.str());
    if (!p) return p.error();
    ctx.policy = p.value();
  }
  ctx.policy_json = policy_to_json(ctx.policy);

  // Storage beside its uploads folder (DESIGN §4: `<db dir>/uploads/`).
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path db(ctx.config.db);
  fs::path dir = db.has_parent_path() ? db.parent_path() : fs::path(".");
  fs::create_directories(dir, ec);
  ctx.uploads_dir = (dir / "uploads").string();
  fs::create_directories(ctx.uploads_dir, ec);
  auto storage = open_sqlite_storage(ctx.config.db);
  if (!storage) return storage.error();
  ctx.storage = std::move(storage).value();

  if (ctx.config.dev) {
    auto dev = std::make_unique<DevNotifier>();
    ctx.dev_notifier = dev.get();
    ctx.notifier = std::move(dev);
  } else {
    ctx.notifier = std::make_unique<LogNotifier>();
  }
  return ctx_ptr;
}

}  // namespace cw::server
