// server/view_cache.cpp — ViewCache: a bounded map from complaint id to its last rendered customer
// view; an entry answers only for the same record version and the same second.
#include "server/view_cache.h"

namespace cw::server {

std::shared_ptr<const ViewCache::View> ViewCache::find(std::int64_t id, std::int64_t version,
                                                       std::int64_t now_s) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.version != version || it->second.now_s != now_s) return nullptr;
  return it->second.view;
}

void ViewCache::put(std::int64_t id, std::int64_t version, std::int64_t now_s, std::shared_ptr<const View> view) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= kMaxEntries && entries_.count(id) == 0) entries_.clear();
  entries_[id] = Entry{version, now_s, std::move(view)};
}

std::shared_ptr<const ViewCache::View> ViewCache::find_lookup(const std::string& no, const std::string& token_hash,
                                                             std::uint64_t generation, std::int64_t now_s) const {
  const std::string key = no + ' ' + token_hash;
  std::lock_guard lock(mu_);
  auto it = lookups_.find(key);
  if (it == lookups_.end()) return nullptr;
  const Lookup& l = it->second;
  if (l.generation != generation || l.now_s != now_s || l.expires_at <= now_s) return nullptr;
  return l.view;
}

void ViewCache::put_lookup(const std::string& no, const std::string& token_hash, std::uint64_t generation,
                           std::int64_t now_s, std::int64_t token_expires_at, std::shared_ptr<const View> view) {
  std::string key = no + ' ' + token_hash;
  std::lock_guard lock(mu_);
  if (lookups_.size() >= kMaxEntries && lookups_.count(key) == 0) lookups_.clear();
  lookups_[std::move(key)] = Lookup{generation, now_s, token_expires_at, std::move(view)};
}

}  // namespace cw::server
