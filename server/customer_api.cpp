// server/customer_api.cpp — the customer side of the sync contract (DESIGN §4): /healthz, /meta,
// /uploads, filing, lookup by one-time code, the customer view, supplements, escalations,
// withdrawal and the survey. Every rule is asked of the core (validation, decide(), deadlines,
// masking, acceptance numbers); this file only moves data and guards the door.
//
// [SECTION] Helpers: customer authorisation, rate limits
// [SECTION] /healthz, /meta
// [SECTION] /uploads
// [SECTION] POST /complaints
// [SECTION] /lookup, /lookup/verify
// [SECTION] GET /complaints/{no}
// [SECTION] Customer actions: supplements, escalations, withdrawal, survey
#include <filesystem>
#include <fstream>

#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/i18n.h"
#include "core/field_path.h"
#include "core/validation.h"
#include "core/version.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/service.h"

namespace cw::server {
namespace {

namespace fs = std::filesystem;

// [SECTION] Helpers ------------------------------------------------------------------------------
// The Bearer access token must belong to this complaint and be alive; anything else is the same
// 404 as an unknown number (DESIGN §4), so a token cannot be used to probe numbers.
Result<LoadedCase> authorize_customer(Context& ctx, Tx& tx, const httplib::Request& req, const std::string& no) {
  const std::string token = bearer_token(req);
  if (token.empty()) return Errc::http_not_found;
  Result<LoadedCase> l = load_case(tx, no);
  if (!l) return l.error();
  auto t = tx.find_token("access", sha256_hex(token));
  if (!t) return t.error();
  if (!t.value() || t.value()->complaint_id != l->rec.id || t.value()->expires_at <= unix_seconds(ctx.now()))
    return Errc::http_not_found;
  return l;
}

// Takes one token from each bucket; on the first refusal answers 429 and returns false.
bool admit_rates(Context& ctx, const httplib::Request& req, httplib::Response& res,
                 std::initializer_list<std::tuple<std::string_view, std::string, const BucketRule*>> buckets) {
  for (const auto& [kind, key, rule] : buckets) {
    if (key.empty()) continue;
    if (int wait = ctx.limiter.take(kind, key, *rule)) {
      log_event("warn", "rate_limited", {{"bucket", std::string(kind)}});
      send_rate_limited(req, res, wait);
      return false;
    }
  }
  return true;
}

Json labelled(std::string_view prefix, std::span<const std::string_view> ids) {
  Json out = Json::array();
  for (std::string_view id : ids) {
    const std::string key = std::string(prefix) + std::string(id);
    Json label = {{"zh-CN", std::string(id)}, {"en", std::string(id)}};
    for (std::size_t i = 0; i < str_count(); ++i) {
      if (str_key(str_at(i)) == key) {
        label = {{"zh-CN", std::string(tr(str_at(i), Lang::zh_CN))}, {"en", std::string(tr(str_at(i), Lang::en))}};
        break;
      }
    }
    out.push_back({{"id", std::string(id)}, {"label", std::move(label)}});
  }
  return out;
}

// [SECTION] /healthz, /meta ------------------------------------------------------------------------
void healthz(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  if (!ctx.storage->healthy()) return send_error(req, res, Errc::server_unavailable);
  send_json(res, 200, {{"ok", true}, {"version", product_version()}});
}

void meta(Context& ctx, const httplib::Request&, httplib::Response& res) {
  Result<Json> policy = parse_json(ctx.policy_json);
  Json body = {
      {"business_types", labelled("bt_", enum_names<BusinessType>())},
      {"categories", labelled("cat_", enum_names<Category>())},
      {"reply_methods", labelled("rm_", enum_names<ReplyMethod>())},
      {"policy", policy ? policy.value() : Json::object()},
      {"limits",
       {{"problem", {{"min", kProblemMin}, {"max", kProblemMax}}},
        {"demand", {{"min", kDemandMin}, {"max", kDemandMax}}},
        {"name", {{"max", kNameMax}}},
        {"comment", {{"max", kCommentMax}}},
        {"note", {{"max", kNoteMax}}},
        {"evidence", {{"max", kEvidenceMax}, {"max_bytes", kUploadMaxBytes},
                      {"types", {"image/jpeg", "image/png", "application/pdf"}}}},
        {"body_max_bytes", kMaxJsonBody},
        {"lookup_code", {{"digits", 6}, {"ttl_seconds", kLookupCodeSeconds}, {"tries", kLookupCodeTries}}},
        {"survey_token_days", kSurveyTokenSeconds / 86400}}},
      {"privacy_notice_url", "/privacy.html"},
      {"api_version", kApiVersion},
      {"server_time", format_iso8601(ctx.now())},
  };
  res.set_header("Cache-Control", "no-cache");
  send_json(res, 200, body);
}

// [SECTION] /uploads ---------------------------------------------------------------------------------
void upload(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!admit_rates(ctx, req, res, {{"upload_ip", client_ip(req, ctx.config.trust_proxy), &ctx.config.rules.upload_ip}}))
    return;
  // DESIGN §3: the type is sniffed from the bytes (core), never taken from the header alone; a
  // declared type that contradicts the bytes is refused too.
  const Errc check = check_upload(req.body);
  if (check != Errc::ok) return send_error(req, res, check);
  const std::string type(sniff_upload_type(req.body).value_or(""));
  std::string declared = req.get_header_value("Content-Type");
  declared = declared.substr(0, declared.find(';'));
  if (!declared.empty() && declared != "application/octet-stream" && declared != type)
    return send_error(req, res, Errc::http_unsupported_media_type);

