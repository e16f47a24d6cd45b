// server/http_util.h — the HTTP plumbing every handler shares: the error shape of DESIGN §4, JSON
// bodies (size and nesting caps before parsing), Bearer tokens, client address, language.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"
#include "core/json.h"

namespace cw::server {

using json = nlohmann::json;  // == cw::Json

// {"error":{"code","message","fields"}} with the status of the code's row (core/errors.h), in the
// language of Accept-Language; a 401 with its WWW-Authenticate.
void send_error(const httplib::Request& req, httplib::Response& res, const Error& err);
void send_error(const httplib::Request& req, httplib::Response& res, Errc code, int status_override = 0);

void send_json(httplib::Response& res, int status, const json& body);
// Sets a JSON answer. Complaint text is stored verbatim, so `<script>` typed by someone comes back;
// written as \u003c… it is the same JSON string but can never be read as markup by anything that
// sniffs or pastes the answer into HTML. '<', '>' and '&' only ever occur inside JSON strings.
void set_json_body(httplib::Response& res, const std::string& text);
// Never aborts on invalid UTF-8 (TOOLCHAIN.md: dump with error_handler_t::replace).
std::string dump(const json& j);

// Parses a JSON object body: 413 over 64 KB (kMaxJsonBody), 400 json.too_deep / json.malformed / json.not_object.
Result<json> parse_body(const httplib::Request& req);

// The Bearer token of the Authorization header, or "".
std::string bearer_token(const httplib::Request& req);

// The client address for rate limits: the socket peer, or with --trust-proxy the last
// X-Forwarded-For hop (the one our own proxy appended; earlier hops are the client's word).
std::string client_ip(const httplib::Request& req, bool trust_proxy);

Lang request_lang(const httplib::Request& req);

// Typed field access that never aborts (JSON_NOEXCEPTION: get<T>() on a wrong type would).
std::optional<std::string> get_string(const json& j, const char* key);
std::optional<bool> get_bool(const json& j, const char* key);
std::optional<std::int64_t> get_int(const json& j, const char* key);

}  // namespace cw::server
