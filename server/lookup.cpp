// server/lookup.cpp — use cases: finding one's complaint again by number and phone (a one-time code
// to the phone, DESIGN §4 /lookup and /lookup/verify) and the customer view (GET /complaints/{no})
// with its view cache and ETag.
#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/outbox.h"
#include "server/service.h"

namespace cw::server {

// [SECTION] Reading /lookup bodies ----------------------------------------------------------------------
Result<LookupRequest> lookup_from_json(const Json& body, bool with_code) {
  FieldErrors errors;
  JsonReader r(body, "", errors);
  // Without a number: lookup by phone (DESIGN §4), every complaint whose contact is this phone.
  const bool by_phone = body.is_object() && !body.contains("acceptance_no");
  std::optional<std::string> no = by_phone ? std::nullopt : r.str("acceptance_no", true);
  std::optional<std::string> phone = r.str("phone", true);
  LookupRequest in;
  if (no) {
    Result<std::string> parsed = parse_acceptance_no(*no);
    if (parsed) in.no = parsed.value();
    else r.fail("acceptance_no", parsed.code());
  }
  if (phone) {
    if (is_contact_phone(*phone)) in.phone = phone_key(*phone);
    else r.fail("phone", Errc::validation_phone_invalid);
  }
  if (!errors.empty()) return field_errors(std::move(errors));
  if (with_code) {
    auto code = body.find("code");
    if (code == body.end() || !code->is_string()) return Error(Errc::validation_required, "code");
    in.code = code->get<std::string>();
  }
  return in;
}

// [SECTION] Guards (DESIGN §8) --------------------------------------------------------------------------------
// The in-memory rate limits slow a guesser down per minute; these, in the database, bound a day:
// codes per number, per phone and per pair (so nobody can text a victim all day or keep fresh codes
// coming), and 20 wrong codes lock the lookups of a number (or a phone) for 24 hours. They are
// counted in the transaction that checks them, so concurrent guesses cannot all be first.
namespace {
constexpr std::int64_t kGuardWindowSeconds = 86400;
constexpr int kCodesPerDay = 10;        // per number and per phone
constexpr int kCodesPerDayPair = 5;     // per (number, phone)
constexpr int kFailuresBeforeLock = 20;

// Keys are hashed: the table names no phone.
std::string guard_key(std::string_view kind, std::string_view value) {
  return sha256_hex(std::string(kind) + ":" + std::string(value));
}

// The guard of `key`, its counts started afresh once its day is over (a lock runs its own time).
Result<LookupGuard> load_guard(Tx& tx, const std::string& key, std::int64_t now_s) {
  Result<LookupGuard> g = tx.lookup_guard(key);
  if (!g || now_s - g->window_start < kGuardWindowSeconds) return g;
  LookupGuard fresh;
  fresh.window_start = now_s;
  fresh.locked_until = g->locked_until;
  return fresh;
}

// False when any key is over its cap or locked; else counts one code on each. The same writes
// happen whether or not the number or phone exists (a code is counted even when none is sent).
Result<bool> admit_code(Tx& tx, std::initializer_list<std::pair<std::string, int>> caps, std::int64_t now_s) {
  std::vector<std::pair<std::string, LookupGuard>> guards;
  for (const auto& [key, cap] : caps) {
    Result<LookupGuard> g = load_guard(tx, key, now_s);
    if (!g) return g.error();
    if (g->codes >= cap || g->locked_until > now_s) return false;
    guards.emplace_back(key, g.value());
  }
  for (auto& [key, g] : guards) {
    ++g.codes;
    if (auto p = tx.put_lookup_guard(key, g); !p) return p.error();
  }
  return true;
}

Result<bool> is_locked(Tx& tx, const std::string& key, std::int64_t now_s) {
  Result<LookupGuard> g = tx.lookup_guard(key);
  if (!g) return g.error();
  return g->locked_until > now_s;
}

// One wrong code against `key`; the 20th in a day locks its lookups for 24 hours.
Result<void> count_failure(Tx& tx, const std::string& key, std::int64_t now_s) {
  Result<LookupGuard> loaded = load_guard(tx, key, now_s);
  if (!loaded) return loaded.error();
  LookupGuard g = loaded.value();
  if (++g.failures >= kFailuresBeforeLock) g.locked_until = now_s + kGuardWindowSeconds;
  return tx.put_lookup_guard(key, g);
}
}  // namespace

// [SECTION] The code's message, after the answer (DESIGN §8) -----------------------------------------------
namespace {
// Composing a code's message reads and decodes the complaint, which only a match does; done before
// the answer, that time told the asker that the number and phone belong together (issue 21 finding 5).
// So the message is composed, queued and sent after the answer, in one transaction with whatever
// `find` writes (the code's row). If the server stops in between, no code arrives and the customer
// asks again.
using FindCase = std::function<Result<Case>(Tx&)>;

void send_code_after_answer(Context& ctx, FindCase find, std::string code, Lang lang, Timestamp now, bool names_number) {
  Context* c = &ctx;
  const bool queued = ctx.after_answer->post([c, find = std::move(find), code = std::move(code), lang, now, names_number] {
    std::vector<Message> messages;
    Result<void> w = c->storage->write([&](Tx& tx) -> Result<void> {
      Result<Case> found = find(tx);
      if (!found) return found.error();
      NotifyFacts f;
      f.code = code;
      // In the language of whoever asks now (they may not be the one who filed, on this device).
      Message m = customer_message(found.value(), std::string(lang_tag(lang)), NotifyPurpose::lookup_code, std::move(f), now);
      if (!names_number) m.acceptance_no.clear();  // a phone's code is for all its complaints
      messages.push_back(std::move(m));
      return enqueue(*c, tx, messages);
    });
    if (!w) {
      log_event("error", "lookup_code_not_queued", {{"code", std::string(code_id(w.code()))}});
      return;
    }
    deliver_committed(*c, messages);
  });
  if (!queued) log_event("error", "lookup_code_dropped", {{"reason", "queue_full"}});
}
}  // namespace

// [SECTION] POST /lookup -----------------------------------------------------------------------------------
Result<Answer> request_lookup_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now) {
  const auto& rules = ctx.config.rules;
  if (auto refused = take_rates(ctx, {{"lookup_ip", caller.ip, &rules.lookup_ip},
                                      {"lookup_no", in.no, &rules.lookup_no},
                                      {"lookup_phone", in.phone, &rules.lookup_phone}}))
    return *refused;
  std::string sent;  // the code, when the number and the phone belong together
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<bool> admitted = admit_code(tx, {{guard_key("no", in.no), kCodesPerDay},
                                            {guard_key("phone", in.phone), kCodesPerDay},
                                            {guard_key("pair", in.no + ":" + in.phone), kCodesPerDayPair}},
                                       unix_seconds(now));
    if (!admitted) return admitted.error();
    if (!admitted.value()) return {};  // over a cap: no code, and the same 202
    // The same work for an unknown number, a wrong phone and the right one: one indexed read (the
    // record, not decoded), one code made and hashed; only its row differs.
    auto found = tx.find_complaint(in.no);
    if (!found) return found.error();
    // The code's row is written with its message, after the answer: a row written only on a match
    // made the commit larger, and that was measurable too.
    const std::string code = random_code6();
    const auto& rec = found.value();
    if (rec && !rec->purged && equal_ct(rec->phone_key, in.phone)) sent = code;
    return {};
  });
  if (!w) return w.error();
  if (!sent.empty()) {
    const std::string hash = sha256_hex(in.no + ":" + sent);
    send_code_after_answer(ctx, [no = in.no, hash, expires = unix_seconds(now) + kLookupCodeSeconds](Tx& tx) -> Result<Case> {
      Result<LoadedCase> l = load_case(tx, no);
      if (!l) return l.error();
      if (auto p = tx.put_lookup_code(l->rec.id, {hash, expires, 0}); !p) return p.error();
      return std::move(l.value().c);
    }, sent, caller.lang, now, true);
  }
  return no_store(202, {{"sent", true}});
}

