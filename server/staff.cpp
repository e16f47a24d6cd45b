// server/staff.cpp — use cases of the staff side (DESIGN §4): per-person role tokens, the work list
// with its filters and a cursor, one case in full, its evidence files, and every action through the
// core's decide() with an audit trail of who did what (refusals and reads included, DESIGN §8). The
// customer is told of status changes. Supervisors read spec 六's statistics and export the list as CSV.
//
// [SECTION] Tokens (command line)
// [SECTION] Auth
// [SECTION] Views
// [SECTION] The list's query (and the reports')
// [SECTION] Work list, case, evidence, actions
// [SECTION] Statistics and export
#include <algorithm>
#include <charconv>

#include "core/codec.h"
#include "core/mask.h"
#include "core/time_limits.h"
#include "core/utf8.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/outbox.h"
#include "server/search.h"
#include "server/service.h"
#include "server/stats.h"

namespace cw::server {

// [SECTION] Tokens (command line) ------------------------------------------------------------------
Result<std::string> create_staff_token(Storage& s, const std::string& role, const std::string& name, Timestamp now,
                                       int expires_days) {
  // DESIGN §4 roles: agent ⊂ supervisor ⊂ manager (spec 五(三): managers lead level-3 cases).
  const std::optional<Actor> actor = parse_enum<Actor>(role);
  if (!actor || !is_staff(*actor)) return Errc::validation_enum_invalid;
  if (expires_days < 1 || expires_days > kStaffTokenMaxDays) return Errc::validation_out_of_range;
  // A prefix tells staff tokens from customer tokens when one turns up somewhere it should not.
  const std::string token = "cws_" + random_token();
  Result<void> w = s.write([&](Tx& tx) -> Result<void> {
    auto id = tx.insert_staff(name, role, sha256_hex(token), unix_seconds(now),
                              unix_seconds(now) + static_cast<std::int64_t>(expires_days) * 86400);
    if (!id) return id.error();
    return {};
  });
  if (!w) return w.error();
  return token;
}

namespace {
// One transaction around one Tx call that gives a value.
template <class T, class F>
Result<T> in_tx(Storage& s, bool write, F&& call) {
  T out{};
  const Storage::Work work = [&](Tx& tx) -> Result<void> {
    Result<T> r = call(tx);
    if (!r) return r.error();
    out = std::move(r).value();
    return {};
  };
  Result<void> done = write ? s.write(work) : s.read(work);
  if (!done) return done.error();
  return out;
}
}  // namespace

Result<bool> revoke_staff_token(Storage& s, const std::string& token, Timestamp now) {
  return in_tx<bool>(s, true, [&](Tx& tx) { return tx.revoke_staff(sha256_hex(token), unix_seconds(now)); });
}

Result<std::vector<StaffRecord>> list_staff_tokens(Storage& s) {
  return in_tx<std::vector<StaffRecord>>(s, false, [](Tx& tx) { return tx.list_staff(); });
}

Result<int> revoke_staff_tokens_named(Storage& s, const std::string& name, Timestamp now) {
  return in_tx<int>(s, true, [&](Tx& tx) { return tx.revoke_staff_named(name, unix_seconds(now)); });
}

Result<int> revoke_staff_token_id(Storage& s, std::int64_t id, Timestamp now) {
  return in_tx<int>(s, true, [&](Tx& tx) { return tx.revoke_staff_id(id, unix_seconds(now)); });
}

// [SECTION] Auth -------------------------------------------------------------------------------------
Result<Staff> authorize_staff(Context& ctx, const std::string& bearer) {
  std::optional<StaffRecord> rec;
  if (!bearer.empty()) {
    Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
      auto f = tx.find_staff(sha256_hex(bearer));
      if (!f) return f.error();
      rec = std::move(f).value();
      return {};
    });
    if (!r) return r.error();
  }
  if (!rec || rec->revoked) return Errc::auth_unauthorized;
  if (rec->expires_at != 0 && rec->expires_at <= unix_seconds(ctx.now())) return Errc::auth_unauthorized;
  Staff s;
  // The table's CHECK allows staff roles only; anything else would be an agent's rights at most.
  const std::optional<Actor> role = parse_enum<Actor>(rec->role);
  s.role = role && is_staff(*role) ? *role : Actor::agent;
  s.rec = std::move(*rec);
  return s;
}

