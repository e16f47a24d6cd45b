// server/staff_api.cpp — the staff side of the API (DESIGN §4): each handler checks the staff token,
// parses the request, calls its use case (server/staff.cpp) and sends the answer.
#include <charconv>

#include "core/codec.h"
#include "server/app.h"
#include "server/handler.h"

namespace cw::server {
namespace {

using Req = httplib::Request;
using Res = httplib::Response;

// ?status=&limit=&cursor= of the work list; every bad one named.
Result<WorkListQuery> work_list_query(const Req& req) {
  WorkListQuery q;
  FieldErrors errors;
  q.status = req.get_param_value("status");
  if (!q.status.empty() && !parse_enum<Status>(q.status)) errors.emplace("status", Errc::validation_enum_invalid);
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), q.limit);
    if (ec != std::errc() || p != v.data() + v.size() || q.limit < 1 || q.limit > 500)
      errors.emplace("limit", Errc::validation_out_of_range);
  }
  if (req.has_param("cursor")) {
    const std::string v = req.get_param_value("cursor");
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), q.after);
    if (ec != std::errc() || p != v.data() + v.size() || q.after < 0) errors.emplace("cursor", Errc::validation_out_of_range);
  }
  if (!errors.empty()) return field_errors(std::move(errors));
  return q;
}

void list(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  Result<WorkListQuery> q = work_list_query(req);
  if (!q) return send_error(req, res, q.error());
  send(req, res, list_complaints(ctx, staff.value(), q.value(), ctx.now()));
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

void notifications(Context& ctx, const Req& req, Res& res) {
  Result<Staff> staff = authorize_staff(ctx, bearer_token(req));
  if (!staff) return send_error(req, res, staff.error());
  send(req, res, list_notifications(ctx, staff.value(), req.get_param_value("state")));
}

}  // namespace

void register_staff_routes(Router& r, Context& ctx) {
  r.get("/api/v1/staff/complaints", [&ctx](const Req& req, Res& res) { list(ctx, req, res); });
  r.post("/api/v1/staff/complaints", [&ctx](const Req& req, Res& res) { intake(ctx, req, res); });
  r.get("/api/v1/staff/complaints/{no}", [&ctx](const Req& req, Res& res) { detail(ctx, req, res); });
  r.post("/api/v1/staff/complaints/{no}/actions", [&ctx](const Req& req, Res& res) { act(ctx, req, res); });
  r.get("/api/v1/staff/notifications", [&ctx](const Req& req, Res& res) { notifications(ctx, req, res); });
}

}  // namespace cw::server
