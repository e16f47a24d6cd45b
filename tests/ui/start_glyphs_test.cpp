// tests/ui/start_glyphs_test.cpp — what the browser rasterizes before its first frame: main() ensures
// App_StartText() in each face in one batch, and the Chinese home screen's first frame must then
// find every glyph it draws (a string the home screen gained and the list did not is a rasterizer
// call per string in the first frame, on the critical path to complaint:ready).
#include "tests/ui/ui_harness.h"

namespace {

class StartGlyphs : public UiHarness {
 protected:
  void SetUp() override {
    UiHarness::SetUp();
    ui::GlyphCache_Init(&recording_, 1.0f, ui::T().fonts);  // as main() does, through the recorder
    for (int f = 0; f < ui::kFontCount; ++f) ui::EnsureGlyphs(ui::App_StartText((ui::FontId)f), ui::GetFont((ui::FontId)f));
    ui::GlyphCache_TakeLayoutChanged();
  }
  RecordingRasterizer recording_{&raster_};
};

TEST_F(StartGlyphs, TheChineseHomeScreenFindsEveryGlyphItDraws) {
  ASSERT_TRUE(ui::App_SetOption("mode", "home"));  // as an earlier test may have left it
  ASSERT_TRUE(ui::App_SetOption("route", "#/"));
  const int before = recording_.calls;
  recording_.asked.clear();
  Frame();
  ASSERT_NE(Find("我要投诉", "button"), nullptr) << Labels();
  std::string missing;
  for (const auto& [face, text] : recording_.asked) missing += face + ": " + text + "\n";
  EXPECT_EQ(recording_.calls - before, 0) << "add to App_StartText:\n" << missing;
}

TEST_F(StartGlyphs, OneBatchPerFaceBeforeTheFirstFrame) {
  // SetUp ensured the start text: one rasterizer call per face that has any (the body face's basics
  // came with GlyphCache_Init), none for the faces the home screen does not use.
  int faces = 0;
  for (int f = 0; f < ui::kFontCount; ++f) faces += ui::App_StartText((ui::FontId)f).empty() ? 0 : 1;
  EXPECT_GE(faces, 3);
  EXPECT_EQ(recording_.calls, faces + 1);  // + the body face's basics at GlyphCache_Init
  EXPECT_TRUE(ui::GetFont(ui::kFontDisplay)->Glyphs.empty()) << "no font lookup for an unused face";
}

}  // namespace
