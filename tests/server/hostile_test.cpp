// tests/server/hostile_test.cpp — DESIGN §8 hostile input against the real server process: oversize
// bodies and uploads, deep nesting, invalid UTF-8, huge numbers, SQL and script strings (stored
// verbatim, answered inert), slowloris clients that dribble headers (bounded: others are served
// while they hang, and they are cut off), many connections at once, a thousand chatty keep-alive
// connections (issue 21 finding 1) and the per-peer connection cap. Each test writes what it tried
// and how the server answered to build/test-artefacts/reliability/hostile-*.json.
#include <poll.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <random>
#include <thread>

#include "tests/server/server_process.h"

namespace cw::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string code_of(const httplib::Result& r) { return r ? str(parse(r->body)["error"]["code"]) : ""; }
int status_of(const httplib::Result& r) { return r ? r->status : -1; }

// Records one hostile input with its answer.
struct Tried {
  Json items = Json::array();
  void add(const std::string& input, const httplib::Result& r) {
    items.push_back({{"input", input}, {"status", status_of(r)}, {"code", code_of(r)}});
  }
  void add(const std::string& input, int status) { items.push_back({{"input", input}, {"status", status}}); }
  void save(const std::string& name) { write_figures("hostile-" + name, {{"tried", items}}); }
};

TEST(Hostile, OversizeBodiesAre413AndTheServerStaysUp) {
  ServerProcess s({"--rate-limits", "off"});
  ASSERT_TRUE(s.start());
  Tried t;
  httplib::Headers k = {{"Idempotency-Key", "big-1"}};
  Json big = filing();
  big["problem"] = std::string(64 * 1024, 'a');
  auto r = s.post("/api/v1/complaints", big.dump(), k);
  EXPECT_EQ(status_of(r), 413);
  EXPECT_EQ(code_of(r), "http.payload_too_large");
  t.add("filing body > 64 KB", r);
  r = s.post("/api/v1/lookup", std::string(65 * 1024, ' ') + "{}");
  EXPECT_EQ(status_of(r), 413);
  t.add("lookup body > 64 KB (whitespace)", r);
  std::string upload = "%PDF-1.4\n" + std::string(5 * 1024 * 1024, 'x');
  r = s.post("/api/v1/uploads", upload, {}, "application/pdf");
  EXPECT_EQ(status_of(r), 413);
  t.add("upload > 5 MB", r);
  // A Content-Length far beyond the cap is refused before any body is read.
  int fd = connect_raw(s.port());
  ASSERT_GE(fd, 0);
  const std::string head = "POST /api/v1/uploads HTTP/1.1\r\nHost: x\r\nContent-Type: application/pdf\r\n"
                           "Content-Length: 9000000000\r\n\r\n%PDF";
  ASSERT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  char buf[256] = {};
  pollfd p{fd, POLLIN, 0};
  ASSERT_EQ(poll(&p, 1, 10000), 1);
  ssize_t n = recv(fd, buf, sizeof buf - 1, 0);
  close(fd);
  ASSERT_GT(n, 12);
  EXPECT_EQ(std::string(buf, 12), "HTTP/1.1 413");
  t.add("upload announcing Content-Length 9 GB", std::atoi(buf + 9));
  EXPECT_EQ(status_of(s.get("/api/v1/healthz")), 200);
  t.save("oversize");
}

