// tests/core/i18n_test.cpp — the UI catalog is complete in both languages and formats placeholders.
#include "core/i18n.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/utf8.h"

namespace {

int placeholders(std::string_view s) {
  int mask = 0;
  for (std::size_t i = 0; i + 2 < s.size(); ++i)
    if (s[i] == '{' && s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] == '}') mask |= 1 << (s[i + 1] - '0');
  return mask;
}

}  // namespace

TEST(I18n, EveryKeyHasBothLanguagesAndTheSamePlaceholders) {
  ASSERT_GT(cw::str_count(), 100u);
  std::set<std::string> keys;
  for (std::size_t i = 0; i < cw::str_count(); ++i) {
    cw::Str s = cw::str_at(i);
    std::string key(cw::str_key(s));
    EXPECT_TRUE(keys.insert(key).second) << "duplicate key " << key;
    std::string_view zh = cw::tr(s, cw::Lang::zh_CN), en = cw::tr(s, cw::Lang::en);
    EXPECT_FALSE(zh.empty()) << key;
    EXPECT_FALSE(en.empty()) << key;
    EXPECT_TRUE(cw::utf8::is_valid(zh)) << key;
    EXPECT_EQ(placeholders(zh), placeholders(en)) << key;
  }
}

TEST(I18n, ChineseIsTheDefaultAudience) {
  EXPECT_EQ(cw::tr(cw::Str::home_file, cw::Lang::zh_CN), "我要投诉");
  EXPECT_EQ(cw::tr(cw::Str::home_file, cw::Lang::en), "File a complaint");
  EXPECT_EQ(cw::str_key(cw::Str::home_file), "home_file");
}

TEST(I18n, FormatFillsPlaceholdersInAnyOrder) {
  EXPECT_EQ(cw::format("第 {0} 步，共 {1} 步", {"2", "5"}), "第 2 步，共 5 步");
  EXPECT_EQ(cw::format("{1}-{0}", {"a", "b"}), "b-a");
  EXPECT_EQ(cw::format("{0} and {3}", {"x"}), "x and {3}");
  EXPECT_EQ(cw::format("{", {}), "{");
}

TEST(I18n, OutOfRangeKeysAreEmptyNotUndefined) {
  auto bogus = static_cast<cw::Str>(60000);
  EXPECT_TRUE(cw::tr(bogus, cw::Lang::en).empty());
  EXPECT_TRUE(cw::str_key(bogus).empty());
}
