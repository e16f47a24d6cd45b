// server/filing.cpp — use cases: POST /uploads (evidence files) and POST /complaints (validation by
// the core, the acceptance number, the filing device's access token, the customer told the number).
#include "core/acceptance_no.h"
#include "core/codec.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/search.h"
#include "server/service.h"

namespace cw::server {

// [SECTION] POST /uploads ----------------------------------------------------------------------------
Result<Answer> store_upload(Context& ctx, const Caller& caller, const std::string& bytes,
                            const std::string& declared_type, Timestamp now) {
  if (auto refused = take_rates(ctx, {{"upload_ip", caller.ip, &ctx.config.rules.upload_ip}})) return *refused;
  // DESIGN §3: the type is sniffed from the bytes (core), never taken from the header alone; a
  // declared type that contradicts the bytes is refused too.
  const Errc check = check_upload(bytes);
  if (check != Errc::ok) return check;
  const std::string type(sniff_upload_type(bytes).value_or(""));
  if (!declared_type.empty() && declared_type != "application/octet-stream" && declared_type != type)
    return Errc::http_unsupported_media_type;

  const std::string sha = sha256_hex(bytes);
  // Held until the row is committed, so the retention purge cannot remove a file this upload reuses.
  auto file_guard = ctx.key_locks.acquire(upload_file_lock(sha));
  if (auto stored = ctx.storage->put_upload_bytes(sha, bytes); !stored) return stored.error();
  UploadRecord rec{"u_" + random_hex(16), sha, type, static_cast<std::int64_t>(bytes.size()), unix_seconds(now)};
  Result<void> w = ctx.storage->write([&](Tx& tx) { return tx.insert_upload(rec); });
  if (!w) return w.error();
  Answer a;
  a.status = 201;
  a.body = {{"id", rec.id}, {"sha256", rec.sha256}, {"size", rec.size}, {"type", rec.type}};
  return a;
}

// [SECTION] POST /complaints --------------------------------------------------------------------------
Result<Filed> file_case(Context& ctx, Tx& tx, const Complaint& filing, Actor role, const std::string& staff_name,
                        const std::string& lang, Timestamp now) {
  if (auto e = attach_evidence(tx, filing.evidence); !e) return e.error();
  Filed f;
  Case& c = f.c;
  c.filing = filing;
  ActionPayload who;
  who.staff_name = staff_name;
  Result<Outcome> o = decide(c, Action::file, role, who, now, ctx.policy);
  if (!o) return o.error();
  apply(c, o.value());
  ComplaintRecord rec;
  // 40 random bits a day: a clash is rare, but the UNIQUE index would turn it into a 500. The date
  // is the filing's (for another channel, when it was received).
  for (int attempt = 0; attempt < 5; ++attempt) {
    c.acceptance_no = generate_acceptance_no(c.filed_at, random40);
    auto clash = tx.find_complaint(c.acceptance_no);
    if (!clash) return clash.error();
    if (!clash.value()) break;
  }
  rec.acceptance_no = c.acceptance_no;
  rec.status = std::string(to_string(c.status));
  rec.phone_key = phone_key(c.filing.customer.phone);
  rec.filed_at = unix_seconds(c.filed_at);
  rec.updated_at = unix_seconds(now);
  rec.doc = dump_json(to_json(c));
  rec.lang = lang;
  derive_list_columns(ctx.policy, c, rec);
  rec.words = search_words(c.filing.problem, c.filing.demand);
  Result<std::int64_t> id = tx.insert_complaint(rec);
  if (!id) return id.error();
  f.id = id.value();
  Answer& a = f.answer;
  a.status = 201;
  a.body = {{"acceptance_no", c.acceptance_no},
            {"status", std::string(to_string(c.status))},
            {"filed_at", format_iso8601(c.filed_at)},
            {"deadlines", to_json(compute_deadlines(ctx.policy, c))}};
  a.headers.emplace_back("Location", "/api/v1/complaints/" + c.acceptance_no);
  a.notify.push_back(status_message(ctx.policy, c, rec.lang, now));  // spec 二(二)4: tell the number at once
  log_event("info", "filed", {{"id", log_num(id.value())}, {"channel", std::string(to_string(*c.filing.channel))}});
  return f;
}

Result<Answer> file_complaint(Context& ctx, const Caller& caller, const Json& body, Timestamp now) {
  Complaint filing;
  const auto admit = [&]() -> std::optional<Answer> {
    if (auto refused = take_rates(ctx, {{"file_ip", caller.ip, &ctx.config.rules.file_ip}})) return refused;
    Result<Complaint> f = complaint_from_json(body);
    if (!f) return error_answer(f.error());
    filing = std::move(f).value();
    // A customer's device clock may run ahead of ours: "it just happened" by their clock must
    // not be refused as in the future (tests/e2e/faults.test.mjs, clocks 10 minutes apart).
    FieldErrors errors = validate_filing(filing, now + kClockSkewAllowance);
    if (!errors.empty()) return error_answer(field_errors(std::move(errors)));
    return take_rates(ctx, {{"file_phone", phone_key(filing.customer.phone), &ctx.config.rules.file_phone}});
  };
  const auto work = [&](Tx& tx) -> Result<Answer> {
    Result<Filed> f = file_case(ctx, tx, filing, Actor::customer, "", std::string(lang_tag(caller.lang)), now);
    if (!f) return f.error();
    // The filing device's own token (DESIGN §4): it opens the complaint without a lookup.
    const std::string token = random_token();
    Result<void> t = tx.insert_token("access", sha256_hex(token),
                                     TokenRecord{f->id, unix_seconds(now) + kFilingTokenSeconds, 0});
    if (!t) return t.error();
    Answer a = std::move(f->answer);
    a.body["access_token"] = token;
    a.headers.emplace_back("Cache-Control", "no-store");  // DESIGN §8: it carries the access token
    return a;
  };
  // A replay needs nothing more than the key and the very same filing: whoever holds both filed it.
  return run_idempotent(ctx, caller.idempotency_key, "file", body, true, admit, work, now, nullptr);
}

}  // namespace cw::server
