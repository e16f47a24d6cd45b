// server/static_files.h — serves the browser bundle (dist/web) with the right types and headers.
// Content types matter: browsers compile wasm streaming only when served as application/wasm.
#pragma once
#include <string>

namespace httplib { class Server; }

namespace cw::server {

// Mounts `dir` at `/` on `srv` with content types for .wasm/.js/.mjs and cache headers.
// Returns false when the directory does not exist.
bool mount_static(httplib::Server& srv, const std::string& dir);

}  // namespace cw::server
