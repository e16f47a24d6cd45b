// wasm/ui/theme.cpp — the light palette and the spacing scale; the brand colour is the host's
// `theme-color`, and the soft/pressed variants are mixed from it so any brand stays readable.
#include "wasm/ui/theme.h"

#include <algorithm>
#include <cmath>

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

// WCAG 2 relative luminance and contrast ratio of two 0xRRGGBB colours.
float Luminance(unsigned rgb) {
  float l = 0;
  const float weight[3] = {0.0722f, 0.7152f, 0.2126f};  // b, g, r
  for (int i = 0; i < 3; ++i) {
    const float c = (float)((rgb >> (8 * i)) & 0xFF) / 255.0f;
    l += weight[i] * (c <= 0.03928f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f));
  }
  return l;
}

// Darkens rgb until white text on it (and it as text on white) reaches `ratio`.
unsigned DarkenToContrast(unsigned rgb, float ratio) {
  unsigned out = rgb;
  for (float t = 0.05f; ContrastRatio(out, 0xFFFFFF) < ratio && t <= 1.0f; t += 0.05f) out = Mix(rgb, 0x000000, t);
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The workbench's sizes: a mouse and a big screen, read for hours (the reference's 28–30 px rows).
void SetDenseSizes(Theme& t) {
  t.radius_card = 8;
  t.radius_field = 6;
  t.radius_button = 6;
  t.card_pad = 14;
  t.card_gap = 10;
  t.space_sm = 6;
  t.space_md = 8;
  t.space_lg = 12;
  t.space_xl = 16;
  t.touch_min = 30;
  t.field_h = 32;
  t.button_h = 32;
  t.topbar_h = 44;
  t.chip_h = 26;
  t.chip_pad = 10;
  t.chip_gap = 6;
  t.fonts[kFontBody] = {14, 400};
  t.fonts[kFontBodyBold] = {14, 600};
  t.fonts[kFontSmall] = {13, 400};
  t.fonts[kFontHint] = {12, 400};
  t.fonts[kFontHeading] = {16, 600};
  t.fonts[kFontDisplay] = {20, 700};
}

}  // namespace

const Theme& T() { return g_theme; }

float ContrastRatio(unsigned a, unsigned b) {
  const float la = Luminance(a), lb = Luminance(b);
  return (std::max(la, lb) + 0.05f) / (std::min(la, lb) + 0.05f);
}

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

void SetTheme(unsigned brand_in, bool care, bool dense) {
  Theme& t = g_theme;
  t.care_mode = care;
  t.dense = dense;
  // The host's brand as it is; care mode (关怀模式: higher contrast for older customers) darkens
  // it where needed: fills carry large bold white text (WCAG AAA for large text: 4.5:1), brand
  // coloured text on white gets AAA 7:1.
  const unsigned brand = care ? DarkenToContrast(brand_in, 4.5f) : brand_in;
  t.brand = Rgb(brand);
  t.brand_text = Rgb(care ? DarkenToContrast(brand_in, 7.0f) : brand_in);
  t.brand_pressed = Rgb(Mix(brand, 0x000000, 0.18f));
  t.brand_soft = Rgb(Mix(brand, 0xFFFFFF, care ? 0.86f : 0.90f));
  t.on_brand = Rgb(0xFFFFFF);
  t.bg = Rgb(care ? 0xEDEFF3 : 0xF2F4F7);
  t.card = Rgb(0xFFFFFF);
  // Care mode: every text colour reaches 7:1 on white, lines and unselected stars 3:1.
  t.text = Rgb(care ? 0x000000 : 0x1D2129);
  t.text2 = Rgb(care ? 0x1D2129 : 0x4E5969);
  t.hint = Rgb(care ? 0x3D4450 : 0x86909C);
  t.border = Rgb(care ? 0x6B7785 : 0xD5DAE1);
  t.divider = Rgb(care ? 0xC2C7D0 : 0xE5E8EC);
  t.focus_ring = Rgb(brand, care ? 110 : 60);
  t.a11y_ring = Rgb(brand);
  t.error = Rgb(care ? 0xB42318 : 0xE0352B);
  t.error_soft = Rgb(0xFDECEB);
  t.success = Rgb(care ? 0x067647 : 0x17B26A);
  t.warn = Rgb(care ? 0x93370D : 0xD46B08);
  t.warn_soft = Rgb(0xFFF1DE);
  t.star = Rgb(care ? 0xE09600 : 0xFFB400);
  t.star_off = Rgb(care ? 0x8A93A0 : 0xD9DDE3);
  t.shadow = IM_COL32(20, 40, 80, 255);

  // Care mode: text 1.3× (the age-friendly guidance asks for large type), targets and spacing a
  // quarter larger, so fewer items share a screen.
  const float k = care ? 1.3f : 1.0f;   // type
  const float g = care ? 1.25f : 1.0f;  // targets and spacing
  t.radius_card = 14;
  t.radius_field = 10;
  t.radius_button = 10;
  t.page_margin = 12;
  t.card_pad = 16 * g;
  t.card_gap = 12 * g;
  t.space_xs = 4;
  t.space_sm = 8 * g;
  t.space_md = 12 * g;
  t.space_lg = 16 * g;
  t.space_xl = 24 * g;
  t.touch_min = 44 * g;
  t.field_h = 48 * g;
  t.button_h = 50 * g;
  t.topbar_h = 52 * g;
  t.bottom_bar_h = 50 * g + 24;
  t.chip_h = 40 * g;
  t.chip_pad = 16;
  t.chip_gap = 10;
  t.star_big = 40 * g;
  t.star_small = 24 * g;
  t.fonts[kFontBody] = {16 * k, 400};
  t.fonts[kFontBodyBold] = {16 * k, 600};
  t.fonts[kFontSmall] = {14 * k, 400};
  t.fonts[kFontHint] = {13 * k, 400};
  t.fonts[kFontHeading] = {18 * k, 600};
  t.fonts[kFontDisplay] = {24 * k, 700};
  if (dense) SetDenseSizes(t);
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
