// tests/server/policy_test.cpp — `serve --policy FILE` (DESIGN §3 Time limits, §4 command line) on
// the real binary: the loaded policy is the one GET /meta serves and the one deadlines follow; a file
// that does not load stops the server with a message naming it, never a start on the defaults.
#include <fstream>

#include "tests/server/server_process.h"

namespace cw::test {
namespace {

Json read_json(const std::string& path) {
  std::ifstream in(path);
  return parse(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
}

void write_text(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

struct Exit {
  int status = -1;  // exit status, or -1 when it did not exit on its own within the time
  std::string out, err;
};

// Runs complaint-server to its end with stdout and stderr captured; a server that starts serving
// instead of exiting is killed after `seconds` and reported as status -1.
Exit run_to_exit(const std::vector<std::string>& args, const std::filesystem::path& dir, int seconds = 10) {
  const std::string err_path = (dir / "stderr.txt").string();
  std::filesystem::remove(err_path);
  Exit e;
  int fd = -1;
  pid_t pid = spawn_server(args, err_path, fd);
  if (pid < 0) return e;
  int status = 0;
  bool exited = false;
  for (int i = 0; i < seconds * 20 && !(exited = waitpid(pid, &status, WNOHANG) == pid); ++i) usleep(50 * 1000);
  if (!exited) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  } else if (WIFEXITED(status)) {
    e.status = WEXITSTATUS(status);
  }
  char buf[512];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) e.out.append(buf, static_cast<size_t>(n));
  close(fd);
  std::ifstream in(err_path);
  e.err.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return e;
}

TEST(Policy, ServeWithPolicyFileServesItsVersionAndFollowsItsLimits) {
  // tests/data/policy-2026.json is the built-in policy; another version with a 48-hour acceptance
  // feedback limit shows the file really is what the server runs on.
  Json policy = read_json(std::string(CW_SOURCE_DIR) + "/tests/data/policy-2026.json");
  ASSERT_TRUE(policy.is_object());
  ASSERT_EQ(policy["acceptance_hours"], 24);
  policy["version"] = "2026.2-test";
  policy["acceptance_hours"] = 48;
  // Another operator than the built-in example (DESIGN §3 "The operator").
  policy["operator"] = {{"name", {{"zh-CN", "中国移动"}, {"en", "China Mobile"}}}, {"hotline", "10086"}};
  const auto dir = make_temp_dir();
  const std::string file = (dir / "policy.json").string();
  write_text(file, policy.dump(2));

  ServerProcess s({"--policy", file});
  ASSERT_TRUE(s.start()) << s.log();
  auto meta = s.get("/api/v1/meta");
  ASSERT_TRUE(meta);
  ASSERT_EQ(meta->status, 200);
  const Json served = parse(meta->body)["policy"];
  EXPECT_EQ(served["version"], "2026.2-test");
  EXPECT_EQ(served["acceptance_hours"], 48);
  EXPECT_EQ(served["operator"]["name"]["zh-CN"], "中国移动");
  EXPECT_EQ(served["operator"]["hotline"], "10086");
  // The calendar of the file too: 国庆 2026-10-01…07 off, Saturday 2026-10-10 worked.
  ASSERT_EQ(served["calendar"].size(), 1u);
  EXPECT_EQ(served["calendar"][0]["year"], 2026);
  const std::string holidays = served["calendar"][0]["holidays"].dump();
  EXPECT_NE(holidays.find("\"2026-10-07\""), std::string::npos) << holidays;
  EXPECT_NE(served["calendar"][0]["workdays"].dump().find("\"2026-10-10\""), std::string::npos);

  auto r = s.post("/api/v1/complaints", filing().dump(), {{"Idempotency-Key", "policy-1"}});
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  const Json a = parse(r->body);
  Result<Timestamp> filed = parse_iso8601(str(a["filed_at"]));
  Result<Timestamp> acceptance = parse_iso8601(str(a["deadlines"]["acceptance"]));
  ASSERT_TRUE(filed.ok() && acceptance.ok()) << a.dump();
  EXPECT_EQ(acceptance.value() - filed.value(), std::chrono::hours(48));
  s.stop();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST(Policy, APolicyFileThatDoesNotLoadStopsServeWithAMessageNamingIt) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  struct Case {
    std::string name, text;  // text empty: the file is missing
    std::vector<std::string> says;
  };
  const std::vector<Case> cases = {
      {"malformed.json", "{\"version\": \"x\",", {"not valid", "json.malformed"}},
      {"array.json", "[]", {"not valid", "json.not_object"}},
      {"zero-hours.json", R"({"version": "2026.9", "acceptance_hours": 0})",
       {"not valid", "acceptance_hours: validation.out_of_range"}},
      {"bad-holiday.json", R"({"calendar": [{"year": 2026, "holidays": ["2026-13-01"]}]})",
       {"not valid", "calendar[0].holidays[0]: validation.date_invalid"}},
      {"typo.json", R"({"version": "2026.9", "reply_day": 10})", {"not valid", "reply_day: validation.enum_invalid"}},
      {"missing.json", "", {"cannot read"}},
  };
  for (const Case& c : cases) {
    const std::string file = (dir / c.name).string();
    if (!c.text.empty()) write_text(file, c.text);
    Exit e = run_to_exit({"serve", "--listen", "127.0.0.1:0", "--db", db, "--static", "/nonexistent", "--policy", file}, dir);
    EXPECT_EQ(e.status, 1) << c.name << (e.status == -1 ? ": still serving (on the defaults?)" : "");
    EXPECT_EQ(e.out.find("listening"), std::string::npos) << c.name << ": " << e.out;
    EXPECT_NE(e.err.find("error: cannot start: "), std::string::npos) << c.name << ": " << e.err;
    EXPECT_NE(e.err.find(file), std::string::npos) << c.name << ": " << e.err;
    for (const std::string& text : c.says) EXPECT_NE(e.err.find(text), std::string::npos) << c.name << ": " << e.err;
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
