// server/handler.cpp — Caller and origin from a request; an Answer onto a response.
#include "server/handler.h"

#include <cctype>

namespace cw::server {

Caller caller_of(const Context& ctx, const httplib::Request& req) {
  return Caller{client_ip(req, ctx.config.trust_proxy), bearer_token(req), req.get_header_value("Idempotency-Key")};
}

std::string request_origin(const Context& ctx, const httplib::Request& req) {
  std::string scheme = "http";
  std::string host = req.get_header_value("Host");
  if (ctx.config.trust_proxy) {
    if (req.has_header("X-Forwarded-Proto")) scheme = req.get_header_value("X-Forwarded-Proto");
    if (req.has_header("X-Forwarded-Host")) host = req.get_header_value("X-Forwarded-Host");
  }
  if (host.empty()) host = ctx.config.host + ":" + std::to_string(ctx.config.port);
  for (char ch : host)  // a Host header is the client's word: keep it to host[:port] characters
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == ':' || ch == '[' || ch == ']'))
      return "http://" + ctx.config.host;
  if (scheme != "https") scheme = "http";
  return scheme + "://" + host;
}

void send(const httplib::Request& req, httplib::Response& res, const Answer& a) {
  for (const auto& [k, v] : a.headers) res.set_header(k, v);
  if (a.error) send_error(req, res, *a.error);
  else if (a.text) set_json_body(res, *a.text);
  else if (a.status != 304) set_json_body(res, dump(a.body));  // RFC 9110 §15.4.5: a 304 has no body
  res.status = a.status;
}

void send(const httplib::Request& req, httplib::Response& res, const Result<Answer>& r) {
  if (r) return send(req, res, r.value());
  send_error(req, res, r.error());
}

}  // namespace cw::server
