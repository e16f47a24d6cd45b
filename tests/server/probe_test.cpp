// tests/server/probe_test.cpp — the server-side probes of the security review (issue 21), rerun
// against a real server on loopback with its real database (SQLite, or PostgreSQL with
// CW_TEST_DB=postgresql): what a reader of the idempotency table can use, replays without
// authorisation, the appended X-Forwarded-For line, damaged upload files, private files, oversized
// request heads. (Range: static_test.cpp; staff tokens: durability_test.cpp.)
#include <sys/stat.h>

#include <fstream>
#include <random>

#include "core/acceptance_no.h"
#include "server/crypto.h"
#include "tests/server/server_process.h"

namespace cw::test {
namespace {

// Every text the idempotency table holds, column by column, and every string inside stored JSON.
std::vector<std::string> idempotency_texts(const TestServer& s) {
  std::vector<std::string> out;
  std::function<void(const Json&)> strings = [&](const Json& j) {
    if (j.is_string()) out.push_back(j.get<std::string>());
    if (j.is_structured())
      for (const auto& [k, v] : j.items()) strings(v);
  };
  for (const auto& row : db_rows(s, "SELECT scope, key, request_hash, body FROM idempotency"))
    for (const std::string& text : row) {
      out.push_back(text);
      strings(parse(text));
    }
  return out;
}

// Issue 21 finding 2: the filing's 201, access token included, was stored verbatim for 7 days; a
// probe read it back and used it. DESIGN §8: stored replay answers hold no usable secret, and the
// client that retries still gets its token.
TEST(Regression, Issue21_StoredReplayAnswerHoldsNoUsableToken) {
  TestServer s;
  const std::string key = "probe-replay-1";
  auto first = s.post("/api/v1/complaints", filing(), {{"Idempotency-Key", key}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-store");  // it carries the token
  const Json a = parse(first->body);
  const std::string no = str(a["acceptance_no"]), token = str(a["access_token"]);
  ASSERT_FALSE(token.empty());

  const std::vector<std::string> stored = idempotency_texts(s);
  ASSERT_FALSE(stored.empty()) << "the answer is stored for replays";
  for (const std::string& text : stored) {
    EXPECT_EQ(text.find(token), std::string::npos) << "the access token is stored: " << text;
    EXPECT_NE(text, key) << "the Idempotency-Key is stored as it came";
  }
  // Whatever the probe read, nothing of it opens the complaint.
  for (const std::string& text : stored) {
    if (text.empty() || text.size() > 256) continue;
    auto r = s.get("/api/v1/complaints/" + no, bearer(text));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << "a stored value opens the complaint: " << text;
  }

  // The retry whose first answer was lost gets the same answer, token included, and it works.
  auto again = s.post("/api/v1/complaints", filing(), {{"Idempotency-Key", key}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 201);
  EXPECT_EQ(again->body, first->body);
  EXPECT_EQ(again->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(again->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(s.get("/api/v1/complaints/" + no, bearer(token))->status, 200);
}

// Issue 21 (Low): a replay answered the stored customer view before authorisation. DESIGN §8: an
// idempotent replay is authorised like the first request.
TEST(Regression, Issue21_ReplayIsAuthorisedLikeTheFirstRequest) {
  TestServer s;
  const Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  const std::string path = "/api/v1/complaints/" + no + "/supplements";
  const Json body = {{"text", "补充：上月也多扣了。"}};
  httplib::Headers h = bearer(a["access_token"]);
  h.emplace("Idempotency-Key", "probe-sup-1");
  auto sup = s.post(path, body, h);
  ASSERT_EQ(sup->status, 200) << sup->body;

  auto without = s.post(path, body, {{"Idempotency-Key", "probe-sup-1"}});
  EXPECT_EQ(without->status, 404) << without->body;
  auto wrong = s.post(path, body, {{"Idempotency-Key", "probe-sup-1"}, {"Authorization", "Bearer not-the-token"}});
  EXPECT_EQ(wrong->status, 404) << wrong->body;
  EXPECT_EQ(wrong->body.find("timeline"), std::string::npos);
  auto right = s.post(path, body, h);
  EXPECT_EQ(right->status, 200);
  EXPECT_EQ(right->body, sup->body);  // the holder still gets the replay
}

// Issue 21 finding 4: behind a proxy that appends its own X-Forwarded-For line (HAProxy `option
// forwardfor`), the first line is the client's choice: 40 lookups, each with another first line,
// were never limited. DESIGN §8: the last hop the trusted proxy appended is the client.
TEST(Regression, Issue21_AppendedForwardedForLineDecidesTheClient) {
  TestServer s([](server::Config& c) { c.trust_proxy = true; });
  std::mt19937_64 rng(21);
  int limited = 0;
  for (int i = 0; i < 40; ++i) {
    const std::string no = make_acceptance_no(
        std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{29}}, rng());
    const std::string phone = "139" + std::to_string(10000000 + i);
    httplib::Headers h = {{"X-Forwarded-For", "198.51.100." + std::to_string(i)},  // the client's line
                          {"X-Forwarded-For", "203.0.113.7"}};                     // the proxy's line
    auto r = s.post("/api/v1/lookup", {{"acceptance_no", no}, {"phone", phone}}, h);
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->status == 202 || r->status == 429) << r->status << " " << r->body;
    limited += r->status == 429;
  }
  EXPECT_GE(limited, 10) << "the per-address limit never applied";
}

// Issue 21 finding 3: an upload whose file already existed skipped the write, even when that file
// was damaged. DESIGN §8: uploads are on disk before they are acknowledged.
TEST(Regression, Issue21_DamagedUploadFileIsWrittenAgain) {
  TestServer s;
  if (s.on_postgresql())
    GTEST_SKIP() << "PostgreSQL keeps the bytes in a row written in one transaction: no file to damage";
  std::string bytes = "%PDF-1.4\n";
  for (int i = 0; i < 5000; ++i) bytes += "% evidence line " + std::to_string(i) + "\n";
  auto c = s.client();
  auto first = c->Post("/api/v1/uploads", bytes, "application/pdf");
  ASSERT_EQ(first->status, 201) << first->body;
  const std::string sha = str(parse(first->body)["sha256"]);
  const auto file = std::filesystem::path(s.ctx().uploads_dir) / sha;
  ASSERT_EQ(std::filesystem::file_size(file), bytes.size());
  std::filesystem::resize_file(file, bytes.size() / 2);  // a crash or a disk error left half of it

  auto again = c->Post("/api/v1/uploads", bytes, "application/pdf");
  ASSERT_EQ(again->status, 201) << again->body;
  std::ifstream in(file, std::ios::binary);
  const std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(on_disk.size(), bytes.size());
  EXPECT_TRUE(on_disk == bytes) << "the damaged file is still referenced";
  // No temporary file is left behind.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0777;
}

// Issue 21 (Low): the database and uploads were world-readable (0644/0755). DESIGN §8: files the
// server creates are private, whatever the umask; an older database made 0644 is tightened.
TEST(Regression, Issue21_FilesTheServerMakesArePrivate) {
  const mode_t old_mask = ::umask(022);
  {
    TestServer s;
    (void)s.file();
    auto up = s.client()->Post("/api/v1/uploads", "%PDF-1.4\n", "application/pdf");
    ASSERT_EQ(up->status, 201);
    if (s.on_postgresql()) {
      // The database's files are PostgreSQL's own; this server makes none (servers share nothing
      // on disk): its folder holds only the static folder the test made.
      std::string made;
      for (const auto& e : std::filesystem::directory_iterator(s.dir()))
        if (e.path().filename() != "web") made += e.path().filename().string() + " ";
      EXPECT_EQ(made, "") << "files the server made";
      EXPECT_TRUE(s.ctx().uploads_dir.empty());
    } else {
      const auto db = s.dir() / "complaints.db";
      EXPECT_EQ(mode_of(db), 0600u);
      EXPECT_EQ(mode_of(db.string() + "-wal"), 0600u);
      const auto uploads = std::filesystem::path(s.ctx().uploads_dir);
      EXPECT_EQ(mode_of(uploads), 0700u);
      EXPECT_EQ(mode_of(uploads / str(parse(up->body)["sha256"])), 0600u);
    }
  }
  // A database made readable by an older release.
  const auto dir = make_temp_dir();
  const auto db = dir / "complaints.db";
  { auto s = server::open_sqlite_storage(db.string()); ASSERT_TRUE(s.ok()); }
  ::chmod(db.c_str(), 0644);
  { auto s = server::open_sqlite_storage(db.string()); ASSERT_TRUE(s.ok()); }
  EXPECT_EQ(mode_of(db), 0600u);
  ::umask(old_mask);
  std::filesystem::remove_all(dir);
}

// Sends `request` on a raw connection; the status of the answer (0: none) once the server replies.
int raw_status(int port, const std::string& request) {
  const int fd = connect_raw(port);
  if (fd < 0) return -1;
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may stop reading and answer early
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buf[4096];
  ssize_t n;
  while (answer.find("\r\n") == std::string::npos && (n = ::recv(fd, buf, sizeof buf, 0)) > 0)
    answer.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return answer.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(answer.c_str() + 9) : 0;
}

std::string head_with_padding(std::size_t padding_bytes) {
  std::string req = "GET /api/v1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (int i = 0; req.size() < padding_bytes; ++i) req += "X-Pad-" + std::to_string(i) + ": " + std::string(40, 'p') + "\r\n";
  return req + "\r\n";
}

// Issue 21 (Low): no cap on the size of a request head (40 MB of header lines held 136 MB).
// DESIGN §8: request heads ≤ 32 KB.
TEST(Regression, Issue21_RequestHeadOver32KBIsRefused) {
  TestServer s;
  EXPECT_EQ(raw_status(s.port(), head_with_padding(20 * 1024)), 200);  // large but allowed
  const int status = raw_status(s.port(), head_with_padding(2 * 1024 * 1024));
  EXPECT_TRUE(status == 400 || status == 431 || status == 0) << status;
  EXPECT_EQ(s.get("/api/v1/healthz")->status, 200);
}

// Issue 21 (Low): a `text/plain` POST needs no CORS preflight, so any page could make its visitors'
// browsers request lookup codes or file complaints. DESIGN §8: JSON endpoints take only
// `application/json` (415 otherwise), and the refused request sends nothing.
TEST(Regression, Issue21_CrossSiteSimpleRequestsAreRefused) {
  TestServer s;
  const Json filed = s.file();
  const std::string no = str(filed["acceptance_no"]);
  const std::string phone = str(filing()["customer"]["phone"]);
  const std::size_t before = s.messages(phone).size();
  const std::string lookup = Json{{"acceptance_no", no}, {"phone", phone}}.dump();
  // (multipart/form-data with a JSON body is refused earlier, as a malformed form, with a 400.)
  for (const char* type : {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
                           "application/jsonp", ""}) {
    auto r = s.client()->Post("/api/v1/lookup", {}, lookup, type);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 415) << "Content-Type: " << type << " " << r->body;
    EXPECT_EQ(str(parse(r->body)["error"]["code"]), "http.unsupported_media_type");
    auto f = s.client()->Post("/api/v1/complaints", {{"Idempotency-Key", std::string("xs-") + type}},
                              filing().dump(), type);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->status, 415) << "Content-Type: " << type;
  }
  EXPECT_EQ(s.messages(phone).size(), before) << "a refused lookup sent a code";
  // The JSON type with its parameters, in any case, is what the clients send.
  for (const char* type : {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
    auto r = s.client()->Post("/api/v1/lookup", {}, lookup, type);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 202) << "Content-Type: " << type << " " << r->body;
  }
}

}  // namespace
}  // namespace cw::test