  const std::string sha = sha256_hex(req.body);
  // Content-addressed file beside the database: written to a temporary name, fsynced by the
  // stream close, then renamed, so a crash never leaves a half file under the final name.
  const fs::path final_path = fs::path(ctx.uploads_dir) / sha;
  std::error_code ec;
  if (!fs::exists(final_path, ec)) {
    const fs::path tmp = fs::path(ctx.uploads_dir) / (sha + "." + random_hex(4) + ".tmp");
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(req.body.data(), static_cast<std::streamsize>(req.body.size()));
      out.flush();
      if (!out) {
        fs::remove(tmp, ec);
        return send_error(req, res, Errc::server_error);
      }
    }
    fs::rename(tmp, final_path, ec);
    if (ec) return send_error(req, res, Errc::server_error);
  }
  UploadRecord rec{"u_" + random_hex(16), sha, type, static_cast<std::int64_t>(req.body.size()), unix_seconds(ctx.now())};
  Result<void> w = ctx.storage->write([&](Tx& tx) { return tx.insert_upload(rec); });
  if (!w) return send_error(req, res, w.error());
  send_json(res, 201, {{"id", rec.id}, {"sha256", rec.sha256}, {"size", rec.size}, {"type", rec.type}});
}

// [SECTION] POST /complaints --------------------------------------------------------------------------
void file_complaint(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Complaint filing;
  run_idempotent(
      ctx, req, res, "file", body.value(), true,
      [&] {
        if (!admit_rates(ctx, req, res, {{"file_ip", client_ip(req, ctx.config.trust_proxy), &ctx.config.rules.file_ip}}))
          return false;
        Result<Complaint> f = complaint_from_json(body.value());
        if (!f) {
          send_error(req, res, f.error());
          return false;
        }
        filing = std::move(f).value();
        // A customer's device clock may run ahead of ours: "it just happened" by their clock must
        // not be refused as in the future (tests/e2e/faults.test.mjs, clocks 10 minutes apart).
        FieldErrors errors = validate_filing(filing, ctx.now() + kClockSkewAllowance);
        if (!errors.empty()) {
          Errc first = errors.begin()->second;
          send_error(req, res, Error(first, std::move(errors)));
          return false;
        }
        return admit_rates(ctx, req, res, {{"file_phone", phone_key(filing.customer.phone), &ctx.config.rules.file_phone}});
      },
      [&](Tx& tx) -> Result<Answer> {
        const Timestamp now = ctx.now();
        // Evidence must name uploads this server holds (the type was checked when uploaded).
        FieldErrors missing;
        for (std::size_t i = 0; i < filing.evidence.size(); ++i) {
          auto u = tx.find_upload(filing.evidence[i]);
          if (!u) return u.error();
          if (!u.value()) missing.emplace(cw::item_path(cw::Field::evidence, i), Errc::upload_not_found);
        }
        if (!missing.empty()) return Error(Errc::upload_not_found, std::move(missing));

        Case c;
        c.filing = filing;
        ActionPayload none;
        Result<Outcome> o = decide(c, Action::file, Actor::customer, none, now, ctx.policy);
        if (!o) return o.error();
        apply(c, o.value());
        ComplaintRecord rec;
        // 40 random bits a day: a clash is rare, but the UNIQUE index would turn it into a 500.
        for (int attempt = 0; attempt < 5; ++attempt) {
          c.acceptance_no = generate_acceptance_no(now, random40);
          auto clash = tx.find_complaint(c.acceptance_no);
          if (!clash) return clash.error();
          if (!clash.value()) break;
        }
        rec.acceptance_no = c.acceptance_no;
        rec.status = std::string(to_string(c.status));
        rec.phone_key = phone_key(c.filing.customer.phone);
        rec.filed_at = rec.updated_at = unix_seconds(now);
        rec.doc = dump_json(to_json(c));
        Result<std::int64_t> id = tx.insert_complaint(rec);
        if (!id) return id.error();
        const std::string token = random_token();
        Result<void> t = tx.insert_token("access", sha256_hex(token),
                                         TokenRecord{id.value(), unix_seconds(now) + kFilingTokenSeconds, 0});
        if (!t) return t.error();
        Answer a;
        a.status = 201;
        a.body = {{"acceptance_no", c.acceptance_no},
                  {"status", std::string(to_string(c.status))},
                  {"access_token", token},
                  {"filed_at", format_iso8601(c.filed_at)},
                  {"deadlines", to_json(compute_deadlines(ctx.policy, c))}};
        a.headers.emplace_back("Location", "/api/v1/complaints/" + c.acceptance_no);
        a.notify.push_back(status_message(c, now));  // spec 二(二)4: tell the number at once
        log_event("info", "filed", {{"id", log_num(id.value())}});
        return a;
      });
}

