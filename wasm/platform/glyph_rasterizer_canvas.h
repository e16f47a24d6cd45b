// wasm/platform/glyph_rasterizer_canvas.h — cw::GlyphRasterizer drawn by the browser's own fonts
// with Canvas2D fillText (no font download; the system's CJK font covers Chinese and rare names).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/glyphs.h"

class CanvasGlyphRasterizer final : public cw::GlyphRasterizer {
 public:
  cw::FaceMetrics metrics(const cw::GlyphFace& face) override;
  int rasterize(const cw::GlyphFace& face, const char32_t* codepoints, int count, cw::GlyphImage* out) override;

 private:
  // Filled by the JS side before it is read: not zeroed (a 1 MB zero fill cost 7 ms at start-up).
  std::unique_ptr<std::uint8_t[]> pixels_;
  std::vector<float> records_;
};
