// server/http_frame.cpp — request framing for the event loop: the end of the head, then the body by
// Transfer-Encoding: chunked or Content-Length, read the way httplib will read them (so that the
// bytes handed on are exactly the request httplib parses, and the next request starts right after).
#include "server/http_frame.h"

#include <string_view>

namespace cw::server {
namespace {

constexpr std::size_t npos = std::string_view::npos;
constexpr std::size_t kMaxChunkLine = 1024;  // "hex-size;extensions\r\n"

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// As strtoull(v, nullptr, 10), which httplib applies to Content-Length: "-1" wraps to the maximum
// (and is refused as too large), no digits is 0.
std::uint64_t content_length_value(std::string_view v) {
  if (!v.empty() && v[0] == '-') return UINT64_MAX;
  if (!v.empty() && v[0] == '+') v.remove_prefix(1);
  std::uint64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') break;
    if (n > (UINT64_MAX - 9) / 10) return UINT64_MAX;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

// The offset just past the blank line that ends the head ("\n\n" or "\n\r\n"), or npos.
std::size_t find_head_end(std::string_view buf, std::size_t from) {
  for (std::size_t i = buf.find('\n', from); i != npos; i = buf.find('\n', i + 1)) {
    if (i + 1 < buf.size() && buf[i + 1] == '\n') return i + 2;
    if (i + 2 < buf.size() && buf[i + 1] == '\r' && buf[i + 2] == '\n') return i + 3;
  }
  return npos;
}

// Reads the framing headers of a complete head. httplib keeps the first of repeated headers for
// get_header_value and drops headers with an empty value; so does this.
void read_framing(std::string_view head, Frame& f) {
  bool te_seen = false, cl_seen = false, expect_seen = false;
  for (std::size_t pos = head.find('\n') + 1; pos < head.size();) {
    std::size_t end = head.find('\n', pos);
    if (end == npos) end = head.size();
    const std::string_view line = head.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t colon = line.find(':');
    if (colon == npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty()) continue;
    if (!te_seen && iequals(name, "Transfer-Encoding")) {
      te_seen = true;
      f.chunked = iequals(value, "chunked");
    } else if (!cl_seen && iequals(name, "Content-Length")) {
      cl_seen = true;
      f.content_length = content_length_value(value);
    } else if (!expect_seen && iequals(name, "Expect")) {
      expect_seen = true;
      f.expects_continue = value == "100-continue";
    }
  }
}

// Follows chunk-size lines from f.chunk_at; complete after the zero chunk and its blank line.
void advance_chunks(std::string_view buf, std::size_t max_body, Frame& f) {
  for (;;) {
    // httplib stops reading a chunked body it cannot follow; twice the cap is as far as we go.
    if (f.chunk_at - f.head_length > 2 * max_body) {
      f.state = FrameState::unframable;
      return;
    }
    const std::size_t eol = buf.find('\n', f.chunk_at);
    if (eol == npos) {
      if (buf.size() - f.chunk_at > kMaxChunkLine) f.state = FrameState::unframable;
      return;
    }
    const std::string_view line = trim(buf.substr(f.chunk_at, eol - f.chunk_at));
    if (f.in_trailer) {
      f.chunk_at = eol + 1;
      if (line.empty()) {
        f.state = FrameState::complete;
        f.length = f.chunk_at;
        return;
      }
      continue;
    }
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (; digits < line.size() && digits < 16; ++digits) {
      const char c = line[digits];
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) break;
      size = size * 16 + static_cast<std::uint64_t>(d);
    }
    if (digits == 0 || size > 2 * max_body) {
      f.state = FrameState::unframable;
      return;
    }
    if (size == 0) {
      f.in_trailer = true;
      f.chunk_at = eol + 1;
      continue;
    }
    const std::size_t next = eol + 1 + static_cast<std::size_t>(size) + 2;  // data, then CRLF
    if (buf.size() < next) return;
    f.chunk_at = next;
  }
}

}  // namespace

void advance_frame(std::string_view buf, std::size_t max_body, Frame& f) {
  if (f.head_length == 0) {
    const std::size_t end = find_head_end(buf.substr(0, kMaxHeadBytes), f.scanned);
    if (end == npos) {
      if (buf.size() >= kMaxHeadBytes) f.state = FrameState::head_too_large;
      f.scanned = buf.size() > 2 ? buf.size() - 2 : 0;
      return;
    }
    f.head_length = end;
    f.chunk_at = end;
    read_framing(buf.substr(0, end), f);
  }
  if (f.chunked) {
    advance_chunks(buf, max_body, f);
  } else if (f.content_length > max_body) {
    f.state = FrameState::body_refused;
    f.length = f.head_length;
  } else if (buf.size() - f.head_length >= f.content_length) {
    f.state = FrameState::complete;
    f.length = f.head_length + static_cast<std::size_t>(f.content_length);
  }
  if (f.state != FrameState::incomplete) f.expects_continue = false;
}

}  // namespace cw::server
