// server/http_server.h — the complaint server's HTTP/1.1 front: one event thread (epoll) owns every
// socket, reads request heads and bodies without blocking and within the limits below, and hands
// only complete requests to a small fixed pool of workers through a bounded queue; httplib parses
// and routes each request in memory on the worker. Whole raw requests can also be answered without
// a socket (the fuzz target tests/fuzz/server_request_fuzz.cpp).
//
// Why not httplib's own loop: it gives every open connection a thread, so a thousand keep-alive
// clients sending a request every few seconds held every thread and fresh requests waited in an
// unbounded queue for 15 s (issue 21 finding 1).
#pragma once

#include <httplib.h>

#include <atomic>
#include <string>
#include <string_view>

namespace cw::server {

// What one client may hold and how long it may take (DESIGN §8: a client cannot starve others).
struct ConnectionLimits {
  int head_timeout_s = 10;          // request line + headers must arrive within this, however dribbled
  int body_min_bytes_per_s = 4096;  // after the head, the body gets the read timeout plus 1 s per this many bytes
  int max_connections = 10000;      // open sockets in all (lowered to what RLIMIT_NOFILE allows)
  int max_connections_per_ip = 256; // per socket peer address (never X-Forwarded-For: it is the client's word)
  int workers = 16;                 // threads that run handlers
  int queue_max = 1024;             // complete requests waiting for a worker; beyond, 503 + Retry-After
};

class EventLoop;

class HttpServer : public httplib::Server {
 public:
  HttpServer();
  ~HttpServer() override;

  void set_connection_limits(const ConnectionLimits& l) { limits_ = l; }
  const ConnectionLimits& connection_limits() const { return limits_; }
  // The pre-routing handler runs first on every request, and also on requests the front answers
  // itself (503 when the queue is full), so that those carry the CORS headers a browser needs to read them.
  httplib::Server& set_pre_routing_handler(HandlerWithResponse handler);

  // Answers the raw bytes of one HTTP request (request line, headers, body) exactly as a socket
  // connection would, and returns the raw response. The remote address is 127.0.0.1.
  std::string handle_raw(std::string_view request);
  // The listen backlog (httplib's is 5: a burst of connections beyond it has its SYNs dropped and
  // waits seconds for retransmits). Linux lets listen() be called again to raise it (after bind).
  bool set_backlog(int backlog);

  // Serves on the bound socket until stop(); false when the loop could not start.
  bool serve();
  // Stops serving: no new connections, requests in progress are answered (async-signal-safe).
  void stop();
  bool is_running() const { return running_; }

 private:
  friend class EventLoop;
  // One request through httplib's parser and router, in memory: `forced_status` (when not 0) answers
  // it with that status after the pre-routing handler, without running a route.
  std::string answer(std::string_view request, const std::string& ip, int port, bool close_connection,
                     bool& close_after, int forced_status = 0);

  ConnectionLimits limits_;
  HandlerWithResponse pre_routing_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stop_requested_{false};
  int wake_fd_ = -1;  // an eventfd: stop() and finished workers wake the event loop through it
};

}  // namespace cw::server
