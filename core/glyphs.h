// core/glyphs.h — the GlyphRasterizer port: turns code points into coverage bitmaps.
// The browser adapter draws with Canvas2D fillText (no font download); native tests use a TTF.
#pragma once

#include <cstdint>

namespace cw {

// One face of the UI font: the size in device pixels (CSS size × devicePixelRatio) and the
// CSS weight (400 regular, 600 semibold for headings and buttons).
struct GlyphFace {
  float pixel_size = 16;
  int weight = 400;
};

// Vertical metrics of a face, in device pixels. ascent > 0 above the baseline, descent > 0 below.
struct FaceMetrics {
  float ascent = 0;
  float descent = 0;
};

// A rasterized glyph. The bitmap's top-left corner sits at (pen_x + left, baseline - top), FreeType
// style; width or height 0 means a blank glyph (space). pixels are 8-bit coverage, `stride` bytes
// per row, owned by the rasterizer and valid until its next call.
struct GlyphImage {
  char32_t codepoint = 0;
  int width = 0;
  int height = 0;
  int stride = 0;
  float left = 0;
  float top = 0;
  float advance = 0;
  const std::uint8_t* pixels = nullptr;
};

class GlyphRasterizer {
 public:
  virtual ~GlyphRasterizer() = default;
  virtual FaceMetrics metrics(const GlyphFace& face) = 0;
  // Rasterizes up to `count` code points into out[0..n); returns n (it may do fewer than asked when
  // its scratch space is full: call again with the rest). Never fails for a code point the system
  // has no glyph for: it returns whatever the platform draws (a box), as a text field would.
  virtual int rasterize(const GlyphFace& face, const char32_t* codepoints, int count, GlyphImage* out) = 0;
};

}  // namespace cw
