// server/http_server.cpp — the event-driven HTTP front (Linux epoll) and its worker pool.
//
// Index:
//   [SECTION] In-memory requests  — httplib parses and answers one whole request held in memory
//   [SECTION] Connections         — per-socket state, the per-IP and global caps, idle lists
//   [SECTION] Event loop          — accept, read, frame, hand on, write, deadlines, stop
//   [SECTION] Workers             — the fixed pool behind the bounded queue
//   [SECTION] HttpServer
//
// One thread owns every socket: it reads without blocking, frames requests (server/http_frame.h) and
// queues only complete ones; a worker runs httplib on the bytes and sends the answer itself when the
// socket takes it at once (most answers), else the loop writes the rest. So a connection costs a few
// kilobytes while it is open, not a thread, and no client can keep a worker waiting on its socket.
#include "server/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "server/http_frame.h"
#include "server/http_util.h"
#include "server/log.h"

namespace cw::server {

// [SECTION] In-memory requests --------------------------------------------------------------------
namespace {

using Clock = std::chrono::steady_clock;

// One request in memory: reads `in`, appends what the server writes to `out`.
class MemoryStream : public httplib::Stream {
 public:
  MemoryStream(std::string_view in, const std::string& ip, int port) : in_(in), ip_(ip), port_(port) {}
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
    ip = ip_;
    port = port_;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  // No socket: httplib's FD_SETSIZE check and its socket waits never apply to a request in memory.
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string out;

 private:
  std::string_view in_;
  const std::string& ip_;
  int port_;
  size_t pos_ = 0;
};

// Range requests are ignored (RFC 9110 §14.2 lets a server do so): every answer is 200 with the whole
// content. httplib 0.11 would slice any answer, JSON included, keep the 200 and the full file's
// ETag for a part, and answer `bytes=0-,0-` with a multipart body whose Content-Range overflows
// (issue 21 finding 8) — a caching proxy could keep such a part for a year on an immutable .wasm.
// Nothing we serve needs parts (no media); a header httplib cannot parse still gets its 416.
void ignore_ranges(httplib::Request& req) { req.ranges.clear(); }

// The status the front wants for the request being answered on this thread (0: route it). Read by
// the pre-routing wrapper that HttpServer installs; only the loop thread ever sets it.
thread_local int t_forced_status = 0;

constexpr std::string_view kInterim = "HTTP/1.1 100 Continue\r\n\r\n";

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  port = 0;
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

// Sends what the socket takes now; the count sent (errors are seen by the loop's next write).
size_t send_now(int fd, std::string_view bytes) {
  size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) sent += static_cast<size_t>(n);
    else if (n < 0 && errno == EINTR) continue;
    else break;
  }
  return sent;
}

// The answer to a connection over a cap, before any request is read: 503 in the DESIGN §4 error shape
// (no request, so no Accept-Language: the default language), closed after.
std::string refusal_answer() {
  httplib::Request req;
  httplib::Response res;
  send_error(req, res, Errc::server_unavailable);
  return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + res.get_header_value("Content-Type") +
         "\r\nRetry-After: 5\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: " +
         std::to_string(res.body.size()) + "\r\n\r\n" + res.body;
}

}  // namespace

// [SECTION] Connections ---------------------------------------------------------------------------
namespace {

enum class Phase {
  idle,      // between requests (or before the first): may be closed first when a cap is reached
  reading,   // bytes of a request have come, not all of it
  working,   // the request is with a worker (which may send on the socket: never closed meanwhile)
  writing,   // the answer is partly sent
  draining,  // answered and half-closed; the rest of a refused body is read and dropped
};

struct Conn {
  int fd = -1;
  std::uint64_t id = 0;
  std::string ip;  // the socket peer (the per-IP cap; X-Forwarded-For is the client's word)
  int port = 0;
  Phase phase = Phase::idle;
  std::string in;  // received, not yet handed on
  Frame frame;
  std::string out;  // to send (an interim 100 Continue, or an answer's rest)
  size_t out_sent = 0;
  bool continue_sent = false;
  bool close_after_write = false;
  bool drain_after_close = false;
  bool peer_gone = false;
  bool read_paused = false;  // stopped reading at kReadAhead: the socket may hold more
  size_t served = 0;
  size_t drained = 0;
  // idle: since the last answer; reading: the request's first byte; writing: the last progress;
  // draining: the half-close.
  Clock::time_point since;
  Clock::time_point last_read;
  Clock::time_point head_done_at;
  std::list<Conn*>::iterator idle_all, idle_ip;  // valid while idle
};

struct Peer {
  int open = 0;
  std::list<Conn*> idle;  // oldest first
};

struct Job {
  int fd;
  std::uint64_t id;
  std::string request;
  std::string ip;
  int port;
  bool close;           // the answer says Connection: close
  bool strip_interim;   // the loop sent "100 Continue" already
  bool send_directly;   // nothing else waits to go out on the socket first
};

struct Done {
  int fd;
  std::uint64_t id;
  std::string answer;
  size_t sent;
  bool close;
};

}  // namespace

