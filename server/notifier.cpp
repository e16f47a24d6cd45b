// server/notifier.cpp — the log-only, the dev and the webhook notifier.
#include "server/notifier.h"

#include <httplib.h>

#include <cstdio>

#include "server/crypto.h"
#include "server/log.h"

namespace cw::server {

std::string phone_key(const std::string& phone) {
  std::string out;
  for (char c : phone)
    if (c >= '0' && c <= '9') out.push_back(c);
  return out;
}

Json message_json(const Message& m) {
  Json j = {{"id", m.id},
            {"kind", m.kind},
            {"acceptance_no", m.acceptance_no},
            {"to", {{"phone", m.to}, {"email", m.email.empty() ? Json(nullptr) : Json(m.email)}}},
            {"channel", m.channel},
            {"lang", m.lang},
            {"text", m.text},
            {"created_at", format_iso8601(m.at)}};
  if (!m.code.empty()) j["code"] = m.code;
  if (!m.link.empty()) j["link"] = m.link;
  return j;
}

Delivery LogNotifier::send(const Message& m) {
  log_event("info", "notify", {{"kind", m.kind}, {"channel", m.channel}});
  return {true, "ok"};
}

Delivery DevNotifier::send(const Message& m) {
  log_event("info", "notify", {{"kind", m.kind}, {"channel", m.channel}});
  std::lock_guard lock(mu_);
  messages_.push_back(m);
  while (messages_.size() > capacity_) messages_.pop_front();
  return {true, "ok"};
}

std::vector<Message> DevNotifier::messages_to(const std::string& to) {
  const std::string key = phone_key(to);
  std::vector<Message> out;
  std::lock_guard lock(mu_);
  for (auto it = messages_.rbegin(); it != messages_.rend(); ++it)
    if (phone_key(it->to) == key) out.push_back(*it);
  return out;
}

bool parse_webhook_url(const std::string& url, std::string& origin, std::string& path) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const std::size_t host_start = scheme_end + 3;
  const std::size_t slash = url.find('/', host_start);
  const std::string host = url.substr(host_start, slash == std::string::npos ? std::string::npos : slash - host_start);
  if (host.empty() || host.find('@') != std::string::npos) return false;
  for (char ch : url)
    if (static_cast<unsigned char>(ch) <= 0x20 || ch == 0x7f) return false;
  origin = scheme + "://" + host;
  path = slash == std::string::npos ? "/" : url.substr(slash);
  return true;
}

WebhookNotifier::WebhookNotifier(std::string url, std::string secret, int timeout_s)
    : secret_(std::move(secret)), timeout_s_(timeout_s) {
  if (!parse_webhook_url(url, origin_, path_)) origin_.clear();
}

Delivery WebhookNotifier::send(const Message& m) {
  if (origin_.empty()) return {false, "bad url"};
  const std::string body = message_json(m).dump(-1, ' ', false, Json::error_handler_t::replace);
  httplib::Headers headers = {{"X-Complaint-Delivery", m.id}};
  if (!secret_.empty()) headers.emplace("X-Complaint-Signature", "sha256=" + hmac_sha256_hex(secret_, body));
  httplib::Client client(origin_);
  client.set_connection_timeout(timeout_s_, 0);
  client.set_read_timeout(timeout_s_, 0);
  client.set_write_timeout(timeout_s_, 0);
  client.set_keep_alive(false);
  httplib::Result r = client.Post(path_.c_str(), headers, body, "application/json");
  if (!r) {
    const httplib::Error e = r.error();
    return {false, e == httplib::Error::Read ? "timeout or dropped" : e == httplib::Error::Connection ? "connection"
                                                                                                          : "error " + httplib::to_string(e)};
  }
  if (r->status >= 200 && r->status < 300) return {true, "ok"};
  return {false, "http " + std::to_string(r->status)};
}

}  // namespace cw::server
