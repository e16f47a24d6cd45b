// server/outbox.cpp — storing messages with their cause, and the sender threads that deliver them.
#include "server/outbox.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "server/crypto.h"
#include "server/log.h"

namespace cw::server {

std::int64_t give_up_seconds(std::string_view kind) { return kind == "lookup_code" ? 5 * 60 : 24 * 3600; }

std::int64_t retry_delay_seconds(std::string_view kind, int attempts) {
  const std::int64_t cap = kind == "lookup_code" ? 30 : 600;
  std::int64_t base = 1;
  for (int i = 1; i < attempts && base < cap; ++i) base *= 2;
  base = std::min(base, cap);
  const std::int64_t half = base / 2;
  return std::max<std::int64_t>(1, base - half + static_cast<std::int64_t>(random_below(static_cast<std::uint64_t>(half) + 1)));
}

namespace {

std::int64_t seconds_of(Timestamp t) { return t.time_since_epoch().count(); }

// Once a message is sent or given up, the secrets it carried (a one-time code, a survey token in
// its link and text) are not kept (DESIGN §8).
void forget_secrets(NotificationRecord& r) {
  if (r.kind == "lookup_code" || r.kind == "survey") {
    r.text.clear();
    r.code.clear();
    r.link.clear();
  }
}

Message message_of(const NotificationRecord& r) {
  Message m;
  m.id = r.id;
  m.kind = r.kind;
  m.acceptance_no = r.acceptance_no;
  m.to = r.phone;
  m.email = r.email;
  m.channel = r.channel;
  m.lang = r.lang;
  m.text = r.text;
  m.code = r.code;
  m.link = r.link;
  m.at = Timestamp(std::chrono::seconds(r.created_at));
  return m;
}

}  // namespace

namespace {

// Whom the message reaches, as the cap counts it: the phone's digits (SMS or a voice call), or the
// e-mail address, lowered (the same mailbox however it was typed).
std::string contact_key(const Message& m) {
  if (m.channel != "email") return phone_key(m.to);
  std::string key = "email:" + m.email;
  std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return key;
}

// The daily budget a message counts against; "" = none (see kContactCapWindowSeconds).
std::string cap_group_of(const Message& m) {
  if (m.by_staff) return "";
  return m.kind == "lookup_code" ? "code" : "case";
}

Result<bool> over_cap(Tx& tx, const NotificationRecord& r) {
  if (r.cap_group.empty()) return false;
  Result<int> sent = tx.count_notifications_to(r.to_key, r.cap_group, r.created_at - kContactCapWindowSeconds);
  if (!sent) return sent.error();
  return sent.value() >= (r.cap_group == "code" ? kCodesPerContactDay : kCaseMessagesPerContactDay);
}

NotificationRecord record_of(const Message& m) {
  NotificationRecord r;
  r.id = m.id;
  r.kind = m.kind;
  r.acceptance_no = m.acceptance_no;
  r.phone = m.to;
  r.email = m.email;
  r.channel = m.channel;
  r.lang = m.lang;
  r.text = m.text;
  r.code = m.code;
  r.link = m.link;
  r.created_at = seconds_of(m.at);
  r.give_up_at = r.created_at + give_up_seconds(m.kind);
  r.next_attempt_at = r.created_at;
  r.to_key = contact_key(m);
  r.cap_group = cap_group_of(m);
  return r;
}

// Done without an attempt: never sent, its secrets (a code) not kept, the reason shown to staff.
// It counts against no budget: out of the contact index (cap_group ""), so that a flood of filings
// naming one phone leaves each count with the few messages that went, not with every one refused
// (bench/server's filings name one phone: counting them all made each filing slower than the last).
void mark_capped(NotificationRecord& r) {
  r.cap_group.clear();
  r.state = "failed";
  r.last_error = "capped";
  r.done_at = r.created_at;
  forget_secrets(r);
}

}  // namespace

Result<void> enqueue(Context& ctx, Tx& tx, std::vector<Message>& messages) {
  const bool immediate = ctx.notifier->immediate();
  std::vector<Message> to_deliver;
  for (Message& m : messages) {
    m.id = "n_" + random_hex(12);
    NotificationRecord r = record_of(m);
    Result<bool> capped = over_cap(tx, r);
    if (!capped) return capped.error();
    if (capped.value()) {
      mark_capped(r);
      // The id and kind only (DESIGN §8: no recipient in logs); the row tells staff the rest.
      log_event("warn", "notify_capped", {{"id", r.id}, {"kind", r.kind}});
    } else if (immediate) {
      // Handed over right after the commit, and a memory or log write cannot fail. The log reaches
      // no customer, though: such messages are listed as failed, so that GET /staff/notifications
      // shows an operator who forgot --notify-webhook what nobody received.
      r.state = ctx.dev_notifier ? "sent" : "failed";
      r.last_error = ctx.dev_notifier ? "" : "no webhook: only logged";
      r.attempts = 1;
      r.done_at = r.created_at;
      forget_secrets(r);
    }
    if (auto w = tx.insert_notification(r); !w) return w;
    if (!capped.value()) to_deliver.push_back(std::move(m));
  }
  messages = std::move(to_deliver);
  return {};
}

std::optional<Errc> retry_refusal(const NotificationRecord& r) {
  if (r.state != "failed") return Errc::notify_not_failed;
  if (r.last_error == "capped") return Errc::notify_capped;
  // forget_secrets blanked them: an empty text would reach the customer.
  if (r.text.empty()) return Errc::notify_not_retryable;
  return std::nullopt;
}

Result<Message> requeue(Context& ctx, Tx& tx, NotificationRecord& r, std::int64_t now) {
  if (std::optional<Errc> why = retry_refusal(r)) return Error(*why);
  r.state = "pending";
  r.give_up_at = now + give_up_seconds(r.kind);
  r.next_attempt_at = now;
  r.claimed_until = 0;
  r.done_at = 0;
  r.last_error.clear();
  if (ctx.notifier->immediate()) {  // as enqueue() records a message for an immediate notifier
    r.state = ctx.dev_notifier ? "sent" : "failed";
    r.last_error = ctx.dev_notifier ? "" : "no webhook: only logged";
    r.attempts += 1;
    r.done_at = now;
  }
  Result<bool> w = tx.requeue_notification(r);
  if (!w) return w.error();
  if (!w.value()) return Error(Errc::notify_not_failed);  // another retry took it first
  return message_of(r);
}

void deliver_committed(Context& ctx, const std::vector<Message>& messages) {
  if (messages.empty()) return;
  if (ctx.notifier->immediate()) {
    for (const Message& m : messages) (void)ctx.notifier->send(m);
  } else if (ctx.wake_outbox) {
    ctx.wake_outbox();
  }
}

// [SECTION] Outbox ---------------------------------------------------------------------------------
Outbox::Outbox(Context& ctx, int senders) : ctx_(ctx), senders_(senders) {}

Outbox::~Outbox() { stop(); }

void Outbox::start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  for (int i = 0; i < senders_; ++i) threads_.emplace_back([this] { run(); });
}

