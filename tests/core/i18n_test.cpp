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

// "Both languages" means translated, not only non-empty: a Chinese string copied into the English
// column (or an English one left in the Chinese column) is a missing translation.
TEST(I18n, EachLanguageIsReallyThatLanguage) {
  auto ideographs = [](std::string_view s) {
    int n = 0;
    for (char32_t cp : cw::utf8::decode(s)) n += (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
    return n;
  };
  for (std::size_t i = 0; i < cw::str_count(); ++i) {
    cw::Str s = cw::str_at(i);
    EXPECT_GT(ideographs(cw::tr(s, cw::Lang::zh_CN)), 0) << cw::str_key(s) << ": zh-CN without Chinese";
    EXPECT_EQ(ideographs(cw::tr(s, cw::Lang::en)), 0) << cw::str_key(s) << ": Chinese in the en catalog";
  }
  // The error catalog (customer-facing messages) the same way.
  for (std::size_t i = 0; i < cw::error_count(); ++i) {
    cw::Errc e = cw::errc_at(i);
    EXPECT_GT(ideographs(cw::message(e, cw::Lang::zh_CN)), 0) << cw::code_id(e);
    EXPECT_FALSE(cw::message(e, cw::Lang::en).empty()) << cw::code_id(e);
    EXPECT_EQ(ideographs(cw::message(e, cw::Lang::en)), 0) << cw::code_id(e);
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
