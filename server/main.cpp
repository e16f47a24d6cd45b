// server/main.cpp — complaint-server command line (DESIGN §4): `serve`, `token create|list|revoke`,
// `migrate`, `copy`, `--help`. The first stdout line of `serve` is `listening on http://HOST:PORT`; tests read it.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "server/app.h"
#include "server/context.h"
#include "server/copy.h"
#include "server/use_cases.h"

namespace {

const char kUsage[] =
    "usage: complaint-server serve [--listen HOST:PORT] [--db PATH|postgresql://...] [--static DIR]\n"
    "                              [--policy FILE] [--dev] [--cors ORIGIN ...]\n"
    "                              [--rate-limits on|off] [--trust-proxy] [--retention-days N]\n"
    "                              [--read-timeout S] [--clock-offset S]\n"
    "                              [--max-connections N] [--max-connections-per-ip N]\n"
    "                              [--notify-webhook URL] [--notify-secret-file FILE]\n"
    "                              [--notify-timeout S] [--public-origin URL]\n"
    "       complaint-server token create --role agent|supervisor|manager --name NAME [--expires-days N]\n"
    "                                     [--db PATH|URL]\n"
    "       complaint-server token list [--db PATH|URL]\n"
    "       complaint-server token revoke - | --name NAME | --id ID [--db PATH|URL]\n"
    "       complaint-server migrate [--db PATH|URL] [--policy FILE]\n"
    "       complaint-server copy --from PATH --to postgresql://... [--policy FILE]\n"
    "       complaint-server --help\n"
    "\n"
    "serve defaults: --listen 127.0.0.1:8080 --db var/complaints.db --static dist/web, the built-in\n"
    "time-limit policy, rate limits on, retention 365 days. Port 0 picks a free port; the first line\n"
    "on stdout is `listening on http://HOST:PORT`. Uploads are kept in <db dir>/uploads/.\n"
    "--db postgresql://USER@HOST:PORT/DB (a libpq URI): everything, uploads included, in PostgreSQL;\n"
    "any number of serve processes may share it (schema migrated at start).\n"
    "--policy FILE: the time limits and holiday calendar as JSON (as tests/data/policy-2026.json);\n"
    "a file that cannot be read or is not valid stops serve with exit status 1.\n"
    "--dev shows one-time codes and messages at GET /api/v1/dev/messages?to=PHONE: never in production.\n"
    "--cors takes one or more origins (up to the next --flag) and may be repeated;\n"
    "`--cors null` allows app WebViews with a null origin.\n"
    "--read-timeout S (default 10): per read, and the whole request head must arrive within it.\n"
    "--max-connections N (default 10000, lowered to what the open-file limit allows) and\n"
    "--max-connections-per-ip N (default 256, per socket peer, never X-Forwarded-For): at a cap the\n"
    "oldest idle keep-alive connection is closed to make room, else the new one gets 503.\n"
    "--clock-offset S (only with --dev): the server's clock runs S seconds ahead (clock-skew tests).\n"
    "--notify-webhook URL: every message to a customer (lookup codes, status, progress, survey links)\n"
    "is stored with its cause and POSTed here as JSON, signed with --notify-secret-file's content\n"
    "(X-Complaint-Signature: sha256=HMAC), retried until a 2xx (docs/OPERATIONS.md). Without it and\n"
    "without --dev, messages are only logged. --notify-timeout S (default 10) bounds one delivery.\n"
    "--public-origin https://HOST: the origin of every link in a message (never a request's Host);\n"
    "required with --notify-webhook unless --dev.\n"
    "migrate brings the database to this build's schema and indexes complaints stored before the staff\n"
    "list existed, as serve does at its start (with --policy FILE, the deadlines of that policy), then\n"
    "prints `schema N`; run it once before starting several servers of a new version.\n"
    "copy moves a SQLite deployment (stop its server first) into an empty PostgreSQL database: every\n"
    "table and upload in one transaction, each table then checked by its count and a checksum of its\n"
    "rows; prints a line per table. Exit status 1, the target left empty, on any difference.\n"
    "token create prints the new staff token alone on stdout; keep it secret. It is valid for\n"
    "--expires-days N days (1..3650, default 90); make a new one before then.\n"
    "token list prints one line per token: id, name, role, created, revoked (or -), expires (or -);\n"
    "never a secret.\n"
    "token revoke --name NAME revokes every active token of that person; --id ID the one in the list;\n"
    "`-` the token read from stdin (`token revoke - < FILE`): never on the command line, where\n"
    "other users (ps) and the shell history would see it.\n";

bool parse_listen(const std::string& s, cw::server::Config& c) {
  auto colon = s.rfind(':');
  if (colon == std::string::npos || colon + 1 == s.size()) return false;
  char* end = nullptr;
  long port = std::strtol(s.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) return false;
  c.host = s.substr(0, colon);
  if (c.host.size() > 2 && c.host.front() == '[' && c.host.back() == ']') c.host = c.host.substr(1, c.host.size() - 2);
  c.port = static_cast<int>(port);
  return true;
}

int fail(const char* what) {
  std::fprintf(stderr, "error: %s\n%s", what, kUsage);
  return 2;
}

// Why App::create refused, naming the file and, for a policy, every bad member (DESIGN §3: a policy
// that does not load must stop the server, never leave it running on the built-in defaults).
std::string start_error(const cw::server::Config& c, const cw::Error& e) {
  if (e.code == cw::Errc::policy_invalid) {
    if (e.fields.empty()) return "cannot read the policy file " + c.policy_file;
    std::string out = "the policy file " + c.policy_file + " is not valid (" + std::string(cw::code_id(e.code)) + "):";
    for (const auto& [path, code] : e.fields)
      out += " " + (path.empty() ? std::string("the document") : path) + ": " + std::string(cw::code_id(code)) + ",";
    out.pop_back();
    return out;
  }
  if (e.code == cw::Errc::server_unavailable) return "cannot open the database " + cw::server::printable_db(c.db);
  return std::string(cw::code_id(e.code));
}

cw::server::App* g_app = nullptr;
extern "C" void on_signal(int) {
  if (g_app) g_app->stop();
}

int serve(const std::vector<std::string>& args) {
  cw::server::Config c;
  long clock_offset = 0;
  std::string secret_file;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    const std::string* v = nullptr;
    if (a == "--listen") {
      if (!(v = value()) || !parse_listen(*v, c)) return fail("--listen needs HOST:PORT");
    } else if (a == "--db") {
      if (!(v = value())) return fail("--db needs PATH or postgresql://…");
      c.db = *v;
    } else if (a == "--static") {
      if (!(v = value())) return fail("--static needs DIR");
      c.static_dir = *v;
    } else if (a == "--policy") {
      if (!(v = value())) return fail("--policy needs FILE");
      c.policy_file = *v;
    } else if (a == "--dev") {
      c.dev = true;
    } else if (a == "--cors") {
      // DESIGN §4 `--cors ORIGIN ...`: every argument up to the next --flag is an origin, and the
      // flag may also be repeated. No origin starts with "--" (scheme://host, or `null`).
      const std::size_t before = c.cors.size();
      while (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) c.cors.push_back(args[++i]);
      if (c.cors.size() == before) return fail("--cors needs ORIGIN");
    } else if (a == "--rate-limits") {
      if (!(v = value()) || (*v != "on" && *v != "off")) return fail("--rate-limits needs on or off");
      c.rate_limits = *v == "on";
    } else if (a == "--trust-proxy") {
      c.trust_proxy = true;
    } else if (a == "--retention-days") {
      if (!(v = value())) return fail("--retention-days needs N");
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (*end != '\0' || n < 0 || n > 36500) return fail("--retention-days needs N (0 = keep)");
      c.retention_days = static_cast<int>(n);
    } else if (a == "--read-timeout" || a == "--clock-offset") {
      if (!(v = value())) return fail((a + " needs S").c_str());
      char* end = nullptr;
      long n = std::strtol(v->c_str(), &end, 10);
      if (*end != '\0' || v->empty() || n < -366L * 86400 || n > 366L * 86400) return fail((a + " needs S").c_str());
      if (a == "--read-timeout") {
        if (n < 1 || n > 3600) return fail("--read-timeout needs 1..3600");
        c.read_timeout_s = static_cast<int>(n);
        c.write_timeout_s = static_cast<int>(n);
      } else {
        clock_offset = n;
      }
    } else if (a == "--max-connections" || a == "--max-connections-per-ip") {
      char* end = nullptr;
      long n = (v = value()) ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || v->empty() || *end != '\0' || n < 1 || n > 1000000) return fail((a + " needs 1..1000000").c_str());
      (a == "--max-connections" ? c.max_connections : c.max_connections_per_ip) = static_cast<int>(n);
    } else if (a == "--public-origin") {
      std::optional<std::string> o = (v = value()) ? cw::server::normalize_origin(*v) : std::nullopt;
      if (!o) return fail("--public-origin needs an origin such as https://complaints.example.com (no path)");
      c.public_origin = *o;
    } else if (a == "--notify-webhook") {
      std::string origin, path;
      if (!(v = value()) || !cw::server::parse_webhook_url(*v, origin, path))
        return fail("--notify-webhook needs an http(s) URL");
      c.notify_webhook = *v;
    } else if (a == "--notify-secret-file") {
      if (!(v = value())) return fail("--notify-secret-file needs FILE");
      secret_file = *v;
    } else if (a == "--notify-timeout") {
      char* end = nullptr;
      long n = (v = value()) ? std::strtol(v->c_str(), &end, 10) : 0;
      if (!v || *end != '\0' || n < 1 || n > 300) return fail("--notify-timeout needs 1..300 seconds");
      c.notify_timeout_s = static_cast<int>(n);
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    } else {
      return fail(("unknown option " + a).c_str());
    }
  }
  if (!secret_file.empty()) {
    // DESIGN §4: the key is the file's content with surrounding whitespace trimmed.
    std::ifstream in(secret_file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) return fail(("cannot read --notify-secret-file " + secret_file).c_str());
    std::string key = ss.str();
    const char* ws = " \t\r\n\f\v";
    key.erase(0, key.find_first_not_of(ws));
    key.erase(key.find_last_not_of(ws) + 1);
    if (key.empty()) return fail("--notify-secret-file is empty");
    c.notify_secret = key;
  }
  if (!c.notify_webhook.empty() && !c.dev) {
    // Issue 20: links must never come from a request's Host header; a production server says where it is.
    if (c.public_origin.empty())
      return fail("--notify-webhook needs --public-origin https://HOST (links in messages are built from it)");
    if (c.public_origin.rfind("https://", 0) != 0)
      return fail("--public-origin must be https:// outside --dev (links carry survey tokens)");
  }
  if (clock_offset != 0) {
    // Only for tests of client/server clock skew: a production server keeps the system clock.
    if (!c.dev) return fail("--clock-offset needs --dev");
    c.clock = [clock_offset] {
      return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
             std::chrono::seconds(clock_offset);
    };
  }
  auto app = cw::server::App::create(c);
  if (!app) {
    std::fprintf(stderr, "error: cannot start: %s\n", start_error(c, app.error()).c_str());
    return 1;
  }
  int port = app.value()->bind();
  if (port < 0) {
    std::fprintf(stderr, "error: cannot listen on %s:%d\n", c.host.c_str(), c.port);
    return 1;
  }
  std::printf("listening on http://%s:%d\n", c.host.c_str(), port);
  std::fflush(stdout);
  if (c.dev && c.notify_webhook.empty())
    std::fprintf(stderr, "warning: dev mode shows one-time codes at /api/v1/dev/messages\n");
  if (!c.dev && c.notify_webhook.empty())
    std::fprintf(stderr,
                 "warning: no --notify-webhook: messages to customers (lookup codes, survey links) are only "
                 "logged, never delivered (docs/OPERATIONS.md)\n");
  if (!c.notify_webhook.empty() && c.notify_secret.empty())
    std::fprintf(stderr, "warning: no --notify-secret-file: webhook deliveries are not signed\n");
  g_app = app.value().get();
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  bool ok = g_app->listen();
  g_app = nullptr;
  return ok ? 0 : 1;
}