namespace {

// [SECTION] Views --------------------------------------------------------------------------------------
Json list_item(const Context& ctx, const ComplaintRecord& rec, const Case& c, Timestamp now) {
  const Deadlines d = compute_deadlines(ctx.policy, c);
  const std::optional<Timestamp> next = next_deadline(c, d);
  return {{"acceptance_no", rec.acceptance_no},
          {"status", rec.status},
          {"business_type", std::string(to_string(c.filing.business_type.value_or(BusinessType::other)))},
          {"category", std::string(to_string(c.filing.category.value_or(Category::other)))},
          {"complexity", std::string(to_string(c.complexity))},
          {"escalation_level", c.escalation ? c.escalation->level : 0},
          {"channel", std::string(to_string(c.filing.channel.value_or(Channel::web)))},
          {"owner", c.owner.empty() ? Json(nullptr) : Json(c.owner)},
          {"filed_at", format_iso8601(c.filed_at)},
          {"updated_at", format_iso8601(from_unix(rec.updated_at))},
          {"deadlines", to_json(d)},
          {"next_deadline", next ? Json(format_iso8601(*next)) : Json(nullptr)},
          {"overdue", is_overdue(c, d, now)},
          {"customer", {{"name", mask_name(c.filing.customer.name)}, {"phone", mask_phone(c.filing.customer.phone)}}}};
}

// One audit row of a read (DESIGN §4: every staff read of a case or a file is audited), in the
// transaction that reads, so that nothing is shown that was not recorded.
Result<void> audit_read(Tx& tx, const Staff& staff, Timestamp now, const std::string& no, const std::string& action,
                        const std::string& subject, const std::string& outcome = "ok") {
  AuditRecord a{unix_seconds(now), staff.rec.id, staff.rec.name, staff.rec.role, no, action, outcome, subject};
  return tx.insert_audit(a);
}

// The whole case for the person handling it (they need the contact to reply, spec 四(三)2), its
// deadlines and the audit trail.
Json staff_view(const Context& ctx, Tx& tx, const LoadedCase& l, Timestamp now) {
  Json j = to_json(l.c);
  const Deadlines d = compute_deadlines(ctx.policy, l.c);
  j["acceptance_no"] = l.rec.acceptance_no;
  j["status"] = l.rec.status;
  j["deadlines"] = to_json(d);
  j["overdue"] = is_overdue(l.c, d, now);
  j["escalation_eligible"] = escalation_eligible(l.c, now, ctx.policy);
  j["owner"] = l.c.owner.empty() ? Json(nullptr) : Json(l.c.owner);  // 首问负责, then the assigned owner
  Json audit = Json::array();
  if (auto a = tx.list_audit(l.rec.acceptance_no)) {
    for (const AuditRecord& r : a.value())
      audit.push_back({{"at", format_iso8601(from_unix(r.at))}, {"staff", r.staff_name}, {"role", r.role},
                       {"action", r.action}, {"outcome", r.outcome}});
  }
  j["audit"] = std::move(audit);
  return j;
}

// The actions a person may post here (the customer's own actions have their own endpoints).
bool staff_action(Action a) {
  switch (a) {
    case Action::accept: case Action::reject: case Action::assign: case Action::set_complexity:
    case Action::note: case Action::extend: case Action::propose: case Action::reply:
    case Action::escalate: case Action::start_follow_up: case Action::close:
    case Action::claim: case Action::record_survey: case Action::hold: case Action::release:
      return true;
    default:
      return false;
  }
}

// DESIGN §8 retention: the purge's query reads holds from their own table; it follows the case's
// hold in the transaction that placed or released it.
Result<void> mirror_hold(Tx& tx, const LoadedCase& l) {
  const std::optional<Hold>& h = l.c.hold;
  if (!h) return tx.delete_hold(l.rec.id);
  return tx.put_hold(l.rec.id, h->until ? unix_seconds(*h->until) : 0);
}

}  // namespace

