// server/http_util.cpp — error bodies, JSON caps, header helpers.
#include "server/http_util.h"

#include "core/codec.h"
#include "server/use_cases.h"

#include <cctype>

namespace cw::server {

std::string dump(const json& j) { return dump_json(j); }

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  set_json_body(res, dump(body));
}

void set_json_body(httplib::Response& res, const std::string& text) {
  if (text.find_first_of("<>&") == std::string::npos) {
    res.set_content(text, "application/json; charset=utf-8");
    return;
  }
  std::string out;
  out.reserve(text.size() + 64);
  for (char ch : text) {
    if (ch == '<') out += "\\u003c";
    else if (ch == '>') out += "\\u003e";
    else if (ch == '&') out += "\\u0026";
    else out.push_back(ch);
  }
  res.set_content(out, "application/json; charset=utf-8");
}

Lang request_lang(const httplib::Request& req) {
  if (!req.has_header("Accept-Language")) return Lang::zh_CN;
  std::string v = req.get_header_value("Accept-Language");
  auto cut = v.find_first_of(",;");
  return lang_from_tag(std::string_view(v).substr(0, cut));
}

void send_error(const httplib::Request& req, httplib::Response& res, const Error& err) {
  const int status = error_status(err);
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer");  // RFC 9110 §11.6.1: say how
  send_json(res, status, error_to_json(err, request_lang(req)));
}

void send_error(const httplib::Request& req, httplib::Response& res, Errc code, int status_override) {
  send_error(req, res, Error(code));
  if (status_override) res.status = status_override;
}

// DESIGN §8: a JSON endpoint takes only `application/json` (parameters such as charset allowed). A
// cross-site form or a `text/plain` fetch may be sent by any page without a CORS preflight; this
// type cannot, so no foreign page can make its visitors' browsers request codes or file complaints.
namespace {
bool is_json_type(std::string_view v) {
  v = v.substr(0, v.find(';'));
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  if (v.size() != kJson.size()) return false;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != kJson[i]) return false;
  return true;
}
}  // namespace

Result<json> parse_body(const httplib::Request& req) {
  if (!is_json_type(req.get_header_value("Content-Type"))) return Errc::http_unsupported_media_type;
  if (req.body.size() > kMaxJsonBody) return Errc::http_payload_too_large;
  // core/json.h checks the nesting depth before nlohmann (recursive) sees the text.
  Result<json> j = parse_json(req.body, kMaxJsonDepth);
  if (!j) return j.error();
  if (!j->is_object()) return Errc::json_not_object;
  return j;
}

std::string bearer_token(const httplib::Request& req) {
  if (!req.has_header("Authorization")) return {};
  std::string v = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (v.size() <= kPrefix.size()) return {};
  for (std::size_t i = 0; i < kPrefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(v[i])) != std::tolower(static_cast<unsigned char>(kPrefix[i])))
      return {};
  std::string t = v.substr(kPrefix.size());
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t.size() > 256 ? std::string() : t;
}

std::string client_ip(const httplib::Request& req, bool trust_proxy) {
  const std::size_t lines = trust_proxy ? req.get_header_value_count("X-Forwarded-For") : 0;
  if (lines > 0) {
    // DESIGN §8: the hop our proxy appended is the last entry of the LAST line. A proxy that adds
    // its own header line (HAProxy `option forwardfor`) leaves the client's line first, so the
    // first line is whatever the client chose (issue 21 finding 4).
    std::string v = req.get_header_value("X-Forwarded-For", lines - 1);
    auto comma = v.rfind(',');
    std::string last = comma == std::string::npos ? v : v.substr(comma + 1);
    auto b = last.find_first_not_of(' ');
    auto e = last.find_last_not_of(' ');
    if (b != std::string::npos) return last.substr(b, e - b + 1);
  }
  return req.remote_addr;
}

std::optional<std::string> get_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<bool> get_bool(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<std::int64_t> get_int(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

}  // namespace cw::server