// [SECTION] /lookup, /lookup/verify -------------------------------------------------------------------
struct LookupInput {
  std::string no;     // canonical, or "" when not a valid number
  std::string phone;  // digits
};

// Reads {acceptance_no, phone}; a malformed number or phone is a 422 (it reveals nothing about
// which complaints exist), a well-formed pair is answered identically whether or not it exists.
std::optional<LookupInput> read_lookup(const httplib::Request& req, httplib::Response& res, const Json& j) {
  FieldErrors errors;
  JsonReader r(j, "", errors);
  std::optional<std::string> no = r.str("acceptance_no", true);
  std::optional<std::string> phone = r.str("phone", true);
  LookupInput in;
  if (no) {
    Result<std::string> parsed = parse_acceptance_no(*no);
    if (parsed) in.no = parsed.value();
    else r.fail("acceptance_no", parsed.code());
  }
  if (phone) {
    if (is_contact_phone(*phone)) in.phone = phone_key(*phone);
    else r.fail("phone", Errc::validation_phone_invalid);
  }
  if (!errors.empty()) {
    Errc first = errors.begin()->second;
    send_error(req, res, Error(first, std::move(errors)));
    return std::nullopt;
  }
  return in;
}

void lookup(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  std::optional<LookupInput> in = read_lookup(req, res, body.value());
  if (!in) return;
  const auto& rules = ctx.config.rules;
  if (!admit_rates(ctx, req, res,
                   {{"lookup_ip", client_ip(req, ctx.config.trust_proxy), &rules.lookup_ip},
                    {"lookup_no", in->no, &rules.lookup_no},
                    {"lookup_phone", in->phone, &rules.lookup_phone}}))
    return;
  const Timestamp now = ctx.now();
  std::optional<Message> message;
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = load_case(tx, in->no);
    if (!l) return l.code() == Errc::http_not_found ? Result<void>() : Result<void>(l.error());
    if (!equal_ct(l->rec.phone_key, in->phone)) return {};
    const std::string code = random_code6();
    Result<void> p = tx.put_lookup_code(l->rec.id, {sha256_hex(l->rec.acceptance_no + ":" + code),
                                                    unix_seconds(now) + kLookupCodeSeconds, 0});
    if (!p) return p;
    Message m;
    m.to = l->c.filing.customer.phone;
    m.kind = "lookup_code";
    // DESIGN §4: SMS to a mobile, a voice call to a fixed line.
    m.channel = is_mobile(l->c.filing.customer.phone) ? "sms" : "voice";
    m.code = code;
    m.text = "【投诉服务】您的查询验证码为 " + code + "，5 分钟内有效。如非本人操作，请忽略。";
    m.at = now;
    message = std::move(m);
    return {};
  });
  if (!w) return send_error(req, res, w.error());
  if (message) ctx.notifier->send(*message);
  res.set_header("Cache-Control", "no-store");
  send_json(res, 202, {{"sent", true}});
}

