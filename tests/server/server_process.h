// tests/server/server_process.h — the real complaint-server binary as a child process for hostile
// input and security tests: its stderr (the JSON log) goes to a file the test can scan, and raw
// sockets reach it the way a hostile client would. Also writes the per-test figures that
// scripts/reliability sums up (build/test-artefacts/reliability/*.json).
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/server/test_server.h"

namespace cw::test {

// Forks CW_SERVER_BIN with `args`: its stdout into a pipe whose read end goes to `out_fd`, its stderr
// appended to `err_path` (or /dev/null when empty), its stdin from `in_fd` when given. Returns the
// child's pid (-1 on failure).
inline pid_t spawn_server(const std::vector<std::string>& args, const std::string& err_path, int& out_fd,
                          int in_fd = -1) {
  int out[2];
  if (pipe(out) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    if (in_fd >= 0) dup2(in_fd, 0);
    dup2(out[1], 1);
    int errfd = err_path.empty() ? ::open("/dev/null", O_WRONLY) : ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(errfd, 2);
    close(out[0]);
    // CW_SERVER_BIN in the environment runs these tests against another build (an older binary, to
    // see a regression test fail on the code before its fix).
    const char* env_bin = getenv("CW_SERVER_BIN");
    const std::string bin = env_bin && *env_bin ? env_bin : CW_SERVER_BIN;
    std::vector<std::string> all = {bin};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(out[1]);
  out_fd = out[0];
  return pid;
}

// Runs a complaint-server command to its end, `input` (a few KB at most) on its stdin; returns its
// exit status and stdout.
inline std::pair<int, std::string> run_server_command(const std::vector<std::string>& args,
                                                      const std::string& input = "") {
  int in[2];
  if (pipe(in) != 0) return {-1, ""};
  (void)!write(in[1], input.data(), input.size());  // fits the pipe's buffer: written before the child runs
  close(in[1]);
  int fd = -1;
  pid_t pid = spawn_server(args, "", fd, in[0]);
  close(in[0]);
  if (pid < 0) return {-1, ""};
  std::string text;
  char buf[512];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

class ServerProcess {
 public:
  // `before` runs complaint-server with other arguments on the same database first (token create).
  explicit ServerProcess(std::vector<std::string> args) : dir_(make_temp_dir()) {
    signal(SIGPIPE, SIG_IGN);  // a server that hangs up on a hostile upload must not kill the test
    db_ = (dir_ / "complaints.db").string();
    log_ = (dir_ / "server.log").string();
    args_ = std::move(args);
  }
  ~ServerProcess() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // `complaint-server token create …` on this database; returns the token.
  std::string staff_token(const std::string& role, const std::string& name) {
    std::string out = run_server_command({"token", "create", "--role", role, "--name", name, "--db", db_}).second;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }

  // Starts `serve` on a free port; false when it did not print its listening line.
  // `extra` arguments apply to this start only (a restart with --clock-offset).
  bool start(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> all = {"serve", "--listen", "127.0.0.1:0", "--db", db_, "--static", (dir_ / "web").string()};
    all.insert(all.end(), args_.begin(), args_.end());
    all.insert(all.end(), extra.begin(), extra.end());
    int fd = -1;
    pid_ = spawn_server(all, log_, fd);
    if (pid_ < 0) return false;
    // At most 60 s for the listening line: a server stuck before it fails the test with its log,
    // instead of a read that waits for ever (ctest's 120 s timeout said nothing of where it hung).
    std::string line;
    char ch;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      pollfd p{fd, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
        ADD_FAILURE() << "complaint-server printed no listening line within 60 s; its log:\n" << log();
        break;
      }
      if (read(fd, &ch, 1) != 1 || ch == '\n') break;
      line.push_back(ch);
    }
    close(fd);
    const std::string prefix = "listening on http://127.0.0.1:";
    if (line.rfind(prefix, 0) != 0) return false;
    port_ = std::stoi(line.substr(prefix.size()));
    return true;
  }

  // SIGTERM, then wait; the log is complete after this.
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) usleep(50 * 1000);
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }

  // kill -9 (no clean shutdown), then wait; start() again restarts it on the same database.
  void kill9() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  bool alive() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }
  int port() const { return port_; }
  const std::string& db() const { return db_; }
  const std::filesystem::path& dir() const { return dir_; }
  std::string log() const {
    std::ifstream in(log_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  std::unique_ptr<httplib::Client> client(int read_timeout_s = 20) const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_connection_timeout(5);
    c->set_read_timeout(read_timeout_s);
    return c;
  }
  httplib::Result post(const std::string& path, const std::string& body, httplib::Headers headers = {},
                       const std::string& type = "application/json") const {
    return seen(client()->Post(path.c_str(), headers, body, type.c_str()), "POST " + path);
  }
  httplib::Result get(const std::string& path, httplib::Headers headers = {}) const {
    return seen(client()->Get(path.c_str(), headers), "GET " + path);
  }

 private:
  // The binary's error answers go to the error-code check too (test_server.h record_answer).
  static httplib::Result seen(httplib::Result r, const std::string& where) {
    if (r) record_answer(r->status, r->body, "binary: " + where.substr(0, where.find('?')));
    return r;
  }

  std::filesystem::path dir_;
  std::string db_, log_;
  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A raw TCP connection to 127.0.0.1:port (-1 on failure), for clients no HTTP library would be.
// `from` is the local address, another loopback one (127.0.0.2 …) to look like another peer to the
// server's per-IP connection cap.
inline int connect_raw(int port, const char* from = nullptr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  if (from) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, from, &local.sin_addr);
    if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      close(fd);
      return -1;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// The figures of one reliability test: name → value, written as one JSON object to
// build/test-artefacts/reliability/<file>.json for scripts/reliability.
inline void write_figures(const std::string& file, const Json& figures) {
  const auto dir = std::filesystem::path(CW_SOURCE_DIR) / "build" / "test-artefacts" / "reliability";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream(dir / (file + ".json")) << figures.dump(2) << "\n";
}

}  // namespace cw::test
