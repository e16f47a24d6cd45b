// server/staff_api.cpp — the staff side of the API (DESIGN §4): each handler checks the staff token,
// parses the request, calls its use case (server/staff.cpp) and sends the answer.
#include "core/codec.h"
#include "server/app.h"
#include "server/handler.h"

namespace cw::server {
namespace {

using Req = httplib::Request;
using Res = httplib::Response;

void list(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  Result<WorkListQuery> q = work_list_query(req.params);
  if (!q) return send_error(req, res, q.error());
  send(req, res, list_complaints(ctx, staff.value(), std::move(q).value(), ctx.now(), req.get_header_value("If-None-Match")));
}

void detail(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  send(req, res, staff_case(ctx, staff.value(), *no, ctx.now()));
}

void act(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  std::optional<std::string> no = canonical_no(req.matches[1]);
  if (!no) return send_error(req, res, Errc::http_not_found);
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  Result<ActionRequest> request = staff_action_from_json(body.value());
  if (!request) return send_error(req, res, request.error());
  send(req, res, staff_act(ctx, caller_of(ctx, req), staff.value(), *no, request.value(), body.value(), ctx.now()));
}

void intake(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  Result<Json> body = parse_body(req);
  if (!body) return send_error(req, res, body.error());
  send(req, res, staff_file_complaint(ctx, caller_of(ctx, req), staff.value(), body.value(), ctx.now()));
}

void upload(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  send(req, res, staff_upload(ctx, staff.value(), req.matches[1], ctx.now()));
}

void notifications(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  send(req, res, list_notifications(ctx, staff.value(), req.get_param_value("state")));
}

void retry(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  send(req, res, retry_notification(ctx, staff.value(), req.matches[1], ctx.now()));
}

void me(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  send(req, res, staff_me(staff.value()));
}

void stats(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  Result<StatsQuery> q = stats_query(req.params);
  if (!q) return send_error(req, res, q.error());
  send(req, res, staff_stats(ctx, staff.value(), q.value()));
}

void export_csv(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  Result<ExportQuery> q = export_query(req.params);
  if (!q) return send_error(req, res, q.error());
  send(req, res, staff_export(ctx, staff.value(), std::move(q).value(), ctx.now()));
}

}  // namespace

void register_staff_routes(Router& r, Context& ctx) {
  r.get("/api/v1/staff/me", [&ctx](const Req& req, Res& res) { me(ctx, req, res); });
  r.get("/api/v1/staff/complaints", [&ctx](const Req& req, Res& res) { list(ctx, req, res); });
  r.post("/api/v1/staff/complaints", [&ctx](const Req& req, Res& res) { intake(ctx, req, res); });
  r.get("/api/v1/staff/complaints/{no}", [&ctx](const Req& req, Res& res) { detail(ctx, req, res); });
  r.post("/api/v1/staff/complaints/{no}/actions", [&ctx](const Req& req, Res& res) { act(ctx, req, res); });
  r.get("/api/v1/staff/uploads/{id}", [&ctx](const Req& req, Res& res) { upload(ctx, req, res); });
  r.get("/api/v1/staff/notifications", [&ctx](const Req& req, Res& res) { notifications(ctx, req, res); });
  r.post("/api/v1/staff/notifications/{id}/retry", [&ctx](const Req& req, Res& res) { retry(ctx, req, res); });
  r.get("/api/v1/staff/stats", [&ctx](const Req& req, Res& res) { stats(ctx, req, res); });
  r.get("/api/v1/staff/export.csv", [&ctx](const Req& req, Res& res) { export_csv(ctx, req, res); });
}

}  // namespace cw::server