void lookup_verify(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  std::optional<LookupInput> in = read_lookup(req, res, body.value());
  if (!in) return;
  std::optional<std::string> code = get_string(body.value(), "code");
  if (!code) return send_error(req, res, Error(Errc::validation_required, "code"));
  const auto& rules = ctx.config.rules;
  if (!admit_rates(ctx, req, res,
                   {{"verify_ip", client_ip(req, ctx.config.trust_proxy), &rules.verify_ip},
                    {"verify_no", in->no, &rules.verify_no},
                    {"verify_phone", in->phone, &rules.verify_phone}}))
    return;
  const Timestamp now = ctx.now();
  std::string token;
  // One answer for every failure (unknown number, wrong phone, wrong/expired/used-up code).
  Result<void> w = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = load_case(tx, in->no);
    if (!l) return l.code() == Errc::http_not_found ? Result<void>(Errc::lookup_code_invalid) : Result<void>(l.error());
    auto rec = tx.find_lookup_code(l->rec.id);
    if (!rec) return rec.error();
    if (!rec.value()) return Errc::lookup_code_invalid;
    const bool ok = equal_ct(l->rec.phone_key, in->phone) && rec.value()->tries < kLookupCodeTries &&
                    rec.value()->expires_at > unix_seconds(now) &&
                    equal_ct(rec.value()->code_hash, sha256_hex(l->rec.acceptance_no + ":" + *code));
    if (!ok) {
      // Counted in a transaction of its own below (this one is rolled back with the error).
      return Errc::lookup_code_invalid;
    }
    if (auto d = tx.delete_lookup_code(l->rec.id); !d) return d;
    token = random_token();
    return tx.insert_token("access", sha256_hex(token),
                           TokenRecord{l->rec.id, unix_seconds(now) + kLookupTokenSeconds, 0});
  });
  if (!w) {
    if (w.code() == Errc::lookup_code_invalid) {
      // Each wrong try uses up one of the code's 5 (DESIGN §4), whatever the phone said.
      (void)ctx.storage->write([&](Tx& tx) -> Result<void> {
        auto found = tx.find_complaint(in->no);
        if (!found || !found.value()) return {};
        return tx.count_lookup_try(found.value()->id);
      });
    }
    return send_error(req, res, w.error());
  }
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, {{"access_token", token}, {"expires_at", format_iso8601(now + std::chrono::seconds(kLookupTokenSeconds))}});
}

