// tests/server/rate_limit_test.cpp — the rate limiter with buckets in the database (DESIGN §4 Several
// servers): the keys it hands over name no one, and the limits go on in memory while the database
// does not answer. The buckets' SQL itself runs in SeveralServers.* and, with CW_TEST_DB=postgresql,
// in every RateLimit test that goes through a server.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/log.h"
#include "server/rate_limit.h"
#include "server/storage.h"

namespace cw::test {
namespace {

// A database whose every take answers `answer` (an error: it did not answer), keeping the keys.
class BucketsOnly final : public server::Storage {
 public:
  Result<int> answer = 0;
  std::vector<std::string> keys;

  bool shares_rate_buckets() const override { return true; }
  Result<int> take_rate_token(std::string_view key, double, double) override {
    keys.emplace_back(key);
    return answer;
  }
  Result<void> read(const Work&) override { return Errc::server_error; }
  Result<void> write(const Work&) override { return Errc::server_error; }
  bool healthy() override { return false; }
  int schema_version() override { return 0; }
  void checkpoint() override {}
  Result<void> put_upload_bytes(const std::string&, std::string_view) override { return Errc::server_error; }
  Result<std::optional<std::string>> upload_bytes(const std::string&) override { return Errc::server_error; }
  Result<void> drop_upload_bytes(const std::string&) override { return Errc::server_error; }
};

TEST(RateLimit, SharedBucketsHaveHashedKeysAndFallBackToMemoryWhileTheDatabaseIsAway) {
  BucketsOnly db;
  server::RateLimiter limiter;
  limiter.share_through(&db);
  const server::BucketRule rule{2, 1};  // 2 at once
  db.answer = 7;
  EXPECT_EQ(limiter.take("lookup_phone", "13912345678", rule), 7);  // the database's word
  EXPECT_EQ(limiter.take("lookup_phone", "13912345678", rule), 7);
  EXPECT_EQ(limiter.take("lookup_phone", "13800000000", rule), 7);
  ASSERT_EQ(db.keys.size(), 3u);
  EXPECT_EQ(db.keys[0], db.keys[1]);  // one bucket per (kind, key)
  EXPECT_NE(db.keys[0], db.keys[2]);
  for (const std::string& k : db.keys) {
    EXPECT_EQ(k.size(), 64u);  // a SHA-256: the table names no phone (DESIGN §8)
    EXPECT_EQ(k.find("139"), std::string::npos);
  }

  // The database stops answering: this process's buckets count (2 at once), logged once.
  server::set_log_enabled(true);
  testing::internal::CaptureStderr();
  db.answer = Errc::server_unavailable;
  EXPECT_EQ(limiter.take("lookup_phone", "13912345678", rule), 0);
  EXPECT_EQ(limiter.take("lookup_phone", "13912345678", rule), 0);
  EXPECT_GE(limiter.take("lookup_phone", "13912345678", rule), 1);
  db.answer = 0;  // back: the database's buckets again
  EXPECT_EQ(limiter.take("lookup_phone", "13912345678", rule), 0);
  const std::string log = testing::internal::GetCapturedStderr();
  server::set_log_enabled(false);  // as the other tests' quiet servers leave it
  auto count = [&](const std::string& what) {
    int n = 0;
    for (auto at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("\"event\":\"rate_limits_local\""), 1) << log;
  EXPECT_EQ(count("\"event\":\"rate_limits_shared\""), 1) << log;
  EXPECT_EQ(log.find("13912345678"), std::string::npos);
}

TEST(RateLimit, OffTakesNothingFromTheDatabase) {
  BucketsOnly db;
  server::RateLimiter limiter(false);
  limiter.share_through(&db);
  EXPECT_EQ(limiter.take("lookup_no", "x", server::BucketRule{1, 1}), 0);
  EXPECT_TRUE(db.keys.empty());
}

}  // namespace
}  // namespace cw::test
