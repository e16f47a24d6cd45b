// server/service.cpp — what the use cases share: answers, case load/save, evidence, rate limits,
// the write runners (idempotent POSTs), notification texts.
#include "server/service.h"

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/field_path.h"
#include "core/i18n.h"
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

Result<void> save_case(Tx& tx, LoadedCase& l, Timestamp now) {
  const std::int64_t t = unix_seconds(now);
  l.rec.status = std::string(to_string(l.c.status));
  l.rec.updated_at = t;
  if (is_final(l.c.status) && l.rec.closed_at == 0) l.rec.closed_at = t;
  if (!is_final(l.c.status)) l.rec.closed_at = 0;
  l.rec.doc = dump_json(to_json(l.c));
  Result<void> r = tx.update_complaint(l.rec);
  if (r) ++l.rec.version;
  return r;
}

Result<void> check_evidence(Tx& tx, const std::vector<std::string>& evidence) {
  FieldErrors missing;
  for (std::size_t i = 0; i < evidence.size(); ++i) {
    auto u = tx.find_upload(evidence[i]);
    if (!u) return u.error();
    if (!u.value()) missing.emplace(item_path(Field::evidence, i), Errc::upload_not_found);
  }
  if (!missing.empty()) return Error(Errc::upload_not_found, std::move(missing));
  return {};
}

namespace {

std::string_view channel_of(const Case& c) {
  switch (c.filing.customer.reply_method.value_or(ReplyMethod::sms)) {
    case ReplyMethod::phone: return "phone";
    case ReplyMethod::sms: return "sms";
    case ReplyMethod::email: return "email";
    case ReplyMethod::letter: return "letter";
    case ReplyMethod::in_person: return "in_person";
  }
  return "sms";
}

std::string status_label(Status s) {
  const std::string key = "status_" + std::string(to_string(s));
  for (std::size_t i = 0; i < str_count(); ++i)
    if (str_key(str_at(i)) == key) return std::string(tr(str_at(i), Lang::zh_CN));
  return std::string(to_string(s));
}

}  // namespace

Message status_message(const Case& c, Timestamp now) {
  Message m;
  m.to = c.filing.customer.phone;
  m.kind = "status";
  m.channel = std::string(channel_of(c));
  if (m.channel == "email") m.email = c.filing.customer.email;
  // Texts are the server's (notification templates); the status labels come from the core catalog.
  m.text = "【投诉服务】您的投诉（受理编号 " + c.acceptance_no + "）当前状态：" + status_label(c.status) +
           "。可凭受理编号查询处理进度。";
  m.at = now;
  return m;
}

Message survey_message(const Case& c, const std::string& origin, const std::string& token, Timestamp now) {
  Message m;
  m.to = c.filing.customer.phone;
  m.kind = "survey";
  m.channel = std::string(channel_of(c));
  if (m.channel == "phone" || m.channel == "letter" || m.channel == "in_person") m.channel = "sms";
  if (m.channel == "email") m.email = c.filing.customer.email;
  m.link = origin + "/#/survey/" + c.acceptance_no + "?t=" + token;
  m.text = "【投诉服务】您的投诉（受理编号 " + c.acceptance_no + "）已答复，请对处理结果进行评价：" + m.link +
           "（14 天内有效）";
  m.at = now;
  return m;
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
// The commit is behind us: tell the customer.
Answer notify_committed(Context& ctx, Answer a) {
  for (const Message& m : a.notify) ctx.notifier->send(m);
  return a;
}
}  // namespace

Result<Answer> run_write(Context& ctx, const TxWork& work) {
  Answer answer;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<Answer> r = work(tx);
    if (!r) return r.error();
    answer = std::move(r).value();
    return {};
  });
  if (!w) return w.error();
  return notify_committed(ctx, std::move(answer));
}

Result<Answer> run_idempotent(Context& ctx, const std::string& key, const std::string& scope, const Json& body,
                              bool required, const Admit& admit, const TxWork& work, Timestamp now) {
  if (key.empty()) {
    if (required) return Errc::idempotency_key_missing;
    if (std::optional<Answer> refused = admit()) return std::move(*refused);
    return run_write(ctx, work);
  }
  if (key.size() > 200) return Errc::http_bad_request;
  for (char ch : key)
    if (ch < 0x21 || ch > 0x7e) return Errc::http_bad_request;

  const std::string request_hash = sha256_hex(dump_json(body));  // keys sorted: a canonical form
  auto guard = ctx.key_locks.acquire(scope + '\n' + key);

  std::optional<IdempotencyRecord> seen;
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto f = tx.find_idempotency(scope, key);
    if (!f) return f.error();
    seen = std::move(f).value();
    return {};
  });
  if (!r) return r.error();
  if (seen) {
    if (!equal_ct(seen->request_hash, request_hash)) return Errc::idempotency_key_reused;
    Answer replay;
    replay.status = seen->status;
    replay.headers.emplace_back("Idempotent-Replayed", "true");
    replay.text = std::move(seen->body);
    return replay;
  }
  if (std::optional<Answer> refused = admit()) return std::move(*refused);

  Answer answer;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<Answer> a = work(tx);
    if (!a) return a.error();
    answer = std::move(a).value();
    if (answer.status >= 300) return {};
    // The text stored is the text sent. Stored in the same transaction as the effect: either both
    // survive a crash or neither.
    answer.text = dump_json(answer.body);
    return tx.put_idempotency(scope, key, {request_hash, answer.status, *answer.text}, unix_seconds(now));
  });
  if (!w) return w.error();
  return notify_committed(ctx, std::move(answer));
}

}  // namespace cw::server