// [SECTION] The list's query (and the reports') -------------------------------------------------------
namespace {

template <class E>
void enum_param(const std::string& v, std::string& out, FieldErrors& errors, const char* name) {
  if (!parse_enum<E>(v)) errors.emplace(name, Errc::validation_enum_invalid);
  else out = v;
}

// A whole decimal number in [lo, hi].
std::optional<std::int64_t> number(std::string_view v, std::int64_t lo, std::int64_t hi) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < lo || n > hi) return std::nullopt;
  return n;
}

// A filing date (YYYY-MM-DD) as the start of that day in Asia/Shanghai, where the policy counts days.
std::optional<std::int64_t> day_start(const std::string& v) {
  if (v.size() != 10) return std::nullopt;
  Result<Timestamp> t = parse_iso8601(v + "T00:00:00+08:00");
  if (!t) return std::nullopt;
  return unix_seconds(t.value());
}

}  // namespace

Result<WorkListQuery> work_list_query(const std::multimap<std::string, std::string>& params) {
  WorkListQuery out;
  ComplaintFilter& f = out.filter;
  FieldErrors errors;
  for (const auto& [name, v] : params) {
    if (v.empty()) continue;  // an empty filter is no filter (a form sends every field)
    if (name != "limit" && name != "cursor") out.used += (out.used.empty() ? "" : ",") + name;
    const char* n = name.c_str();
    if (name == "status") enum_param<Status>(v, f.status, errors, n);
    else if (name == "category") enum_param<Category>(v, f.category, errors, n);
    else if (name == "business_type") enum_param<BusinessType>(v, f.business_type, errors, n);
    else if (name == "channel") enum_param<Channel>(v, f.channel, errors, n);
    else if (name == "owner") {
      if (v.size() > 200 || utf8::check(v) != Errc::ok) errors.emplace(n, Errc::validation_too_long);
      else f.owner = v;
    } else if (name == "level") {
      if (auto l = number(v, 0, 3)) f.level = static_cast<int>(*l);
      else errors.emplace(n, Errc::validation_out_of_range);
    } else if (name == "overdue") {
      if (v == "true" || v == "false") f.overdue = v == "true";
      else errors.emplace(n, Errc::validation_enum_invalid);
    } else if (name == "phone") {
      // The full contact phone, found through the customer lookup's own key (digits).
      if (is_contact_phone(v)) f.phone_key = phone_key(v);
      else errors.emplace(n, Errc::validation_phone_invalid);
    } else if (name == "service_number") {
      if (v.size() > 64 || utf8::check(v) != Errc::ok) errors.emplace(n, Errc::validation_service_number_invalid);
      else f.service_key = service_key(v);
    } else if (name == "q") {
      std::optional<std::string> m = v.size() <= 200 && utf8::check(v) == Errc::ok ? search_match(v) : std::nullopt;
      if (m) f.match = *m;
      else errors.emplace(n, v.size() > 200 ? Errc::validation_too_long : Errc::validation_required);
    } else if (name == "from" || name == "to") {
      std::optional<std::int64_t> d = day_start(v);
      if (!d) errors.emplace(n, Errc::validation_date_invalid);
      else if (name == "from") f.filed_from = *d;
      else f.filed_to = *d + 86400;  // `to` is the last day included
    } else if (name == "limit") {
      if (auto l = number(v, 1, 500)) f.limit = static_cast<int>(*l);
      else errors.emplace(n, Errc::validation_out_of_range);
    } else if (name == "cursor") {
      // "<next deadline>.<id>" of the last row seen (opaque to clients).
      const std::size_t dot = v.find('.');
      auto d = dot == std::string::npos ? std::nullopt : number(std::string_view(v).substr(0, dot), 0, kNoDeadline);
      auto id = dot == std::string::npos ? std::nullopt : number(std::string_view(v).substr(dot + 1), 1, INT64_MAX);
      if (d && id) {
        f.after_deadline = *d;
        f.after_id = *id;
      } else {
        errors.emplace(n, Errc::validation_out_of_range);
      }
    }
  }
  if (!errors.empty()) return field_errors(std::move(errors));
  return out;
}