// A name as one cell of `token list`: control characters (a tab or line break would forge columns
// or rows) shown as '?'.
std::string cell(const std::string& s) {
  std::string out = s;
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  return out;
}

bool has_control_char(const std::string& s) { return cell(s) != s; }

int token(const std::vector<std::string>& args) {
  if (args.empty()) return fail("token needs create, list or revoke");
  if (args[0] == "--help" || args[0] == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  std::string role, name, db = "var/complaints.db", value, id, days;
  bool has_name = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool has_next = i + 1 < args.size();
    if (a == "--role" && has_next) role = args[++i];
    else if (a == "--name" && has_next) name = args[++i], has_name = true;
    else if (a == "--id" && has_next) id = args[++i];
    else if (a == "--expires-days" && has_next) days = args[++i];
    else if (a == "--db" && has_next) db = args[++i];
    else if (a == "--help" || a == "-h") { std::fputs(kUsage, stdout); return 0; }
    else if (a.rfind("--", 0) != 0 && value.empty()) value = a;
    else return fail(("unknown option " + a).c_str());
  }
  const std::string& cmd = args[0];
  if (cmd != "create" && cmd != "list" && cmd != "revoke") return fail("token needs create, list or revoke");
  if (cmd != "revoke" && !value.empty()) return fail(("unexpected argument " + value).c_str());
  if (cmd != "create" && !days.empty()) return fail("--expires-days is for token create");
  if (cmd == "revoke" && !value.empty() && value != "-")
    return fail("token revoke takes the token on stdin (`token revoke - < FILE`), never as an argument: other "
                "users (ps) and the shell history would see it; or use --id ID from `token list`");
  long expires_days = cw::server::kStaffTokenDefaultDays;
  if (!days.empty()) {
    char* end_days = nullptr;
    expires_days = std::strtol(days.c_str(), &end_days, 10);
    if (*end_days != '\0' || expires_days < 1 || expires_days > cw::server::kStaffTokenMaxDays)
      return fail("--expires-days needs 1..3650");
  }
  if (cmd == "create") {
    if (role != "agent" && role != "supervisor" && role != "manager")
      return fail("--role must be agent, supervisor or manager");
    if (name.empty() || name.size() > 100 || has_control_char(name))
      return fail("--name NAME is required (up to 100 bytes, no control characters)");
  }
  if (cmd == "revoke" && (value.empty() ? 0 : 1) + (has_name ? 1 : 0) + (id.empty() ? 0 : 1) != 1)
    return fail("token revoke needs one of - (the token on stdin), --name NAME or --id ID");
  char* end = nullptr;
  const long long id_value = id.empty() ? 0 : std::strtoll(id.c_str(), &end, 10);
  if (!id.empty() && (*end != '\0' || id_value <= 0)) return fail("--id needs the number `token list` shows");

  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  std::error_code ec;
  std::filesystem::path p(db);
  if (!cw::server::is_postgres_uri(db) && p.has_parent_path()) std::filesystem::create_directories(p.parent_path(), ec);
  auto storage = cw::server::open_storage(db, 1);
  if (!storage) {
    std::fprintf(stderr, "error: cannot open the database %s\n", cw::server::printable_db(db).c_str());
    return 1;
  }
  cw::server::Storage& s = *storage.value();
  if (cmd == "create") {
    auto t = cw::server::create_staff_token(s, role, name, now, static_cast<int>(expires_days));
    if (!t) {
      std::fprintf(stderr, "error: could not store the token\n");
      return 1;
    }
    std::printf("%s\n", t.value().c_str());
    return 0;
  }
  if (cmd == "list") {
    // Who holds a token, never the token (only its hash is stored anyway).
    auto rows = cw::server::list_staff_tokens(s);
    if (!rows) {
      std::fprintf(stderr, "error: could not read the tokens\n");
      return 1;
    }
    std::printf("id\tname\trole\tcreated\trevoked\texpires\n");
    for (const cw::server::StaffRecord& r : rows.value()) {
      const std::string created = cw::format_iso8601(cw::Timestamp(std::chrono::seconds(r.created_at)));
      const std::string revoked =
          r.revoked ? cw::format_iso8601(cw::Timestamp(std::chrono::seconds(r.revoked_at))) : std::string("-");
      const std::string expires =
          r.expires_at ? cw::format_iso8601(cw::Timestamp(std::chrono::seconds(r.expires_at))) : std::string("-");
      std::printf("%lld\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(r.id), cell(r.name).c_str(), r.role.c_str(),
                  created.c_str(), revoked.c_str(), expires.c_str());
    }
    return 0;
  }
  // revoke
  int revoked = 0;
  if (!value.empty()) {
    std::string secret;
    std::getline(std::cin, secret);
    while (!secret.empty() && (secret.back() == '\r' || secret.back() == ' ')) secret.pop_back();
    if (secret.empty()) {
      std::fprintf(stderr, "error: no token on stdin\n");
      return 2;
    }
    auto r = cw::server::revoke_staff_token(s, secret, now);
    if (!r) {
      std::fprintf(stderr, "error: could not revoke the token\n");
      return 1;
    }
    revoked = r.value() ? 1 : 0;
  } else {
    auto r = has_name ? cw::server::revoke_staff_tokens_named(s, name, now)
                      : cw::server::revoke_staff_token_id(s, id_value, now);
    if (!r) {
      std::fprintf(stderr, "error: could not revoke the token\n");
      return 1;
    }
    revoked = r.value();
  }
  if (revoked == 0) {
    std::fprintf(stderr, "error: no such active token\n");
    return 1;
  }
  std::fprintf(stderr, revoked == 1 ? "revoked\n" : "revoked %d tokens\n", revoked);
  return 0;
}

