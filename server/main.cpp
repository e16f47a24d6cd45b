// server/main.cpp — complaint-server command line: `serve`, `token`, `--help` (DESIGN §4).
// The first stdout line of `serve` is `listening on http://HOST:PORT`; tests read it.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "server/static_files.h"

namespace {

const char kUsage[] =
    "usage: complaint-server serve [--listen HOST:PORT] [--db PATH] [--static DIR]\n"
    "                              [--policy FILE] [--dev] [--cors ORIGIN ...]\n"
    "                              [--rate-limits on|off] [--trust-proxy]\n"
    "       complaint-server token create --role agent|supervisor --name NAME\n"
    "       complaint-server token revoke TOKEN\n"
    "       complaint-server --help\n";

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string db = "var/complaints.db";
  std::string static_dir = "dist/web";
  bool dev = false;
};

bool parse_listen(const std::string& s, ServeOptions& o) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  o.host = s.substr(0, colon);
  char* end = nullptr;
  long port = std::strtol(s.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535 || colon + 1 == s.size()) return false;
  o.port = static_cast<int>(port);
  return true;
}

int serve(const std::vector<std::string>& args) {
  ServeOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    if (a == "--listen") {
      const std::string* v = value();
      if (!v || !parse_listen(*v, o)) { std::fprintf(stderr, "error: --listen needs HOST:PORT\n"); return 2; }
    } else if (a == "--static") {
      const std::string* v = value();
      if (!v) { std::fprintf(stderr, "error: --static needs DIR\n"); return 2; }
      o.static_dir = *v;
    } else if (a == "--db") {
      const std::string* v = value();
      if (!v) { std::fprintf(stderr, "error: --db needs PATH\n"); return 2; }
      o.db = *v;
    } else if (a == "--dev") {
      o.dev = true;
    } else {
      std::fprintf(stderr, "error: unknown option %s\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  httplib::Server srv;
  if (!cw::server::mount_static(srv, o.static_dir))
    std::fprintf(stderr, "warning: static folder %s not found; serving the API only\n", o.static_dir.c_str());
  srv.Get("/api/v1/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"ok\":true}", "application/json");
  });
  int port = o.port;
  if (port == 0) {
    port = srv.bind_to_any_port(o.host);
  } else if (!srv.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) { std::fprintf(stderr, "error: cannot listen on %s:%d\n", o.host.c_str(), o.port); return 1; }
  std::printf("listening on http://%s:%d\n", o.host.c_str(), port);
  std::fflush(stdout);
  if (o.dev) std::fprintf(stderr, "warning: dev mode shows one-time codes at /api/v1/dev/messages\n");
  return srv.listen_after_bind() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "serve") return serve({args.begin() + 1, args.end()});
  std::fprintf(stderr, "error: unknown command %s\n%s", args[0].c_str(), kUsage);
  return 2;
}