Result<StatsQuery> stats_query(const std::multimap<std::string, std::string>& params) {
  StatsQuery out;
  FieldErrors errors;
  for (const auto& [name, v] : params) {
    if (v.empty()) continue;  // as in the list: an empty parameter is none
    if (name == "from" || name == "to") {
      std::optional<std::int64_t> d = day_start(v);
      if (!d) errors.emplace(name, Errc::validation_date_invalid);
      else if (name == "from") out.filed_from = *d;
      else out.filed_to = *d + 86400;  // `to` is the last day included
    } else if (name == "group_by") {
      if (auto g = parse_enum<StatsGroupBy>(v)) out.group_by = *g;
      else errors.emplace(name, Errc::validation_enum_invalid);
    }
  }
  if (errors.empty() && out.filed_from && out.filed_to && out.filed_from >= out.filed_to)
    errors.emplace("to", Errc::validation_out_of_range);
  // A report's query is read by a person at a screen: one 400 that names each bad parameter.
  if (!errors.empty()) return Error(Errc::query_invalid, std::move(errors));
  return out;
}

Result<ExportQuery> export_query(const std::multimap<std::string, std::string>& params) {
  ExportQuery out;
  std::multimap<std::string, std::string> filters;
  std::optional<Error> bad_pii;
  for (const auto& [name, v] : params) {
    if (name != "pii") filters.emplace(name, v);
    else if (v == "1" || v == "0" || v.empty()) out.pii = v == "1";
    else bad_pii = Error(Errc::validation_enum_invalid, FieldErrors{{"pii", Errc::validation_enum_invalid}});
  }
  Result<WorkListQuery> list = work_list_query(filters);
  if (!list) return list.error();
  if (bad_pii) return *bad_pii;
  out.list = std::move(list).value();
  return out;
}

// [SECTION] Work list, case, evidence, actions ----------------------------------------------------------
Result<Answer> list_complaints(Context& ctx, const Staff& staff, WorkListQuery q, Timestamp now,
                               std::string_view if_none_match) {
  Json items = Json::array();
  Json next = nullptr;
  q.filter.now = unix_seconds(now);
  // The search runs in a read snapshot (it must not hold the one writer); the page is answered only
  // once its audit row is committed.
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto rows = tx.search_complaints(q.filter);
    if (!rows) return rows.error();
    for (const ComplaintRecord& rec : rows.value()) {
      if (rec.purged) {
        items.push_back({{"acceptance_no", rec.acceptance_no}, {"status", rec.status}, {"purged", true}});
        continue;
      }
      Result<Case> c = decode_case(rec);
      if (!c) return c.error();
      items.push_back(list_item(ctx, rec, c.value(), now));
    }
    // Keyset cursor: the sort key of the last row (stable under concurrent filings, unlike an offset).
    if (static_cast<int>(rows.value().size()) == q.filter.limit)
      next = std::to_string(rows.value().back().next_deadline) + "." + std::to_string(rows.value().back().id);
    return {};
  });
  if (!r) return r.error();
  Answer a = no_store(200, nullptr);
  // The page's ETag: a poll that finds the same page is answered 304, without the page. The page is
  // serialized once, for its hash and as the body (500 cases: ~300 KB; twice was a tenth of the time).
  std::string page = dump_json(Json{{"items", std::move(items)}, {"next_cursor", std::move(next)}});
  const std::string etag = "\"" + sha256_hex(page).substr(0, 32) + "\"";
  a.headers.emplace_back("ETag", etag);
  if (if_none_match == etag) {
    a.status = 304;
    return a;
  }
  a.text = std::move(page);
  // A page names customers (masked): who listed what is audited, by filter names only.
  r = ctx.storage->write([&](Tx& tx) { return audit_read(tx, staff, now, "", "list", q.used); });
  if (!r) return r.error();
  return a;
}

Result<Answer> staff_case(Context& ctx, const Staff& staff, const std::string& no, Timestamp now) {
  Json body;
  Result<void> r = ctx.storage->write([&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = load_case(tx, no);
    if (!l) return l.error();
    if (auto a = audit_read(tx, staff, now, no, "read", ""); !a) return a;
    body = staff_view(ctx, tx, l.value(), now);
    return {};
  });
  if (!r) return r.error();
  return no_store(200, std::move(body));
}

