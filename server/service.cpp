// server/service.cpp — what the use cases share: answers, case load/save, evidence, rate limits,
// the write runners (idempotent POSTs), notification texts.
#include "server/service.h"

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/field_path.h"
#include "core/i18n.h"
#include "core/time_limits.h"
#include "core/validation.h"
#include "server/outbox.h"
#include "server/search.h"
#include "server/crypto.h"
#include "server/log.h"

namespace cw::server {

std::int64_t unix_seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp from_unix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

int error_status(const Error& err) {
  int status = http_status(err.code);
  return status > 0 ? status : 500;
}

Answer error_answer(Error err) {
  Answer a;
  a.status = error_status(err);
  a.error = std::move(err);
  return a;
}

Answer no_store(int status, Json body) {
  Answer a;
  a.status = status;
  a.body = std::move(body);
  a.headers.emplace_back("Cache-Control", "no-store");
  return a;
}

Error field_errors(FieldErrors errors) {
  Errc first = errors.begin()->second;
  return Error(first, std::move(errors));
}

std::optional<std::string> canonical_no(const std::string& segment) {
  if (segment.size() != kAcceptanceCanonicalLength) return std::nullopt;
  Result<std::string> r = parse_acceptance_no(segment);
  if (!r || r.value() != segment) return std::nullopt;
  return r.value();
}

bool is_final(Status s) { return s == Status::closed || s == Status::withdrawn; }

Result<Case> decode_case(const ComplaintRecord& rec) {
  Result<Json> j = parse_json(rec.doc, 64);
  if (!j) return Errc::server_error;
  Result<Case> c = case_from_json(j.value());
  if (!c) {
    log_event("error", "case_decode", {{"id", log_num(rec.id)}});
    return Errc::server_error;
  }
  return c;
}

Result<LoadedCase> load_case(Tx& tx, const std::string& no) {
  auto found = tx.find_complaint(no);
  if (!found) return found.error();
  if (!found.value() || found.value()->purged) return Errc::http_not_found;
  LoadedCase l;
  l.rec = std::move(*found.value());
  Result<Case> c = decode_case(l.rec);
  if (!c) return c.error();
  l.c = std::move(c).value();
  return l;
}

Result<std::int64_t> customer_grant(Tx& tx, const std::string& bearer, const ComplaintRecord& rec, std::int64_t now_s) {
  if (bearer.empty()) return std::int64_t{0};
  const std::string hash = sha256_hex(bearer);
  auto t = tx.find_token("access", hash);
  if (!t) return t.error();
  if (t.value()) {
    const bool opens = t.value()->complaint_id == rec.id && t.value()->expires_at > now_s;
    return opens ? t.value()->expires_at : std::int64_t{0};
  }
  auto p = tx.find_phone_token(hash);
  if (!p) return p.error();
  // A purged complaint has no phone any more (phone_key ""), so nothing matches it.
  const bool opens = p.value() && p.value()->expires_at > now_s && !rec.phone_key.empty() &&
                     equal_ct(p.value()->phone_key, rec.phone_key);
  return opens ? p.value()->expires_at : std::int64_t{0};
}

Result<void> save_case(const Policy& policy, Tx& tx, LoadedCase& l, Timestamp now) {
  const std::int64_t t = unix_seconds(now);
  l.rec.status = std::string(to_string(l.c.status));
  l.rec.updated_at = t;
  // Retention counts from the end of the handling: a final status, or a rejection (spec 二(三): the
  // case leads only to its close; issue 21 finding 7: rejected cases never closed were kept forever).
  const bool ended = is_final(l.c.status) || l.c.status == Status::rejected;
  if (ended && l.rec.closed_at == 0) l.rec.closed_at = t;
  if (!ended) l.rec.closed_at = 0;
  l.rec.doc = dump_json(to_json(l.c));
  derive_list_columns(policy, l.c, l.rec);
  Result<void> r = tx.update_complaint(l.rec);
  if (r) ++l.rec.version;
  return r;
}

Result<void> attach_evidence(Tx& tx, const std::vector<std::string>& evidence) {
  FieldErrors missing;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    auto u = tx.find_upload(evidence[i]);
    if (!u) return u.error();
    if (!u.value()) missing.emplace(item_path(Field::evidence, i), Errc::upload_not_found);
  }
  if (!missing.empty()) return Error(Errc::upload_not_found, std::move(missing));
  for (const std::string& id : evidence)
    if (auto a = tx.attach_upload(id); !a) return a;
  return {};
}

