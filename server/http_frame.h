// server/http_frame.h — where one HTTP/1.1 request ends in the bytes read so far. The event loop
// (server/http_server.cpp) needs only this to hand whole requests to workers and to enforce the head
// and body limits while it reads; httplib parses the complete request on the worker.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace cw::server {

// DESIGN §8: request heads ≤ 32 KB (40 MB of header lines once held 136 MB, issue 21).
inline constexpr std::size_t kMaxHeadBytes = 32 * 1024;

enum class FrameState {
  incomplete,      // more bytes are needed
  complete,        // the first `length` bytes are one whole request
  head_too_large,  // no end of the head within kMaxHeadBytes: the connection is answered 400 and closed
  body_refused,    // a Content-Length over the cap: the head alone is handed on (httplib answers 413)
  unframable,      // a chunked body that cannot be followed (bad size line, over twice the cap)
};

// The state of framing one request; kept between reads so that no byte is scanned twice (a client
// dribbling a 32 KB head byte by byte would otherwise cost 32 K scans of up to 32 KB).
struct Frame {
  FrameState state = FrameState::incomplete;
  std::size_t head_length = 0;  // through the blank line; 0 while the head is incomplete
  std::size_t length = 0;       // when complete: head and body
  bool expects_continue = false;  // the head asks for "100 Continue" before it sends its body
  // Internal progress.
  std::size_t scanned = 0;      // the head's end is not before this offset
  bool chunked = false;
  std::uint64_t content_length = 0;
  std::size_t chunk_at = 0;     // offset of the next chunk-size line (chunked bodies)
  bool in_trailer = false;      // after the last (zero) chunk
};

// Continues framing the request at the start of `buf` from where `f` left off (a default Frame for
// a new request). `max_body` is the largest body accepted (httplib's payload cap).
void advance_frame(std::string_view buf, std::size_t max_body, Frame& f);

}  // namespace cw::server