// [SECTION] POST /lookup/verify ------------------------------------------------------------------------------
Result<Answer> verify_lookup_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now) {
  const auto& rules = ctx.config.rules;
  if (auto refused = take_rates(ctx, {{"verify_ip", caller.ip, &rules.verify_ip},
                                      {"verify_no", in.no, &rules.verify_no},
                                      {"verify_phone", in.phone, &rules.verify_phone}}))
    return *refused;
  std::string token;
  bool wrong = false;  // one answer for every failure (unknown number, wrong phone, wrong/expired/used-up code)
  const std::int64_t now_s = unix_seconds(now);
  const std::string no_key = guard_key("no", in.no);
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<bool> locked = is_locked(tx, no_key, now_s);
    if (!locked) return locked.error();
    if (locked.value()) return wrong = true, Result<void>();
    // The record only, not decoded: an unknown number costs the same read (DESIGN §8).
    auto found = tx.find_complaint(in.no);
    if (!found) return found.error();
    const std::string tried_hash = sha256_hex(in.no + ":" + in.code);
    if (!found.value() || found.value()->purged) return wrong = true, count_failure(tx, no_key, now_s);
    const ComplaintRecord& complaint = *found.value();
    auto rec = tx.find_lookup_code(complaint.id);
    if (!rec) return rec.error();
    const bool phone_ok = equal_ct(complaint.phone_key, in.phone);
    const bool ok = phone_ok && rec.value() && rec.value()->tries < kLookupCodeTries &&
                    rec.value()->expires_at > now_s && equal_ct(rec.value()->code_hash, tried_hash);
    if (!ok) {
      wrong = true;
      // Only a try with the customer's phone uses up one of the code's 5: whoever knows the number
      // alone cannot spend the customer's code (their 20 wrong tries lock the number instead).
      if (phone_ok && rec.value())
        if (auto c = tx.count_lookup_try(complaint.id); !c) return c;
      return count_failure(tx, no_key, now_s);
    }
    if (auto d = tx.delete_lookup_code(complaint.id); !d) return d;
    token = random_token();
    return tx.insert_token("access", sha256_hex(token),
                           TokenRecord{complaint.id, now_s + kLookupTokenSeconds, 0});
  });
  if (!w) return w.error();
  if (wrong) return Errc::lookup_code_invalid;
  return no_store(200, {{"access_token", token},
                        {"expires_at", format_iso8601(now + std::chrono::seconds(kLookupTokenSeconds))}});
}