TEST(Hostile, DeepNestingInvalidUtf8AndHugeNumbersAreRefusedWithClearErrors) {
  ServerProcess s({"--rate-limits", "off"});
  ASSERT_TRUE(s.start());
  Tried t;
  int n = 0;
  auto post = [&](const std::string& what, const std::string& body) {
    auto r = s.post("/api/v1/complaints", body, {{"Idempotency-Key", "h-" + std::to_string(++n)}});
    t.add(what, r);
    return r;
  };
  auto r = post("nesting 33 deep", "{\"a\":" + std::string(33, '[') + std::string(33, ']') + "}");
  EXPECT_EQ(status_of(r), 400);
  EXPECT_EQ(code_of(r), "json.too_deep");
  r = post("nesting 60000 deep", std::string(60000, '['));
  EXPECT_EQ(status_of(r), 400);
  EXPECT_EQ(code_of(r), "json.too_deep");
  r = post("nesting 32 deep (allowed, then invalid as a filing)",
           "{\"a\":" + std::string(31, '[') + std::string(31, ']') + "}");
  EXPECT_EQ(status_of(r), 422);

  Json f = filing();
  std::string bad = f.dump();
  const std::string needle = "本月账单";
  bad.replace(bad.find(needle), needle.size(), "\xff\xfe\xc0\xaf");
  r = post("invalid UTF-8 in problem", bad);
  EXPECT_TRUE(status_of(r) == 400 || status_of(r) == 422) << status_of(r);
  EXPECT_FALSE(code_of(r).empty());
  std::string overlong = f.dump();
  overlong.replace(overlong.find(needle), needle.size(), "\xed\xa0\x80");  // a UTF-16 surrogate in UTF-8
  r = post("UTF-8 encoded surrogate in problem", overlong);
  EXPECT_TRUE(status_of(r) == 400 || status_of(r) == 422) << status_of(r);
  Json ctl = filing();
  ctl["customer"]["name"] = std::string("王\x01小明");
  r = post("control character in name", ctl.dump());
  EXPECT_EQ(status_of(r), 422);
  EXPECT_EQ(str(parse(r->body)["error"]["fields"]["customer.name"]).empty(), false) << r->body;

  std::string huge = f.dump();
  huge.replace(huge.find("true"), 4, "1e999999");
  r = post("consent 1e999999", huge);
  EXPECT_TRUE(status_of(r) == 400 || status_of(r) == 422) << status_of(r);
  std::string digits = f.dump();
  digits.replace(digits.find("true"), 4, std::string(20000, '9'));
  r = post("consent with 20000 digits", digits);
  EXPECT_TRUE(status_of(r) == 400 || status_of(r) == 422) << status_of(r);
  Json neg = filing();
  neg["evidence"] = Json::array({-1e308, 18446744073709551615ull});
  r = post("evidence of huge numbers", neg.dump());
  EXPECT_EQ(status_of(r), 422);
  auto survey = s.post("/api/v1/complaints/TS-260601-0123456Z-7/survey",
                       "{\"overall\":99999999999999999999999999,\"resolved\":true}", {{"Idempotency-Key", "sv"}});
  t.add("survey overall 1e26 on an unknown number", survey);
  EXPECT_TRUE(status_of(survey) == 400 || status_of(survey) == 404 || status_of(survey) == 422);
  for (const auto& item : t.items) EXPECT_LT(item["status"].get<int>(), 500) << item.dump();
  EXPECT_EQ(status_of(s.get("/api/v1/healthz")), 200);
  t.save("malformed");
}

