// wasm/ui/theme.h — every colour, size and spacing of the widget in one place (DESIGN §5 and
// design/README.md): brand colour from the host, light palette, 44 px targets, 16 px+ body text.
#pragma once

#include <imgui.h>

#include <string_view>

#include "wasm/ui/glyph_cache.h"

namespace ui {

struct Theme {
  // Palette (ImU32, ABGR as ImGui packs it).
  ImU32 brand, brand_pressed, brand_soft, on_brand;
  ImU32 brand_text;  // the brand as text on white (links, outline buttons, the selected chip)
  ImU32 bg, card, text, text2, hint, border, divider, focus_ring;
  ImU32 a11y_ring;  // the keyboard focus ring (solid brand)
  ImU32 error, error_soft, success, warn, warn_soft, star, star_off, shadow;
  // Geometry, CSS pixels.
  float radius_card, radius_field, radius_button;
  float page_margin, card_pad, card_gap;
  float space_xs, space_sm, space_md, space_lg, space_xl;
  float touch_min, field_h, button_h, topbar_h, bottom_bar_h, chip_h, chip_pad, chip_gap, star_big, star_small;
  FontSpec fonts[kFontCount];
  bool care_mode;
  bool dense;  // the staff workbench: a desktop tool for a whole shift, many rows on one screen
};

const Theme& T();
// Rebuilds the palette and sizes. brand_rgb is 0xRRGGBB. Care mode (关怀模式): text 1.3×, targets
// 1.25×, text colours 7:1, the brand darkened as far as needed (docs/ACCESSIBILITY.md). Dense: the
// desktop sizes of the staff workbench (14 px text, 32 px fields and buttons, mouse targets).
void SetTheme(unsigned brand_rgb, bool care_mode, bool dense = false);
// WCAG contrast ratio (1…21) of two 0xRRGGBB colours.
float ContrastRatio(unsigned a, unsigned b);
// Parses "#0a6cff", "#06f" or "0a6cff"; false when it is not a colour.
bool ParseHexColor(std::string_view text, unsigned* rgb);
// Copies the theme into ImGui's style (used by the few stock ImGui widgets we keep).
void ApplyImGuiStyle(float dpr);

}  // namespace ui