// [SECTION] GET /complaints/{no} --------------------------------------------------------------------------
void get_complaint(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  // The same checks as authorize_customer(), but the case is decoded and rendered only when the
  // view cache has no answer for this (id, version, second): the hot path of the track screen.
  const std::string token = bearer_token(req);
  if (token.empty()) return send_error(req, res, Errc::http_not_found);
  const Timestamp now = ctx.now();
  const std::int64_t now_s = unix_seconds(now);
  const std::string token_hash = sha256_hex(token);
  const std::uint64_t generation = ctx.storage->generation();  // before the snapshot begins
  std::shared_ptr<const ViewCache::View> view = ctx.view_cache.find_lookup(*no, token_hash, generation, now_s);
  std::int64_t token_expires_at = 0;
  Result<void> r = view ? Result<void>() : ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto found = tx.find_complaint(*no);
    if (!found) return found.error();
    if (!found.value() || found.value()->purged) return Errc::http_not_found;
    const ComplaintRecord& rec = *found.value();
    auto t = tx.find_token("access", token_hash);
    if (!t) return t.error();
    if (!t.value() || t.value()->complaint_id != rec.id || t.value()->expires_at <= now_s)
      return Errc::http_not_found;
    token_expires_at = t.value()->expires_at;
    view = ctx.view_cache.find(rec.id, rec.version, now_s);
    if (view) return {};
    Result<Json> j = parse_json(rec.doc, 64);
    if (!j) return Errc::server_error;
    Result<Case> c = case_from_json(j.value());
    if (!c) {
      log_event("error", "case_decode", {{"id", log_num(rec.id)}});
      return Errc::server_error;
    }
    auto fresh = std::make_shared<ViewCache::View>();
    fresh->text = dump_json(to_json(customer_view(c.value(), now, ctx.policy)));
    fresh->etag = "\"" + sha256_hex(fresh->text).substr(0, 32) + "\"";
    ctx.view_cache.put(rec.id, rec.version, now_s, fresh);
    view = std::move(fresh);
    return {};
  });
  if (!r) return send_error(req, res, r.error());
  if (token_expires_at != 0)
    ctx.view_cache.put_lookup(*no, token_hash, generation, now_s, token_expires_at, view);
  res.set_header("ETag", view->etag);
  res.set_header("Cache-Control", "private, no-cache");
  if (req.get_header_value("If-None-Match") == view->etag) {
    res.status = 304;
    return;
  }
  res.status = 200;
  set_json_body(res, view->text);
}

// [SECTION] Customer actions --------------------------------------------------------------------------
// One shape for supplements, escalations and withdrawal: authorise, decide(), apply, save, answer
// with the new customer view, tell the customer when the status moved.
void customer_action(Context& ctx, const httplib::Request& req, httplib::Response& res, Action action) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<ActionPayload> decoded = customer_action_from_json(action, body.value());
  if (!decoded) return send_error(req, res, decoded.error());
  const ActionPayload p = std::move(decoded).value();
  const std::string scope = std::string(to_string(action)) + ":" + *no;
  run_idempotent(
      ctx, req, res, scope, body.value(), true,
      [&] {
        return admit_rates(ctx, req, res, {{"customer_write_ip", client_ip(req, ctx.config.trust_proxy),
                                            &ctx.config.rules.customer_write_ip}});
      },
      [&](Tx& tx) -> Result<Answer> {
        const Timestamp now = ctx.now();
        Result<LoadedCase> l = authorize_customer(ctx, tx, req, *no);
        if (!l) return l.error();
        FieldErrors missing;
        for (std::size_t i = 0; i < p.evidence.size(); ++i) {
          auto u = tx.find_upload(p.evidence[i]);
          if (!u) return u.error();
          if (!u.value()) missing.emplace(cw::item_path(cw::Field::evidence, i), Errc::upload_not_found);
        }
        if (!missing.empty()) return Error(Errc::upload_not_found, std::move(missing));
        Result<Outcome> o = decide(l->c, action, Actor::customer, p, now, ctx.policy);
        if (!o) return o.error();
        apply(l.value().c, o.value());
        if (auto s = save_case(tx, l.value(), now); !s) return s.error();
        Answer a;
        a.body = to_json(customer_view(l->c, now, ctx.policy));
        if (o->moved) a.notify.push_back(status_message(l->c, now));
        return a;
      });
}

