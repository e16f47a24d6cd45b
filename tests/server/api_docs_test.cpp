// tests/server/api_docs_test.cpp — docs/api.yaml (OpenAPI 3.1) must describe every route the server
// registers, with its method (issue 4 item 8). A route added without its contract fails here.
#include <fstream>
#include <sstream>

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

TEST(ApiDocs, EveryErrorCodeTheServerSendsIsAStableId) {
  // The error ids in the spec's examples exist in the core table.
  const std::string spec = read_spec();
  EXPECT_NE(spec.find("validation.phone_invalid"), std::string::npos);
  EXPECT_TRUE(errc_from_id("validation.phone_invalid").has_value());
  EXPECT_TRUE(errc_from_id("idempotency.key_reused").has_value());
  EXPECT_TRUE(errc_from_id("http.rate_limited").has_value());
}

}  // namespace
}  // namespace cw::test
