// server/handler.cpp — Caller and origin from a request; an Answer onto a response.
#include "server/handler.h"

namespace cw::server {

Caller caller_of(const Context& ctx, const httplib::Request& req) {
  return Caller{client_ip(req, ctx.config.trust_proxy), bearer_token(req), req.get_header_value("Idempotency-Key"),
                request_lang(req)};
}

void send(const httplib::Request& req, httplib::Response& res, const Answer& a) {
  for (const auto& [k, v] : a.headers) res.set_header(k, v);
  if (a.error) send_error(req, res, *a.error);
  else if (a.bytes) res.set_content(*a.bytes, a.content_type);
  else if (a.text) set_json_body(res, *a.text);
  else if (a.status != 304) set_json_body(res, dump(a.body));  // RFC 9110 §15.4.5: a 304 has no body
  res.status = a.status;
}

void send(const httplib::Request& req, httplib::Response& res, const Result<Answer>& r) {
  if (r) return send(req, res, r.value());
  send_error(req, res, r.error());
}

}  // namespace cw::server
