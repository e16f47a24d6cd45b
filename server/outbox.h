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
#include <optional>
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

// The per-contact daily cap (issue 21, DESIGN §8). Anyone may name any phone or e-mail address in
// a filing, a hotline caller may have an agent file one, and a lookup sends a code to a complaint's
// phone: without a cap, 30 filings made us text a stranger 30 times. So the messages a customer's
// own request causes (a filing's acceptance, whatever the channel; a customer action's status; a
// lookup code) count, per contact, over the last 24 hours; over the budget a message is not sent
// but kept as failed with last_error "capped", so staff see it in GET /staff/notifications.
// Why these numbers: a real customer files one or two complaints a day and rarely withdraws or
// escalates more than that; five acceptances or status messages leave room for a family sharing
// a phone, while a flood costs the victim at most five texts a day. Codes have their own budget, so
// a flood of filings cannot stop the real customer from logging in: ten, as the lookup guards allow
// per phone in a day (server/lookup.cpp), but over any 24 hours rather than a fixed day, so the
// guards' day boundary cannot double it. Messages caused by staff (Message::by_staff) are the
// operator's own word to a case it handles: they are never capped and count against nothing.
inline constexpr std::int64_t kContactCapWindowSeconds = 24 * 3600;
inline constexpr int kCaseMessagesPerContactDay = 5;
inline constexpr int kCodesPerContactDay = 10;

// Gives each message its id and stores it in `tx` (pending; sent already for an immediate notifier).
// A message over its contact's daily cap is stored as failed ("capped") and removed from
// `messages`, so that deliver_committed leaves it alone.
Result<void> enqueue(Context& ctx, Tx& tx, std::vector<Message>& messages);
// After the commit of `messages`: an immediate notifier gets them now; otherwise the senders wake.
void deliver_committed(Context& ctx, const std::vector<Message>& messages);

// A staff retry of a failed message (POST /staff/notifications/{id}/retry): `r` (read in `tx`) goes
// back to pending, due now, with a fresh give-up time counted from `now` and its attempts so far
// kept; an immediate notifier gets it at once, as a new message would (dev: sent; log only:
// failed again). Refused: not failed (notify.not_failed), held back by the per-contact cap
// (notify.capped: the cap is the point, a retry would defeat it), or a code or survey link whose
// secret was blanked when it failed (notify.not_retryable). After the commit, deliver_committed(r).
Result<Message> requeue(Context& ctx, Tx& tx, NotificationRecord& r, std::int64_t now);
// Why requeue would refuse `r` (its code), or nullopt: the list says so beside each message.
std::optional<Errc> retry_refusal(const NotificationRecord& r);

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
