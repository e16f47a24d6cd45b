// server/notifier.h — the Notifier port: how a message leaves the server for a customer (lookup codes,
// status changes, progress, survey links; DESIGN §4 Notifier). Every message is first a row in the
// outbox, written with its cause (server/outbox.h); a notifier delivers it. Adapters:
// WebhookNotifier POSTs it to the operator's receiver (retried by the outbox until it answers 2xx);
// DevNotifier keeps messages for GET /api/v1/dev/messages (only with --dev); LogNotifier records THAT
// a message went out, never its content (DESIGN §8: no PII in logs).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "core/iso_time.h"
#include "core/json.h"

namespace cw::server {

struct Message {
  std::string id;       // the delivery id (X-Complaint-Delivery): the same on every retry
  std::string kind;     // "lookup_code" | "status" | "progress" | "survey"
  std::string acceptance_no;
  std::string to;       // the customer's contact phone
  std::string email;    // "" = none
  std::string channel;  // "sms" | "voice" | "email"
  std::string lang;     // "zh-CN" | "en"
  std::string text;
  std::string code;     // lookup_code only
  std::string link;     // survey only
  Timestamp at{};       // created
  // Caused by a staff member's action on a case (status, notes, extensions, the survey): the
  // operator's own word, never held back by the per-contact cap (server/outbox.h). Not sent.
  bool by_staff = false;
};

// The DESIGN §4 webhook body: {id, kind, acceptance_no, to: {phone, email}, channel, lang, text,
// code?, link?, created_at}.
Json message_json(const Message& m);

// What one delivery attempt came to: ok, or why not ("http 500", "timeout", "connection").
struct Delivery {
  bool ok = false;
  std::string outcome;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual Delivery send(const Message& m) = 0;
  // True when send() cannot fail or block (memory, log): the message is delivered right after its
  // commit and stored as sent. False (webhook): the outbox's senders deliver and retry it.
  virtual bool immediate() const { return true; }
};

// Writes one structured line per message: kind and channel, no recipient, no text, no code.
class LogNotifier final : public Notifier {
 public:
  Delivery send(const Message& m) override;
};

// Keeps the newest messages in memory for the dev endpoint (bounded so a test run cannot grow it
// without limit). Also logs like LogNotifier.
class DevNotifier final : public Notifier {
 public:
  explicit DevNotifier(std::size_t capacity = 10000) : capacity_(capacity) {}
  Delivery send(const Message& m) override;
  // Messages to `to` (compared on digits only), newest first.
  std::vector<Message> messages_to(const std::string& to);

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::deque<Message> messages_;
};

// POSTs message_json(m) to the operator's receiver with X-Complaint-Delivery: <id> and, with a
// secret, X-Complaint-Signature: sha256=<hex HMAC-SHA256 of the body>. A 2xx is delivered;
// anything else (another status, a timeout, a refused or dropped connection) is not.
class WebhookNotifier final : public Notifier {
 public:
  // `url` as checked by parse_webhook_url; `timeout_s` bounds the connect and each read/write.
  WebhookNotifier(std::string url, std::string secret, int timeout_s);
  Delivery send(const Message& m) override;
  bool immediate() const override { return false; }

 private:
  std::string origin_;  // scheme://host[:port]
  std::string path_;    // /path?query
  std::string secret_;
  int timeout_s_;
};

// "http(s)://host[:port]/path" → {origin, path}; false when it is not such a URL.
bool parse_webhook_url(const std::string& url, std::string& origin, std::string& path);

// Digits of a phone number ("010-1234 5678" → "01012345678"): the key phones are compared on.
std::string phone_key(const std::string& phone);

}  // namespace cw::server