namespace {

// DESIGN §4: messages go by the customer's reply method — e-mail to an e-mail address; everything
// else (phone, sms, letter, in person) as an SMS to a mobile, or a voice call to a fixed line.
NotifyChannel channel_for(const Case& c) {
  const Customer& who = c.filing.customer;
  if (who.reply_method == ReplyMethod::email && !who.email.empty()) return NotifyChannel::email;
  return is_mobile(phone_key(who.phone)) ? NotifyChannel::sms : NotifyChannel::voice;
}

// The date a status message names: the one the customer waits for next (received: whether we take
// it on; while it is worked on: the reply). Statuses that wait for nobody name none.
std::optional<Timestamp> next_deadline(const Policy& policy, const Case& c) {
  const Deadlines d = compute_deadlines(policy, c);
  switch (c.status) {
    case Status::received: return d.acceptance;
    case Status::accepted:
    case Status::investigating:
    case Status::processing:
    case Status::escalated: return d.reply;
    default: return std::nullopt;
  }
}

}  // namespace

Message customer_message(const Case& c, const std::string& lang, NotifyPurpose purpose, NotifyFacts facts,
                         Timestamp now) {
  Message m;
  m.kind = std::string(notify_kind(purpose));
  m.acceptance_no = c.acceptance_no;
  m.to = c.filing.customer.phone;
  // A lookup code goes to the phone (DESIGN §4: SMS to a mobile, a voice call to a fixed line).
  const NotifyChannel channel = purpose == NotifyPurpose::lookup_code
                                    ? (is_mobile(phone_key(m.to)) ? NotifyChannel::sms : NotifyChannel::voice)
                                    : channel_for(c);
  m.channel = std::string(channel_name(channel));
  if (channel == NotifyChannel::email) m.email = c.filing.customer.email;
  m.lang = std::string(lang_tag(lang_from_tag(lang)));
  facts.acceptance_no = c.acceptance_no;
  facts.status = c.status;
  m.code = facts.code;
  // A survey link spoken by a voice call is no use: fixed-line customers are called back instead.
  if (channel != NotifyChannel::voice) m.link = facts.link;
  m.text = notify_text(purpose, facts, channel, lang_from_tag(lang));
  m.at = now;
  return m;
}

Message status_message(const Policy& policy, const Case& c, const std::string& lang, Timestamp now) {
  NotifyFacts f;
  f.deadline = next_deadline(policy, c);
  // spec 二(二)4: the first message tells the number at once, and when we will decide.
  const NotifyPurpose p = c.status == Status::received && c.timeline.size() <= 1 ? NotifyPurpose::filed
                                                                                  : NotifyPurpose::status;
  return customer_message(c, lang, p, std::move(f), now);
}

std::optional<Message> progress_message(const Policy& policy, const Case& c, const std::string& lang, Action action,
                                        const TimelineEvent& event, Timestamp now) {
  NotifyFacts f;
  f.note = event.note;
  switch (action) {
    case Action::note:
      if (event.internal) return std::nullopt;  // spec 三(二): an internal note is for staff only
      return customer_message(c, lang, NotifyPurpose::note, std::move(f), now);
    case Action::extend: {
      f.days = event.days;
      const std::optional<DeadlineKind> stage = stage_of(c.status);
      if (stage) f.deadline = deadline_of(compute_deadlines(policy, c), *stage);
      return customer_message(c, lang, NotifyPurpose::extended, std::move(f), now);
    }
    case Action::set_complexity:
      f.complexity = c.complexity;
      f.deadline = compute_deadlines(policy, c).reply;
      return customer_message(c, lang, NotifyPurpose::complexity, std::move(f), now);
    default:
      return std::nullopt;
  }
}

