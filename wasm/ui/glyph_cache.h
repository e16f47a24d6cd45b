// wasm/ui/glyph_cache.h — the UI fonts: glyphs rasterized on demand (cw::GlyphRasterizer) into a
// region of ImGui's atlas reserved with AddCustomRectRegular; portable (browser and native tests).
#pragma once

#include <string_view>

#include "core/glyphs.h"

struct ImFont;

namespace ui {

// The faces the theme uses; sizes come from the theme (care mode is a second set of sizes).
enum FontId { kFontBody, kFontBodyBold, kFontSmall, kFontHint, kFontHeading, kFontDisplay, kFontCount };

struct FontSpec {
  float css_size = 16;  // CSS pixels
  int weight = 400;
};

// Creates the fonts in ImGui's atlas (io.Fonts) and marks the whole texture dirty. Call again when
// devicePixelRatio or the sizes change: glyphs are baked at css_size × dpr and drawn at 1/dpr.
void GlyphCache_Init(cw::GlyphRasterizer* rasterizer, float dpr, const FontSpec specs[kFontCount]);
void GlyphCache_Shutdown();
float GlyphCache_Dpr();
ImFont* GetFont(FontId id);

// Makes sure every character of `utf8` has a glyph in `font` (nullptr: ImGui's current font).
// Cheap when nothing is missing (one lookup per character), so widgets call it every frame.
void EnsureGlyphs(std::string_view utf8, ImFont* font = nullptr);
// Ensures `utf8` in every face: UI strings at start, server text as it arrives.
void EnsureGlyphsAll(std::string_view utf8);

// Texture rows changed since the last call (uploaded with texSubImage2D); `full` when the texture
// was re-created (first build, growth, DPR change) and must be uploaded whole.
bool GlyphCache_TakeDirty(bool* full, int* y0, int* y1);
// True once after glyph UVs moved (atlas growth or reset): vertices built earlier in this frame
// are stale, so the caller builds the frame again before drawing it.
bool GlyphCache_TakeLayoutChanged();
int GlyphCache_GlyphCount();

}  // namespace ui
