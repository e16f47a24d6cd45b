// tests/server/http_server_test.cpp — the HTTP front (server/http_server.h) in process: when every
// worker is busy and the bounded queue is full, a request is answered 503 at once (DESIGN §8: a
// client cannot starve others; issue 21 finding 1: the old queue had no bound).
#include <poll.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "tests/server/server_process.h"

namespace cw::test {
namespace {

using Clock = std::chrono::steady_clock;

// What arrives on `fd` within `ms`, until `until` is in it or the peer closes.
std::string receive_until(int fd, const std::string& until, int ms) {
  std::string got;
  const auto end = Clock::now() + std::chrono::milliseconds(ms);
  while (got.find(until) == std::string::npos && Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    char b[4096];
    const ssize_t n = recv(fd, b, sizeof b, 0);
    if (n <= 0) break;
    got.append(b, static_cast<size_t>(n));
  }
  return got;
}

int send_request(int port, const std::string& request) {
  const int fd = connect_raw(port);
  if (fd >= 0) (void)send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  return fd;
}

TEST(HttpServer, AFullQueueIsAnswered503AtOnceWithRetryAfterAndCors) {
  TestServer s([](server::Config& c) {
    c.threads = 1;  // one worker: its queue holds 64
    c.cors = {"https://shop.example"};
  });
  std::atomic<bool> release{false};
  std::atomic<int> held{0};
  // A route that keeps the worker until released (registered before any request reaches it).
  s.app().http().Post("/test/hold", [&](const httplib::Request&, httplib::Response& res) {
    ++held;
    for (int i = 0; i < 1000 && !release; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    res.set_content("{}", "application/json");
  });
  const std::string hold = "POST /test/hold HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
  std::vector<int> fds;
  fds.push_back(send_request(s.port(), hold));
  for (int i = 0; i < 200 && held == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(held.load(), 1);
  for (int i = 0; i < 64; ++i) fds.push_back(send_request(s.port(), hold));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the loop has queued all 64

  const auto t0 = Clock::now();
  const int over = send_request(s.port(), "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\nOrigin: https://shop.example\r\n\r\n");
  const std::string answer = receive_until(over, "}}", 5000);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  close(over);
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After: 1\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Access-Control-Allow-Origin: https://shop.example\r\n"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"code\":\"server.unavailable\""), std::string::npos) << answer;
  EXPECT_LT(ms, 2000) << "not after the held requests (10 s)";
  EXPECT_EQ(held.load(), 1);

  // Released, every held request is answered, in turn, by the one worker.
  release = true;
  int answered = 0;
  for (int fd : fds) {
    answered += receive_until(fd, "\r\n\r\n", 10000).rfind("HTTP/1.1 200", 0) == 0 ? 1 : 0;
    close(fd);
  }
  EXPECT_EQ(answered, 65);
}

}  // namespace
}  // namespace cw::test
