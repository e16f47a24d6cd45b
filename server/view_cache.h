// server/view_cache.h — the rendered customer view (GET /complaints/{no}) with its ETag, remembered
// per (complaint id, record version, second), so a lookup does not decode and re-render the case.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cw::server {

// customer_view(case, now, policy) is a pure function of the stored document (changes bump
// `version`), of `now` (whole seconds: Context::now() truncates) and of the policy (fixed for the
// life of a Context), so an entry keyed on all three is exactly what a fresh render would give.
// Measured by bench/server (2 shared cores): decoding the case, rendering and hashing the view were
// ~40 % of the server's CPU per lookup.
class ViewCache {
 public:
  struct View {
    std::string text;  // the JSON answer
    std::string etag;  // "\"…\"" over `text`
  };
  std::shared_ptr<const View> find(std::int64_t id, std::int64_t version, std::int64_t now_s) const;
  void put(std::int64_t id, std::int64_t version, std::int64_t now_s, std::shared_ptr<const View> view);

  // The whole lookup from memory: (number, token hash) → the view, valid while no write happened
  // since `generation` (Storage::generation(), read before the read transaction that produced it),
  // the token lives, and the second is the same. Skips SQLite (~20 % of a lookup's CPU on
  // bench/server) when the track screen polls a complaint nobody is changing.
  std::shared_ptr<const View> find_lookup(const std::string& no, const std::string& token_hash,
                                          std::uint64_t generation, std::int64_t now_s) const;
  void put_lookup(const std::string& no, const std::string& token_hash, std::uint64_t generation,
                  std::int64_t now_s, std::int64_t token_expires_at, std::shared_ptr<const View> view);

 private:
  struct Entry {
    std::int64_t version = 0;
    std::int64_t now_s = 0;
    std::shared_ptr<const View> view;
  };
  // Bounded: cleared when full (the working set is the complaints being looked at right now).
  static constexpr std::size_t kMaxEntries = 4096;
  struct Lookup {
    std::uint64_t generation = 0;
    std::int64_t now_s = 0;
    std::int64_t expires_at = 0;
    std::shared_ptr<const View> view;
  };
  mutable std::mutex mu_;
  std::unordered_map<std::int64_t, Entry> entries_;
  std::unordered_map<std::string, Lookup> lookups_;  // key: number + ' ' + token hash
};

}  // namespace cw::server
