// tests/fuzz/server_request_fuzz.cpp — the server's request handling on arbitrary bytes: each input
// is one raw HTTP request (method, path, headers, body) answered in process by the real App (routes,
// CORS, JSON caps, storage on a temporary database) through HttpServer::handle_raw. No crash, and
// every answer is an HTTP response whose error bodies have the DESIGN §4 shape.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/json.h"
#include "server/app.h"

namespace {

std::string g_dir;  // the temporary database folder, removed when the fuzzer exits

cw::server::App* app() {
  static cw::server::App* instance = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "cw-fuzz-server-XXXXXX").string();
    char* dir = mkdtemp(tmpl.data());
    if (!dir) std::abort();
    g_dir = dir;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(g_dir, ec);
    });
    cw::server::Config c;
    c.port = 0;
    c.db = std::string(dir) + "/complaints.db";
    c.static_dir = std::string(dir) + "/web";
    c.dev = true;
    c.quiet = true;
    c.rate_limits = false;  // every input should reach the handlers, not a 429
    c.cors = {"https://www.operator.example", "null"};
    auto a = cw::server::App::create(c);
    if (!a) std::abort();
    return std::move(a).value().release();
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view request(reinterpret_cast<const char*>(data), size);
  std::string response = app()->http().handle_raw(request);
  if (response.empty()) return 0;  // httplib dropped the connection (unparseable request line)
  if (response.rfind("HTTP/1.1 ", 0) != 0) std::abort();
  const int status = std::atoi(response.c_str() + 9);
  if (status < 100 || status > 599) std::abort();
  // An API error answer is always {"error":{"code":…}} (what the client's decoder relies on).
  const auto head_end = response.find("\r\n\r\n");
  if (head_end == std::string::npos) std::abort();
  const std::string_view body = std::string_view(response).substr(head_end + 4);
  if (status >= 400 && response.find("Content-Type: application/json") != std::string::npos && !body.empty()) {
    auto j = cw::parse_json(body);
    if (!j.ok() || !j.value().is_object() || !j.value().contains("error")) std::abort();
  }
  return 0;
}
