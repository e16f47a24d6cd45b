// server/static_files.cpp — static bundle serving: content types, precompressed variants, cache
// policy, isolation headers. Hashed files are cached forever; the entry modules and pages revalidate
// (DESIGN §6).
#include "server/static_files.h"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>

#include "server/http_util.h"

namespace cw::server {
namespace {

namespace fs = std::filesystem;

std::string content_type_for(const std::string& ext) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".wasm", "application/wasm"},
      {".json", "application/json"}, {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".ts", "text/plain; charset=utf-8"},
      {".map", "application/json"}, {".woff2", "font/woff2"}, {".webmanifest", "application/manifest+json"},
  };
  for (const auto& [e, t] : kTypes)
    if (ext == e) return t;
  return "application/octet-stream";
}

bool accepts(const httplib::Request& req, std::string_view coding) {
  if (!req.has_header("Accept-Encoding")) return false;
  const std::string v = req.get_header_value("Accept-Encoding");
  // Token match, and "q=0" means refused (rare; treated as not accepted).
  std::size_t pos = 0;
  while (pos < v.size()) {
    std::size_t end = v.find(',', pos);
    if (end == std::string::npos) end = v.size();
    std::string item = v.substr(pos, end - pos);
    pos = end + 1;
    auto b = item.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    item = item.substr(b);
    if (item.compare(0, coding.size(), coding) != 0) continue;
    std::string rest = item.substr(coding.size());
    if (rest.empty() || rest[0] == ';' || rest[0] == ' ')
      return rest.find("q=0") == std::string::npos || rest.find("q=0.") != std::string::npos;
  }
  return false;
}

// Resolves the request path inside `root`; empty when it escapes or does not exist.
fs::path resolve(const fs::path& root, const std::string& url_path) {
  const std::string& decoded = url_path;  // httplib has already percent-decoded req.path
  if (decoded.empty() || decoded[0] != '/' || decoded.find('\0') != std::string::npos) return {};
  fs::path rel = fs::path(decoded.substr(1)).lexically_normal();
  if (!rel.empty() && (*rel.begin() == ".." || rel.is_absolute())) return {};
  std::error_code ec;
  fs::path p = root / rel;
  if (fs::is_directory(p, ec)) p /= "index.html";
  if (!fs::is_regular_file(p, ec)) return {};
  return p;
}

void serve_file(const fs::path& file, const std::string& type, const httplib::Request& req, httplib::Response& res) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return;
  // Streamed with a known length: httplib then neither buffers the file nor compresses it again.
  auto path = std::make_shared<std::string>(file.string());
  res.set_content_provider(static_cast<std::size_t>(size), type,
                           [path](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             std::ifstream in(*path, std::ios::binary);
                             in.seekg(static_cast<std::streamoff>(offset));
                             std::string buf(std::min<std::size_t>(length, 64 * 1024), '\0');
                             in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
                             auto n = static_cast<std::size_t>(in.gcount());
                             if (n == 0) return false;
                             return sink.write(buf.data(), n);
                           });
  (void)req;
}

}  // namespace

bool is_content_hashed(const std::string& path) {
  // name.<hex>.ext — at least 8 hex digits between the last two dots.
  auto last = path.rfind('.');
  if (last == std::string::npos || last == 0) return false;
  auto prev = path.rfind('.', last - 1);
  auto slash = path.rfind('/');
  if (prev == std::string::npos || (slash != std::string::npos && prev < slash)) return false;
  std::string_view hash(path.data() + prev + 1, last - prev - 1);
  if (hash.size() < 8) return false;
  for (char c : hash)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

bool mount_static(httplib::Server& srv, const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  const fs::path root = fs::weakly_canonical(dir, ec);
  auto handler = [root](const httplib::Request& req, httplib::Response& res) {
    // Unknown API paths get the JSON 404 of DESIGN §4, not an HTML page.
    if (req.path.rfind("/api/", 0) == 0) return send_error(req, res, Errc::http_not_found);
    fs::path file = resolve(root, req.path);
    if (file.empty()) return send_error(req, res, Errc::http_not_found);
    const std::string ext = file.extension().string();
    const std::string type = content_type_for(ext);
    const bool hashed = is_content_hashed(file.filename().string());

    res.set_header("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    // Cross-origin isolation gives the page precise timers (benchmarks) and is harmless here.
    res.set_header("Cross-Origin-Opener-Policy", "same-origin");
    res.set_header("Cross-Origin-Embedder-Policy", "require-corp");
    res.set_header("Cross-Origin-Resource-Policy", "same-origin");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    // Range is ignored server-wide (server/http_server.cpp ignore_ranges); say so rather than
    // httplib's default `bytes` on HEAD.
    res.set_header("Accept-Ranges", "none");
    if (ext == ".html") res.set_header("Content-Security-Policy", kHtmlCsp);

    // Precompressed variants (made by the web build), chosen by what the client accepts.
    fs::path chosen = file;
    std::string encoding;
    std::error_code e2;
    if (accepts(req, "br") && fs::is_regular_file(file.string() + ".br", e2)) {
      chosen = file.string() + ".br";
      encoding = "br";
    } else if (accepts(req, "gzip") && fs::is_regular_file(file.string() + ".gz", e2)) {
      chosen = file.string() + ".gz";
      encoding = "gzip";
    }
    const bool has_variants = fs::exists(file.string() + ".br", e2) || fs::exists(file.string() + ".gz", e2);
    if (has_variants) res.set_header("Vary", "Accept-Encoding");

    // Validator: size and mtime of the bytes sent, plus the coding (variants differ).
    const auto size = fs::file_size(chosen, e2);
    const auto mtime = static_cast<std::uint64_t>(fs::last_write_time(chosen, e2).time_since_epoch().count());
    const std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) +
                             (encoding.empty() ? "" : "-" + encoding) + "\"";
    res.set_header("ETag", etag);
    if (req.has_header("If-None-Match") && req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
    res.status = 200;
    serve_file(chosen, type, req, res);
  };
  srv.Get(".*", handler);
  return true;
}

}  // namespace cw::server