// [SECTION] Event loop ----------------------------------------------------------------------------
class EventLoop {
 public:
  EventLoop(HttpServer& server, int listen_fd, int wake_fd) : server_(server), listen_fd_(listen_fd), wake_fd_(wake_fd) {}
  bool run();
  // Called by workers.
  void work();

 private:
  // Setup
  void apply_fd_limit();
  // Accepting
  void accept_all();
  void admit(int fd, const sockaddr_storage& addr);
  void refuse(int fd);
  bool evict_oldest(std::list<Conn*>& idle);
  // Reading and framing
  void on_event(Conn& c, std::uint32_t events);
  bool on_readable(Conn& c);
  void begin_request(Conn& c);
  void try_frame(Conn& c);
  void hand_on(Conn& c, size_t length, bool close, bool drain);
  void answer_busy(Conn& c, std::string request);
  // Writing
  void on_done(Done& d);
  bool flush(Conn& c);
  void answered(Conn& c);
  void drain(Conn& c);
  // Lifetime
  void enter_idle(Conn& c);
  void leave_idle(Conn& c);
  void close_conn(Conn& c);
  void sweep(Clock::time_point now);
  bool under_pressure() const;
  void begin_stop();
  void take_done();
  Conn* find(int fd, std::uint64_t id);

  HttpServer& server_;
  int listen_fd_;
  int wake_fd_;
  int epoll_fd_ = -1;
  int reserve_fd_ = -1;  // given up to accept (and close) one connection when the process is out of fds
  size_t max_connections_ = 0;
  std::string refusal_;
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::string, Peer> peers_;
  std::list<Conn*> idle_;  // all idle connections, oldest first
  std::uint64_t next_id_ = 1;
  long long refused_ = 0;  // since the last log line
  Clock::time_point refusals_logged_{};
  bool stopping_ = false;
  Clock::time_point stop_deadline_;

  // Workers
  std::vector<std::thread> workers_;
  std::mutex jobs_mu_;
  std::condition_variable jobs_cv_;
  std::deque<Job> jobs_;
  std::atomic<size_t> queued_{0};
  bool workers_stop_ = false;
  std::mutex done_mu_;
  std::vector<Done> done_;
};

namespace {
constexpr size_t kReadAhead = 64 * 1024;  // pipelined bytes read while a request is with a worker
constexpr int kReservedFds = 128;         // for the database, uploads, static files, webhooks
constexpr auto kSweepEvery = std::chrono::milliseconds(100);
constexpr auto kIdleUnderPressure = std::chrono::seconds(1);
}  // namespace

Conn* EventLoop::find(int fd, std::uint64_t id) {
  auto it = conns_.find(fd);
  return it != conns_.end() && it->second->id == id ? it->second.get() : nullptr;
}

// A server that may hold thousands of sockets needs the hard fd limit, not the 1024 of many shells;
// the connection cap then stays below what is left after the server's own files.
void EventLoop::apply_fd_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &rl);
  }
  (void)getrlimit(RLIMIT_NOFILE, &rl);
  const long long usable = std::max<long long>(16, static_cast<long long>(rl.rlim_cur) - kReservedFds);
  max_connections_ = static_cast<size_t>(std::min<long long>(server_.limits_.max_connections, usable));
  if (max_connections_ < static_cast<size_t>(server_.limits_.max_connections))
    log_event("warn", "max_connections_lowered",
              {{"max_connections", log_num(static_cast<long long>(max_connections_))},
               {"reason", "RLIMIT_NOFILE"}});
}

