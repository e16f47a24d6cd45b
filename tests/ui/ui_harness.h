// tests/ui/ui_harness.h — the portable UI natively for tests: an ImGui context, the TTF rasterizer
// behind the glyph cache, one app frame per call, and taps / typing by registry label.
#pragma once

#include <gtest/gtest.h>
#include <imgui.h>

#include <map>
#include <string>

#include "core/utf8.h"
#include "wasm/ui/app.h"
#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/glyph_rasterizer_ttf.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

// A rasterizer in front of another (the TTF one), counting its calls and recording what it is asked
// for, by face.
class RecordingRasterizer final : public cw::GlyphRasterizer {
 public:
  explicit RecordingRasterizer(cw::GlyphRasterizer* inner) : inner_(inner) {}
  cw::FaceMetrics metrics(const cw::GlyphFace& face) override { return inner_->metrics(face); }
  int rasterize(const cw::GlyphFace& face, const char32_t* cps, int count, cw::GlyphImage* out) override {
    ++calls;
    std::string& s = asked[std::to_string((int)face.pixel_size) + "px/" + std::to_string(face.weight)];
    for (int i = 0; i < count; ++i) cw::utf8::append(s, cps[i]);
    return inner_->rasterize(face, cps, count, out);
  }
  int calls = 0;
  std::map<std::string, std::string> asked;  // "16px/400" → the code points asked for, as UTF-8

 private:
  cw::GlyphRasterizer* inner_;
};

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
    ui::App_SetOption("lang", "zh-CN");  // every test starts in Chinese, whatever ran before
    ui::ResetScreens();  // and on screens that remember nothing of the test before
    ui::A11y_Focus(0);
    ui::SetInsets({});  // no keyboard, no notch
  }
  void TearDown() override {
    ui::GlyphCache_Shutdown();
    ImGui::DestroyContext();
  }
  // One frame of the app; repeats when new glyphs moved the atlas (as wasm/main.cpp does).
  virtual void Frame() {
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
    ExpectNoPlaceholders();
  }
  // A catalog string shown without its arguments ("也可拨打{0}客服热线 {1}") is a bug on any screen,
  // so every frame of every UI test looks for one.
  void ExpectNoPlaceholders() {
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      const ui::RegistryItem& it = ui::Registry_Items()[i];
      for (const std::string* s : {&it.label, &it.value}) {
        if (s->find("{0}") != std::string::npos || s->find("{1}") != std::string::npos)
          ADD_FAILURE() << "unformatted catalog text on screen: " << *s;
      }
    }
  }
  const ui::RegistryItem* Find(const std::string& label, const char* role = nullptr) {
    for (int i = 0; i < ui::Registry_Count(); ++i) {
      const ui::RegistryItem& it = ui::Registry_Items()[i];
      if (it.label == label && (!role || std::string(role) == it.role)) return &it;
    }
    return nullptr;
  }
  // Every label of this frame, for failure messages.
  std::string Labels() {
    std::string out;
    for (int i = 0; i < ui::Registry_Count(); ++i) out += ui::Registry_Items()[i].label + " | ";
    return out;
  }
  // A mouse click in the middle of the item (press and release over frames, as a finger would).
  void Tap(const ui::RegistryItem& it) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(it.x + it.w / 2, it.y + it.h / 2);
    Frame();
    io.MouseDown[0] = true;
    Frame();
    io.MouseDown[0] = false;
    Frame();
    Frame();
  }
  // Taps the text field and commits `text` as the platform's text agent would.
  void Type(const ui::RegistryItem& field, const std::string& text) {
    Tap(field);
    ui::Agent_OnText(ui::Agent_ActiveId(), text);
    Frame();
    Frame();
  }
  TtfGlyphRasterizer raster_;
};
