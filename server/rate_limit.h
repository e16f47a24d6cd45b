// server/rate_limit.h — token-bucket rate limits per IP, per acceptance number and per phone
// (DESIGN §8). In memory: one process serves the API; a restart forgets the buckets, which only
// ever errs on the side of the customer.
#pragma once

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

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(bool enabled = true) : enabled_(enabled) {}

  // Takes one token from the bucket `kind:key`. Returns 0 when allowed, else the whole seconds to
  // wait before a token is back (the Retry-After value, at least 1).
  int take(std::string_view kind, std::string_view key, const BucketRule& rule);
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
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_sweep_{};
};

}  // namespace cw::server
