// server/outbox.h — the notifier's outbox (DESIGN §4 Notifier, issue 20): every message is a row
// written in the same transaction as its cause, so a crash cannot lose it or send one for a change
// that was rolled back. An immediate notifier (dev, log) delivers it right after the commit; a
// webhook's messages are delivered by Outbox's sender threads, never by the request's thread (the
// receiver's slowness does not slow a customer's answer), at least once and always under the same
// id, retried with backoff and jitter until a 2xx or the message's give-up time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "server/context.h"

namespace cw::server {

// How long a message is worth retrying: a lookup code lives 5 minutes (DESIGN §4), the rest 24 hours.
std::int64_t give_up_seconds(std::string_view kind);
// The wait before attempt `attempts` + 1: doubling from 1 s up to a cap (30 s for lookup codes, 10
// minutes for the rest), with "equal jitter" (half fixed, half random) so that retries after an
// outage do not arrive at the receiver all in the same second.
std::int64_t retry_delay_seconds(std::string_view kind, int attempts);

// Gives each message its id and stores it in `tx` (pending; sent already for an immediate notifier).
Result<void> enqueue(Context& ctx, Tx& tx, std::vector<Message>& messages);
// After the commit of `messages`: an immediate notifier gets them now; otherwise the senders wake.
void deliver_committed(Context& ctx, const std::vector<Message>& messages);

class Outbox {
 public:
  Outbox(Context& ctx, int senders = 4);
  ~Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  void start();
  void stop();
  void wake();
  // Takes one due message and makes one delivery attempt; false when none was due (tests, senders).
  bool deliver_one();

 private:
  void run();
  Context& ctx_;
  int senders_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t wakes_ = 0;
};

}  // namespace cw::server
