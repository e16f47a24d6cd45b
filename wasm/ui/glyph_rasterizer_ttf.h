// wasm/ui/glyph_rasterizer_ttf.h — cw::GlyphRasterizer over a TTF/OTF/TTC file with stb_truetype,
// for native builds (UI tests): the same glyph cache path as the browser's Canvas2D rasterizer.
#pragma once

#include <cstdint>
#include <vector>

#include "core/glyphs.h"

class TtfGlyphRasterizer final : public cw::GlyphRasterizer {
 public:
  TtfGlyphRasterizer();
  ~TtfGlyphRasterizer() override;
  // Loads font `font_no` of a collection (NotoSansCJK-Regular.ttc: 2 is Simplified Chinese).
  bool Load(const char* path, int font_no);
  cw::FaceMetrics metrics(const cw::GlyphFace& face) override;
  int rasterize(const cw::GlyphFace& face, const char32_t* codepoints, int count, cw::GlyphImage* out) override;

 private:
  struct Impl;
  Impl* impl_;
};