void survey(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<Survey> s = survey_from_json(body.value());
  if (!s) return send_error(req, res, s.error());
  const std::string survey_token = get_string(body.value(), "token").value_or("");
  run_idempotent(
      ctx, req, res, "survey:" + *no, body.value(), false,
      [&] {
        return admit_rates(ctx, req, res, {{"customer_write_ip", client_ip(req, ctx.config.trust_proxy),
                                            &ctx.config.rules.customer_write_ip}});
      },
      [&](Tx& tx) -> Result<Answer> {
        const Timestamp now = ctx.now();
        Result<LoadedCase> l = Errc::http_not_found;
        if (!survey_token.empty()) {
          // DESIGN §4: the survey token from the follow-up message, single use, 14 days.
          l = load_case(tx, *no);
          if (!l) return l.code() == Errc::http_not_found ? Result<Answer>(Errc::survey_token_invalid) : l.error();
          auto t = tx.find_token("survey", sha256_hex(survey_token));
          if (!t) return t.error();
          if (!t.value() || t.value()->complaint_id != l->rec.id || t.value()->expires_at <= unix_seconds(now))
            return Errc::survey_token_invalid;
          if (t.value()->used_at != 0) return Errc::survey_already_submitted;
          if (auto u = tx.use_token("survey", sha256_hex(survey_token), unix_seconds(now)); !u) return u.error();
        } else {
          l = authorize_customer(ctx, tx, req, *no);
          if (!l) return l.error();
        }
        ActionPayload p;
        p.survey = s.value();
        Result<Outcome> o = decide(l->c, Action::survey, Actor::customer, p, now, ctx.policy);
        if (!o) return o.error();
        apply(l.value().c, o.value());
        if (auto sv = save_case(tx, l.value(), now); !sv) return sv.error();
        Answer a;
        a.body = to_json(customer_view(l->c, now, ctx.policy));
        if (o->moved) a.notify.push_back(status_message(l->c, now));
        return a;
      });
}

}  // namespace

void register_customer_routes(Router& r, Context& ctx) {
  r.get("/api/v1/healthz", [&ctx](const auto& req, auto& res) { healthz(ctx, req, res); });
  r.get("/api/v1/meta", [&ctx](const auto& req, auto& res) { meta(ctx, req, res); });
  r.post("/api/v1/uploads", [&ctx](const auto& req, auto& res) { upload(ctx, req, res); });
  r.post("/api/v1/complaints", [&ctx](const auto& req, auto& res) { file_complaint(ctx, req, res); });
  r.post("/api/v1/lookup", [&ctx](const auto& req, auto& res) { lookup(ctx, req, res); });
  r.post("/api/v1/lookup/verify", [&ctx](const auto& req, auto& res) { lookup_verify(ctx, req, res); });
  r.get("/api/v1/complaints/{no}", [&ctx](const auto& req, auto& res) { get_complaint(ctx, req, res); });
  r.post("/api/v1/complaints/{no}/supplements",
         [&ctx](const auto& req, auto& res) { customer_action(ctx, req, res, Action::supplement); });
  r.post("/api/v1/complaints/{no}/escalations",
         [&ctx](const auto& req, auto& res) { customer_action(ctx, req, res, Action::escalate); });
  r.post("/api/v1/complaints/{no}/withdrawal",
         [&ctx](const auto& req, auto& res) { customer_action(ctx, req, res, Action::withdraw); });
  r.post("/api/v1/complaints/{no}/survey", [&ctx](const auto& req, auto& res) { survey(ctx, req, res); });
}

}  // namespace cw::server
