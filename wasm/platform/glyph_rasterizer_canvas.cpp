// wasm/platform/glyph_rasterizer_canvas.cpp — the C++ half of the Canvas2D glyph rasterizer; the
// drawing is cw_js_glyph_raster in wasm/js/library_cw.js (one getImageData per batch).
#include "wasm/platform/glyph_rasterizer_canvas.h"

extern "C" {
void cw_js_glyph_metrics(float px, int weight, float* out2);
int cw_js_glyph_raster(float px, int weight, const char32_t* codepoints, int count, std::uint8_t* pixels,
                       int pixels_cap, float* records);
}

namespace {
constexpr int kPixelsCap = 1 << 20;  // one batch: ~450 glyphs of 48×48 device pixels
constexpr int kRecordFloats = 5;     // width, height, left, top, advance
}  // namespace

cw::FaceMetrics CanvasGlyphRasterizer::metrics(const cw::GlyphFace& face) {
  float m[2] = {face.pixel_size * 0.8f, face.pixel_size * 0.2f};
  cw_js_glyph_metrics(face.pixel_size, face.weight, m);
  return cw::FaceMetrics{m[0], m[1]};
}

int CanvasGlyphRasterizer::rasterize(const cw::GlyphFace& face, const char32_t* codepoints, int count,
                                     cw::GlyphImage* out) {
  if (count <= 0) return 0;
  if (!pixels_) pixels_.reset(new std::uint8_t[kPixelsCap]);
  records_.resize((size_t)count * kRecordFloats);
  const int n = cw_js_glyph_raster(face.pixel_size, face.weight, codepoints, count, pixels_.get(), kPixelsCap,
                                   records_.data());
  size_t offset = 0;
  for (int i = 0; i < n; ++i) {
    const float* r = &records_[(size_t)i * kRecordFloats];
    cw::GlyphImage& img = out[i];
    img.codepoint = codepoints[i];
    img.width = (int)r[0];
    img.height = (int)r[1];
    img.stride = img.width;
    img.left = r[2];
    img.top = r[3];
    img.advance = r[4];
    img.pixels = pixels_.get() + offset;
    offset += (size_t)img.width * (size_t)img.height;
  }
  return n;
}
