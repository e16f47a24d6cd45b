// server/upload_dir.h — the bytes of uploads as files in one folder, each named by its SHA-256: how
// the SQLite storage keeps them (DESIGN §4: `<db dir>/uploads/`; PostgreSQL keeps them in a table).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/errors.h"

namespace cw::server {

// Issue 21 finding 3: an upload is acknowledged only once its bytes are on disk (DESIGN §8). The
// file is written to a temporary name, fsynced, renamed, and its folder fsynced; a crash never leaves
// a half file under the final name. A file already there is trusted only when its bytes hash to its
// name: a damaged or truncated one is replaced rather than referenced again. Files are 0600.
Result<void> put_upload_file(const std::string& dir, const std::string& sha, std::string_view bytes);
// The file's bytes; nullopt when there is none.
std::optional<std::string> read_upload_file(const std::string& dir, const std::string& sha);
void remove_upload_file(const std::string& dir, const std::string& sha);

}  // namespace cw::server
