// tests/ui/text_layout_test.cpp — the line-breaking rules of wasm/ui/text_layout.h with every
// character one unit wide, so each case reads as "at most N characters a line".
#include "wasm/ui/text_layout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

float OneEach(const void*, unsigned) { return 1.0f; }

std::vector<std::string> Lines(std::string_view text, float wrap) {
  std::vector<std::string> out;
  ui::text::ForEachLine(text, wrap, OneEach, nullptr,
                        [&](int, const char* b, const char* e) { out.emplace_back(b, e); });
  return out;
}

using V = std::vector<std::string>;

TEST(TextLayout, ASentenceOfIdeographsBreaksBetweenAnyTwo) {
  EXPECT_EQ(Lines("我的话费被重复扣了两次", 5), (V{"我的话费被", "重复扣了两", "次"}));
}

TEST(TextLayout, AClosingMarkNeverStartsALine) {
  // "，" would be the sixth: it takes the character before it to the next line.
  EXPECT_EQ(Lines("一二三四五，六七", 5), (V{"一二三四", "五，六七"}));
  EXPECT_EQ(Lines("请核对日期。谢谢", 5), (V{"请核对日", "期。谢谢"}));
  for (const char* mark : {"，", "。", "、", "：", "；", "！", "？", "）", "」", "”", "》", "】", "…"}) {
    const V lines = Lines(std::string("一二三四五") + mark, 5);
    ASSERT_EQ(lines.size(), 2u) << mark;
    EXPECT_NE(lines[1].rfind(mark, 0), 0u) << mark << " starts a line";
  }
}

TEST(TextLayout, AnOpeningMarkNeverEndsALine) {
  EXPECT_EQ(Lines("一二三四（五）", 5), (V{"一二三四", "（五）"}));
  EXPECT_EQ(Lines("详见「资费协议」", 3), (V{"详见", "「资费", "协议」"}));
}

TEST(TextLayout, LatinBreaksAtSpacesAndAnOverlongWordIsSplit) {
  EXPECT_EQ(Lines("hello world", 7), (V{"hello", "world"}));
  EXPECT_EQ(Lines("abcdefghij", 4), (V{"abcd", "efgh", "ij"}));
  EXPECT_EQ(Lines("号码 13912345678 有误", 8), (V{"号码", "13912345", "678 有误"}));
}

TEST(TextLayout, NewlinesEndLinesAndNoWrapKeepsOneLine) {
  EXPECT_EQ(Lines("一\n二", 0), (V{"一", "二"}));
  EXPECT_EQ(Lines("一二三四五六七八九十", 0), (V{"一二三四五六七八九十"}));
  EXPECT_EQ(Lines("", 5), (V{""}));
}

TEST(TextLayout, OnlyMarksStillMakeProgress) {
  // No break opportunity at all: the line is cut at the width rather than never ending.
  EXPECT_EQ(Lines("，，，，，，，", 3), (V{"，，，", "，，，", "，"}));
}

TEST(TextLayout, ABrokenByteIsOneCharacter) {
  EXPECT_EQ(Lines(std::string("ab\xff" "cd"), 2).size(), 3u);
}

}  // namespace