bool EventLoop::run() {
  apply_fd_limit();
  refusal_ = refusal_answer();
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (epoll_fd_ < 0 || fcntl(listen_fd_, F_SETFL, fcntl(listen_fd_, F_GETFL) | O_NONBLOCK) != 0) return false;
  epoll_event ev{};
  ev.events = EPOLLIN;  // level-triggered: a backlog left by a full connection table is seen again
  ev.data.fd = listen_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev);
  ev.data.fd = wake_fd_;
  epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  for (int i = 0; i < std::max(1, server_.limits_.workers); ++i) workers_.emplace_back([this] { work(); });

  std::vector<epoll_event> events(512);
  auto next_sweep = Clock::now() + kSweepEvery;
  for (;;) {
    const int n = epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 50);
    for (int i = 0; i < n; ++i) {
      const int fd = events[static_cast<size_t>(i)].data.fd;
      if (fd == listen_fd_) accept_all();
      else if (fd == wake_fd_) take_done();
      else if (auto it = conns_.find(fd); it != conns_.end()) on_event(*it->second, events[static_cast<size_t>(i)].events);
    }
    const auto now = Clock::now();
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + kSweepEvery;
    }
    if (server_.stop_requested_ && !stopping_) begin_stop();
    if (stopping_ && (conns_.empty() || now >= stop_deadline_)) break;
  }
  {
    std::lock_guard lock(jobs_mu_);
    workers_stop_ = true;
  }
  jobs_cv_.notify_all();
  for (auto& t : workers_) t.join();  // every queued request is answered first
  for (auto& [fd, c] : conns_) ::close(fd);
  conns_.clear();
  ::close(epoll_fd_);
  if (reserve_fd_ >= 0) ::close(reserve_fd_);
  return true;
}

// Stop: no new connections; idle ones and half-read requests are closed now; requests with a worker
// or being written get the write timeout to finish.
void EventLoop::begin_stop() {
  stopping_ = true;
  stop_deadline_ = Clock::now() + std::chrono::seconds(std::max<time_t>(1, server_.write_timeout_sec_));
  epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listen_fd_, nullptr);
  const socket_t s = server_.svr_sock_.exchange(INVALID_SOCKET);
  if (s != INVALID_SOCKET) {
    ::shutdown(s, SHUT_RDWR);
    ::close(s);
  }
  std::vector<Conn*> done;
  for (auto& [fd, c] : conns_)
    if (c->phase == Phase::idle || c->phase == Phase::reading || c->phase == Phase::draining) done.push_back(c.get());
  for (Conn* c : done) close_conn(*c);
}

void EventLoop::accept_all() {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      admit(fd, addr);
      continue;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if ((errno == EMFILE || errno == ENFILE) && evict_oldest(idle_)) continue;
    if ((errno == EMFILE || errno == ENFILE) && reserve_fd_ >= 0) {
      // Out of fds with nothing idle to close: take the oldest waiting connection off the backlog
      // with the reserved fd and close it, or the level-triggered listener would spin.
      ::close(reserve_fd_);
      const int victim = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (victim >= 0) refuse(victim);
      reserve_fd_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    return;  // EAGAIN: the backlog is empty
  }
}

// DESIGN §8: connections per IP capped. At a cap the oldest idle keep-alive connection (of that peer,
// or of anyone for the global cap) is closed to make room: an idle connection costs its client only
// a reconnect, a refused one costs a request. Only when nothing is idle is the new one refused.
void EventLoop::admit(int fd, const sockaddr_storage& addr) {
  std::string ip;
  int port = 0;
  address_of(addr, ip, port);
  if (stopping_) return refuse(fd);
  // (Closing a connection may erase its peer's entry: looked up again after any eviction.)
  auto known = peers_.find(ip);
  const bool room_for_peer = known == peers_.end() || known->second.open < server_.limits_.max_connections_per_ip ||
                             evict_oldest(known->second.idle);
  const bool room = room_for_peer && (conns_.size() < max_connections_ || evict_oldest(idle_));
  if (!room) return refuse(fd);
  // Answers go out in one send, but an interim 100 Continue and the answer may be two segments.
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.fd = fd;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    ::close(fd);
    return;
  }
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  c->id = next_id_++;
  c->ip = std::move(ip);
  c->port = port;
  ++peers_[c->ip].open;
  Conn& ref = *c;
  conns_[fd] = std::move(c);
  enter_idle(ref);
}

void EventLoop::refuse(int fd) {
  (void)send_now(fd, refusal_);
  ::close(fd);
  ++refused_;
}

bool EventLoop::evict_oldest(std::list<Conn*>& idle) {
  if (idle.empty()) return false;
  close_conn(*idle.front());
  return true;
}

