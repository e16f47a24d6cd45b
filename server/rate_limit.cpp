// server/rate_limit.cpp — token buckets with lazy refill, in the database when it shares them
// (PostgreSQL) or in memory; full buckets in memory are swept once a minute so the map cannot grow
// without bound under a scan of random numbers.
#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "server/crypto.h"
#include "server/log.h"
#include "server/storage.h"

namespace cw::server {

int RateLimiter::take(std::string_view kind, std::string_view key, const BucketRule& rule) {
  if (!enabled_) return 0;
  if (shared_) {
    // Hashed like the lookup guards' keys: the table names no phone, number or address (DESIGN §8).
    std::string id(kind);
    id.append(":").append(key);
    Result<int> wait = shared_->take_rate_token(sha256_hex(id), rule.burst, rule.per_minute);
    if (wait) {
      if (local_.exchange(false)) log_event("info", "rate_limits_shared");
      return wait.value();
    }
    // Each server limits alone until the database answers again (its storage logged why).
    if (!local_.exchange(true)) log_event("warn", "rate_limits_local", {{"reason", "db_unanswered"}});
  }
  return take(kind, key, rule, Clock::now());
}

int RateLimiter::take(std::string_view kind, std::string_view key, const BucketRule& rule, Clock::time_point now) {
  if (!enabled_) return 0;
  std::string id;
  id.reserve(kind.size() + 1 + key.size());
  id.append(kind).push_back(':');
  id.append(key);
  const double per_second = rule.per_minute / 60.0;
  std::lock_guard lock(mu_);
  sweep(now);
  auto [it, fresh] = buckets_.try_emplace(std::move(id), Bucket{rule.burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(rule.burst, b.tokens + elapsed * per_second);
    b.at = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  const double wait = per_second > 0 ? (1.0 - b.tokens) / per_second : 3600.0;
  return std::max(1, static_cast<int>(std::ceil(wait)));
}

std::size_t RateLimiter::size() {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

void RateLimiter::sweep(Clock::time_point now) {
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  // A bucket untouched for an hour is full again under every rule above: forgetting it is exact.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    if (now - it->second.at > std::chrono::hours(1)) it = buckets_.erase(it);
    else ++it;
  }
}

}  // namespace cw::server