// [SECTION] Lookup by phone: POST /lookup {phone}, POST /lookup/verify {phone, code} ----------------------------
namespace {
constexpr int kPhoneListLimit = 200;  // more than any one customer files; the list is newest first

std::string phone_code_hash(const std::string& phone_key, const std::string& code) {
  return sha256_hex("phone:" + phone_key + ":" + code);
}
}  // namespace

Result<Answer> request_phone_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now) {
  const auto& rules = ctx.config.rules;
  if (auto refused = take_rates(ctx, {{"lookup_ip", caller.ip, &rules.lookup_ip},
                                      {"lookup_phone", in.phone, &rules.lookup_phone}}))
    return *refused;
  std::string sent;  // the code, when the phone has complaints
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<bool> admitted = admit_code(tx, {{guard_key("phone", in.phone), kCodesPerDay}}, unix_seconds(now));
    if (!admitted) return admitted.error();
    if (!admitted.value()) return {};  // over the cap: no code, and the same 202
    auto newest = tx.list_complaints_by_phone(in.phone, 1);
    if (!newest) return newest.error();
    // The code is stored whether or not the phone has complaints (the same work either way); it
    // is sent only to a phone that has some, so nobody can make us text a stranger.
    const std::string code = random_code6();
    Result<void> p = tx.put_phone_code(in.phone, {phone_code_hash(in.phone, code),
                                                  unix_seconds(now) + kLookupCodeSeconds, 0});
    if (p && !newest.value().empty()) sent = code;
    return p;
  });
  if (!w) return w.error();
  if (!sent.empty()) {
    // Addressed as the newest complaint has it; the code is for all of them, so it names none.
    send_code_after_answer(ctx, [phone = in.phone](Tx& tx) -> Result<Case> {
      auto newest = tx.list_complaints_by_phone(phone, 1);
      if (!newest) return newest.error();
      if (newest.value().empty()) return Errc::http_not_found;  // purged meanwhile
      return decode_case(newest.value().front());
    }, sent, caller.lang, now, false);
  }
  return no_store(202, {{"sent", true}});
}

Result<Answer> verify_phone_code(Context& ctx, const Caller& caller, const LookupRequest& in, Timestamp now) {
  const auto& rules = ctx.config.rules;
  if (auto refused = take_rates(ctx, {{"verify_ip", caller.ip, &rules.verify_ip},
                                      {"verify_phone", in.phone, &rules.verify_phone}}))
    return *refused;
  std::string token;
  bool wrong = false;
  const std::int64_t now_s = unix_seconds(now);
  const std::string guard = guard_key("phone", in.phone);
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<bool> locked = is_locked(tx, guard, now_s);
    if (!locked) return locked.error();
    if (locked.value()) return wrong = true, Result<void>();
    auto rec = tx.find_phone_code(in.phone);
    if (!rec) return rec.error();
    const bool ok = rec.value() && rec.value()->tries < kLookupCodeTries && rec.value()->expires_at > now_s &&
                    equal_ct(rec.value()->code_hash, phone_code_hash(in.phone, in.code));
    if (!ok) {
      // Counted in the transaction that checked it (DESIGN §8): concurrent guesses cannot all win.
      wrong = true;
      if (rec.value())
        if (auto c = tx.count_phone_try(in.phone); !c) return c;
      return count_failure(tx, guard, now_s);
    }
    if (auto d = tx.delete_phone_code(in.phone); !d) return d;
    token = random_token();
    return tx.insert_phone_token(sha256_hex(token), PhoneTokenRecord{in.phone, now_s + kLookupTokenSeconds});
  });
  if (!w) return w.error();
  if (wrong) return Errc::lookup_code_invalid;
  return no_store(200, {{"access_token", token},
                        {"expires_at", format_iso8601(now + std::chrono::seconds(kLookupTokenSeconds))},
                        {"scope", "phone"}});
}

