// server/service.cpp — case load/save, idempotent POSTs, notification texts.
#include "server/service.h"

#include "core/acceptance_no.h"
#include "core/i18n.h"
#include "server/crypto.h"
#include "server/log.h"
#include "core/codec.h"

namespace cw::server {

std::int64_t unix_seconds(Timestamp t) { return t.time_since_epoch().count(); }
Timestamp from_unix(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

std::optional<std::string> canonical_no(const std::string& segment) {
  if (segment.size() != kAcceptanceCanonicalLength) return std::nullopt;
  Result<std::string> r = parse_acceptance_no(segment);
  if (!r || r.value() != segment) return std::nullopt;
  return r.value();
}

bool is_final(Status s) { return s == Status::closed || s == Status::withdrawn; }

Result<LoadedCase> load_case(Tx& tx, const std::string& no) {
  auto found = tx.find_complaint(no);
  if (!found) return found.error();
  if (!found.value() || found.value()->purged) return Errc::http_not_found;
  LoadedCase l;
  l.rec = std::move(*found.value());
  Result<Json> j = parse_json(l.rec.doc, 64);
  if (!j) return Errc::server_error;
  Result<Case> c = case_from_json(j.value());
  if (!c) {
    log_event("error", "case_decode", {{"id", log_num(l.rec.id)}});
    return Errc::server_error;
  }
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

std::string request_origin(const Context& ctx, const httplib::Request& req) {
  std::string scheme = "http";
  std::string host = req.get_header_value("Host");
  if (ctx.config.trust_proxy) {
    if (req.has_header("X-Forwarded-Proto")) scheme = req.get_header_value("X-Forwarded-Proto");
    if (req.has_header("X-Forwarded-Host")) host = req.get_header_value("X-Forwarded-Host");
  }
  if (host.empty()) host = ctx.config.host + ":" + std::to_string(ctx.config.port);
  for (char ch : host)  // a Host header is the client's word: keep it to host[:port] characters
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']'))
      return "http://" + ctx.config.host;
  if (scheme != "https") scheme = "http";
  return scheme + "://" + host;
}

void send_answer(Context& ctx, httplib::Response& res, const Answer& a, const std::string& body_text) {
  res.status = a.status;
  for (const auto& [k, v] : a.headers) res.set_header(k, v);
  set_json_body(res, body_text);
  for (const Message& m : a.notify) ctx.notifier->send(m);
}

void run_write(Context& ctx, const httplib::Request& req, httplib::Response& res, const TxWork& work) {
  Answer answer;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<Answer> r = work(tx);
    if (!r) return r.error();
    answer = std::move(r).value();
    return {};
  });
  if (!w) return send_error(req, res, w.error());
  send_answer(ctx, res, answer, dump_json(answer.body));
}

void run_idempotent(Context& ctx, const httplib::Request& req, httplib::Response& res, const std::string& scope,
                    const Json& body, bool required, const std::function<bool()>& admit, const TxWork& work) {
  const std::string key = req.get_header_value("Idempotency-Key");
  if (key.empty()) {
    if (required) return send_error(req, res, Errc::idempotency_key_missing);
    if (!admit()) return;
    return run_write(ctx, req, res, work);
  }
  if (key.size() > 200) return send_error(req, res, Errc::http_bad_request);
  for (char ch : key)
    if (ch < 0x21 || ch > 0x7e) return send_error(req, res, Errc::http_bad_request);

  const std::string request_hash = sha256_hex(dump_json(body));  // keys sorted: a canonical form
  auto guard = ctx.key_locks.acquire(scope + '\n' + key);

  std::optional<IdempotencyRecord> seen;
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto f = tx.find_idempotency(scope, key);
    if (!f) return f.error();
    seen = std::move(f).value();
    return {};
  });
  if (!r) return send_error(req, res, r.error());
  if (seen) {
    if (!equal_ct(seen->request_hash, request_hash)) return send_error(req, res, Errc::idempotency_key_reused);
    res.status = seen->status;
    res.set_header("Idempotent-Replayed", "true");
    set_json_body(res, seen->body);
    return;
  }
  if (!admit()) return;

  Answer answer;
  std::string text;
  const Timestamp now = ctx.now();
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<Answer> a = work(tx);
    if (!a) return a.error();
    answer = std::move(a).value();
    text = dump_json(answer.body);
    // Stored in the same transaction as the effect: either both survive a crash or neither.
    if (answer.status < 300) return tx.put_idempotency(scope, key, {request_hash, answer.status, text}, unix_seconds(now));
    return {};
  });
  if (!w) return send_error(req, res, w.error());
  send_answer(ctx, res, answer, text);
}

}  // namespace cw::server
