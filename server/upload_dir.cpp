// server/upload_dir.cpp — upload bytes as files in one folder (server/upload_dir.h).
#include "server/upload_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "server/crypto.h"
#include "server/log.h"

namespace cw::server {

namespace fs = std::filesystem;

namespace {

// Writes all of `bytes` to a new private file (0600: DESIGN §8) and fsyncs it.
bool write_synced(const fs::path& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = true;
  for (std::size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  return ::close(fd) == 0 && ok;
}

// A rename is durable only once the directory that holds the name is on disk too.
bool sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// True when the file at `path` holds exactly the bytes whose SHA-256 is `sha`.
bool holds(const fs::path& path, const std::string& sha, std::size_t size) {
  std::error_code ec;
  if (fs::file_size(path, ec) != size || ec) return false;
  std::ifstream in(path, std::ios::binary);
  std::string stored(size, '\0');
  in.read(stored.data(), static_cast<std::streamsize>(size));
  return in && sha256_hex(stored) == sha;
}

}  // namespace

Result<void> put_upload_file(const std::string& uploads_dir, const std::string& sha, std::string_view bytes) {
  const fs::path final_path = fs::path(uploads_dir) / sha;
  if (holds(final_path, sha, bytes.size())) return {};
  const fs::path tmp = fs::path(uploads_dir) / (sha + "." + random_hex(4) + ".tmp");
  std::error_code ec;
  // Made private (0700) when missing; serve makes it at start (open_context), `token` never needs it.
  if (fs::create_directories(uploads_dir, ec)) fs::permissions(uploads_dir, fs::perms::owner_all, ec);
  if (!write_synced(tmp, bytes)) {
    fs::remove(tmp, ec);
    log_event("error", "upload_write_failed");
    return Errc::server_error;
  }
  fs::rename(tmp, final_path, ec);
  if (ec || !sync_dir(uploads_dir)) {
    fs::remove(tmp, ec);
    log_event("error", "upload_write_failed");
    return Errc::server_error;
  }
  return {};
}

std::optional<std::string> read_upload_file(const std::string& dir, const std::string& sha) {
  std::ifstream in(fs::path(dir) / sha, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

void remove_upload_file(const std::string& dir, const std::string& sha) {
  std::error_code ec;
  fs::remove(fs::path(dir) / sha, ec);
}

}  // namespace cw::server
