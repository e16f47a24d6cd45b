// tests/ui/gallery_test.cpp — the widget kit natively: glyphs for any character (incl. 𠮷) come
// from the rasterizer port, widgets register themselves, and a tap on a chip selects it.
#include <cstring>
#include <string>
#include <vector>

#include "tests/ui/ui_harness.h"

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
  Tap(*chip);
  chip = Find("固定电话");
  ASSERT_NE(chip, nullptr);
  EXPECT_NE((chip->state & ui::kStateChecked) != 0, before);
}

// ---- accessibility (docs/ACCESSIBILITY.md) -----------------------------------------------------

TEST_F(UiHarness, ChipsAndStarsAreRadiosOfANamedGroup) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  Frame();
  for (const char* radio : {"固定电话", "服务态度 3"}) {
    int at = -1;
    for (int i = 0; i < ui::Registry_Count(); ++i)
      if (ui::Registry_Items()[i].label == radio) at = i;
    ASSERT_GE(at, 0) << radio;
    const ui::RegistryItem& r = ui::Registry_Items()[at];
    EXPECT_STREQ(r.role, "radio");
    ASSERT_NE(r.group, 0u) << radio;
    const ui::RegistryItem* group = nullptr;
    for (int i = 0; i < at; ++i)
      if (ui::Registry_Items()[i].id == r.group) group = &ui::Registry_Items()[i];
    ASSERT_NE(group, nullptr) << "the radiogroup is registered before its radios";
    EXPECT_STREQ(group->role, "radiogroup");
  }
  EXPECT_STREQ(Find("业务类型")->role, "heading");  // the card title, drawn before the group
}

TEST_F(UiHarness, ActivateByIdPressesAWidgetOutOfViewAndFocusScrollsToIt) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  Frame();
  const ui::RegistryItem* copy = Find("复制编号");
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(copy->state & ui::kStateHidden) << "far below the fold on a phone";
  const unsigned consent_id = Find("我已阅读并同意《个人信息保护说明》")->id;
  const bool checked = Find("我已阅读并同意《个人信息保护说明》")->state & ui::kStateChecked;
  ui::A11y_Activate(consent_id);  // no mouse: Enter / Space / a screen reader's click
  Frame();
  EXPECT_NE((Find("我已阅读并同意《个人信息保护说明》")->state & ui::kStateChecked) != 0, checked);
  Frame();
  EXPECT_NE((Find("我已阅读并同意《个人信息保护说明》")->state & ui::kStateChecked) != 0, checked)
      << "pressed once, not on every frame";
  ui::A11y_Focus(Find("复制编号")->id);
  for (int i = 0; i < 3; ++i) Frame();
  copy = Find("复制编号");
  EXPECT_FALSE(copy->state & ui::kStateHidden) << "the focused item was scrolled into view";
  EXPECT_TRUE(copy->state & ui::kStateFocused);
  ui::A11y_Focus(0);
}

TEST_F(UiHarness, AnnounceReachesTheRegistryAsAStatusAndTheKitSpeaksTheLanguage) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  ui::A11y_Activate(Find("下一步")->id);
  Frame();
  const ui::RegistryItem* status = Find("草稿已自动保存");
  ASSERT_NE(status, nullptr);
  EXPECT_STREQ(status->role, "status");
  Frame();
  EXPECT_EQ(Find("草稿已自动保存"), nullptr) << "a one-shot message lasts one frame";
  ASSERT_TRUE(ui::App_SetOption("lang", "en"));
  Frame();
  EXPECT_NE(Find("Back"), nullptr);
  ASSERT_TRUE(ui::App_SetOption("lang", "zh-CN"));
  Frame();
  EXPECT_NE(Find("返回"), nullptr);
  ui::A11y_Focus(0);
}

