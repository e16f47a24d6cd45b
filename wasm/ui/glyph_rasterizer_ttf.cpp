// wasm/ui/glyph_rasterizer_ttf.cpp — stb_truetype behind cw::GlyphRasterizer. stb is compiled
// here privately (ImGui's copy in imgui_draw.cpp is static). Sizes are em sizes, like CSS px, so
// layout matches the browser's fillText glyphs closely. Weight is ignored (one face).
#include "wasm/ui/glyph_rasterizer_ttf.h"

#include <cmath>
#include <cstdio>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <imstb_truetype.h>
#pragma GCC diagnostic pop

struct TtfGlyphRasterizer::Impl {
  std::vector<unsigned char> data;
  stbtt_fontinfo info{};
  bool loaded = false;
  std::vector<std::uint8_t> pixels;
};

TtfGlyphRasterizer::TtfGlyphRasterizer() : impl_(new Impl) {}
TtfGlyphRasterizer::~TtfGlyphRasterizer() { delete impl_; }

bool TtfGlyphRasterizer::Load(const char* path, int font_no) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  impl_->data.resize(size > 0 ? (size_t)size : 0);
  const bool read = size > 0 && std::fread(impl_->data.data(), 1, impl_->data.size(), f) == impl_->data.size();
  std::fclose(f);
  if (!read) return false;
  const int offset = stbtt_GetFontOffsetForIndex(impl_->data.data(), font_no);
  impl_->loaded = offset >= 0 && stbtt_InitFont(&impl_->info, impl_->data.data(), offset);
  return impl_->loaded;
}

cw::FaceMetrics TtfGlyphRasterizer::metrics(const cw::GlyphFace& face) {
  if (!impl_->loaded) return {face.pixel_size * 0.8f, face.pixel_size * 0.2f};
  int ascent = 0, descent = 0, gap = 0;
  stbtt_GetFontVMetrics(&impl_->info, &ascent, &descent, &gap);
  const float s = stbtt_ScaleForMappingEmToPixels(&impl_->info, face.pixel_size);
  return {(float)ascent * s, (float)-descent * s};
}

int TtfGlyphRasterizer::rasterize(const cw::GlyphFace& face, const char32_t* cps, int count, cw::GlyphImage* out) {
  Impl& m = *impl_;
  if (!m.loaded) return 0;
  const float s = stbtt_ScaleForMappingEmToPixels(&m.info, face.pixel_size);
  // First pass: sizes, so the shared buffer is allocated once and pointers stay valid.
  size_t total = 0;
  std::vector<int> boxes((size_t)count * 4);
  for (int i = 0; i < count; ++i) {
    const int g = stbtt_FindGlyphIndex(&m.info, (int)cps[i]);
    int* b = &boxes[(size_t)i * 4];
    stbtt_GetGlyphBitmapBox(&m.info, g, s, s, &b[0], &b[1], &b[2], &b[3]);
    total += (size_t)(b[2] - b[0]) * (size_t)(b[3] - b[1]);
  }
  m.pixels.assign(total, 0);
  size_t offset = 0;
  for (int i = 0; i < count; ++i) {
    const int g = stbtt_FindGlyphIndex(&m.info, (int)cps[i]);
    const int* b = &boxes[(size_t)i * 4];
    int advance = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&m.info, g, &advance, &lsb);
    cw::GlyphImage& img = out[i];
    img.codepoint = cps[i];
    img.width = b[2] - b[0];
    img.height = b[3] - b[1];
    img.stride = img.width;
    img.left = (float)b[0];
    img.top = (float)-b[1];
    img.advance = (float)advance * s;
    img.pixels = m.pixels.data() + offset;
    if (img.width > 0 && img.height > 0) {
      stbtt_MakeGlyphBitmap(&m.info, m.pixels.data() + offset, img.width, img.height, img.width, s, s, g);
    }
    offset += (size_t)img.width * (size_t)img.height;
  }
  return count;
}
