// server/notifier.h — the Notifier port: how the server reaches a customer (lookup codes, survey
// links, status changes; DESIGN §4). Adapters: DevNotifier keeps messages for
// GET /api/v1/dev/messages (only with --dev); LogNotifier records THAT a message went out, never
// its content (DESIGN §8: no PII in logs). A real SMS/voice/e-mail gateway plugs in here.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "core/iso_time.h"

namespace cw::server {

struct Message {
  std::string to;       // the customer's contact phone
  std::string kind;     // "lookup_code" | "survey" | "status"
  std::string channel;  // "sms" | "voice" | "phone" | "email" | "letter" | "in_person"
  std::string email;    // set when channel is "email"
  std::string text;
  std::string code;     // lookup_code only
  std::string link;     // survey only
  Timestamp at{};
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void send(const Message& m) = 0;
};

// Writes one structured line per message: kind and channel, no recipient, no text, no code.
class LogNotifier final : public Notifier {
 public:
  void send(const Message& m) override;
};

// Keeps the newest messages in memory for the dev endpoint (bounded so a test run cannot grow it
// without limit). Also logs like LogNotifier.
class DevNotifier final : public Notifier {
 public:
  explicit DevNotifier(std::size_t capacity = 10000) : capacity_(capacity) {}
  void send(const Message& m) override;
  // Messages to `to` (compared on digits only), newest first.
  std::vector<Message> messages_to(const std::string& to);

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::deque<Message> messages_;
};

// Digits of a phone number ("010-1234 5678" → "01012345678"): the key phones are compared on.
std::string phone_key(const std::string& phone);

}  // namespace cw::server
