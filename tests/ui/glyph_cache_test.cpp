// tests/ui/glyph_cache_test.cpp — the glyph cache's lookup table as glyphs arrive in batches: what
// the incremental update leaves must be what ImGui's full BuildLookupTable() would make, and a
// face's first batch brings its basics in the same rasterizer call.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>
#include <vector>

#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/glyph_rasterizer_ttf.h"
#include "tests/ui/ui_harness.h"
#include "wasm/ui/theme.h"

namespace {

class GlyphCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ASSERT_TRUE(ttf_.Load(CW_CJK_FONT, 2)) << "fonts-noto-cjk is installed by scripts/setup";
    ui::SetTheme(0x0A6CFF, false);
    ui::GlyphCache_Init(&counting_, 1.0f, ui::T().fonts);
  }
  void TearDown() override {
    ui::GlyphCache_Shutdown();
    ImGui::DestroyContext();
  }
  TtfGlyphRasterizer ttf_;
  RecordingRasterizer counting_{&ttf_};
};

// Code points of a UTF-8 string.
std::vector<unsigned int> CodePoints(const std::string& s) {
  std::vector<unsigned int> out;
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    unsigned int cp = 0;
    const int n = ImTextCharFromUtf8(&cp, p, end);
    p += n > 0 ? n : 1;
    out.push_back(cp);
  }
  return out;
}

// Ensures each batch in turn, then checks that the table equals the one ImGui's full
// BuildLookupTable() makes from the same glyphs: each code point seen, TAB, and some never added.
void ExpectTableImGuiWouldBuild(ImFont* font, const std::vector<std::string>& batches) {
  for (const std::string& b : batches) ui::EnsureGlyphs(b, font);

  std::vector<unsigned int> probe;
  unsigned int max_cp = '?';
  for (const std::string& b : batches)
    for (unsigned int cp : CodePoints(b)) {
      probe.push_back(cp);
      max_cp = std::max(max_cp, cp);
    }
  probe.push_back('\t');
  probe.push_back('Z');     // below the maximum, never added: falls back
  probe.push_back(0x4E00);  // 一, never added
  struct Seen {
    unsigned int codepoint;
    float advance;
    float u0, v0;
  };
  auto snapshot = [&] {
    std::vector<Seen> out;
    for (unsigned int cp : probe) {
      const ImFontGlyph* g = font->FindGlyph(static_cast<ImWchar>(cp));
      EXPECT_NE(g, nullptr) << cp;
      if (!g) continue;
      out.push_back(Seen{g->Codepoint, font->GetCharAdvance(static_cast<ImWchar>(cp)), g->U0, g->V0});
    }
    return out;
  };
  const std::vector<Seen> incremental = snapshot();
  ASSERT_NE(font->FallbackGlyph, nullptr);
  EXPECT_EQ(font->FallbackGlyph->Codepoint, static_cast<unsigned int>('?'));
  EXPECT_EQ(font->Glyphs.back().Codepoint, static_cast<unsigned int>('\t')) << "TAB stays the last glyph";
  EXPECT_EQ(font->IndexLookup.Size, static_cast<int>(max_cp) + 1);
  EXPECT_EQ(font->IndexAdvanceX.Size, static_cast<int>(max_cp) + 1);
  const ImFontGlyph* space = font->FindGlyphNoFallback(' ');
  ASSERT_NE(space, nullptr);
  EXPECT_FALSE(space->Visible);
  EXPECT_FLOAT_EQ(font->FindGlyph('\t')->AdvanceX, space->AdvanceX * 4);
  EXPECT_EQ(font->FindGlyph('Z')->Codepoint, static_cast<unsigned int>('?'));
  EXPECT_EQ(font->FindGlyph(0x4E00)->Codepoint, static_cast<unsigned int>('?'));

  const int glyphs = font->Glyphs.Size;
  font->BuildLookupTable();  // the whole table, as ImGui makes it
  EXPECT_EQ(font->Glyphs.Size, glyphs) << "ImGui finds the same TAB glyph last";
  const std::vector<Seen> full = snapshot();
  ASSERT_EQ(incremental.size(), full.size());
  for (size_t i = 0; i < full.size(); ++i) {
    EXPECT_EQ(incremental[i].codepoint, full[i].codepoint) << "probe " << probe[i];
    EXPECT_FLOAT_EQ(incremental[i].advance, full[i].advance) << "probe " << probe[i];
    EXPECT_FLOAT_EQ(incremental[i].u0, full[i].u0) << "probe " << probe[i];
    EXPECT_FLOAT_EQ(incremental[i].v0, full[i].v0) << "probe " << probe[i];
  }
}

TEST_F(GlyphCacheTest, BatchesLeaveTheLookupTableImGuiWouldBuild) {
  // Three batches: Latin, then CJK far above (the table grows), then a mix below the maximum.
  ExpectTableImGuiWouldBuild(ui::GetFont(ui::kFontSmall), {"Hello, world 123", "投诉受理编号", "Aa 满意度 ·。"});
}

// A fresh face whose first batch is CJK and fullwidth punctuation (the home screen's): ImGui builds
// the table over the basics only, the rest is appended; the result is ImGui's full table.
TEST_F(GlyphCacheTest, AFreshFacesFirstCjkBatchLeavesTheTableImGuiWouldBuild) {
  ImFont* font = ui::GetFont(ui::kFontHeading);
  ASSERT_TRUE(font->Glyphs.empty());
  ExpectTableImGuiWouldBuild(font, {"投诉：受理编号 No.", "Aa 满意度 ·。"});
}

TEST_F(GlyphCacheTest, AFacesFirstBatchBringsItsBasicsInOneCall) {
  ImFont* font = ui::GetFont(ui::kFontHeading);
  ASSERT_TRUE(font->Glyphs.empty()) << "faces other than the body one start empty";
  const int before = counting_.calls;
  ui::EnsureGlyphs("回访", font);
  EXPECT_EQ(counting_.calls - before, 1);
  for (unsigned int cp : {static_cast<unsigned int>(' '), static_cast<unsigned int>('?'),
                          static_cast<unsigned int>('.'), 0x2026u, 0x56DEu, 0x8BBFu}) {
    EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr) << cp;
  }
  // Nothing missing: no call at all.
  ui::EnsureGlyphs("回访 ?", font);
  EXPECT_EQ(counting_.calls - before, 1);
}

}  // namespace