Result<Answer> staff_upload(Context& ctx, const Staff& staff, const std::string& id, Timestamp now) {
  std::optional<UploadRecord> up;
  Result<void> r = ctx.storage->write([&](Tx& tx) -> Result<void> {
    auto u = tx.find_upload(id);
    if (!u) return u.error();
    up = u.value();
    // An unknown id is audited too (someone tried), under the id asked for.
    return audit_read(tx, staff, now, "", "read_upload", id.substr(0, 64), up ? "ok" : "http.not_found");
  });
  if (!r) return r.error();
  if (!up) return Errc::http_not_found;
  Result<std::optional<std::string>> bytes = ctx.storage->upload_bytes(up->sha256);
  if (!bytes) return bytes.error();
  if (!bytes.value()) return Errc::http_not_found;  // purged with its complaint (DESIGN §8)
  const char* ext = up->type == "image/png" ? "png" : up->type == "application/pdf" ? "pdf" : "jpg";
  Answer a;
  a.bytes = std::move(*bytes.value());
  a.content_type = up->type;
  // Evidence is the customer's: downloaded, never rendered as a page of ours, never kept by a cache.
  a.headers = {{"Content-Disposition", "attachment; filename=\"" + up->id + "." + ext + "\""},
               {"X-Content-Type-Options", "nosniff"},
               {"Cache-Control", "no-store"}};
  return a;
}

Answer staff_me(const Staff& staff) {
  const auto when = [](std::int64_t t) { return t > 0 ? Json(format_iso8601(from_unix(t))) : Json(nullptr); };
  return no_store(200, {{"name", staff.rec.name}, {"role", staff.rec.role}, {"expires_at", when(staff.rec.expires_at)}});
}

namespace {

// One message as GET /staff/notifications lists it: the contact masked, no text (it may carry a
// code or a survey token), every attempt.
Json notification_json(const NotificationRecord& n, const std::vector<NotificationAttempt>& tries) {
  Json attempts = Json::array();
  for (const NotificationAttempt& a : tries) attempts.push_back({{"at", format_iso8601(from_unix(a.at))}, {"outcome", a.outcome}});
  const auto when = [](std::int64_t t) { return t > 0 ? Json(format_iso8601(from_unix(t))) : Json(nullptr); };
  // Only a failed message is offered a retry: the others need no reason.
  const std::optional<Errc> refused = n.state == "failed" ? retry_refusal(n) : std::nullopt;
  return {{"id", n.id}, {"kind", n.kind}, {"acceptance_no", n.acceptance_no},
          {"to", {{"phone", mask_phone(n.phone)}}}, {"channel", n.channel}, {"lang", n.lang},
          {"state", n.state}, {"created_at", when(n.created_at)}, {"give_up_at", when(n.give_up_at)},
          {"next_attempt_at", n.state == "pending" ? when(n.next_attempt_at) : Json(nullptr)},
          {"done_at", when(n.done_at)}, {"last_error", n.last_error.empty() ? Json(nullptr) : Json(n.last_error)},
          {"attempts", std::move(attempts)}, {"retry_refused", refused ? Json(code_id(*refused)) : Json(nullptr)}};
}

}  // namespace

Result<Answer> list_notifications(Context& ctx, const Staff&, const std::string& state) {
  if (!state.empty() && state != "pending" && state != "sent" && state != "failed")
    return Error(Errc::validation_enum_invalid, "state");
  Json items = Json::array();
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto rows = tx.list_notifications(state, 200);
    if (!rows) return rows.error();
    for (const NotificationRecord& n : rows.value()) {
      auto tries = tx.list_attempts(n.id);
      if (!tries) return tries.error();
      items.push_back(notification_json(n, tries.value()));
    }
    return {};
  });
  if (!r) return r.error();
  return no_store(200, {{"items", std::move(items)}});
}

