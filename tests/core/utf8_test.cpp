// tests/core/utf8_test.cpp — strict UTF-8: malformed input, overlongs, surrogates, control characters,
// code point counts (DESIGN §3: lengths count code points).
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

TEST(Utf8, AcceptsValidTextOfEveryLength) {
  EXPECT_EQ(utf8::check("abc"), Errc::ok);
  EXPECT_EQ(utf8::check("张三"), Errc::ok);
  EXPECT_EQ(utf8::check("é"), Errc::ok);
  EXPECT_EQ(utf8::check("𠮷野家"), Errc::ok);  // beyond the BMP (rare name characters)
  EXPECT_EQ(utf8::check(""), Errc::ok);
  EXPECT_EQ(utf8::check("\xF4\x8F\xBF\xBF"), Errc::ok);  // U+10FFFF
}

TEST(Utf8, RejectsMalformedSequences) {
  for (const char* bad : {"\x80", "\xBF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
                          "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xED\xA0\x80", "\xED\xBF\xBF",
                          "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\xE4\xB8", "\xE4\xB8x",
                          "a\xC3", "\xF0\x9F\x98"}) {
    EXPECT_EQ(utf8::check(bad), Errc::validation_utf8_invalid) << bad;
    EXPECT_FALSE(utf8::is_valid(bad));
  }
  // An invalid sequence wins over a control character found earlier.
  EXPECT_EQ(utf8::check(std::string("\x01\xFF", 2)), Errc::validation_utf8_invalid);
}

TEST(Utf8, ControlCharactersRefusedExceptTabAndNewlineInMultiLine) {
  EXPECT_EQ(utf8::check("a\tb"), Errc::validation_control_char);
  EXPECT_EQ(utf8::check("a\nb"), Errc::validation_control_char);
  EXPECT_EQ(utf8::check("a\tb\nc", utf8::Lines::multi), Errc::ok);
  EXPECT_EQ(utf8::check("a\rb", utf8::Lines::multi), Errc::validation_control_char);
  EXPECT_EQ(utf8::check(std::string("a\0b", 3), utf8::Lines::multi), Errc::validation_control_char);
  EXPECT_EQ(utf8::check("\x7F"), Errc::validation_control_char);
  EXPECT_EQ(utf8::check("\xC2\x85"), Errc::validation_control_char);  // C1 NEL
  EXPECT_EQ(utf8::check("\xC2\xA0"), Errc::ok);                       // NBSP is text
  EXPECT_TRUE(utf8::is_valid("a\x01"));
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(utf8::count(""), 0u);
  EXPECT_EQ(utf8::count("abc"), 3u);
  EXPECT_EQ(utf8::count("张三"), 2u);
  EXPECT_EQ(utf8::count("𠮷a"), 2u);
  EXPECT_EQ(utf8::count("\xFF\xFE"), 2u);  // each invalid byte counts once
}

TEST(Utf8, DecodeAndEncodeRoundTrip) {
  const std::string text = "A张𠮷\n";
  const auto cps = utf8::decode(text);
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'A');
  EXPECT_EQ(cps[1], U'\u5F20');
  EXPECT_EQ(cps[2], U'\U00020BB7');
  EXPECT_EQ(cps[3], U'\n');
  EXPECT_EQ(utf8::encode(cps), text);
  const auto bad = utf8::decode("a\xFF");
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[1], U'\uFFFD');
  std::string s;
  utf8::append(s, 0xD800);  // a surrogate cannot be encoded
  utf8::append(s, 0x110000);
  EXPECT_EQ(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
  utf8::append(s, 0x7FF);
  EXPECT_EQ(utf8::count(s), 3u);
  char32_t cp = 0;
  EXPECT_EQ(utf8::next("abc", 3, cp), 0u);
}

TEST(Utf8, EveryTwoByteInputDecidesWithoutCrashing) {
  // Exhaustive over all 65536 two-byte strings: check() agrees with is_valid().
  for (unsigned a = 0; a < 256; ++a) {
    for (unsigned b = 0; b < 256; ++b) {
      const char buf[2] = {static_cast<char>(a), static_cast<char>(b)};
      const std::string_view s(buf, 2);
      const Errc e = utf8::check(s, utf8::Lines::multi);
      EXPECT_EQ(e == Errc::validation_utf8_invalid, !utf8::is_valid(s));
      EXPECT_LE(utf8::count(s), 2u);
    }
  }
}

}  // namespace
}  // namespace cw
