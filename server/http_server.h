// server/http_server.h — httplib::Server with two additions: connections are read with an overall
// deadline per request (slowloris clients that dribble headers are cut off, not served forever) on
// an elastic thread pool, and whole raw requests can be answered in process without a socket
// (the fuzz target tests/fuzz/server_request_fuzz.cpp).
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace cw::server {

// Per-read timeouts alone let a client that sends one byte every few seconds hold a connection
// (and its thread) forever; these are overall deadlines per request.
struct ConnectionLimits {
  int head_timeout_s = 10;          // request line + headers must arrive within this, however dribbled
  int body_min_bytes_per_s = 4096;  // after the head, the body gets 10 s plus 1 s per this many bytes
};

// A thread pool that grows on demand up to `max_threads` (a thread per open connection, as httplib
// needs) and queues beyond that. Idle threads are kept for the next burst.
class ElasticPool : public httplib::TaskQueue {
 public:
  explicit ElasticPool(std::size_t max_threads) : max_(max_threads) {}
  ~ElasticPool() override { shutdown(); }
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void work();
  std::size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
  std::size_t idle_ = 0;
  bool stopping_ = false;
};

class HttpServer : public httplib::Server {
 public:
  void set_connection_limits(const ConnectionLimits& l) { limits_ = l; }
  // Answers the raw bytes of one HTTP request (request line, headers, body) exactly as a socket
  // connection would, and returns the raw response. The remote address is 127.0.0.1.
  std::string handle_raw(std::string_view request);
  // httplib listens with a backlog of 5: a burst of connections beyond it has its SYNs dropped and
  // waits seconds for retransmits. Linux lets listen() be called again to raise it (after bind).
  bool set_backlog(int backlog);

 private:
  bool process_and_close_socket(socket_t sock) override;
  ConnectionLimits limits_;
};

}  // namespace cw::server