TEST(UiTheme, CareModeIsLargerAndHigherContrastForAnyBrand) {
  for (unsigned brand : {0x0A6CFFu, 0x4FC3F7u, 0xFFD000u, 0xE60012u}) {
    ui::SetTheme(brand, false);
    const ui::Theme normal = ui::T();
    ui::SetTheme(brand, true);
    const ui::Theme& care = ui::T();
    auto rgb = [](ImU32 c) { return ((c & 0xFF) << 16) | (c & 0xFF00) | ((c >> 16) & 0xFF); };
    for (int f = 0; f < ui::kFontCount; ++f) EXPECT_GE(care.fonts[f].css_size, normal.fonts[f].css_size * 1.3f - 0.01f);
    EXPECT_GT(care.touch_min, normal.touch_min);
    EXPECT_EQ(rgb(normal.brand), brand) << "the host's brand as it is";
    EXPECT_GE(ui::ContrastRatio(rgb(care.brand), 0xFFFFFF), 4.5f) << std::hex << brand;  // large bold text on it
    EXPECT_GE(ui::ContrastRatio(rgb(care.brand_text), 0xFFFFFF), 7.0f) << std::hex << brand;
    for (ImU32 text : {care.text, care.text2, care.hint}) EXPECT_GE(ui::ContrastRatio(rgb(text), 0xFFFFFF), 7.0f);
    EXPECT_GE(ui::ContrastRatio(rgb(care.border), 0xFFFFFF), 3.0f);
    EXPECT_GE(ui::ContrastRatio(rgb(care.star_off), 0xFFFFFF), 3.0f);
  }
  ui::SetTheme(0x0A6CFF, false);
}

// Regression (found by the keyboard e2e): text committed to one field and Tab to the next before a
// frame was drawn lost the first field's text, because focusing the next field dropped it.
TEST_F(UiHarness, TextCommittedJustBeforeTheFocusMovesOnIsKept) {
  ASSERT_TRUE(ui::App_SetOption("route", "#/gallery"));
  Frame();
  std::vector<const ui::RegistryItem*> fields;
  for (int i = 0; i < ui::Registry_Count(); ++i) {
    const ui::RegistryItem& it = ui::Registry_Items()[i];
    if (std::strcmp(it.role, "textbox") == 0 && it.value.empty()) fields.push_back(&it);
  }
  ASSERT_GE(fields.size(), 2u) << Labels();
  const unsigned a = fields[0]->id, b = fields[1]->id;
  const std::string la = fields[0]->label, lb = fields[1]->label;
  ui::Agent_OnFocus(a);
  ui::Agent_OnText(a, "王喆");
  ui::Agent_OnFocus(b);      // Tab, no frame in between
  ui::Agent_OnText(b, "13912345678");
  ui::Agent_OnText(a, "王喆堃");  // late input for the field left behind: kept, focus stays on b
  Frame();
  EXPECT_EQ(ui::Agent_ActiveId(), b);
  Frame();
  const auto value = [&](const std::string& label) {
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      if (ui::Registry_Items()[i].label == label) return ui::Registry_Items()[i].value;
    }
    return std::string("<missing>");
  };
  EXPECT_EQ(value(la), "王喆堃");
  EXPECT_NE(value(lb), "") << "the second field got its text too";
  EXPECT_EQ(ui::Agent_ActiveId(), b);
}

// The frame in which a tap on a star lands draws every star up to it filled (the stars were drawn
// while they were hit-tested, so the ones before the tapped star stayed empty for that frame).
TEST_F(UiHarness, ATapOnAStarFillsEveryStarUpToItInTheSameFrame) {
  ASSERT_TRUE(ui::App_SetOption("mode", "gallery"));
  Frame();
  Frame();
  const ui::RegistryItem* star1 = Find("服务态度 1", "radio");
  ASSERT_NE(star1, nullptr);
  ui::A11y_Focus(star1->id);  // scrolls the row into view
  Frame();
  Frame();
  star1 = Find("服务态度 1", "radio");
  Tap(*star1);  // down to one star, then up to four
  ASSERT_EQ(Find("服务态度 1", "radio")->state & ui::kStateChecked, ui::kStateChecked);
  const ui::RegistryItem* star4 = Find("服务态度 4", "radio");
  ASSERT_NE(star4, nullptr);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(star4->x + star4->w / 2, star4->y + star4->h / 2);
  Frame();
  io.MouseDown[0] = true;
  Frame();
  io.MouseDown[0] = false;
  Frame();  // the release: the press lands in this frame
  const ImU32 filled = ui::T().star;
  for (int i = 1; i <= 5; ++i) {
    const ui::RegistryItem* s = Find("服务态度 " + std::to_string(i), "radio");
    ASSERT_NE(s, nullptr);
    bool gold = false;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int n = 0; n < dd->CmdListsCount; ++n) {
      for (const ImDrawVert& v : dd->CmdLists[n]->VtxBuffer) {
        if (v.pos.x >= s->x && v.pos.x < s->x + s->w && v.pos.y >= s->y && v.pos.y < s->y + s->h && v.col == filled) gold = true;
      }
    }
    EXPECT_EQ(gold, i <= 4) << "star " << i << " in the frame of the tap";
  }
}
