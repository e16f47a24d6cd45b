// server/http_server.cpp — the socket loop of HttpServer (keep-alive, per-request deadlines), its
// elastic thread pool, and the in-process raw request path for fuzzing.
#include "server/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace cw::server {

// [SECTION] ElasticPool --------------------------------------------------------------------------
void ElasticPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(fn));
    if (jobs_.size() > idle_ && threads_.size() < max_) threads_.emplace_back([this] { work(); });
  }
  cv_.notify_one();
}

void ElasticPool::work() {
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mu_);
      ++idle_;
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty()) return;  // stopping, and every queued connection was served
      fn = std::move(jobs_.front());
      jobs_.pop_front();
    }
    fn();
  }
}

void ElasticPool::shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  cv_.notify_all();
  for (auto& t : threads)
    if (t.joinable()) t.join();
}

// [SECTION] Streams ------------------------------------------------------------------------------
namespace {

using Clock = std::chrono::steady_clock;

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, buf, sizeof buf);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &a.sin6_addr, buf, sizeof buf);
    port = ntohs(a.sin6_port);
  }
  ip = buf;
}

// A socket read through a small buffer (httplib reads the head byte by byte), where every read
// waits at most the per-read timeout and never past the request's deadline.
class DeadlineStream : public httplib::Stream {
 public:
  DeadlineStream(int sock, const ConnectionLimits& limits, time_t read_timeout_s, time_t write_timeout_s,
                 size_t max_body)
      : sock_(sock), limits_(limits), read_timeout_(std::chrono::seconds(read_timeout_s)),
        write_timeout_ms_(static_cast<int>(write_timeout_s * 1000)), max_body_(max_body) {}

  // Called when the first byte of a request is there: the head deadline starts now.
  void start_request() {
    head_done_ = false;
    refused_ = false;
    expired_ = false;
    head_.clear();
    tail_ = 0;
    body_bytes_ = 0;
    deadline_ = Clock::now() + std::chrono::seconds(limits_.head_timeout_s);
  }

  // Waits up to `ms` for a byte (a kept-alive connection between requests).
  bool wait_readable(int ms) const { return off_ < len_ || poll_one(POLLIN, ms) > 0; }

  bool is_readable() const override { return off_ < len_ || poll_one(POLLIN, read_wait_ms()) > 0; }
  bool is_writable() const override { return poll_one(POLLOUT, write_timeout_ms_) > 0; }

  // The request ran out of time: the connection must close, not wait for another request.
  bool expired() const { return expired_; }

  ssize_t read(char* ptr, size_t size) override {
    // httplib drains a body over the cap before it answers 413 (so that a browser sees the answer
    // and not a reset). Up to twice the cap that is kept; a body announced or sent beyond it is
    // not read at all, and httplib answers 413 at once instead of draining gigabytes.
    if (refused_ || (head_done_ && body_bytes_ > 2 * max_body_)) return -1;
    if (off_ >= len_) {
      const int wait = read_wait_ms();
      if (wait <= 0) {
        expired_ = true;
        return -1;
      }
      // Bytes that are there already are taken without a poll first (one syscall, not two, for
      // most reads: bench/server's lookups spent a tenth of their CPU in poll and task switches).
      ssize_t n;
      do n = ::recv(sock_, buf_, sizeof buf_, MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        // Whatever the peer waits for before it sends more (an interim "100 Continue") goes first.
        if (!out_.empty() && !flush()) return -1;
        if (poll_one(POLLIN, wait) <= 0) {
          expired_ = true;
          return -1;
        }
        do n = ::recv(sock_, buf_, sizeof buf_, 0);
        while (n < 0 && errno == EINTR);
      }
      if (n <= 0) return n;
      off_ = 0;
      len_ = static_cast<size_t>(n);
    }
    const size_t k = std::min(size, len_ - off_);
    std::memcpy(ptr, buf_ + off_, k);
    off_ += k;
    account(ptr, k);
    return static_cast<ssize_t>(k);
  }

  // httplib writes a response's head and body separately: both are collected and sent together by
  // flush() after the request (one send, one TCP segment for a small answer), or as soon as 64 KB
  // are waiting (large files still stream).
  ssize_t write(const char* ptr, size_t size) override {
    if (failed_) return -1;
    out_.append(ptr, size);
    if (out_.size() >= kFlushBytes && !flush()) return -1;
    return static_cast<ssize_t>(size);
  }

  // Sends what write() collected; false when the peer is gone or does not read within the write
  // timeout (the connection is then closed).
  bool flush() {
    size_t sent = 0;
    while (!failed_ && sent < out_.size()) {
      ssize_t n;
      do n = ::send(sock_, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      while (n < 0 && errno == EINTR);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (poll_one(POLLOUT, write_timeout_ms_) <= 0) failed_ = true;
      } else {
        failed_ = true;
      }
    }
    out_.clear();
    return !failed_;
  }