TEST(Hostile, SqlAndScriptStringsAreStoredVerbatimAndAnsweredInert) {
  ServerProcess s({"--rate-limits", "off"});
  const std::string agent = s.staff_token("agent", "张工");
  ASSERT_FALSE(agent.empty());
  ASSERT_TRUE(s.start());
  Tried t;
  const std::string sql = "'); DROP TABLE complaints; -- \" OR 1=1";
  const std::string script = "<script>alert(1)</script>&amp;";
  Json f = filing();
  f["problem"] = sql + " " + script;
  f["demand"] = "<img src=x onerror=alert(1)>";
  f["customer"]["name"] = "<b>王</b>";
  auto r = s.post("/api/v1/complaints", f.dump(), {{"Idempotency-Key", "inert-1"}});
  ASSERT_EQ(status_of(r), 201) << (r ? r->body : "");
  t.add("filing with SQL and <script> text", r);
  const std::string no = str(parse(r->body)["acceptance_no"]);
  const std::string token = str(parse(r->body)["access_token"]);
  auto note = s.post("/api/v1/staff/complaints/" + no + "/actions",
                     Json{{"action", "note"}, {"note", script + sql}}.dump(), bearer(agent));
  t.add("staff note with SQL and <script> text", note);
  ASSERT_EQ(status_of(note), 200) << (note ? note->body : "");
  auto view = s.get("/api/v1/complaints/" + no, bearer(token));
  ASSERT_EQ(status_of(view), 200);
  t.add("customer view of that complaint", view);
  auto list = s.get("/api/v1/staff/complaints?limit=10", bearer(agent));
  ASSERT_EQ(status_of(list), 200);
  // Inert: no markup character comes back raw in any JSON answer; nothing is sniffed.
  for (const auto* res : {&note, &view, &list}) {
    EXPECT_EQ((*res)->body.find_first_of("<>"), std::string::npos) << (*res)->body;
    EXPECT_EQ((*res)->get_header_value("X-Content-Type-Options"), "nosniff");
  }
  // Verbatim: the JSON strings decode to exactly what was sent.
  bool note_seen = false;
  const Json v = parse(view->body);
  for (const Json& e : v["timeline"]) note_seen = note_seen || str(e["note"]) == script + sql;
  EXPECT_TRUE(note_seen) << view->body;
  EXPECT_NE(view->body.find("\\u003cscript\\u003e"), std::string::npos);
  // The table is still there and still answers.
  EXPECT_EQ(parse(list->body)["items"].size(), 1u);
  EXPECT_EQ(status_of(s.get("/api/v1/healthz")), 200);
  t.save("inert");
}