// [SECTION] GET /customer/complaints ------------------------------------------------------------------------------
Result<Answer> list_phone_complaints(Context& ctx, const Caller& caller, Timestamp now) {
  if (caller.bearer.empty()) return Errc::auth_unauthorized;
  const std::int64_t now_s = unix_seconds(now);
  Json items = Json::array();
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto t = tx.find_phone_token(sha256_hex(caller.bearer));
    if (!t) return t.error();
    if (!t.value() || t.value()->expires_at <= now_s) return Errc::auth_unauthorized;
    auto rows = tx.list_complaints_by_phone(t.value()->phone_key, kPhoneListLimit);
    if (!rows) return rows.error();
    for (const ComplaintRecord& rec : rows.value()) {
      Result<Case> c = decode_case(rec);
      if (!c) continue;  // logged by decode_case; one damaged record must not hide the others
      const CustomerView v = customer_view(c.value(), now, ctx.policy);
      items.push_back({{"acceptance_no", v.acceptance_no},
                       {"status", to_string(v.status)},
                       {"filed_at", format_iso8601(v.filed_at)},
                       {"business_type", to_string(v.business_type)},
                       {"category", to_string(v.category)},
                       {"overdue", v.overdue}});
    }
    return {};
  });
  if (!r) return r.error();
  return no_store(200, {{"items", std::move(items)}});
}

// [SECTION] GET /complaints/{no} ------------------------------------------------------------------------------
Result<Answer> view_complaint(Context& ctx, const Caller& caller, const std::string& no,
                              const std::string& if_none_match, Timestamp now) {
  // The same checks as a customer action's (the access token must belong to this complaint and be
  // alive, else the same 404 as an unknown number), but the case is decoded and rendered only when
  // the view cache has no answer for this (id, version, second): the hot path of the track screen.
  if (caller.bearer.empty()) return Errc::http_not_found;
  const std::int64_t now_s = unix_seconds(now);
  const std::string token_hash = sha256_hex(caller.bearer);
  const std::uint64_t generation = ctx.storage->generation();  // before the snapshot begins
  std::shared_ptr<const ViewCache::View> view = ctx.view_cache.find_lookup(no, token_hash, generation, now_s);
  std::int64_t token_expires_at = 0;
  Result<void> r = view ? Result<void>() : ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto found = tx.find_complaint(no);
    if (!found) return found.error();
    if (!found.value() || found.value()->purged) return Errc::http_not_found;
    const ComplaintRecord& rec = *found.value();
    Result<std::int64_t> until = customer_grant(tx, caller.bearer, rec, now_s);
    if (!until) return until.error();
    if (until.value() == 0) return Errc::http_not_found;
    token_expires_at = until.value();
    view = ctx.view_cache.find(rec.id, rec.version, now_s);
    if (view) return {};
    Result<Case> c = decode_case(rec);
    if (!c) return c.error();
    auto fresh = std::make_shared<ViewCache::View>();
    fresh->text = dump_json(to_json(customer_view(c.value(), now, ctx.policy)));
    fresh->etag = "\"" + sha256_hex(fresh->text).substr(0, 32) + "\"";
    ctx.view_cache.put(rec.id, rec.version, now_s, fresh);
    view = std::move(fresh);
    return {};
  });
  if (!r) return r.error();
  if (token_expires_at != 0)
    ctx.view_cache.put_lookup(no, token_hash, generation, now_s, token_expires_at, view);
  Answer a;
  a.headers.emplace_back("ETag", view->etag);
  a.headers.emplace_back("Cache-Control", "private, no-cache");
  if (if_none_match == view->etag) a.status = 304;
  else a.text = view->text;
  return a;
}

}  // namespace cw::server