Result<Answer> retry_notification(Context& ctx, const Staff& staff, const std::string& id, Timestamp now) {
  // The id names no one ("n_" and 24 hex digits): kept in the audit row and the log; never the contact.
  const std::string subject = id.substr(0, 64);
  std::optional<Error> refused;
  std::optional<Message> again;
  Json item;
  Result<void> r = ctx.storage->write([&](Tx& tx) -> Result<void> {
    refused.reset();
    again.reset();
    AuditRecord audit{unix_seconds(now), staff.rec.id, staff.rec.name, staff.rec.role, "", "retry_notification", "ok",
                      subject};
    Result<std::optional<NotificationRecord>> found = tx.find_notification(id);
    if (!found) return found.error();
    if (!found.value()) refused = Error(Errc::http_not_found);
    else audit.acceptance_no = found.value()->acceptance_no;
    // Putting a message back in the queue is a supervisor's decision (DESIGN §4 staff roles).
    if (!refused && staff_rank(staff.role) < staff_rank(Actor::supervisor)) refused = Error(Errc::auth_forbidden);
    if (!refused) {
      NotificationRecord n = *found.value();
      Result<Message> m = requeue(ctx, tx, n, unix_seconds(now));
      if (!m) refused = m.error();
      else again = std::move(m).value();
      if (again) {
        auto tries = tx.list_attempts(n.id);
        if (!tries) return tries.error();
        item = notification_json(n, tries.value());
      }
    }
    // Refused ones are audited too, in the same committed transaction (as staff actions are).
    if (refused) audit.outcome = std::string(code_id(refused->code));
    return tx.insert_audit(audit);
  });
  if (!r) return r.error();
  log_event("info", "notify_retry", {{"id", subject}, {"outcome", refused ? std::string(code_id(refused->code)) : "ok"}});
  if (refused) return *refused;
  deliver_committed(ctx, {*again});
  return no_store(200, std::move(item));
}

Result<Answer> staff_file_complaint(Context& ctx, const Caller& caller, const Staff& staff, const Json& body,
                                    Timestamp now) {
  Complaint filing;
  std::string lang = "zh-CN";
  // The same decoding and rules as the customer's filing (validation in core; the channel and
  // received_at are the file guard's, by role); no rate limits: staff are known by their token.
  const auto admit = [&]() -> std::optional<Answer> {
    Result<Complaint> f = complaint_from_json(body);
    if (!f) return error_answer(f.error());
    filing = std::move(f).value();
    FieldErrors errors = validate_filing(filing, now + kClockSkewAllowance);
    // The customer's language for the acceptance message (what the agent asked or heard).
    if (body.contains("lang")) {
      const Json& l = body["lang"];
      if (l.is_string() && (l.get<std::string>() == "zh-CN" || l.get<std::string>() == "en")) lang = l.get<std::string>();
      else errors.emplace("lang", Errc::validation_enum_invalid);
    }
    if (!errors.empty()) return error_answer(field_errors(std::move(errors)));
    return std::nullopt;
  };
  const auto work = [&](Tx& tx) -> Result<Answer> {
    Result<Filed> f = file_case(ctx, tx, filing, staff.role, staff.rec.name, lang, now);
    if (!f) return f.error();
    AuditRecord audit{unix_seconds(now), staff.rec.id, staff.rec.name, staff.rec.role, f->c.acceptance_no, "file", "ok"};
    if (auto w = tx.insert_audit(audit); !w) return w.error();
    Answer a = std::move(f->answer);
    a.headers.emplace_back("Cache-Control", "no-store");  // staff data
    return a;
  };
  return run_idempotent(ctx, caller.idempotency_key, "staff_file", body, true, admit, work, now, nullptr);
}

