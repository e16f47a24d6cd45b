// tests/ui/gallery_test.cpp — the widget kit natively: glyphs for any character (incl. 𠮷) come
// from the rasterizer port, widgets register themselves, and a tap on a chip selects it.
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstring>
#include <string>

#include "wasm/ui/app.h"
#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/glyph_rasterizer_ttf.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace {

class UiHarness : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(390, 844);
    io.DeltaTime = 1.0f / 60.0f;
    ASSERT_TRUE(raster_.Load(CW_CJK_FONT, 2)) << "fonts-noto-cjk is installed by scripts/setup";
    ui::SetTheme(0x0A6CFF, false);
    ui::GlyphCache_Init(&raster_, 1.0f, ui::T().fonts);
    ui::ApplyImGuiStyle(1.0f);
    ui::SetHost(nullptr);
  }
  void TearDown() override {
    ui::GlyphCache_Shutdown();
    ImGui::DestroyContext();
  }
  // One frame of the app; repeats when new glyphs moved the atlas (as wasm/main.cpp does).
  void Frame() {
    unsigned char* px = nullptr;
    int w = 0, h = 0;
    for (int pass = 0; pass < 3; ++pass) {
      ImGui::GetIO().Fonts->GetTexDataAsAlpha8(&px, &w, &h);
      ImGui::NewFrame();
      ui::BeginFrame(ui::FrameInput{});
      ui::App_Draw();
      ui::EndFrame();
      ImGui::Render();
      if (!ui::GlyphCache_TakeLayoutChanged()) break;
    }
  }
  const ui::RegistryItem* Find(const std::string& label) {
    for (int i = 0; i < ui::Registry_Count(); ++i)
      if (ui::Registry_Items()[i].label == label) return &ui::Registry_Items()[i];
    return nullptr;
  }
  TtfGlyphRasterizer raster_;
};

}  // namespace

TEST_F(UiHarness, RareNameCharactersGetRealGlyphsNotTheFallback) {
  const char* rare = "喆堃龘𠮷";
  ui::EnsureGlyphs(rare, ui::GetFont(ui::kFontBody));
  ImFont* font = ui::GetFont(ui::kFontBody);
  for (char32_t cp : {U'喆', U'堃', U'龘', U'𠮷'}) {
    const ImFontGlyph* g = font->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    ASSERT_NE(g, nullptr) << "U+" << std::hex << static_cast<unsigned>(cp);
    EXPECT_GT(g->X1 - g->X0, 4.0f) << "a visible glyph, not an empty box";
    EXPECT_TRUE(g->Visible);
  }
  EXPECT_GT(ui::GlyphCache_GlyphCount(), 3);
}

TEST_F(UiHarness, GalleryRegistersItsWidgetsWithLabelsAndRoles) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  Frame();
  ASSERT_GT(ui::Registry_Count(), 5);
  bool button = false, textbox = false;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    button = button || std::strcmp(it.role, "button") == 0;
    textbox = textbox || std::strcmp(it.role, "textbox") == 0;
    EXPECT_FALSE(it.label.empty()) << "role " << it.role << " without a label";
  }
  EXPECT_TRUE(button);
  EXPECT_TRUE(textbox);
}

TEST_F(UiHarness, ATapOnAChipSelectsIt) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  Frame();
  // The gallery's business-type chips (see wasm/ui/gallery.cpp).
  const ui::RegistryItem* chip = Find("固定电话");
  ASSERT_NE(chip, nullptr);
  const bool before = (chip->state & ui::kStateChecked) != 0;
  ImGuiIO& io = ImGui::GetIO();
  const ImVec2 at(chip->x + chip->w / 2, chip->y + chip->h / 2);
  io.MousePos = at;
  Frame();
  io.MouseDown[0] = true;
  Frame();
  io.MouseDown[0] = false;
  Frame();
  Frame();
  chip = Find("固定电话");
  ASSERT_NE(chip, nullptr);
  EXPECT_NE((chip->state & ui::kStateChecked) != 0, before);
}
