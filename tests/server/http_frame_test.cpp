// tests/server/http_frame_test.cpp — request framing of the event loop (server/http_frame.h): where a
// request ends, fed all at once and byte by byte, and the limits it enforces while reading.
#include "server/http_frame.h"

#include <gtest/gtest.h>

#include <string>

namespace cw::server {
namespace {

constexpr std::size_t kCap = 1000;

Frame frame_all(const std::string& bytes) {
  Frame f;
  advance_frame(bytes, kCap, f);
  return f;
}

// Feeds one byte more each time, as a dribbling client would; the frame of the whole.
Frame frame_dribbled(const std::string& bytes) {
  Frame f;
  for (std::size_t n = 1; n <= bytes.size() && f.state == FrameState::incomplete; ++n)
    advance_frame(std::string_view(bytes).substr(0, n), kCap, f);
  return f;
}

TEST(HttpFrame, AHeadWithoutBodyEndsAtTheBlankLineAndPipelinedBytesStayOutside) {
  const std::string one = "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  const Frame f = frame_all(one + "GET /next HTTP/1.1\r\n");
  EXPECT_EQ(f.state, FrameState::complete);
  EXPECT_EQ(f.length, one.size());
  EXPECT_EQ(frame_dribbled(one).length, one.size());
  EXPECT_EQ(frame_all("GET / HTTP/1.1\nHost: x\n\n").length, 24u);  // bare LF lines, as httplib reads them
  EXPECT_EQ(frame_all("GET / HTTP/1.1\r\nHost: x\r\n").state, FrameState::incomplete);
}

TEST(HttpFrame, ContentLengthBodiesAreWaitedForAndOverTheCapRefusedFromTheHead) {
  const std::string head = "POST /x HTTP/1.1\r\ncontent-length:  5 \r\nExpect: 100-continue\r\n\r\n";
  Frame f = frame_all(head + "ab");
  EXPECT_EQ(f.state, FrameState::incomplete);
  EXPECT_TRUE(f.expects_continue);
  advance_frame(head + "abcdeGET", kCap, f);
  EXPECT_EQ(f.state, FrameState::complete);
  EXPECT_EQ(f.length, head.size() + 5);
  EXPECT_FALSE(f.expects_continue);
  EXPECT_EQ(frame_dribbled(head + "abcde").length, head.size() + 5);

  const std::string big = "POST /x HTTP/1.1\r\nContent-Length: 9000000000\r\n\r\n";
  f = frame_all(big + "%PDF");
  EXPECT_EQ(f.state, FrameState::body_refused);
  EXPECT_EQ(f.length, big.size());
  EXPECT_EQ(frame_all("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n").state, FrameState::body_refused);
  // The first Content-Length counts (httplib's get_header_value reads the first).
  EXPECT_EQ(frame_all("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 99\r\n\r\nab").state,
            FrameState::complete);
}

TEST(HttpFrame, ChunkedBodiesEndAfterTheZeroChunkAndBadOnesCannotBeFollowed) {
  const std::string req = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
                          "4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n";
  Frame f = frame_all(req + "GET /");
  EXPECT_EQ(f.state, FrameState::complete);
  EXPECT_EQ(f.length, req.size());
  EXPECT_EQ(frame_dribbled(req).length, req.size());
  EXPECT_EQ(frame_all(req.substr(0, req.size() - 2)).state, FrameState::incomplete);
  EXPECT_EQ(frame_all("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").state, FrameState::unframable);
  EXPECT_EQ(frame_all("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFF\r\n").state,
            FrameState::unframable);  // one chunk over twice the cap
}

// DESIGN §8: request heads ≤ 32 KB.
TEST(HttpFrame, AHeadOver32KBIsRefusedWithoutWaitingForItsEnd) {
  std::string head = "GET / HTTP/1.1\r\n";
  while (head.size() < kMaxHeadBytes) head += "X-Pad: " + std::string(100, 'p') + "\r\n";
  EXPECT_EQ(frame_all(head).state, FrameState::head_too_large);
  std::string fits = "GET / HTTP/1.1\r\n";
  while (fits.size() < 20 * 1024) fits += "X-Pad: " + std::string(100, 'p') + "\r\n";
  EXPECT_EQ(frame_all(fits + "\r\n").state, FrameState::complete);
}

}  // namespace
}  // namespace cw::server