// `migrate`: what serve does to the database before it listens (schema migrations, under an advisory
// lock on PostgreSQL, and the list's backfill), and nothing else (DESIGN §4 "Several servers").
int migrate(const std::vector<std::string>& args) {
  cw::server::Config c;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_next = i + 1 < args.size();
    if (a == "--db" && has_next) c.db = args[++i];
    else if (a == "--policy" && has_next) c.policy_file = args[++i];
    else if (a == "--help" || a == "-h") { std::fputs(kUsage, stdout); return 0; }
    else return fail(("unknown option " + a).c_str());
  }
  auto ctx = cw::server::open_context(c);
  if (!ctx) {
    std::fprintf(stderr, "error: %s\n", start_error(c, ctx.error()).c_str());
    return 1;
  }
  std::printf("schema %d\n", ctx.value()->storage->schema_version());
  return 0;
}

// `copy`: a SQLite deployment into PostgreSQL (server/copy.h).
int copy(const std::vector<std::string>& args) {
  std::string from, to, policy_file;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_next = i + 1 < args.size();
    if (a == "--from" && has_next) from = args[++i];
    else if (a == "--to" && has_next) to = args[++i];
    else if (a == "--policy" && has_next) policy_file = args[++i];
    else if (a == "--help" || a == "-h") { std::fputs(kUsage, stdout); return 0; }
    else return fail(("unknown option " + a).c_str());
  }
  if (from.empty() || !cw::server::is_postgres_uri(to)) return fail("copy needs --from PATH and --to postgresql://...");
  cw::server::Config c;
  c.policy_file = policy_file;
  auto policy = cw::server::load_policy(policy_file);
  if (!policy) {
    std::fprintf(stderr, "error: %s\n", start_error(c, policy.error()).c_str());
    return 1;
  }
  std::string why;
  auto copied = cw::server::copy_sqlite_to_postgres(from, to, policy.value(), why);
  if (!copied) {
    std::fprintf(stderr, "error: %s\n", why.empty() ? cw::code_id(copied.code()).data() : why.c_str());
    return 1;
  }
  long long total = 0;
  for (const auto& t : copied.value()) {
    std::printf("%s\t%lld\n", t.name.c_str(), static_cast<long long>(t.rows));
    total += t.rows;
  }
  std::printf("copied %lld rows and files to %s; every table checked by its count and checksum\n", total,
              cw::server::printable_db(to).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args[0] == "serve") return serve({args.begin() + 1, args.end()});
  if (args[0] == "token") return token({args.begin() + 1, args.end()});
  if (args[0] == "migrate") return migrate({args.begin() + 1, args.end()});
  if (args[0] == "copy") return copy({args.begin() + 1, args.end()});
  return fail(("unknown command " + args[0]).c_str());
}
