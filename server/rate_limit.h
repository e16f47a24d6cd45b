// server/rate_limit.h — token-bucket rate limits per IP, per acceptance number and per phone
// (DESIGN §8). In memory when one process serves the API (SQLite); in the database when several
// servers share it (PostgreSQL, DESIGN §4), so that each does not allow the full rate. A restart
// (or a crash of PostgreSQL) forgets the buckets, which only ever errs on the side of the customer.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cw::server {

struct BucketRule {
  double burst = 1;       // bucket size: requests allowed at once
  double per_minute = 1;  // refill rate
};

// The limits of DESIGN §8, one rule per (endpoint, key kind). Generous for a person at a keyboard,
// tight for a script: 5 codes per number per 15 minutes bound SMS cost; verify tries are also capped
// by the 5 tries of each code.
struct RateRules {
  BucketRule lookup_ip{20, 10};
  BucketRule lookup_no{5, 1.0 / 3};
  BucketRule lookup_phone{5, 1.0 / 3};
  BucketRule verify_ip{20, 10};
  BucketRule verify_no{10, 1};
  BucketRule verify_phone{10, 1};
  BucketRule file_ip{20, 5};
  BucketRule file_phone{10, 1};
  BucketRule upload_ip{30, 20};
  BucketRule customer_write_ip{60, 30};  // supplements, escalations, withdrawal, survey
};

class Storage;

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(bool enabled = true) : enabled_(enabled) {}

  // Keeps the buckets in `storage` (Storage::take_rate_token) from now on, shared with every server
  // on that database. While it does not answer, the buckets of this process count (logged when that
  // begins and ends), so an outage neither stops the limits nor every request.
  void share_through(Storage* storage) { shared_ = storage; }

  // Takes one token from the bucket `kind:key`. Returns 0 when allowed, else the whole seconds to
  // wait before a token is back (the Retry-After value, at least 1).
  int take(std::string_view kind, std::string_view key, const BucketRule& rule);
  // The same in this process's memory at `now`, whatever share_through said.
  int take(std::string_view kind, std::string_view key, const BucketRule& rule, Clock::time_point now);

  bool enabled() const { return enabled_; }
  std::size_t size();

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at{};
  };
  void sweep(Clock::time_point now);

  bool enabled_;
  Storage* shared_ = nullptr;
  std::atomic<bool> local_{false};  // the database did not answer the last take: memory counts
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace cw::server
