// server/staff.cpp — use cases of the staff side (DESIGN §4): per-person role tokens, the work list
// with a cursor, one case in full, and every action through the core's decide() with an audit
// trail of who did what (refusals included, DESIGN §8). The customer is told of status changes.
//
// [SECTION] Tokens (command line)
// [SECTION] Auth
// [SECTION] Views
// [SECTION] Work list, case, actions
#include "core/codec.h"
#include "core/mask.h"
#include "core/time_limits.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/service.h"

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
          {"overdue", is_overdue(c, d, now)},
          {"customer", {{"name", mask_name(c.filing.customer.name)}}}};
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

// [SECTION] Work list, case, actions ----------------------------------------------------------------------
Result<Answer> list_complaints(Context& ctx, const Staff&, const WorkListQuery& q, Timestamp now) {
  Json items = Json::array();
  Json next = nullptr;
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto rows = tx.list_complaints(q.status, q.after, q.limit);
    if (!rows) return rows.error();
    for (const ComplaintRecord& rec : rows.value()) {
      if (rec.purged) {
        items.push_back({{"acceptance_no", rec.acceptance_no}, {"status", rec.status}, {"purged", true}});
        continue;
      }
      Result<Json> j = parse_json(rec.doc, 64);
      Result<Case> c = j ? case_from_json(j.value()) : Result<Case>(Errc::server_error);
      if (!c) return Errc::server_error;
      items.push_back(list_item(ctx, rec, c.value(), now));
    }
    // Keyset cursor: the last id seen (stable under concurrent filings, unlike an offset).
    if (static_cast<int>(rows.value().size()) == q.limit) next = std::to_string(rows.value().back().id);
    return {};
  });
  if (!r) return r.error();
  return no_store(200, {{"items", std::move(items)}, {"next_cursor", std::move(next)}});
}

Result<Answer> staff_case(Context& ctx, const Staff&, const std::string& no, Timestamp now) {
  Json body;
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = load_case(tx, no);
    if (!l) return l.error();
    body = staff_view(ctx, tx, l.value(), now);
    return {};
  });
  if (!r) return r.error();
  return no_store(200, std::move(body));
}

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
      Json attempts = Json::array();
      for (const NotificationAttempt& a : tries.value())
        attempts.push_back({{"at", format_iso8601(from_unix(a.at))}, {"outcome", a.outcome}});
      const auto when = [](std::int64_t t) { return t > 0 ? Json(format_iso8601(from_unix(t))) : Json(nullptr); };
      items.push_back({{"id", n.id}, {"kind", n.kind}, {"acceptance_no", n.acceptance_no},
                       {"to", {{"phone", mask_phone(n.phone)}}}, {"channel", n.channel}, {"lang", n.lang},
                       {"state", n.state}, {"created_at", when(n.created_at)}, {"give_up_at", when(n.give_up_at)},
                       {"next_attempt_at", n.state == "pending" ? when(n.next_attempt_at) : Json(nullptr)},
                       {"done_at", when(n.done_at)}, {"last_error", n.last_error.empty() ? Json(nullptr) : Json(n.last_error)},
                       {"attempts", std::move(attempts)}});
    }
    return {};
  });
  if (!r) return r.error();
  return no_store(200, {{"items", std::move(items)}});
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
    if (auto s = save_case(tx, l.value(), now); !s) return s.error();
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
    a.body = staff_view(ctx, tx, l.value(), now);
    log_event("info", "staff_action", {{"action", name}, {"outcome", "ok"}});
    return a;
  };
  // The caller is a staff member already (authorize_staff), and every staff member may see the case.
  return run_idempotent(ctx, caller.idempotency_key, "staff:" + no, body, false, [] { return std::optional<Answer>(); },
                        work, now, nullptr);
}

}  // namespace cw::server
