// tests/server/view_cache_test.cpp — ViewCache: a remembered view answers only for the same record
// version and second, and a remembered lookup only while nothing was written and the token lives.
#include "server/view_cache.h"

#include <gtest/gtest.h>

#include "tests/server/test_server.h"

namespace cw::server {
namespace {
using namespace cw::test;

std::shared_ptr<const ViewCache::View> view(const std::string& text) {
  return std::make_shared<ViewCache::View>(ViewCache::View{text, "\"" + text + "\""});
}

TEST(ViewCache, AnswersOnlyForTheSameVersionAndSecond) {
  ViewCache c;
  EXPECT_EQ(c.find(1, 1, 100), nullptr);
  c.put(1, 1, 100, view("a"));
  ASSERT_NE(c.find(1, 1, 100), nullptr);
  EXPECT_EQ(c.find(1, 1, 100)->text, "a");
  EXPECT_EQ(c.find(1, 2, 100), nullptr) << "a write bumped the version";
  EXPECT_EQ(c.find(1, 1, 101), nullptr) << "the view depends on now (deadlines, overdue)";
  EXPECT_EQ(c.find(2, 1, 100), nullptr);
}

TEST(ViewCache, LookupNeedsSameGenerationLiveTokenAndSameSecond) {
  ViewCache c;
  c.put_lookup("TS-1", "hash", 7, 100, 200, view("a"));
  ASSERT_NE(c.find_lookup("TS-1", "hash", 7, 100), nullptr);
  EXPECT_EQ(c.find_lookup("TS-1", "hash", 8, 100), nullptr) << "something was written since";
  EXPECT_EQ(c.find_lookup("TS-1", "other", 7, 100), nullptr) << "another token";
  EXPECT_EQ(c.find_lookup("TS-2", "hash", 7, 100), nullptr) << "another number";
  EXPECT_EQ(c.find_lookup("TS-1", "hash", 7, 101), nullptr);
  c.put_lookup("TS-1", "hash", 7, 200, 200, view("a"));
  EXPECT_EQ(c.find_lookup("TS-1", "hash", 7, 200), nullptr) << "the token expired";
}

TEST(ViewCache, StaysBounded) {
  ViewCache c;
  for (int i = 0; i < 10000; ++i) c.put_lookup("TS-" + std::to_string(i), "h", 1, 1, 2, view("x"));
  EXPECT_NE(c.find_lookup("TS-9999", "h", 1, 1), nullptr);
  EXPECT_EQ(c.find_lookup("TS-0", "h", 1, 1), nullptr) << "cleared when full";
}

// Through the server: a supplement right after a lookup (same second, same token) must show in the
// next lookup, and its ETag must change (the remembered lookup is dropped by the write).
TEST(ViewCache, WriteInTheSameSecondShowsInTheNextLookup) {
  TestServer s;
  Json a = s.file();
  const std::string no = str(a["acceptance_no"]);
  httplib::Headers h = bearer(a["access_token"]);
  auto before = s.get("/api/v1/complaints/" + no, h);
  auto again = s.get("/api/v1/complaints/" + no, h);
  ASSERT_EQ(before->status, 200);
  EXPECT_EQ(before->body, again->body);
  httplib::Headers hk = h;
  hk.emplace("Idempotency-Key", "vc-1");
  auto sup = s.post("/api/v1/complaints/" + no + "/supplements", {{"text", "补充：上月也多扣了。"}}, hk);
  ASSERT_EQ(sup->status, 200) << sup->body;
  auto after = s.get("/api/v1/complaints/" + no, h);
  ASSERT_EQ(after->status, 200);
  EXPECT_NE(after->body, before->body);
  EXPECT_NE(after->get_header_value("ETag"), before->get_header_value("ETag"));
  EXPECT_EQ(parse(after->body)["timeline"].size(), parse(before->body)["timeline"].size() + 1);
}

}  // namespace
}  // namespace cw::server
