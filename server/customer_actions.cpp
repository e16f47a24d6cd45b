// server/customer_actions.cpp — use cases: what a customer does to their complaint (supplements,
// escalations, withdrawal, the survey), each through the core's decide() and answered with the new
// customer view; the customer is told when the status moved.
#include "core/codec.h"
#include "core/workflow.h"
#include "server/crypto.h"
#include "server/service.h"

namespace cw::server {
namespace {

// The Bearer token must open this complaint (its access token, or a token proving its phone) and be
// alive; anything else is the same 404 as an unknown number (DESIGN §4), so a token cannot be used
// to probe numbers.
Result<LoadedCase> authorize_customer(Tx& tx, const std::string& bearer, const std::string& no, Timestamp now) {
  if (bearer.empty()) return Errc::http_not_found;
  Result<LoadedCase> l = load_case(tx, no);
  if (!l) return l.error();
  Result<std::int64_t> until = customer_grant(tx, bearer, l->rec, unix_seconds(now));
  if (!until) return until.error();
  if (until.value() == 0) return Errc::http_not_found;
  return l;
}

// A survey is authorised by the survey token from the follow-up message (DESIGN §4: 14 days, for
// this complaint; `spent` tells whether it was used already) or, without one, by the access token.
Result<LoadedCase> authorize_survey(Tx& tx, const std::string& bearer, const std::string& survey_token,
                                    const std::string& no, Timestamp now, bool& spent) {
  if (survey_token.empty()) return authorize_customer(tx, bearer, no, now);
  Result<LoadedCase> l = load_case(tx, no);
  if (!l) return l.code() == Errc::http_not_found ? Result<LoadedCase>(Errc::survey_token_invalid) : l.error();
  auto t = tx.find_token("survey", sha256_hex(survey_token));
  if (!t) return t.error();
  if (!t.value() || t.value()->complaint_id != l->rec.id || t.value()->expires_at <= unix_seconds(now))
    return Errc::survey_token_invalid;
  spent = t.value()->used_at != 0;
  return l;
}

// decide(), apply, save; the answer is the new customer view.
Result<Answer> act_as_customer(Context& ctx, Tx& tx, LoadedCase& l, Action action, const ActionPayload& p,
                               Timestamp now) {
  Result<Outcome> o = decide(l.c, action, Actor::customer, p, now, ctx.policy);
  if (!o) return o.error();
  apply(l.c, o.value());
  if (auto s = save_case(ctx.policy, tx, l, now); !s) return s.error();
  Answer a;
  a.body = to_json(customer_view(l.c, now, ctx.policy));
  if (o->moved) a.notify.push_back(status_message(ctx.policy, l.c, l.rec.lang, now));
  return a;
}

std::optional<Answer> admit_customer_write(Context& ctx, const Caller& caller) {
  return take_rates(ctx, {{"customer_write_ip", caller.ip, &ctx.config.rules.customer_write_ip}});
}

}  // namespace

Result<Answer> customer_action(Context& ctx, const Caller& caller, const std::string& no, Action action,
                               const ActionPayload& p, const Json& body, Timestamp now) {
  const auto work = [&](Tx& tx) -> Result<Answer> {
    Result<LoadedCase> l = authorize_customer(tx, caller.bearer, no, now);
    if (!l) return l.error();
    if (auto e = attach_evidence(tx, p.evidence); !e) return e.error();
    return act_as_customer(ctx, tx, l.value(), action, p, now);
  };
  const auto may_replay = [&](Tx& tx) -> Result<void> {
    Result<LoadedCase> l = authorize_customer(tx, caller.bearer, no, now);
    if (!l) return l.error();
    return {};
  };
  return run_idempotent(ctx, caller.idempotency_key, std::string(to_string(action)) + ":" + no, body, true,
                        [&] { return admit_customer_write(ctx, caller); }, work, now, may_replay);
}

Result<Answer> submit_survey(Context& ctx, const Caller& caller, const std::string& no, const Survey& survey,
                             const std::string& survey_token, const Json& body, Timestamp now) {
  const auto work = [&](Tx& tx) -> Result<Answer> {
    bool spent = false;
    Result<LoadedCase> l = authorize_survey(tx, caller.bearer, survey_token, no, now, spent);
    if (!l) return l.error();
    if (!survey_token.empty()) {
      if (spent) return Errc::survey_already_submitted;
      if (auto u = tx.use_token("survey", sha256_hex(survey_token), unix_seconds(now)); !u) return u.error();
    }
    ActionPayload p;
    p.survey = survey;
    return act_as_customer(ctx, tx, l.value(), Action::survey, p, now);
  };
  // A replay of the first answer (DESIGN §4) needs the token that was used for it, spent or not,
  // or the access token: the key alone shows no one the customer's view.
  const auto may_replay = [&](Tx& tx) -> Result<void> {
    bool spent = false;
    Result<LoadedCase> l = authorize_survey(tx, caller.bearer, survey_token, no, now, spent);
    return l ? Result<void>() : Result<void>(l.error());
  };
  return run_idempotent(ctx, caller.idempotency_key, "survey:" + no, body, false,
                        [&] { return admit_customer_write(ctx, caller); }, work, now, may_replay);
}

}  // namespace cw::server
