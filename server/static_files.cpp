// server/static_files.cpp — static bundle serving: content types, cache policy, isolation headers.
// Hashed files are cached forever; the entry modules and pages revalidate (DESIGN §6).
#include "server/static_files.h"

#include <httplib.h>

#include <filesystem>

namespace cw::server {

bool mount_static(httplib::Server& srv, const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) return false;
  srv.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  srv.set_file_extension_and_mimetype_mapping("js", "text/javascript");
  srv.set_file_extension_and_mimetype_mapping("mjs", "text/javascript");
  srv.set_file_extension_and_mimetype_mapping("json", "application/json");
  srv.set_file_extension_and_mimetype_mapping("ts", "text/plain");
  srv.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
    const std::string& p = req.path;
    // Content-hashed names (name.<hash>.wasm) never change; everything else revalidates.
    bool hashed = p.find(".wasm") != std::string::npos && std::count(p.begin(), p.end(), '.') >= 2;
    res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    // Cross-origin isolation gives the page precise timers (benchmarks) and is harmless here.
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Embedder-Policy", "require-corp");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    res.set_header("X-Content-Type-Options", "nosniff");
  });
  return srv.set_mount_point("/", dir);
}

}  // namespace cw::server
