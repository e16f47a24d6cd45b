// server/staff_api.cpp — the staff side (DESIGN §4): per-person role tokens, the work list with a
// cursor, one case in full, and every action through core's decide() with an audit trail of who
// did what (refusals included, DESIGN §8). The customer is told of status changes.
#include <charconv>

#include "core/codec.h"
#include "core/mask.h"
#include "core/time_limits.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/log.h"
#include "server/service.h"

namespace cw::server {

// [SECTION] Tokens (command line) ------------------------------------------------------------------
Result<std::string> create_staff_token(Storage& s, const std::string& role, const std::string& name, Timestamp now) {
  if (role != "agent" && role != "supervisor") return Errc::validation_enum_invalid;
  // A prefix tells staff tokens from customer tokens when one turns up somewhere it should not.
  const std::string token = "cws_" + random_token();
  Result<void> w = s.write([&](Tx& tx) -> Result<void> {
    auto id = tx.insert_staff(name, role, sha256_hex(token), unix_seconds(now));
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

namespace {

// [SECTION] Auth -------------------------------------------------------------------------------------
struct Staff {
  StaffRecord rec;
  Actor role = Actor::agent;
};

// 401 without a valid, unrevoked staff token (DESIGN §4).
std::optional<Staff> authorize_staff(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  const std::string token = bearer_token(req);
  std::optional<StaffRecord> rec;
  if (!token.empty()) {
    Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
      auto f = tx.find_staff(sha256_hex(token));
      if (!f) return f.error();
      rec = std::move(f).value();
      return {};
    });
    if (!r) {
      send_error(req, res, r.error());
      return std::nullopt;
    }
  }
  if (!rec || rec->revoked) {
    res.set_header("WWW-Authenticate", "Bearer");
    send_error(req, res, Errc::auth_unauthorized);
    return std::nullopt;
  }
  Staff s;
  s.role = rec->role == "supervisor" ? Actor::supervisor : Actor::agent;
  s.rec = std::move(*rec);
  return s;
}

// [SECTION] Views --------------------------------------------------------------------------------------
Json list_item(const Context& ctx, const ComplaintRecord& rec, const Case& c, Timestamp now) {
  const Deadlines d = compute_deadlines(ctx.policy, c);
  return {{"acceptance_no", rec.acceptance_no},
          {"status", rec.status},
          {"business_type", std::string(to_string(c.filing.business_type.value_or(BusinessType::other)))},
          {"category", std::string(to_string(c.filing.category.value_or(Category::other)))},
          {"complexity", std::string(to_string(c.complexity))},
          {"escalation_level", c.escalation ? c.escalation->level : 0},
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
  Json audit = Json::array();
  if (auto a = tx.list_audit(l.rec.acceptance_no)) {
    for (const AuditRecord& r : a.value())
      audit.push_back({{"at", format_iso8601(from_unix(r.at))}, {"staff", r.staff_name}, {"role", r.role},
                       {"action", r.action}, {"outcome", r.outcome}});
  }
  j["audit"] = std::move(audit);
  return j;
}

// [SECTION] Handlers --------------------------------------------------------------------------------------
void list(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize_staff(ctx, req, res)) return;
  FieldErrors errors;
  std::string status = req.get_param_value("status");
  if (!status.empty() && !parse_enum<Status>(status)) errors.emplace("status", Errc::validation_enum_invalid);
  int limit = 50;
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), limit);
    if (ec != std::errc() || p != v.data() + v.size() || limit < 1 || limit > 500)
      errors.emplace("limit", Errc::validation_out_of_range);
  }
  std::int64_t after = 0;
  if (req.has_param("cursor")) {
    const std::string v = req.get_param_value("cursor");
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), after);
    if (ec != std::errc() || p != v.data() + v.size() || after < 0) errors.emplace("cursor", Errc::validation_out_of_range);
  }
  if (!errors.empty()) {
    Errc first = errors.begin()->second;
    return send_error(req, res, Error(first, std::move(errors)));
  }
  Json items = Json::array();
  Json next = nullptr;
  const Timestamp now = ctx.now();
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    auto rows = tx.list_complaints(status, after, limit);
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
    if (static_cast<int>(rows.value().size()) == limit) next = std::to_string(rows.value().back().id);
    return {};
  });
  if (!r) return send_error(req, res, r.error());
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, {{"items", std::move(items)}, {"next_cursor", std::move(next)}});
}