Result<Answer> staff_act(Context& ctx, const Caller& caller, const Staff& staff, const std::string& no,
                         const ActionRequest& request, const Json& body, Timestamp now) {
  const Action action = request.action;
  if (!staff_action(action)) return Error(Errc::validation_enum_invalid, "action");
  const std::string name(to_string(action));
  ActionPayload p = request.payload;
  p.staff_name = staff.rec.name;

  const auto work = [&](Tx& tx) -> Result<Answer> {
    Result<LoadedCase> l = load_case(tx, no);
    if (!l) return l.error();
    AuditRecord audit{unix_seconds(now), staff.rec.id, staff.rec.name, staff.rec.role, no, name, "ok"};
    Result<Outcome> o = decide(l->c, action, staff.role, p, now, ctx.policy);
    if (!o) {
      // Refused (403 wrong role, 409 with the reason, 422 guards): answered, and audited in the
      // same committed transaction.
      audit.outcome = std::string(code_id(o.code()));
      if (auto w = tx.insert_audit(audit); !w) return w.error();
      log_event("info", "staff_action", {{"action", name}, {"outcome", audit.outcome}});
      return error_answer(o.error());
    }
    apply(l.value().c, o.value());
    if (auto s = save_case(ctx.policy, tx, l.value(), now); !s) return s.error();
    if (action == Action::hold || action == Action::release)
      if (auto h = mirror_hold(tx, l.value()); !h) return h.error();
    if (auto w = tx.insert_audit(audit); !w) return w.error();
    Answer a;
    // The follow-up's own message is the survey invitation below; any other move is told as such.
    if (o->moved && action != Action::start_follow_up)
      a.notify.push_back(status_message(ctx.policy, l->c, l->rec.lang, now));
    else if (!o->moved)
      if (auto m = progress_message(ctx.policy, l->c, l->rec.lang, action, o->event, now)) a.notify.push_back(*m);
    if (action == Action::start_follow_up) {
      // spec 六: the follow-up invites the customer to rate, with a single-use 14-day token.
      const std::string token = random_token();
      if (auto t = tx.insert_token("survey", sha256_hex(token),
                                   TokenRecord{l->rec.id, unix_seconds(now) + kSurveyTokenSeconds, 0});
          !t)
        return t.error();
      a.notify.push_back(survey_message(l->c, l->rec.lang, ctx.public_origin(), token, now));
    }
    for (Message& m : a.notify) m.by_staff = true;
    a.body = staff_view(ctx, tx, l.value(), now);
    log_event("info", "staff_action", {{"action", name}, {"outcome", "ok"}});
    return a;
  };
  // The caller is a staff member already (authorize_staff), and every staff member may see the case.
  return run_idempotent(ctx, caller.idempotency_key, "staff:" + no, body, false, [] { return std::optional<Answer>(); },
                        work, now, nullptr);
}

// [SECTION] Statistics and export ----------------------------------------------------------------------
namespace {

// Spec 六's figures and the export are the operator's management data (DESIGN §4: supervisor).
Result<void> require_supervisor(const Staff& staff) {
  if (staff_rank(staff.role) < staff_rank(Actor::supervisor)) return Errc::auth_supervisor_required;
  return {};
}

// Every complaint that passes `f`, page after page in the list's order (keyset, as the list's
// cursor), inside the caller's one snapshot: a report never mixes two states of the database.
Result<void> for_each_complaint(Tx& tx, ComplaintFilter f, const std::function<Result<void>(const ComplaintRecord&)>& fn) {
  f.limit = 500;
  f.after_id = 0;
  for (;;) {
    auto rows = tx.search_complaints(f);
    if (!rows) return rows.error();
    for (const ComplaintRecord& rec : rows.value())
      if (auto r = fn(rec); !r) return r;
    if (static_cast<int>(rows.value().size()) < f.limit) return {};
    f.after_deadline = rows.value().back().next_deadline;
    f.after_id = rows.value().back().id;
  }
}

// The export's columns: the case as the list shows it, then the customer's personal data (filled
// only with pii=1; the columns stay, so a spreadsheet's layout does not depend on the flag).
const std::vector<std::string> kExportColumns = {
    "acceptance_no", "filed_at", "channel", "business_type", "category", "status", "complexity",
    "escalation_level", "owner", "next_deadline", "overdue", "replied_at", "survey_overall", "survey_resolved",
    "purged", "customer_name", "customer_phone", "customer_email", "service_number", "problem", "demand"};
constexpr std::size_t kExportPersonalFrom = 15;  // customer_name onwards

std::vector<std::string> export_cells(const Context& ctx, const ComplaintRecord& rec, bool pii, Timestamp now) {
  std::vector<std::string> cells(kExportColumns.size());
  cells[0] = rec.acceptance_no;
  cells[5] = rec.status;
  cells[14] = rec.purged ? "true" : "false";
  Result<Case> decoded = decode_case(rec);  // a record that does not decode keeps its number and status
  if (!decoded) return cells;
  const Case& c = decoded.value();
  const Deadlines d = compute_deadlines(ctx.policy, c);
  const std::optional<Timestamp> next = next_deadline(c, d);
  const auto reply = std::find_if(c.timeline.begin(), c.timeline.end(),
                                  [](const TimelineEvent& e) { return e.action == Action::reply; });
  cells[1] = format_iso8601(c.filed_at);
  cells[2] = stats_key(c, StatsGroupBy::channel);
  cells[3] = stats_key(c, StatsGroupBy::business_type);
  cells[4] = stats_key(c, StatsGroupBy::category);
  cells[6] = std::string(to_string(c.complexity));
  cells[7] = std::to_string(c.escalation ? c.escalation->level : 0);
  cells[8] = c.owner;
  cells[9] = next ? format_iso8601(*next) : "";
  cells[10] = is_overdue(c, d, now) ? "true" : "false";
  cells[11] = reply != c.timeline.end() ? format_iso8601(reply->at) : "";
  cells[12] = c.survey ? std::to_string(c.survey->overall) : "";
  cells[13] = c.survey ? (c.survey->resolved ? "true" : "false") : "";
  if (pii) {
    const Customer& who = c.filing.customer;
    const std::string personal[] = {who.name, who.phone, who.email, c.filing.service_number, c.filing.problem,
                                    c.filing.demand};
    std::copy(std::begin(personal), std::end(personal), cells.begin() + kExportPersonalFrom);
  }
  return cells;
}

}  // namespace

