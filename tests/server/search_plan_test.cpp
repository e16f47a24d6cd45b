// tests/server/search_plan_test.cpp — the staff list's date ranges (server/sqlite_storage.cpp
// search_complaints): a range of a month or less is first walked in the list's order with a bound on
// its work, and read by date then sorted when the walk is stopped or the range holds few cases. Each
// way the page must be the list's own first page of that range: checked here against every row
// sorted in memory, for the last month (open cases first in the order: the walk finds the page), a
// month 200 days ago (thousands of closed cases behind 7,500 open ones: the walk is stopped) and a
// day a year ago (few cases: sorted at once), with the cursor and the overdue bound.
// And two fixed filters or more (channel, category, business type), or one with a search, which are
// answered from the search table's facets (schema 10): the page equals the rows filtered in memory
// after filings, a change of category and deadline, a purge, and an upgrade from schema 9.
#include <sqlite3.h>

#include <algorithm>
#include <random>
#include <set>
#include <tuple>

#include "server/search.h"
#include "server/storage.h"
#include "tests/server/test_server.h"

namespace cw::test {
namespace {

struct Row {
  std::int64_t deadline, id, filed;
};

// The ids of the page the storage answers for `f`.
std::vector<std::int64_t> page_ids(server::Storage& st, const server::ComplaintFilter& f) {
  std::vector<std::int64_t> out;
  EXPECT_TRUE(st.read([&](server::Tx& tx) -> Result<void> {
                  auto page = tx.search_complaints(f);
                  if (!page) return page.error();
                  for (const auto& r : page.value()) out.push_back(r.id);
                  return {};
                }).ok());
  return out;
}

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
  const auto got = [&](const server::ComplaintFilter& f) { return page_ids(st, f); };

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

struct Listed {
  std::int64_t id, deadline, version;
  std::string channel, category, business_type;
  bool has_word, purged;
};

TEST(Search, FixedFiltersTogetherOrWithASearchGiveTheListsOwnPageAfterEveryChangeAndAnUpgrade) {
  const auto dir = make_temp_dir();
  const std::string db = (dir / "c.db").string();
  auto opened = server::open_sqlite_storage(db);
  ASSERT_TRUE(opened.ok());
  std::unique_ptr<server::Storage> s = std::move(opened).value();
  const std::int64_t now = 1'780'000'000;
  std::mt19937_64 rng(11);
  const std::vector<std::string> channels{"web", "app", "hotline", "letter", "social"};
  const std::vector<std::string> categories{"billing", "network", "privacy", "other"};
  const std::vector<std::string> types{"mobile", "broadband"};
  const std::vector<std::string> vocabulary{"流量", "宽带", "断线", "router", "扣费"};
  std::vector<Listed> rows;
  ASSERT_TRUE(s->write([&](server::Tx& tx) -> Result<void> {
                  for (int i = 0; i < 4000; ++i) {
                    server::ComplaintRecord r;
                    r.acceptance_no = "TS-260105-FF" + std::to_string(100000 + i) + "-2";
                    r.doc = "{}";
                    r.status = "accepted";
                    r.filed_at = now - 86400;
                    r.next_deadline = rng() % 5 == 0 ? server::kNoDeadline : now - 86400 + static_cast<std::int64_t>(rng() % 300000);
                    r.channel = channels[rng() % channels.size()];
                    r.category = categories[rng() % categories.size()];
                    r.business_type = types[rng() % types.size()];
                    // Words joined by a comma are runs of their own: "流量" is a term only where it was written.
                    std::string problem;
                    for (const std::string& w : vocabulary)
                      if (rng() % 3 == 0) problem += (problem.empty() ? "" : "，") + w;
                    r.words = server::search_words(problem, "");
                    auto id = tx.insert_complaint(r);
                    if (!id) return id.error();
                    rows.push_back({id.value(), r.next_deadline, 1, r.channel, r.category, r.business_type,
                                    problem.find("流量") != std::string::npos, false});
                  }
                  return {};
                }).ok());

  const auto expected = [&](const server::ComplaintFilter& f, bool word) {
    std::vector<Listed> sorted = rows;
    std::sort(sorted.begin(), sorted.end(),
              [](const Listed& a, const Listed& b) { return std::tie(a.deadline, a.id) < std::tie(b.deadline, b.id); });
    std::vector<std::int64_t> out;
    for (const Listed& r : sorted) {
      if ((!f.channel.empty() && r.channel != f.channel) || (!f.category.empty() && r.category != f.category) ||
          (!f.business_type.empty() && r.business_type != f.business_type))
        continue;
      if (word && (!r.has_word || r.purged)) continue;  // a purged case has no words left
      if (f.overdue && (*f.overdue != (r.deadline < f.now))) continue;
      if (f.after_id && std::tie(r.deadline, r.id) <= std::tie(f.after_deadline, f.after_id)) continue;
      out.push_back(r.id);
      if (static_cast<int>(out.size()) == f.limit) break;
    }
    return out;
  };
  const auto got = [&](const server::ComplaintFilter& f) { return page_ids(*s, f); };
  struct Filters {
    const char* name;
    std::string channel, category, business_type;
    bool word;
    std::optional<bool> overdue;
  };
  const std::vector<Filters> filters{
      {"category and channel", "letter", "privacy", "", false, std::nullopt},
      {"channel, category and business type", "web", "network", "broadband", false, std::nullopt},
      {"a word and a channel", "social", "", "", true, std::nullopt},
      {"a word, a category, not overdue", "", "billing", "", true, false},
      {"channel and business type, overdue", "app", "", "mobile", false, true},
  };
  const auto check = [&](const char* when) {
    for (const Filters& c : filters) {
      server::ComplaintFilter f;
      f.now = now;
      f.limit = 15;
      f.channel = c.channel;
      f.category = c.category;
      f.business_type = c.business_type;
      f.overdue = c.overdue;
      if (c.word) f.match = server::search_match("流量").value();
      const std::vector<std::int64_t> first = got(f);
      EXPECT_EQ(first.size(), 15u) << when << ": " << c.name;  // every case here has a full page
      EXPECT_EQ(first, expected(f, c.word)) << when << ": " << c.name;
      if (first.empty()) continue;
      const auto last = std::find_if(rows.begin(), rows.end(), [&](const Listed& r) { return r.id == first.back(); });
      f.after_deadline = last->deadline;
      f.after_id = last->id;
      EXPECT_EQ(got(f), expected(f, c.word)) << when << ": " << c.name << ", second page";
    }
  };
  check("filed");

  // Staff correct the category of every seventh case (and move some deadlines); every eleventh is
  // purged. An update carries no words ("" keeps them).
  const auto update = [&](Listed& row, auto&& change) {
    ASSERT_TRUE(s->write([&](server::Tx& tx) -> Result<void> {
                    server::ComplaintRecord r;
                    r.id = row.id;
                    r.doc = "{}";
                    r.status = "accepted";
                    r.filed_at = now - 86400;
                    r.version = row.version;
                    change(row, r);
                    r.channel = row.channel;
                    r.category = row.category;
                    r.business_type = row.business_type;
                    r.next_deadline = row.deadline;
                    r.purged = row.purged;
                    ++row.version;
                    return tx.update_complaint(r);
                  }).ok());
  };
  for (std::size_t i = 0; i < rows.size(); i += 7)
    update(rows[i], [&](Listed& row, server::ComplaintRecord&) {
      row.category = categories[(std::find(categories.begin(), categories.end(), row.category) - categories.begin() + 1) %
                                categories.size()];
      if (i % 2 == 0) row.deadline = now - 90000 + static_cast<std::int64_t>(rng() % 300000);
    });
  for (std::size_t i = 3; i < rows.size(); i += 11)
    update(rows[i], [&](Listed& row, server::ComplaintRecord&) { row.purged = true; });
  check("after corrections and purges");

  // Back to schema 9: the search table without its facets column, then opened again.
  s.reset();
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, R"SQL(
    CREATE VIRTUAL TABLE v9 USING fts5(words, tokenize = 'unicode61 remove_diacritics 2', prefix = '1');
    INSERT INTO v9(rowid, words) SELECT rowid, words FROM complaint_words WHERE words <> '';
    DROP TABLE complaint_words; ALTER TABLE v9 RENAME TO complaint_words;
    UPDATE schema_version SET version = 9;)SQL",
                         nullptr, nullptr, &err),
            SQLITE_OK)
      << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
  opened = server::open_sqlite_storage(db);
  ASSERT_TRUE(opened.ok());
  s = std::move(opened).value();
  EXPECT_EQ(s->schema_version(), 11);
  check("after the upgrade from schema 9");
  s.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
}  // namespace cw::test