void EventLoop::on_event(Conn& c, std::uint32_t events) {
  const int fd = c.fd;
  const std::uint64_t id = c.id;
  if ((events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !on_readable(c)) return;
  if ((events & EPOLLOUT) && find(fd, id) && !c.out.empty()) (void)flush(c);
}

// Reads what the socket has (edge-triggered: until EAGAIN, or until enough is read ahead while a
// request is with a worker; answered() reads on). False when the connection was closed.
bool EventLoop::on_readable(Conn& c) {
  const int fd = c.fd;
  const std::uint64_t id = c.id;
  if (c.phase == Phase::draining) {
    drain(c);
    return find(fd, id) != nullptr;
  }
  char buf[16 * 1024];
  for (;;) {
    const bool busy = c.phase == Phase::working || c.phase == Phase::writing;
    c.read_paused = busy && c.in.size() >= kReadAhead;
    if (c.read_paused) return true;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      if (c.phase == Phase::idle) begin_request(c);
      c.in.append(buf, static_cast<size_t>(n));
      c.last_read = Clock::now();
      if (c.phase == Phase::reading) try_frame(c);
      if (!find(fd, id)) return false;
      // A short read emptied the socket: bytes that come later raise a new edge (the EAGAIN recv
      // that would confirm it is a syscall per request saved; nginx reads the same way).
      if (static_cast<size_t>(n) < sizeof buf) return true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    // The peer is gone (or half-closed): an answer already on its way is still sent.
    if (c.phase == Phase::working || c.phase == Phase::writing) {
      c.peer_gone = true;
      return true;
    }
    close_conn(c);
    return false;
  }
}

// The first byte of a request: the head deadline starts now, however slowly the rest comes.
void EventLoop::begin_request(Conn& c) {
  if (c.phase == Phase::idle) leave_idle(c);
  c.phase = Phase::reading;
  c.frame = Frame{};
  c.continue_sent = false;
  c.since = Clock::now();
}

void EventLoop::try_frame(Conn& c) {
  const bool had_head = c.frame.head_length > 0;
  advance_frame(c.in, server_.payload_max_length_, c.frame);
  if (!had_head && c.frame.head_length > 0) c.head_done_at = Clock::now();
  switch (c.frame.state) {
    case FrameState::incomplete:
      // The client waits for this before it sends the body (curl does, for large uploads).
      if (c.frame.expects_continue && !c.continue_sent) {
        c.continue_sent = true;
        c.out.append(kInterim);
        (void)flush(c);
      }
      return;
    case FrameState::complete: return hand_on(c, c.frame.length, false, false);
    // httplib answers 413 from the head alone; the body still coming is read and dropped after the
    // answer, so that the client (which sends before it reads) sees the 413 and not a reset.
    case FrameState::body_refused: return hand_on(c, c.frame.head_length, true, true);
    // Cut at 32 KB: httplib finds no end of the head there and answers 400 (issue 21, 40 MB heads).
    case FrameState::head_too_large: return hand_on(c, kMaxHeadBytes, true, true);
    case FrameState::unframable: return hand_on(c, c.in.size(), true, true);
  }
}

// Queues a complete request for a worker, or answers 503 at once when the queue is full: a request
// never waits behind more than queue_max others, and the loop never waits for a worker.
void EventLoop::hand_on(Conn& c, size_t length, bool close, bool drain) {
  std::string request = c.in.substr(0, length);
  if (close) c.in.clear();
  else c.in.erase(0, length);
  c.close_after_write = close;
  c.drain_after_close = drain;
  if (queued_.load() >= static_cast<size_t>(std::max(1, server_.limits_.queue_max)))
    return answer_busy(c, std::move(request));
  // keep-alive cut short under load, and after keep_alive_max_count requests
  const bool last = close || c.peer_gone || stopping_ || under_pressure() ||
                    c.served + 1 >= server_.keep_alive_max_count_;
  c.phase = Phase::working;
  Job job{c.fd, c.id, std::move(request), c.ip, c.port, last, c.continue_sent, c.out.empty()};
  {
    std::lock_guard lock(jobs_mu_);
    jobs_.push_back(std::move(job));
    ++queued_;
  }
  jobs_cv_.notify_one();
}

// 503 with Retry-After from the request's head (so CORS headers and the language are right),
// answered on the loop thread without running a route; the connection closes after it.
void EventLoop::answer_busy(Conn& c, std::string request) {
  if (c.frame.head_length > 0 && c.frame.head_length < request.size()) request.resize(c.frame.head_length);
  bool ignored = false;
  std::string answer = server_.answer(request, c.ip, c.port, true, ignored, 503);
  if (c.continue_sent && answer.rfind(kInterim, 0) == 0) answer.erase(0, kInterim.size());
  c.phase = Phase::writing;
  c.close_after_write = true;
  c.since = Clock::now();
  c.out += answer;
  (void)flush(c);
}

void EventLoop::take_done() {
  std::uint64_t count = 0;
  (void)!::read(wake_fd_, &count, sizeof count);
  std::vector<Done> done;
  {
    std::lock_guard lock(done_mu_);
    done.swap(done_);
  }
  for (Done& d : done) on_done(d);
}

void EventLoop::on_done(Done& d) {
  Conn* c = find(d.fd, d.id);
  if (!c) return;
  c->phase = Phase::writing;
  c->since = Clock::now();
  c->close_after_write = c->close_after_write || d.close || c->peer_gone;
  ++c->served;
  c->out.append(d.answer, d.sent, std::string::npos);
  (void)flush(*c);
}

// Sends what is waiting; false when the connection was closed (error, or answered and closing).
bool EventLoop::flush(Conn& c) {
  while (c.out_sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_sent, c.out.size() - c.out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      c.out_sent += static_cast<size_t>(n);
      if (c.phase == Phase::writing) c.since = Clock::now();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;  // EPOLLOUT comes back here
    if (c.phase == Phase::working) {  // an interim that failed: the worker still holds the socket
      c.peer_gone = true;
      c.out.clear();
      c.out_sent = 0;
      return true;
    }
    close_conn(c);
    return false;
  }
  c.out.clear();
  c.out_sent = 0;
  if (c.phase != Phase::writing) return true;
  const int fd = c.fd;
  const std::uint64_t id = c.id;
  answered(c);
  return find(fd, id) != nullptr;
}

// The answer is out: close (after draining a refused body), or go on with the next request.
void EventLoop::answered(Conn& c) {
  if (c.close_after_write || stopping_) {
    if (!c.drain_after_close || c.peer_gone) return close_conn(c);
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Phase::draining;
    c.since = Clock::now();
    c.drained = 0;
    return drain(c);
  }
  const int fd = c.fd;
  const std::uint64_t id = c.id;
  if (c.in.empty()) {
    enter_idle(c);
  } else {
    c.phase = Phase::reading;  // a pipelined request is already here
    c.frame = Frame{};
    c.continue_sent = false;
    c.since = c.last_read = Clock::now();
    try_frame(c);
  }
  // Edge-triggered: reading stopped at kReadAhead while the request was with a worker goes on now.
  if (Conn* still = find(fd, id); still && still->read_paused && still->phase != Phase::working)
    (void)on_readable(*still);
}

// Reads and drops what the client still sends after a refusal, up to twice the body cap.
void EventLoop::drain(Conn& c) {
  char buf[16 * 1024];
  for (;;) {
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n > 0) {
      c.drained += static_cast<size_t>(n);
      if (c.drained > 2 * server_.payload_max_length_) return close_conn(c);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    return close_conn(c);
  }
}

void EventLoop::enter_idle(Conn& c) {
  c.phase = Phase::idle;
  c.since = Clock::now();
  c.idle_all = idle_.insert(idle_.end(), &c);
  Peer& p = peers_[c.ip];
  c.idle_ip = p.idle.insert(p.idle.end(), &c);
}

void EventLoop::leave_idle(Conn& c) {
  idle_.erase(c.idle_all);
  peers_[c.ip].idle.erase(c.idle_ip);
  c.phase = Phase::reading;
}

// Never called while a worker holds the request (it may be sending on the socket).
void EventLoop::close_conn(Conn& c) {
  if (c.phase == Phase::working) {
    c.peer_gone = true;
    return;
  }
  if (c.phase == Phase::idle) leave_idle(c);
  auto p = peers_.find(c.ip);
  if (p != peers_.end() && --p->second.open <= 0) peers_.erase(p);
  const int fd = c.fd;
  ::close(fd);  // also leaves the epoll set
  conns_.erase(fd);
}

bool EventLoop::under_pressure() const {
  return conns_.size() * 4 >= max_connections_ * 3 ||
         queued_.load() * 2 >= static_cast<size_t>(std::max(1, server_.limits_.queue_max));
}

// Deadlines, every 100 ms: idle keep-alive (shorter under load), the head, each read, the body at
// body_min_bytes_per_s, each write, and the drain after a refusal.
void EventLoop::sweep(Clock::time_point now) {
  using std::chrono::seconds;
  const auto idle_limit = under_pressure() ? std::chrono::duration_cast<Clock::duration>(kIdleUnderPressure)
                                           : std::chrono::duration_cast<Clock::duration>(seconds(server_.keep_alive_timeout_sec_));
  const seconds read_timeout(server_.read_timeout_sec_);
  const seconds head_timeout(server_.limits_.head_timeout_s);
  const seconds write_timeout(server_.write_timeout_sec_);
  std::vector<Conn*> expired;
  for (auto& [fd, cp] : conns_) {
    Conn& c = *cp;
    bool late = false;
    switch (c.phase) {
      case Phase::idle: late = now - c.since > idle_limit; break;
      case Phase::reading:
        if (c.frame.head_length == 0) {
          late = now - c.since > head_timeout || now - c.last_read > read_timeout;
        } else {
          const size_t body = c.in.size() - c.frame.head_length;
          const seconds extra(static_cast<long long>(body) / std::max(1, server_.limits_.body_min_bytes_per_s));
          late = now > c.head_done_at + read_timeout + extra || now - c.last_read > read_timeout;
        }
        break;
      case Phase::writing: late = now - c.since > write_timeout; break;
      case Phase::draining: late = now - c.since > read_timeout; break;
      case Phase::working: break;
    }
    if (late) expired.push_back(&c);
  }
  for (Conn* c : expired) close_conn(*c);
  // One line per 10 s at most, however many were refused (a flood must not flood the log too).
  if (refused_ > 0 && now - refusals_logged_ >= std::chrono::seconds(10)) {
    log_event("warn", "connections_refused", {{"count", log_num(refused_)}});
    refused_ = 0;
    refusals_logged_ = now;
  }
}

// [SECTION] Workers -------------------------------------------------------------------------------
void EventLoop::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(jobs_mu_);
      jobs_cv_.wait(lock, [this] { return workers_stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and every queued request was answered
      job = std::move(jobs_.front());
      jobs_.pop_front();
      --queued_;
    }
    Done d{job.fd, job.id, {}, 0, false};
    d.answer = server_.answer(job.request, job.ip, job.port, job.close, d.close);
    if (job.strip_interim && d.answer.rfind(kInterim, 0) == 0) d.answer.erase(0, kInterim.size());
    // Most answers fit the socket's buffer: sent from here, one send, no trip through the loop first.
    if (job.send_directly) d.sent = send_now(job.fd, d.answer);
    bool wake = false;
    {
      std::lock_guard lock(done_mu_);
      wake = done_.empty();
      done_.push_back(std::move(d));
    }
    const std::uint64_t one = 1;
    if (wake) (void)!::write(wake_fd_, &one, sizeof one);
  }
}

