// server/static_files.h — serves the browser bundle (dist/web) with the right types and headers.
// Content types matter: browsers compile wasm streaming only when served as application/wasm.
#pragma once
#include <string>

namespace httplib { class Server; }

namespace cw::server {

// The Content-Security-Policy of HTML pages (DESIGN §6: strict CSP, no eval; wasm needs only
// 'wasm-unsafe-eval'). Styles may be inline: the demo pages carry a small <style> block.
inline constexpr const char* kHtmlCsp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

// Registers a GET/HEAD handler serving `dir` at `/` (after the API routes, which must be
// registered first): precompressed .br/.gz variants when the client accepts them, ETag/304,
// immutable caching for content-hashed names, COOP/COEP, and the CSP on HTML.
// Returns false when the directory does not exist (the API is still served).
bool mount_static(httplib::Server& srv, const std::string& dir);

// True for names like `cw_widget.3f9a1c2b.wasm` (a hex hash of 8+ characters before the extension).
bool is_content_hashed(const std::string& path);

}  // namespace cw::server