  // Asked by httplib once or more per request: the socket's addresses do not change.
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    cached_address(getpeername, remote_ip_, remote_port_, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    cached_address(getsockname, local_ip_, local_port_, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  void cached_address(int (*query)(int, sockaddr*, socklen_t*), std::string& ip_cache, int& port_cache,
                      std::string& ip, int& port) const {
    if (port_cache < 0) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      port_cache = 0;
      if (query(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) address_of(addr, ip_cache, port_cache);
    }
    ip = ip_cache;
    port = port_cache;
  }

  int poll_one(short events, int ms) const {
    pollfd p{sock_, events, 0};
    int r;
    do r = ::poll(&p, 1, ms);
    while (r < 0 && errno == EINTR);
    return r;  // readiness includes hang-up and errors: the next recv/send reports them
  }

  // The per-read timeout, cut short by the request's deadline.
  int read_wait_ms() const {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
    auto cap = std::chrono::duration_cast<std::chrono::milliseconds>(read_timeout_);
    return static_cast<int>(std::max<long long>(0, std::min(left, cap).count()));
  }

  // Finds the blank line that ends the head; after it, the deadline moves with the body received.
  void account(const char* p, size_t n) {
    if (head_done_) {
      body_bytes_ += n;
    } else {
      for (size_t i = 0; i < n; ++i) {
        tail_ = (tail_ << 8) | static_cast<unsigned char>(p[i]);
        // DESIGN §8: request heads ≤ 32 KB. httplib caps each line but not their number (40 MB
        // of header lines held 136 MB, issue 21): past the cap the read fails, httplib answers 400
        // and the connection closes.
        if (head_.size() >= kMaxHeadBytes) {
          refused_ = true;
          expired_ = true;
          return;
        }
        head_.push_back(p[i]);
        if ((tail_ & 0xffffffffu) == 0x0d0a0d0au || (tail_ & 0xffffu) == 0x0a0au) {
          head_done_ = true;
          head_end_ = Clock::now();
          body_bytes_ = n - i - 1;
          refused_ = announced_length() / 2 > max_body_;
          break;
        }
      }
    }
    if (head_done_) {
      const long long extra = static_cast<long long>(body_bytes_) / std::max(1, limits_.body_min_bytes_per_s);
      deadline_ = head_end_ + read_timeout_ + std::chrono::seconds(extra);
    }
  }

  // The Content-Length of the head just read (0 when absent or unreadable: httplib decides then).
  size_t announced_length() const {
    // ASCII case folding in place (no copy of the head, no locale: a lookup's head is read once).
    static constexpr std::string_view kName = "\ncontent-length:";
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    const std::string_view h(head_);
    size_t at = std::string_view::npos;
    for (size_t p = h.find('\n'); p != std::string_view::npos && p + kName.size() <= h.size(); p = h.find('\n', p + 1)) {
      size_t k = 1;
      while (k < kName.size() && lower(h[p + k]) == kName[k]) ++k;
      if (k == kName.size()) {
        at = p;
        break;
      }
    }
    if (at == std::string_view::npos) return 0;
    size_t i = at + kName.size();
    while (i < h.size() && (h[i] == ' ' || h[i] == '\t')) ++i;
    size_t v = 0;
    for (; i < h.size() && h[i] >= '0' && h[i] <= '9'; ++i) {
      if (v > (SIZE_MAX - 9) / 10) return SIZE_MAX;
      v = v * 10 + static_cast<size_t>(h[i] - '0');
    }
    return v;
  }

  int sock_;
  ConnectionLimits limits_;
  std::chrono::seconds read_timeout_;
  int write_timeout_ms_;
  size_t max_body_;
  std::string head_;
  bool refused_ = false;
  bool expired_ = false;
  char buf_[4096];
  size_t off_ = 0, len_ = 0;
  bool head_done_ = false;
  std::uint32_t tail_ = 0;
  size_t body_bytes_ = 0;
  Clock::time_point head_end_{};
  Clock::time_point deadline_ = Clock::time_point::max();
  static constexpr size_t kFlushBytes = 64 * 1024;
  static constexpr size_t kMaxHeadBytes = 32 * 1024;
  std::string out_;
  bool failed_ = false;
  mutable std::string remote_ip_, local_ip_;
  mutable int remote_port_ = -1, local_port_ = -1;
};

// One request in memory: reads `in`, appends what the server writes to `out`.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view in) : in_(in) {}
  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const size_t k = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, k);
    pos_ += k;
    return static_cast<ssize_t>(k);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string out;

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

// Range requests are ignored (RFC 9110 §14.2 lets a server do so): every answer is 200 with the whole
// content. httplib 0.11 would slice any answer, JSON included, keep the 200 and the full file's
// ETag for a part, and answer `bytes=0-,0-` with a multipart body whose Content-Range overflows
// (issue 21 finding 8) — a caching proxy could keep such a part for a year on an immutable .wasm.
// Nothing we serve needs parts (no media); a header httplib cannot parse still gets its 416.
void ignore_ranges(httplib::Request& req) { req.ranges.clear(); }

}  // namespace

// [SECTION] HttpServer ---------------------------------------------------------------------------
std::string HttpServer::handle_raw(std::string_view request) {
  MemoryStream strm(request);
  bool closed = false;
  (void)process_request(strm, true, closed, ignore_ranges);
  return std::move(strm.out);
}

bool HttpServer::set_backlog(int backlog) {
  const socket_t s = svr_sock_;
  return s != INVALID_SOCKET && ::listen(s, backlog) == 0;
}

// httplib's own loop, with the stream above: a request whose head is not complete within
// head_timeout_s is dropped, however slowly its bytes keep coming.
bool HttpServer::process_and_close_socket(socket_t sock) {
  DeadlineStream strm(sock, limits_, read_timeout_sec_, write_timeout_sec_, payload_max_length_);
  bool ret = false;
  for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
    // Idle between requests: wait in short slices so that stop() is noticed.
    bool ready = false;
    for (time_t waited_ms = 0; !ready && waited_ms <= keep_alive_timeout_sec_ * 1000 && svr_sock_ != INVALID_SOCKET;
         waited_ms += 100)
      ready = strm.wait_readable(100);
    if (!ready) break;
    strm.start_request();
    bool closed = false;
    ret = process_request(strm, left == 1, closed, ignore_ranges);
    if (!strm.flush()) ret = false;
    if (!ret || closed || strm.expired()) break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ret;
}

}  // namespace cw::server