void Outbox::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_)
    if (t.joinable()) t.join();
  threads_.clear();
}

void Outbox::wake() {
  {
    std::lock_guard lock(mu_);
    ++wakes_;
  }
  cv_.notify_all();
}

bool Outbox::deliver_one() {
  const std::int64_t now = seconds_of(ctx_.now());
  // Held for one delivery's time limit and a margin: a sender killed mid-delivery lets go then.
  const std::int64_t hold = now + ctx_.config.notify_timeout_s + 5;
  std::vector<NotificationRecord> claimed;
  Result<void> c = ctx_.storage->write([&](Tx& tx) -> Result<void> {
    auto rows = tx.claim_notifications(now, hold, 1);
    if (!rows) return rows.error();
    claimed = std::move(rows).value();
    return {};
  });
  if (!c || claimed.empty()) return false;
  NotificationRecord r = std::move(claimed.front());
  NotificationAttempt attempt;
  if (now >= r.give_up_at) {
    attempt = {now, "expired"};  // e.g. a lookup code that waited out a long outage: useless now
  } else {
    Delivery d = ctx_.notifier->send(message_of(r));
    attempt = {seconds_of(ctx_.now()), d.ok ? "ok" : d.outcome};
  }
  r.attempts += 1;
  r.claimed_until = 0;
  r.last_error = attempt.outcome == "ok" ? "" : attempt.outcome;
  if (attempt.outcome == "ok") {
    r.state = "sent";
    r.done_at = attempt.at;
  } else if (attempt.at >= r.give_up_at || attempt.outcome == "expired") {
    r.state = "failed";
    r.done_at = attempt.at;
  } else {
    r.next_attempt_at = std::min(attempt.at + retry_delay_seconds(r.kind, r.attempts), r.give_up_at);
  }
  if (r.state != "pending") forget_secrets(r);
  Result<void> f = ctx_.storage->write([&](Tx& tx) { return tx.finish_attempt(r, attempt); });
  // No recipient, no text (DESIGN §8): the id lets an operator find the row.
  log_event(attempt.outcome == "ok" ? "info" : "warn", "delivery",
            {{"id", r.id}, {"kind", r.kind}, {"outcome", attempt.outcome}, {"state", r.state}});
  if (!f) log_event("error", "delivery_record_failed", {{"id", r.id}});
  return true;
}

void Outbox::run() {
  for (;;) {
    std::uint64_t seen = 0;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      seen = wakes_;
    }
    if (deliver_one()) continue;
    // Nothing due: sleep until the earliest retry (at most 2 s, so a clock moved by a test or a row
    // let go by a dead sender is noticed), or until a commit queues a message.
    std::int64_t wait_s = 2;
    (void)ctx_.storage->read([&](Tx& tx) -> Result<void> {
      auto due = tx.next_notification_due();
      if (due && due.value() > 0) wait_s = std::clamp<std::int64_t>(due.value() - seconds_of(ctx_.now()), 0, 2);
      return {};
    });
    if (wait_s <= 0) wait_s = 1;  // due but held by another sender: look again shortly
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(wait_s), [&] { return stopping_ || wakes_ != seen; });
  }
}

}  // namespace cw::server