Message survey_message(const Case& c, const std::string& lang, const std::string& origin, const std::string& token,
                       Timestamp now) {
  NotifyFacts f;
  f.link = origin + "/#/survey/" + c.acceptance_no + "?t=" + token;
  return customer_message(c, lang, NotifyPurpose::survey, std::move(f), now);
}

std::optional<Answer> take_rates(Context& ctx, std::initializer_list<RateCheck> buckets) {
  for (const RateCheck& b : buckets) {
    if (b.key.empty()) continue;
    if (int wait = ctx.limiter.take(b.kind, b.key, *b.rule)) {
      log_event("warn", "rate_limited", {{"bucket", std::string(b.kind)}});
      Answer a = error_answer(Errc::http_rate_limited);
      a.headers.emplace_back("Retry-After", std::to_string(wait));  // DESIGN §4
      return a;
    }
  }
  return std::nullopt;
}

namespace {
// The commit is behind us: tell the customer (or wake the senders).
Answer notify_committed(Context& ctx, Answer a) {
  deliver_committed(ctx, a.notify);
  return a;
}
}  // namespace

Result<Answer> run_write(Context& ctx, const TxWork& work) {
  Answer answer;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<Answer> r = work(tx);
    if (!r) return r.error();
    answer = std::move(r).value();
    return enqueue(ctx, tx, answer.notify);
  });
  if (!w) return w.error();
  return notify_committed(ctx, std::move(answer));
}

namespace {

// [SECTION] Stored replay answers (DESIGN §8: secrets stored hashed, replay answers included) ------
// Issue 21 finding 2: the filing's 201 with its access token (730 days) sat in `idempotency` in
// clear for 7 days, and whoever could read the table could use it. Yet a client whose first answer
// was lost must get the token on its retry, so the token cannot simply be dropped or hashed away.
// Why this design: the row's key column holds only a hash of the Idempotency-Key, and each secret
// field of the body is stored XORed with a keystream derived from the Idempotency-Key *and* the
// exact request body. Only a caller who sends both again (the retrying client) can re-derive the
// stream; a reader of the table has a hash of each and nothing it can present anywhere. A new
// token per replay would avoid the stream but break "the same body" of DESIGN §4.
constexpr std::string_view kSealedPrefix = "sealed:v1:";
// The answer members that are credentials (a 201 filing's access token).
constexpr std::string_view kSecretFields[] = {"access_token"};

std::string row_key(const std::string& key) { return sha256_hex("idempotency-key\n" + key); }

// The text stored for a replay: the answer's text with every secret field sealed.
std::string sealed_text(const Json& body, const std::string& seal_key) {
  Json stored = body;
  if (stored.is_object())
    for (std::string_view f : kSecretFields) {
      auto it = stored.find(std::string(f));
      if (it == stored.end() || !it->is_string()) continue;
      *it = std::string(kSealedPrefix) + to_hex(hmac_stream_xor(seal_key, f, it->get<std::string>()));
    }
  return dump_json(stored);
}

// The answer's text again from what was stored (the same bytes as first sent: dump_json sorts keys).
std::string unsealed_text(const std::string& stored_text, const std::string& seal_key) {
  if (stored_text.find(kSealedPrefix) == std::string::npos) return stored_text;  // nothing sealed
  Result<Json> j = parse_json(stored_text, 64);
  if (!j || !j->is_object()) return stored_text;
  Json body = std::move(j).value();
  for (std::string_view f : kSecretFields) {
    auto it = body.find(std::string(f));
    if (it == body.end() || !it->is_string()) continue;
    const std::string v = it->get<std::string>();
    if (v.rfind(kSealedPrefix, 0) != 0) continue;
    std::optional<std::string> bytes = from_hex(std::string_view(v).substr(kSealedPrefix.size()));
    if (bytes) *it = hmac_stream_xor(seal_key, f, *bytes);
  }
  return dump_json(body);
}

// The stored answer for (scope, key), if any: by the key's hash, or — for rows written before
// the keys were hashed, until they age out 7 days after an upgrade — by the key itself, so that a
// retry across the upgrade still replays instead of filing twice.
Result<std::optional<IdempotencyRecord>> find_stored(Tx& tx, const std::string& scope, const std::string& key) {
  auto f = tx.find_idempotency(scope, row_key(key));
  if (!f || f.value()) return f;
  return tx.find_idempotency(scope, key);
}

}  // namespace