void detail(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!authorize_staff(ctx, req, res)) return;
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Json body;
  Result<void> r = ctx.storage->read([&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = load_case(tx, *no);
    if (!l) return l.error();
    body = staff_view(ctx, tx, l.value(), ctx.now());
    return {};
  });
  if (!r) return send_error(req, res, r.error());
  res.set_header("Cache-Control", "no-store");
  send_json(res, 200, body);
}

// The actions a person may post here (the customer's own actions have their own endpoints).
bool staff_action(Action a) {
  switch (a) {
    case Action::accept: case Action::reject: case Action::assign: case Action::set_complexity:
    case Action::note: case Action::extend: case Action::propose: case Action::reply:
    case Action::escalate: case Action::start_follow_up: case Action::close:
      return true;
    default:
      return false;
  }
}

void act(Context& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<Staff> staff = authorize_staff(ctx, req, res);
  if (!staff) return;
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<ActionRequest> decoded = staff_action_from_json(body.value());
  if (!decoded) return send_error(req, res, decoded.error());
  const Action action_v = decoded->action;
  const std::optional<Action> action = action_v;
  if (!staff_action(action_v)) return send_error(req, res, Error(Errc::validation_enum_invalid, "action"));
  const std::string name_s(to_string(action_v));
  const std::string* name = &name_s;
  ActionPayload p = std::move(decoded).value().payload;
  p.staff_name = staff->rec.name;
  const std::string origin = request_origin(ctx, req);

  run_idempotent(
      ctx, req, res, "staff:" + *no, body.value(), false, [] { return true; },
      [&](Tx& tx) -> Result<Answer> {
        const Timestamp now = ctx.now();
        Result<LoadedCase> l = load_case(tx, *no);
        if (!l) return l.error();
        AuditRecord audit{unix_seconds(now), staff->rec.id, staff->rec.name, staff->rec.role, *no, *name, "ok"};
        Result<Outcome> o = decide(l->c, *action, staff->role, p, now, ctx.policy);
        Answer a;
        if (!o) {
          // Refused (403 wrong role, 409 with the reason, 422 guards): answered, and audited in the
          // same committed transaction.
          audit.outcome = std::string(code_id(o.code()));
          if (auto w = tx.insert_audit(audit); !w) return w.error();
          a.status = error_status(o.error());
          a.body = error_json(req, o.error());
          log_event("info", "staff_action", {{"action", *name}, {"outcome", audit.outcome}});
          return a;
        }
        apply(l.value().c, o.value());
        if (auto s = save_case(tx, l.value(), now); !s) return s.error();
        if (auto w = tx.insert_audit(audit); !w) return w.error();
        if (o->moved) a.notify.push_back(status_message(l->c, now));
        if (*action == Action::start_follow_up) {
          // spec 六: the follow-up invites the customer to rate, with a single-use 14-day token.
          const std::string token = random_token();
          if (auto t = tx.insert_token("survey", sha256_hex(token),
                                       TokenRecord{l->rec.id, unix_seconds(now) + kSurveyTokenSeconds, 0});
              !t)
            return t.error();
          a.notify.push_back(survey_message(l->c, origin, token, now));
        }
        a.body = staff_view(ctx, tx, l.value(), now);
        log_event("info", "staff_action", {{"action", *name}, {"outcome", "ok"}});
        return a;
      });
}

}  // namespace

void register_staff_routes(Router& r, Context& ctx) {
  r.get("/api/v1/staff/complaints", [&ctx](const auto& req, auto& res) { list(ctx, req, res); });
  r.get("/api/v1/staff/complaints/{no}", [&ctx](const auto& req, auto& res) { detail(ctx, req, res); });
  r.post("/api/v1/staff/complaints/{no}/actions", [&ctx](const auto& req, auto& res) { act(ctx, req, res); });
}

}  // namespace cw::server
