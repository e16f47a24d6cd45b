// tests/server/group_commit_test.cpp — SQLite's group commit (server/sqlite_storage.cpp write()):
// writers that queue behind a transaction are committed together in the next one, a failing work
// among them is rolled back alone, and each caller returns only once its work is committed.
#include <atomic>
#include <chrono>
#include <thread>

#include "server/storage.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

server::ComplaintRecord complaint(int i) {
  server::ComplaintRecord r;
  r.acceptance_no = "TS-260105-GC" + std::to_string(100000 + i) + "-2";
  r.status = "received";
  r.doc = "{}";
  return r;
}

bool exists(server::Storage& st, const std::string& no) {
  bool found = false;
  EXPECT_TRUE(st.read([&](server::Tx& tx) -> Result<void> {
                  auto f = tx.find_complaint(no);
                  if (!f) return f.error();
                  found = f.value().has_value();
                  return {};
                }).ok());
  return found;
}

// Seven writers arrive while an eighth holds the writer: the seven share one transaction (the
// generation, bumped once per commit, moves by 2 for the 8 writes), the one whose work fails after
// writing leaves nothing, and the six others are all there when their write() returns.
TEST(Storage, WritersQueuedBehindATransactionShareOneCommitAndAFailingOneIsRolledBackAlone) {
  const auto dir = make_temp_dir();
  auto s = server::open_sqlite_storage((dir / "c.db").string());
  ASSERT_TRUE(s.ok());
  server::Storage& st = *s.value();
  constexpr int kQueued = 7;
  constexpr int kFailing = 3;
  const std::uint64_t before = st.generation();

  std::atomic<bool> first_inside{false};
  std::thread first([&] {
    Result<void> w = st.write([&](server::Tx& tx) -> Result<void> {
      if (auto id = tx.insert_complaint(complaint(0)); !id) return id.error();
      first_inside = true;
      // Holds the writer until the others are queued (bounded: a broken queue fails the counts below).
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (st.writers_waiting() < kQueued && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return {};
    });
    EXPECT_TRUE(w.ok());
  });
  while (!first_inside) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  std::vector<std::thread> queued;
  std::vector<Result<void>> results(kQueued + 1, Errc::server_error);
  std::vector<int> present_on_return(kQueued + 1, 0);  // not vector<bool>: written from threads
  for (int i = 1; i <= kQueued; ++i) {
    queued.emplace_back([&, i] {
      results[i] = st.write([&](server::Tx& tx) -> Result<void> {
        if (auto id = tx.insert_complaint(complaint(i)); !id) return id.error();
        if (i == kFailing) return Errc::http_conflict;  // wrote, then failed: its row must go
        return {};
      });
      // Acknowledged only once durable: a fresh read (another connection) already sees it.
      present_on_return[i] = exists(st, complaint(i).acceptance_no);
    });
  }
  first.join();
  for (auto& t : queued) t.join();

  EXPECT_EQ(st.generation() - before, 2u) << "the queued writers were not committed together";
  EXPECT_TRUE(exists(st, complaint(0).acceptance_no));
  for (int i = 1; i <= kQueued; ++i) {
    if (i == kFailing) {
      EXPECT_EQ(results[i].code(), Errc::http_conflict);
      EXPECT_FALSE(exists(st, complaint(i).acceptance_no)) << "a failed work's row was committed";
    } else {
      EXPECT_TRUE(results[i].ok()) << i;
      EXPECT_TRUE(present_on_return[i]) << i << ": write() returned before its commit";
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