// [SECTION] HttpServer ----------------------------------------------------------------------------
HttpServer::HttpServer() {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  httplib::Server::set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const auto handled = pre_routing_ ? pre_routing_(req, res) : HandlerResponse::Unhandled;
    if (t_forced_status == 0) return handled;
    res.status = t_forced_status;
    res.set_header("Retry-After", "1");
    return HandlerResponse::Handled;
  });
}

HttpServer::~HttpServer() {
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

httplib::Server& HttpServer::set_pre_routing_handler(HandlerWithResponse handler) {
  pre_routing_ = std::move(handler);
  return *this;
}

std::string HttpServer::answer(std::string_view request, const std::string& ip, int port, bool close_connection,
                               bool& close_after, int forced_status) {
  MemoryStream strm(request, ip, port);
  t_forced_status = forced_status;
  bool closed = false;
  const bool ok = process_request(strm, close_connection, closed, ignore_ranges);
  t_forced_status = 0;
  close_after = !ok || closed || close_connection;
  return std::move(strm.out);
}

std::string HttpServer::handle_raw(std::string_view request) {
  static const std::string kPeer = "127.0.0.1";
  bool ignored = false;
  return answer(request, kPeer, 40000, true, ignored);
}

bool HttpServer::set_backlog(int backlog) {
  const socket_t s = svr_sock_;
  return s != INVALID_SOCKET && ::listen(s, backlog) == 0;
}

bool HttpServer::serve() {
  const socket_t s = svr_sock_;
  if (s == INVALID_SOCKET || wake_fd_ < 0) return false;
  running_ = true;
  EventLoop loop(*this, s, wake_fd_);
  const bool ok = loop.run();
  running_ = false;
  stop_requested_ = false;
  return ok;
}

void HttpServer::stop() {
  stop_requested_ = true;
  const std::uint64_t one = 1;
  if (wake_fd_ >= 0) (void)!::write(wake_fd_, &one, sizeof one);
}

}  // namespace cw::server