Result<Answer> staff_stats(Context& ctx, const Staff& staff, const StatsQuery& q) {
  if (auto ok = require_supervisor(staff); !ok) return ok.error();
  StatsTable table;
  table.by = q.group_by;
  ComplaintFilter f;
  f.filed_from = q.filed_from;
  f.filed_to = q.filed_to;
  int unreadable = 0;
  Result<void> r = ctx.storage->read([&](Tx& tx) {
    return for_each_complaint(tx, f, [&](const ComplaintRecord& rec) -> Result<void> {
      Result<Case> c = decode_case(rec);  // logged by decode_case; the others still count
      if (c) add_to_stats(table, c.value());
      else ++unreadable;
      return {};
    });
  });
  if (!r) return r.error();
  if (unreadable > 0) log_event("warn", "stats_unreadable_cases", {{"count", log_num(unreadable)}});
  return no_store(200, stats_json(table));
}

Result<Answer> staff_export(Context& ctx, const Staff& staff, ExportQuery q, Timestamp now) {
  const std::string action = q.pii ? "export_pii" : "export";
  if (auto ok = require_supervisor(staff); !ok) {
    // Who tried to take the customers' data out is recorded, as a refused action is.
    Result<void> w = ctx.storage->write(
        [&](Tx& tx) { return audit_read(tx, staff, now, "", action, q.list.used, std::string(code_id(ok.code()))); });
    if (!w) return w.error();
    return ok.error();
  }
  q.list.filter.now = unix_seconds(now);
  // The BOM makes Excel read the file as UTF-8 (without it, Chinese comes out garbled).
  std::string csv = "\xEF\xBB\xBF" + csv_row(kExportColumns);
  Result<void> r = ctx.storage->read([&](Tx& tx) {
    return for_each_complaint(tx, q.list.filter, [&](const ComplaintRecord& rec) -> Result<void> {
      csv += csv_row(export_cells(ctx, rec, q.pii, now));
      return {};
    });
  });
  if (!r) return r.error();
  // As the list: the file is handed over only once its audit row (the filter names) is committed.
  r = ctx.storage->write([&](Tx& tx) { return audit_read(tx, staff, now, "", action, q.list.used); });
  if (!r) return r.error();
  Answer a;
  a.bytes = std::move(csv);
  a.content_type = "text/csv; charset=utf-8";
  const std::string day = format_iso8601(now).substr(0, 10);  // the Shanghai date
  a.headers = {{"Content-Disposition", "attachment; filename=\"complaints-" + day + (q.pii ? "-pii" : "") + ".csv\""},
               {"X-Content-Type-Options", "nosniff"},
               {"Cache-Control", "no-store"}};
  return a;
}

}  // namespace cw::server
