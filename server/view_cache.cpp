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

}  // namespace cw::server