Result<Answer> run_idempotent(Context& ctx, const std::string& key, const std::string& scope, const Json& body,
                              bool required, const Admit& admit, const TxWork& work, Timestamp now,
                              const ReplayCheck& may_replay) {
  if (key.empty()) {
    if (required) return Errc::idempotency_key_missing;
    if (std::optional<Answer> refused = admit()) return std::move(*refused);
    return run_write(ctx, work);
  }
  if (key.size() > 200) return Errc::http_bad_request;
  for (char ch : key)
    if (ch < 0x21 || ch > 0x7e) return Errc::http_bad_request;

  const std::string canonical = dump_json(body);  // keys sorted: a canonical form
  const std::string request_hash = sha256_hex(canonical);
  const std::string seal_key = hmac_sha256_hex(key, "idempotency-seal\n" + scope + "\n" + canonical);
  auto guard = ctx.key_locks.acquire(scope + '\n' + key);

  std::optional<IdempotencyRecord> seen;
  const auto look = [&](Tx& tx) -> Result<void> {
    auto f = find_stored(tx, scope, key);
    if (!f) return f.error();
    seen = std::move(f).value();
    // DESIGN §8: a replay is authorised like the first request (a key alone opens nothing).
    if (seen && may_replay) return may_replay(tx);
    return {};
  };
  const auto replay = [&]() -> Result<Answer> {
    if (!equal_ct(seen->request_hash, request_hash)) return Errc::idempotency_key_reused;
    Answer a;
    a.status = seen->status;
    a.headers.emplace_back("Idempotent-Replayed", "true");
    // A replay carries a token or the customer's view: never kept by a cache (DESIGN §8).
    a.headers.emplace_back("Cache-Control", "no-store");
    a.text = unsealed_text(seen->body, seal_key);
    return a;
  };
  if (Result<void> r = ctx.storage->read(look); !r) return r.error();
  if (seen) return replay();
  if (std::optional<Answer> refused = admit()) return std::move(*refused);

  Answer answer;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    // Looked up again in the write: another server may have answered this key since the read (the
    // key locks above are this process's). On PostgreSQL the lookup waits for that server's
    // transaction to end (server/pg_storage.cpp, Concurrency); with SQLite it finds nothing new.
    if (Result<void> again = look(tx); !again || seen) return again;
    Result<Answer> a = work(tx);
    if (!a) return a.error();
    answer = std::move(a).value();
    if (auto q = enqueue(ctx, tx, answer.notify); !q) return q;
    if (answer.status >= 300) return {};
    // The text stored is the text sent, its secrets sealed. Stored in the same transaction as the
    // effect: either both survive a crash or neither.
    answer.text = dump_json(answer.body);
    return tx.put_idempotency(scope, row_key(key), {request_hash, answer.status, sealed_text(answer.body, seal_key)},
                              unix_seconds(now));
  });
  if (!w) return w.error();
  if (seen) return replay();
  return notify_committed(ctx, std::move(answer));
}

}  // namespace cw::server
