// server/notifier.cpp — the log-only and the dev notifier.
#include "server/notifier.h"

#include <cstdio>

#include "server/log.h"

namespace cw::server {

std::string phone_key(const std::string& phone) {
  std::string out;
  for (char c : phone)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

void LogNotifier::send(const Message& m) {
  log_event("info", "notify", {{"kind", m.kind}, {"channel", m.channel}});
}

void DevNotifier::send(const Message& m) {
  log_event("info", "notify", {{"kind", m.kind}, {"channel", m.channel}});
  std::lock_guard lock(mu_);
  messages_.push_back(m);
  while (messages_.size() > capacity_) messages_.pop_front();
}

std::vector<Message> DevNotifier::messages_to(const std::string& to) {
  const std::string key = phone_key(to);
  std::vector<Message> out;
  std::lock_guard lock(mu_);
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
    if (phone_key(it->to) == key) out.push_back(*it);
  return out;
}

}  // namespace cw::server
