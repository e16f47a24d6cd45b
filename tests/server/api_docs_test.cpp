// tests/server/api_docs_test.cpp — docs/api.yaml (OpenAPI 3.1) must describe every route the server
// registers, with its method (issue 4 item 8). A route added without its contract fails here. And
// every error code is a stable id of core/errors.h: those the server's source names, those the spec
// names, and every one any test of this program receives (checked when the program ends).
#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/staff_api.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

std::string read_spec() {
  std::ifstream in(std::string(CW_SOURCE_DIR) + "/docs/api.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The block of `path` under `paths:` — from "  /path:" to the next line with two-space indent.
std::string path_block(const std::string& spec, const std::string& path) {
  const std::string head = "\n  " + path + ":\n";
  auto at = spec.find(head);
  if (at == std::string::npos) return "";
  auto from = at + head.size();
  std::size_t end = from;
  for (;;) {
    end = spec.find('\n', end);
    if (end == std::string::npos || end + 3 >= spec.size()) return spec.substr(from);
    // next line: exactly two spaces then a non-space starts the next path
    if (spec.compare(end + 1, 2, "  ") == 0 && spec[end + 3] != ' ') return spec.substr(from, end - from);
    ++end;
  }
}

TEST(ApiDocs, EveryServerRouteIsInTheOpenApiSpec) {
  const std::string spec = read_spec();
  ASSERT_FALSE(spec.empty()) << "docs/api.yaml is missing";
  EXPECT_NE(spec.find("openapi: 3.1"), std::string::npos);
  TestServer s;  // --dev: the dev route is registered too
  ASSERT_GE(s.app().routes().size(), 15u);
  for (const auto& [method, path] : s.app().routes()) {
    const std::string block = "\n" + path_block(spec, path);
    EXPECT_GT(block.size(), 1u) << path << " is not in docs/api.yaml";
    EXPECT_NE(block.find("\n    " + method + ":"), std::string::npos)
        << method << " " << path << " is not in docs/api.yaml";
  }
}

// core/staff_api.h is what the workbench sends: every row must be a route the server registers
// with that method (a renamed or removed route fails here, not in an operator's browser).
TEST(ApiDocs, EveryStaffRequestOfTheWorkbenchIsARoute) {
  TestServer s;
  const auto& routes = s.app().routes();
  const auto registered = [&](std::string method, std::string_view path) {
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    return std::find(routes.begin(), routes.end(), std::pair(method, "/api/v1" + std::string(path))) != routes.end();
  };
  int rows = 0;
#define CW_X(id, method, path) \
  ++rows;                      \
  EXPECT_TRUE(registered(method, path)) << #id << ": " << method << " /api/v1" << path << " is not a server route";
  CW_STAFF_REQUESTS(CW_X)
#undef CW_X
  EXPECT_GE(rows, 9);
  EXPECT_EQ(staff_path(StaffRequest::read_case, "TS-261206-1E09C91R-5"), "/staff/complaints/TS-261206-1E09C91R-5");
  EXPECT_EQ(staff_path(StaffRequest::list, {}, "q=" + query_value("网速 慢")),
            "/staff/complaints?q=%E7%BD%91%E9%80%9F%20%E6%85%A2");
}

// The core's table (core/errors.h), row by row: enum name, stable id, HTTP status.
struct Row {
  std::string name, id;
  int status;
};
std::vector<Row> error_table() {
  return {
#define CW_TEST_ROW(name, id, http, zh, en) Row{#name, id, http},
      CW_ERRORS(CW_TEST_ROW)
#undef CW_TEST_ROW
  };
}

std::string read_source(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// An answer's code must come with its own row's status; a `fields` code (status 0 here) must be a
// row an answer can carry. "" (an error status without the error shape) is never right.
bool answered_right(const std::string& id, int status) {
  const std::optional<Errc> code = errc_from_id(id);
  if (!code || *code == Errc::ok || http_status(*code) == 0) return false;
  return status == 0 || status == http_status(*code);
}

TEST(ApiDocs, EveryErrorCodeTheServerSendsIsAStableId) {
  // 1. Every Errc the server's source names is a row that an HTTP answer can carry (a client-only
  //    row like network.offline has no status and would go out as a 500 under the wrong name).
  const auto table = error_table();
  ASSERT_EQ(table.size(), error_count());
  std::set<std::string> named;
  const std::regex errc_use(R"(Errc::([a-z0-9_]+))");
  for (const auto& f : std::filesystem::directory_iterator(std::string(CW_SOURCE_DIR) + "/server")) {
    const std::string text = read_source(f.path());
    // No error body by hand: every one goes through send_error (server/http_util.h), i.e. the table.
    EXPECT_EQ(text.find("{\"error\", {"), std::string::npos) << f.path() << " builds an error body by hand";
    for (std::sregex_iterator it(text.begin(), text.end(), errc_use), end; it != end; ++it) named.insert((*it)[1]);
  }
  EXPECT_GE(named.size(), 20u);
  for (const std::string& name : named) {
    if (name == "ok") continue;
    auto row = std::find_if(table.begin(), table.end(), [&](const Row& r) { return r.name == name; });
    ASSERT_NE(row, table.end()) << name;
    EXPECT_EQ(errc_from_id(row->id), std::optional<Errc>(static_cast<Errc>(row - table.begin()))) << row->id;
    EXPECT_GE(row->status, 400) << "server/ sends Errc::" << name << " (" << row->id << ") but its row has no HTTP status";
  }
  // 2. Every code docs/api.yaml names in backquotes (`group.name` with a group of the table) is a
  //    row: the spec never documents a code that does not exist, e.g. after a typo.
  std::set<std::string> groups;
  for (const Row& r : table) groups.insert(r.id.substr(0, r.id.find('.')));
  const std::string spec = read_spec();
  const std::regex quoted_id(R"(`([a-z_]+)\.([a-z_]+)`)");
  int documented = 0;
  for (std::sregex_iterator it(spec.begin(), spec.end(), quoted_id), end; it != end; ++it) {
    if (!groups.count((*it)[1].str())) continue;
    ++documented;
    EXPECT_TRUE(errc_from_id((*it)[1].str() + "." + (*it)[2].str()).has_value())
        << "docs/api.yaml names " << (*it)[0] << ", which core/errors.h does not have";
  }
  EXPECT_GE(documented, 3);
  // 3. What the suites receive is checked when the test program ends (ErrorAnswersCheck below); a
  //    few answers of this test's own make sure the recording works. The server records an answer
  //    after sending it: it has recorded them all once it has stopped.
  {
    TestServer s;
    EXPECT_EQ(s.get("/api/v1/nowhere")->status, 404);
    EXPECT_EQ(s.post("/api/v1/lookup", Json{{"acceptance_no", "x"}, {"phone", "1"}})->status, 422);
  }
  std::lock_guard lock(seen_errors().mu);
  EXPECT_TRUE(seen_errors().codes.count({"http.not_found", 404}));
  EXPECT_TRUE(seen_errors().codes.count({"validation.phone_invalid", 0}));  // a `fields` value
}

// docs/api.yaml lists every code an answer can carry (the rows with an HTTP status), each with its
// status, and nothing else: an operator's integration can switch on the list.
TEST(ApiDocs, TheSpecListsEveryErrorCodeWithItsStatus) {
  const std::string spec = read_spec();
  const size_t at = spec.find("            code:\n              type: string");
  ASSERT_NE(at, std::string::npos) << "Error.code in docs/api.yaml";
  const std::string enum_key = "              enum:\n";
  const size_t list = spec.find(enum_key, at);
  ASSERT_NE(list, std::string::npos);
  std::set<std::string> listed;
  std::istringstream lines(spec.substr(list + enum_key.size()));
  for (std::string line; std::getline(lines, line) && line.rfind("                - ", 0) == 0;) listed.insert(line.substr(18));
  std::set<std::string> expected;
  for (const Row& r : error_table()) {
    if (r.status < 400) continue;  // ok, and the client-only rows (network.*, storage.error)
    expected.insert(r.id);
    EXPECT_NE(spec.find("| `" + r.id + "` | " + std::to_string(r.status) + " |", at), std::string::npos)
        << r.id << " with its status " << r.status << " in the table of Error.code";
  }
  EXPECT_EQ(listed, expected);
}

// Every error answer any test of this program received carries a code of the table, with that
// row's status (DESIGN §4: `code` is the stable id from the core's table). Runs after the last test,
// so a new code the server starts sending fails the run of whichever test first receives it.
class ErrorAnswersCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lock(seen_errors().mu);
    for (const auto& [key, where] : seen_errors().codes) {
      const auto& [id, status] = key;
      EXPECT_TRUE(answered_right(id, status))
          << where << " was answered " << (status ? std::to_string(status) : std::string("with a field code")) << " "
          << (id.empty() ? std::string("without the error shape") : "\"" + id + "\"")
          << (errc_from_id(id) ? " (its row says " + std::to_string(http_status(*errc_from_id(id))) + ")"
                               : std::string(" (not in core/errors.h)"));
    }
  }
};
const auto* const kErrorAnswersCheck = ::testing::AddGlobalTestEnvironment(new ErrorAnswersCheck);

}  // namespace
}  // namespace cw::test
