// server/customer_api.cpp — the customer side of the sync contract (DESIGN §4): /healthz, /meta,
// /uploads, filing, lookup by one-time code (by number or by phone), the phone's list, the customer view, supplements, escalations,
// withdrawal and the survey. Each handler parses the request, calls its use case
// (server/use_cases.h) and sends the answer; this file only moves data.
#include "core/codec.h"
#include "server/app.h"
#include "server/handler.h"

namespace cw::server {
namespace {

using Req = httplib::Request;
using Res = httplib::Response;

void upload(Context& ctx, const Req& req, Res& res) {
  std::string declared = req.get_header_value("Content-Type");
  declared = declared.substr(0, declared.find(';'));
  send(req, res, store_upload(ctx, caller_of(ctx, req), req.body, declared, ctx.now()));
}

void file(Context& ctx, const Req& req, Res& res) {
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  send(req, res, file_complaint(ctx, caller_of(ctx, req), body.value(), ctx.now()));
}

void lookup(Context& ctx, const Req& req, Res& res, bool verify) {
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<LookupRequest> in = lookup_from_json(body.value(), verify);
  if (!in) return send_error(req, res, in.error());
  const Caller caller = caller_of(ctx, req);
  const bool by_phone = in->no.empty();
  if (verify)
    send(req, res, by_phone ? verify_phone_code(ctx, caller, in.value(), ctx.now())
                            : verify_lookup_code(ctx, caller, in.value(), ctx.now()));
  else
    send(req, res, by_phone ? request_phone_code(ctx, caller, in.value(), ctx.now())
                            : request_lookup_code(ctx, caller, in.value(), ctx.now()));
}

void view(Context& ctx, const Req& req, Res& res) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  send(req, res, view_complaint(ctx, caller_of(ctx, req), *no, req.get_header_value("If-None-Match"), ctx.now()));
}

// Supplements, escalations and withdrawal.
void act(Context& ctx, const Req& req, Res& res, Action action) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<ActionPayload> p = customer_action_from_json(action, body.value());
  if (!p) return send_error(req, res, p.error());
  send(req, res, customer_action(ctx, caller_of(ctx, req), *no, action, p.value(), body.value(), ctx.now()));
}

void survey(Context& ctx, const Req& req, Res& res) {
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<Survey> s = survey_from_json(body.value());
  if (!s) return send_error(req, res, s.error());
  const std::string token = get_string(body.value(), "token").value_or("");
  send(req, res, submit_survey(ctx, caller_of(ctx, req), *no, s.value(), token, body.value(), ctx.now()));
}

}  // namespace

void register_customer_routes(Router& r, Context& ctx) {
  r.get("/api/v1/healthz", [&ctx](const Req& req, Res& res) { send(req, res, health(ctx)); });
  r.get("/api/v1/meta", [&ctx](const Req& req, Res& res) { send(req, res, meta(ctx, ctx.now())); });
  r.post("/api/v1/uploads", [&ctx](const Req& req, Res& res) { upload(ctx, req, res); });
  r.post("/api/v1/complaints", [&ctx](const Req& req, Res& res) { file(ctx, req, res); });
  r.post("/api/v1/lookup", [&ctx](const Req& req, Res& res) { lookup(ctx, req, res, false); });
  r.post("/api/v1/lookup/verify", [&ctx](const Req& req, Res& res) { lookup(ctx, req, res, true); });
  r.get("/api/v1/customer/complaints",
        [&ctx](const Req& req, Res& res) { send(req, res, list_phone_complaints(ctx, caller_of(ctx, req), ctx.now())); });
  r.get("/api/v1/complaints/{no}", [&ctx](const Req& req, Res& res) { view(ctx, req, res); });
  r.post("/api/v1/complaints/{no}/supplements",
         [&ctx](const Req& req, Res& res) { act(ctx, req, res, Action::supplement); });
  r.post("/api/v1/complaints/{no}/escalations",
         [&ctx](const Req& req, Res& res) { act(ctx, req, res, Action::escalate); });
  r.post("/api/v1/complaints/{no}/withdrawal",
         [&ctx](const Req& req, Res& res) { act(ctx, req, res, Action::withdraw); });
  r.post("/api/v1/complaints/{no}/survey", [&ctx](const Req& req, Res& res) { survey(ctx, req, res); });
}

}  // namespace cw::server
