// tests/server/search_plan_test.cpp — the staff list's date ranges (server/sqlite_storage.cpp
// search_complaints): a range of a month or less is first walked in the list's order with a bound on
// its work, and read by date then sorted when the walk is stopped or the range holds few cases. Each
// way the page must be the list's own first page of that range: checked here against every row
// sorted in memory, for the last month (open cases first in the order: the walk finds the page), a
// month 200 days ago (thousands of closed cases behind 7,500 open ones: the walk is stopped) and a
// day a year ago (few cases: sorted at once), with the cursor and the overdue bound.
#include <algorithm>
#include <random>
#include <tuple>

#include "server/storage.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

struct Row {
  std::int64_t deadline, id, filed;
};

TEST(Search, ANarrowDateRangeGivesTheListsOwnPageWhicheverPlanAnswers) {
  const auto dir = make_temp_dir();
  auto s = server::open_sqlite_storage((dir / "c.db").string());
  ASSERT_TRUE(s.ok());
  server::Storage& st = *s.value();
  const std::int64_t now = 1'780'000'000;
  const std::int64_t day = 86400;
  std::mt19937_64 rng(7);
  std::vector<Row> rows;
  // 60,000 cases over 400 days; one in eight open (filed in the last 30 days, a deadline in the
  // next two weeks or a few days past), the rest closed (no deadline: at the end of the order).
  ASSERT_TRUE(st.write([&](server::Tx& tx) -> Result<void> {
                  for (int i = 0; i < 60000; ++i) {
                    server::ComplaintRecord r;
                    r.acceptance_no = "TS-260105-SP" + std::to_string(100000 + i) + "-2";
                    r.doc = "{}";
                    const bool open = rng() % 8 == 0;
                    r.status = open ? "accepted" : "closed";
                    r.filed_at = now - static_cast<std::int64_t>(rng() % (open ? 30 * day : 400 * day));
                    r.next_deadline = open ? now - 5 * day + static_cast<std::int64_t>(rng() % (20 * day))
                                           : server::kNoDeadline;
                    auto id = tx.insert_complaint(r);
                    if (!id) return id.error();
                    rows.push_back({r.next_deadline, id.value(), r.filed_at});
                  }
                  return {};
                }).ok());
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return std::tie(a.deadline, a.id) < std::tie(b.deadline, b.id); });

  // The expected page, from the rows sorted in memory.
  const auto expected = [&](const server::ComplaintFilter& f) {
    std::vector<std::int64_t> out;
    for (const Row& r : rows) {
      if (r.filed < f.filed_from || r.filed >= f.filed_to) continue;
      if (f.overdue && (*f.overdue != (r.deadline < f.now))) continue;
      if (f.after_id && std::tie(r.deadline, r.id) <= std::tie(f.after_deadline, f.after_id)) continue;
      out.push_back(r.id);
      if (static_cast<int>(out.size()) == f.limit) break;
    }
    return out;
  };
  const auto got = [&](const server::ComplaintFilter& f) {
    std::vector<std::int64_t> out;
    EXPECT_TRUE(st.read([&](server::Tx& tx) -> Result<void> {
                    auto page = tx.search_complaints(f);
                    if (!page) return page.error();
                    for (const auto& r : page.value()) out.push_back(r.id);
                    return {};
                  }).ok());
    return out;
  };

  struct Case {
    const char* name;
    std::int64_t from, to;
  };
  for (const Case& c : {Case{"the last 30 days", now - 29 * day, now + day}, Case{"one day a year ago", now - 365 * day, now - 364 * day},
                        Case{"a month 200 days ago", now - 200 * day, now - 170 * day},
                        Case{"a month with no cases", now - 500 * day, now - 470 * day}}) {
    server::ComplaintFilter f;
    f.now = now;
    f.filed_from = c.from;
    f.filed_to = c.to;
    f.limit = 10;
    const std::vector<std::int64_t> first = got(f);
    EXPECT_EQ(first, expected(f)) << c.name;
    // The next page after the first one's last row, and the overdue bound.
    if (!first.empty()) {
      const auto last = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == first.back(); });
      f.after_deadline = last->deadline;
      f.after_id = last->id;
      EXPECT_EQ(got(f), expected(f)) << c.name << ", second page";
      f.after_deadline = f.after_id = 0;
    }
    f.overdue = false;
    EXPECT_EQ(got(f), expected(f)) << c.name << ", not overdue";
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
