// wasm/ui/theme.cpp — the light palette and the spacing scale; the brand colour is the host's
// `theme-color`, and the soft/pressed variants are mixed from it so any brand stays readable.
#include "wasm/ui/theme.h"

namespace ui {
namespace {

Theme g_theme;

ImU32 Rgb(unsigned rgb, int a = 255) {
  return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, a);
}

// Mixes rgb with `to` by t (0 = rgb).
unsigned Mix(unsigned rgb, unsigned to, float t) {
  unsigned out = 0;
  for (int shift = 0; shift <= 16; shift += 8) {
    const float a = (float)((rgb >> shift) & 0xFF), b = (float)((to >> shift) & 0xFF);
    out |= (unsigned)(a + (b - a) * t + 0.5f) << shift;
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

const Theme& T() { return g_theme; }

bool ParseHexColor(std::string_view s, unsigned* rgb) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (!s.empty() && s.front() == '#') s.remove_prefix(1);
  if (s.size() != 3 && s.size() != 6) return false;
  unsigned v = 0;
  for (char c : s) {
    const int d = HexDigit(c);
    if (d < 0) return false;
    v = v * 16 + (unsigned)d;
    if (s.size() == 3) v = v * 16 + (unsigned)d;  // #abc → #aabbcc
  }
  *rgb = v;
  return true;
}

void SetTheme(unsigned brand, bool care) {
  Theme& t = g_theme;
  t.care_mode = care;
  t.brand = Rgb(brand);
  t.brand_pressed = Rgb(Mix(brand, 0x000000, 0.18f));
  t.brand_soft = Rgb(Mix(brand, 0xFFFFFF, 0.90f));
  t.on_brand = Rgb(0xFFFFFF);
  t.bg = Rgb(0xF2F4F7);
  t.card = Rgb(0xFFFFFF);
  t.text = Rgb(care ? 0x000000 : 0x1D2129);
  t.text2 = Rgb(care ? 0x1D2129 : 0x4E5969);
  t.hint = Rgb(care ? 0x4E5969 : 0x86909C);
  t.border = Rgb(care ? 0x86909C : 0xD5DAE1);
  t.divider = Rgb(0xE5E8EC);
  t.focus_ring = Rgb(brand, 60);
  t.error = Rgb(0xE0352B);
  t.error_soft = Rgb(0xFDECEB);
  t.success = Rgb(0x17B26A);
  t.warn = Rgb(0xD46B08);
  t.warn_soft = Rgb(0xFFF1DE);
  t.star = Rgb(0xFFB400);
  t.star_off = Rgb(0xD9DDE3);
  t.shadow = IM_COL32(20, 40, 80, 255);

  const float k = care ? 1.25f : 1.0f;  // care mode: everything a quarter larger
  t.radius_card = 14;
  t.radius_field = 10;
  t.radius_button = 10;
  t.page_margin = 12;
  t.card_pad = 16;
  t.card_gap = 12;
  t.space_xs = 4;
  t.space_sm = 8;
  t.space_md = 12;
  t.space_lg = 16;
  t.space_xl = 24;
  t.touch_min = 44 * k;
  t.field_h = 48 * k;
  t.button_h = 50 * k;
  t.topbar_h = 52;
  t.bottom_bar_h = 50 * k + 24;
  t.chip_h = 40 * k;
  t.star_big = 40 * k;
  t.star_small = 24 * k;
  t.fonts[kFontBody] = {16 * k, 400};
  t.fonts[kFontBodyBold] = {16 * k, 600};
  t.fonts[kFontSmall] = {14 * k, 400};
  t.fonts[kFontHint] = {13 * k, 400};
  t.fonts[kFontHeading] = {18 * k, 600};
  t.fonts[kFontDisplay] = {24 * k, 700};
}

void ApplyImGuiStyle(float dpr) {
  const Theme& t = g_theme;
  ImGuiStyle& s = ImGui::GetStyle();
  s = ImGuiStyle();
  s.WindowPadding = ImVec2(0, 0);
  s.WindowBorderSize = 0;
  s.WindowRounding = 0;
  s.FramePadding = ImVec2(12, 12);
  s.FrameRounding = t.radius_field;
  s.ItemSpacing = ImVec2(t.space_sm, t.space_md);
  s.ItemInnerSpacing = ImVec2(t.space_sm, t.space_sm);
  s.ScrollbarSize = 4;
  s.ScrollbarRounding = 2;
  s.TouchExtraPadding = ImVec2(0, 0);
  // Tessellation error is in CSS pixels: divide by DPR so curves stay smooth on phones.
  s.CircleTessellationMaxError = 0.30f / (dpr > 0 ? dpr : 1);
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(t.bg);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_Text] = ImGui::ColorConvertU32ToFloat4(t.text);
  c[ImGuiCol_TextDisabled] = ImGui::ColorConvertU32ToFloat4(t.hint);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = ImVec4(0, 0, 0, 0.18f);
  c[ImGuiCol_NavHighlight] = ImGui::ColorConvertU32ToFloat4(t.brand);
  c[ImGuiCol_TextSelectedBg] = ImGui::ColorConvertU32ToFloat4(t.brand_soft);
}

}  // namespace ui