TEST(Hostile, SlowlorisClientsAreCutOffWhileOthersAreServed) {
  ServerProcess s({"--rate-limits", "off", "--read-timeout", "3"});
  ASSERT_TRUE(s.start());
  constexpr int kSlow = 64;
  std::vector<int> fds;
  for (int i = 0; i < kSlow; ++i) {
    int fd = connect_raw(s.port());
    ASSERT_GE(fd, 0);
    const std::string first = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n";
    send(fd, first.data(), first.size(), MSG_NOSIGNAL);
    fds.push_back(fd);
  }
  // Dribble a header byte every 500 ms on every socket (each read succeeds within the per-read
  // timeout, so only an overall head deadline ends them) until the server hangs up.
  std::atomic<bool> stop{false};
  std::vector<Clock::duration> cut(kSlow, Clock::duration::zero());
  const auto t0 = Clock::now();
  std::thread dribbler([&] {
    std::vector<bool> open(kSlow, true);
    int left = kSlow;
    while (!stop && left > 0) {
      for (int i = 0; i < kSlow; ++i) {
        if (!open[i]) continue;
        // Drain whatever the server wrote (an error answer, if any); closed = end of stream.
        char b[512];
        bool closed = false;
        for (;;) {
          ssize_t got = recv(fds[i], b, sizeof b, MSG_DONTWAIT);
          if (got > 0) continue;
          closed = got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
          break;
        }
        if (!closed && send(fds[i], "X", 1, MSG_NOSIGNAL) != 1) closed = true;
        if (closed) {
          open[i] = false;
          cut[i] = Clock::now() - t0;
          --left;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // While all 64 hang, normal requests are answered (well before the slow ones are cut off).
  const auto n0 = Clock::now();
  auto ok = s.client(3)->Get("/api/v1/healthz");
  const auto normal_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - n0).count();
  EXPECT_EQ(status_of(ok), 200);
  auto meta = s.client(3)->Get("/api/v1/meta");
  EXPECT_EQ(status_of(meta), 200);
  // Every slow client is cut off after the 3 s head deadline (give a loaded machine 20 s).
  for (int i = 0; i < 40 && std::count(cut.begin(), cut.end(), Clock::duration::zero()) > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  dribbler.join();
  int cut_off = 0;
  long long max_cut_ms = 0;
  long long min_cut_ms = 1LL << 40;
  for (auto d : cut) {
    if (d == Clock::duration::zero()) continue;
    ++cut_off;
    const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    max_cut_ms = std::max(max_cut_ms, ms);
    min_cut_ms = std::min(min_cut_ms, ms);
  }
  for (int fd : fds) close(fd);
  EXPECT_EQ(cut_off, kSlow);
  EXPECT_GE(min_cut_ms, 2500);  // not before the deadline
  EXPECT_EQ(status_of(s.get("/api/v1/healthz")), 200);
  Tried t;
  t.add("64 slowloris sockets dribbling headers: normal GET /healthz while they hang (" +
            std::to_string(normal_ms) + " ms)", ok);
  t.items.push_back({{"input", "64 slowloris sockets: cut off after the 3 s head deadline"},
                     {"status", "closed"}, {"count", cut_off}, {"min_ms", min_cut_ms}, {"max_ms", max_cut_ms}});
  t.save("slowloris");
}

// What arrives on `fd` within `ms` (until `until` is in it, or the peer closes).
std::string read_until(int fd, const std::string& until, int ms) {
  std::string got;
  const auto end = Clock::now() + std::chrono::milliseconds(ms);
  while (got.find(until) == std::string::npos && Clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (poll(&p, 1, static_cast<int>(std::max<long long>(1, left))) <= 0) continue;
    char b[4096];
    const ssize_t n = recv(fd, b, sizeof b, 0);
    if (n <= 0) break;
    got.append(b, static_cast<size_t>(n));
  }
  return got;
}

// The server collects a response's head and body and sends them together after the request
// (bench/server): an interim "100 Continue" must still go out before the server waits for the body,
// and answers to pipelined requests must each arrive whole and in order.
TEST(Hostile, InterimAndPipelinedAnswersAreNotHeldBack) {
  ServerProcess s({"--rate-limits", "off"});
  ASSERT_TRUE(s.start());
  const std::string body = R"({"problem":"x"})";
  int fd = connect_raw(s.port());
  ASSERT_GE(fd, 0);
  const std::string head = "POST /api/v1/complaints HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Idempotency-Key: expect-1\r\nExpect: 100-continue\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\n\r\n";
  ASSERT_EQ(send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  const std::string interim = read_until(fd, "\r\n\r\n", 3000);
  EXPECT_EQ(interim.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << "before the body is sent: " << interim;
  ASSERT_EQ(send(fd, body.data(), body.size(), MSG_NOSIGNAL), static_cast<ssize_t>(body.size()));
  const std::string answer = read_until(fd, "}}", 3000);
  EXPECT_EQ(answer.rfind("HTTP/1.1 422 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"code\":\"validation.required\""), std::string::npos) << answer;
  close(fd);

  fd = connect_raw(s.port());
  ASSERT_GE(fd, 0);
  const std::string two = "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /api/v1/nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(send(fd, two.data(), two.size(), MSG_NOSIGNAL), static_cast<ssize_t>(two.size()));
  const std::string both = read_until(fd, "http.not_found", 3000);
  const size_t first = both.find("HTTP/1.1 200");
  const size_t second = both.find("HTTP/1.1 404");
  EXPECT_NE(first, std::string::npos) << both;
  EXPECT_NE(second, std::string::npos) << both;
  EXPECT_LT(first, second) << both;
  close(fd);
}

TEST(Hostile, ManyConnectionsAtOnceAreAllAnswered) {
  ServerProcess s({"--rate-limits", "off"});
  ASSERT_TRUE(s.start());
  constexpr int kIdle = 300, kBusy = 100;
  // 300 connections that are open and say nothing, then 100 requests at once.
  std::vector<int> idle;
  for (int i = 0; i < kIdle; ++i) {
    int fd = connect_raw(s.port());
    if (fd >= 0) idle.push_back(fd);
  }
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kBusy; ++i)
    threads.emplace_back([&] {
      auto r = s.client(30)->Get("/api/v1/meta");
      if (r && r->status == 200) ++answered;
    });
  for (auto& th : threads) th.join();
  for (int fd : idle) close(fd);
  EXPECT_EQ(static_cast<int>(idle.size()), kIdle);
  EXPECT_EQ(answered.load(), kBusy);
  EXPECT_TRUE(s.alive());
  Tried t;
  t.items.push_back({{"input", std::to_string(kIdle) + " idle connections + " + std::to_string(kBusy) +
                                   " concurrent GET /meta"},
                     {"status", 200}, {"count", answered.load()}});
  t.save("connections");
}

// [Flood] ----------------------------------------------------------------------------------------

// The test process holds a thousand sockets: the soft fd limit of many shells (1024) is too low.
bool raise_fd_limit(rlim_t need) {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return false;
  if (rl.rlim_cur < need && rl.rlim_max >= need) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, need * 2);
    (void)setrlimit(RLIMIT_NOFILE, &rl);
    (void)getrlimit(RLIMIT_NOFILE, &rl);
  }
  return rl.rlim_cur >= need;
}

// Keep-alive connections that each send GET /healthz every 1–3 s (random) and read their answers,
// all driven by one thread; `from` cycles through loopback source addresses (127.0.0.2 …) so that
// each peer stays under the server's per-IP cap and the server really holds every one of them.
class ChattyClients {
 public:
  ChattyClients(int port, int count, int peers) {
    for (int i = 0; i < count; ++i) {
      const std::string from = "127.0.0." + std::to_string(2 + i % peers);
      const int fd = connect_raw(port, from.c_str());
      if (fd < 0) continue;
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      conns_.push_back({fd});
    }
    thread_ = std::thread([this] { run(); });
  }
  ~ChattyClients() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (const Conn& c : conns_) close(c.fd);
  }
  int connected() const { return static_cast<int>(conns_.size()); }
  long long sent() const { return sent_; }
  long long answered() const { return answered_; }
  int closed_by_server() const { return closed_; }
  int answered_at_least_once() const { return with_answer_; }

 private:
  struct Conn {
    int fd;
    Clock::time_point next{};
    long long sent = 0, answered = 0;
    std::string tail;  // the last bytes read, so that a status line split across reads is counted
    bool open = true;
  };

  void run() {
    std::mt19937 rng(21);
    std::uniform_int_distribution<int> first(0, 1000), every(1000, 3000);
    const auto t0 = Clock::now();
    for (Conn& c : conns_) c.next = t0 + std::chrono::milliseconds(first(rng));
    std::vector<pollfd> fds(conns_.size());
    static const std::string kRequest = "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    while (!stop_) {
      const auto now = Clock::now();
      for (size_t i = 0; i < conns_.size(); ++i) {
        Conn& c = conns_[i];
        fds[i] = {c.open ? c.fd : -1, POLLIN, 0};
        if (!c.open || now < c.next) continue;
        if (send(c.fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(kRequest.size())) {
          ++c.sent;
          ++sent_;
        }
        c.next = now + std::chrono::milliseconds(every(rng));
      }
      if (poll(fds.data(), fds.size(), 20) <= 0) continue;
      for (size_t i = 0; i < conns_.size(); ++i)
        if (fds[i].revents) read_answers(conns_[i]);
    }
  }

  void read_answers(Conn& c) {
    char b[8192];
    for (;;) {
      const ssize_t n = recv(c.fd, b, sizeof b, 0);
      if (n > 0) {
        std::string seen = c.tail + std::string(b, static_cast<size_t>(n));
        for (size_t at = seen.find("HTTP/1.1 200"); at != std::string::npos; at = seen.find("HTTP/1.1 200", at + 1)) {
          if (at + 12 <= c.tail.size()) continue;  // counted with the previous read
          if (c.answered++ == 0) ++with_answer_;
          ++answered_;
        }
        c.tail = seen.substr(seen.size() > 16 ? seen.size() - 16 : 0);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
      c.open = false;
      ++closed_;
      return;
    }
  }

  std::vector<Conn> conns_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<long long> sent_{0}, answered_{0};
  std::atomic<int> closed_{0}, with_answer_{0};
};

// One fresh connection's GET /healthz: milliseconds until the whole answer head arrived, or -1 when
// it did not come within `limit_ms` or was not 200.
double fresh_healthz_ms(int port, int limit_ms) {
  const auto t0 = Clock::now();
  const int fd = connect_raw(port);
  if (fd < 0) return -1;
  const std::string req = "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  const bool sent = send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size());
  const std::string got = sent ? read_until(fd, "\r\n\r\n", limit_ms) : "";
  close(fd);
  if (got.rfind("HTTP/1.1 200", 0) != 0 || got.find("\r\n\r\n") == std::string::npos) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Issue 21 finding 1: 270 keep-alive connections each sending GET /healthz every 3 s made fresh
// requests time out after 15 s (each connection held one of 256 threads; the queue behind them had
// no bound). DESIGN §8: new clients are served while a thousand chatty connections are open. A
// statistical figure with a wide margin, not a timed unit test: the p99 of 200 fresh requests.
TEST(Hostile, AThousandChattyKeepAliveConnectionsDoNotDelayAFreshClient) {
  constexpr int kFlood = 1000, kPeers = 8, kFresh = 200;
  constexpr double kBudgetMs = 100;
  if (!raise_fd_limit(kFlood + 200)) GTEST_SKIP() << "RLIMIT_NOFILE below " << kFlood + 200;
  ServerProcess s({"--rate-limits", "off"});
  ASSERT_TRUE(s.start());
  ChattyClients flood(s.port(), kFlood, kPeers);
  ASSERT_EQ(flood.connected(), kFlood);
  // Every connection has sent its first request within 1 s; give each time for a second.
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));

  std::vector<double> ms;
  int failed = 0;
  for (int i = 0; i < kFresh; ++i) {
    const double t = fresh_healthz_ms(s.port(), 1000);
    if (t < 0) ++failed;
    ms.push_back(t < 0 ? 1000 : t);
    // Bounded in time against a server that stalls: past 1 % over budget the p99 cannot hold.
    if (std::count_if(ms.begin(), ms.end(), [&](double v) { return v > kBudgetMs; }) > kFresh / 100) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
  std::sort(ms.begin(), ms.end());
  const double p50 = ms[ms.size() / 2];
  const double p99 = ms[std::min(ms.size() - 1, static_cast<size_t>(kFresh * 99 / 100 - 1))];
  const long long sent = flood.sent(), answered = flood.answered();
  const int with_answer = flood.answered_at_least_once(), closed = flood.closed_by_server();
  EXPECT_EQ(static_cast<int>(ms.size()), kFresh) << "stopped early: more than 1 % of fresh requests over "
                                                  << kBudgetMs << " ms";
  EXPECT_EQ(failed, 0);
  std::string slowest;
  for (size_t i = ms.size() > 5 ? ms.size() - 5 : 0; i < ms.size(); ++i) slowest += " " + std::to_string(ms[i]);
  EXPECT_LE(p99, kBudgetMs) << "p50 " << p50 << " ms; the slowest (ms):" << slowest;
  // The flood was served too, on the connections it opened: none closed, each at most one request
  // in flight when counted.
  EXPECT_EQ(closed, 0);
  EXPECT_EQ(with_answer, kFlood);
  EXPECT_GE(answered, sent - kFlood) << "sent " << sent;
  EXPECT_TRUE(s.alive());

  char p50_text[32], p99_text[32];
  std::snprintf(p50_text, sizeof p50_text, "%.1f", p50);
  std::snprintf(p99_text, sizeof p99_text, "%.1f", p99);
  Tried t;
  t.items.push_back({{"input", std::to_string(kFlood) + " keep-alive connections, each GET /healthz every 1–3 s"},
                     {"status", 200}, {"count", answered}});
  t.items.push_back({{"input", "meanwhile fresh GET /healthz: p50 " + std::string(p50_text) + " ms, p99 " +
                                   std::string(p99_text) + " ms (budget 100 ms)"},
                     {"status", failed == 0 ? 200 : -1}, {"count", static_cast<int>(ms.size())}});
  t.save("flood");
}

// DESIGN §8: connections per IP capped (the socket peer's: X-Forwarded-For is the client's word).
// At the cap the peer's oldest idle keep-alive connection makes room; a peer whose connections are
// all busy gets 503 with Retry-After, and everyone else is still served.
TEST(Hostile, ConnectionsPerPeerAreCappedIdleOnesClosedFirst) {
  constexpr int kCap = 20;
  ServerProcess s({"--rate-limits", "off", "--max-connections-per-ip", std::to_string(kCap)});
  ASSERT_TRUE(s.start());
  Tried t;
  // kCap connections from 127.0.0.2, each in the middle of a request head (busy, not idle).
  std::vector<int> busy;
  for (int i = 0; i < kCap; ++i) {
    const int fd = connect_raw(s.port(), "127.0.0.2");
    ASSERT_GE(fd, 0);
    const std::string part = "GET /api/v1/meta HTTP/1.1\r\nHost: x\r\n";
    send(fd, part.data(), part.size(), MSG_NOSIGNAL);
    busy.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  int over = connect_raw(s.port(), "127.0.0.2");
  ASSERT_GE(over, 0);
  const std::string refused = read_until(over, "}}", 3000);
  close(over);
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: "), std::string::npos) << refused;
  EXPECT_NE(refused.find("\"code\":\"server.unavailable\""), std::string::npos) << refused;
  t.add("connection " + std::to_string(kCap + 1) + " from one peer whose " + std::to_string(kCap) +
            " are all busy",
        refused.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(refused.c_str() + 9) : 0);
  auto other = s.get("/api/v1/healthz");
  EXPECT_EQ(status_of(other), 200);
  t.add("GET /healthz from another peer meanwhile", other);
  for (int fd : busy) close(fd);

  // kCap idle keep-alive connections from 127.0.0.3 (one answered request each): one more from the
  // same peer is served, and the oldest idle one is closed to make room.
  std::vector<int> idle;
  const std::string get = "GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int i = 0; i < kCap; ++i) {
    const int fd = connect_raw(s.port(), "127.0.0.3");
    ASSERT_GE(fd, 0);
    send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    EXPECT_EQ(read_until(fd, "\r\n\r\n", 3000).rfind("HTTP/1.1 200", 0), 0u);
    idle.push_back(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a clear oldest
  }
  const int extra = connect_raw(s.port(), "127.0.0.3");
  ASSERT_GE(extra, 0);
  send(extra, get.data(), get.size(), MSG_NOSIGNAL);
  const std::string served = read_until(extra, "\r\n\r\n", 3000);
  EXPECT_EQ(served.rfind("HTTP/1.1 200", 0), 0u) << served;
  t.add("connection " + std::to_string(kCap + 1) + " from one peer whose " + std::to_string(kCap) +
            " are idle (the oldest closed)",
        served.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(served.c_str() + 9) : 0);
  char b[64];
  pollfd p{idle.front(), POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 3000), 1);
  EXPECT_EQ(recv(idle.front(), b, sizeof b, 0), 0) << "the oldest idle connection is closed";
  p = {idle.back(), POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 100), 0) << "the newest idle connection stays open";
  for (int fd : idle) close(fd);
  close(extra);
  t.save("per-peer-cap");
}

}  // namespace
}  // namespace cw::test
