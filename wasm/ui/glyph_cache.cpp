// wasm/ui/glyph_cache.cpp — on-demand glyphs in ImGui 1.86's atlas without a TTF: fonts are ImFont
// objects we fill ourselves (AddGlyph + BuildLookupTable); pixels go into one reserved region.
//
// Atlas layout (single channel, TexWidth × TexHeight):
//   rows [0, kRegionTop)        ImGui's baked lines (65×64) and the 2×2 white pixel
//   rows [kRegionTop, TexHeight) the glyph region, reserved with AddCustomRectRegular, shelf-packed
// ImFontAtlas::Build() needs at least one TTF, so the three custom rects are placed by hand (the
// stb rect packer is private to imgui_draw.cpp) and ImFontAtlasBuildFinish() does the rest.
// Growth doubles the region's height and keeps pixels where they are: only V coordinates change.
#include "wasm/ui/glyph_cache.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace ui {
namespace {

constexpr int kRegionTop = 66;        // below the 65×64 lines rect and one row of padding
constexpr int kMaxTexHeight = 4096;   // every WebGL2 device we target allows 4096
constexpr int kFirstRegionHeight = 446;  // texture starts at 512 rows

struct Face {
  ImFont* font = nullptr;
  cw::GlyphFace face;
  float ascent = 0;  // baseline offset from the line top, device pixels
};

struct Shelf {
  int y, h, x;
};

struct Cache {
  cw::GlyphRasterizer* rasterizer = nullptr;
  float dpr = 1;
  Face faces[kFontCount];
  int region_id = -1;
  int width = 0, region_h = 0, next_y = 0;
  std::vector<Shelf> shelves;
  bool dirty_full = true, layout_changed = false;
  int dirty_y0 = 0, dirty_y1 = 0;
  int glyphs = 0;
  std::vector<char32_t> missing;
  std::vector<cw::GlyphImage> images;
};

Cache* g_cache = nullptr;

ImFontAtlas* Atlas() { return ImGui::GetIO().Fonts; }

void MarkRows(int y0, int y1) {
  Cache& c = *g_cache;
  if (c.dirty_y1 <= c.dirty_y0) {
    c.dirty_y0 = y0;
    c.dirty_y1 = y1;
  } else {
    c.dirty_y0 = ImMin(c.dirty_y0, y0);
    c.dirty_y1 = ImMax(c.dirty_y1, y1);
  }
}

void SetTexHeight(int tex_h) {
  ImFontAtlas* atlas = Atlas();
  atlas->TexHeight = tex_h;
  atlas->TexUvScale = ImVec2(1.0f / (float)atlas->TexWidth, 1.0f / (float)tex_h);
  g_cache->region_h = tex_h - kRegionTop;
  atlas->CustomRects[g_cache->region_id].Height = (unsigned short)g_cache->region_h;
}

// Doubles the region (same width, so existing rows keep their place; only V changes).
bool Grow() {
  Cache& c = *g_cache;
  ImFontAtlas* atlas = Atlas();
  const int old_h = atlas->TexHeight;
  if (old_h >= kMaxTexHeight) return false;
  const int new_h = ImMin(old_h * 2, kMaxTexHeight);
  auto* pixels = (unsigned char*)IM_ALLOC((size_t)atlas->TexWidth * new_h);
  std::memcpy(pixels, atlas->TexPixelsAlpha8, (size_t)atlas->TexWidth * old_h);
  std::memset(pixels + (size_t)atlas->TexWidth * old_h, 0, (size_t)atlas->TexWidth * (new_h - old_h));
  IM_FREE(atlas->TexPixelsAlpha8);
  atlas->TexPixelsAlpha8 = pixels;
  SetTexHeight(new_h);
  const float k = (float)old_h / (float)new_h;
  for (Face& f : c.faces) {
    for (ImFontGlyph& gl : f.font->Glyphs) {
      gl.V0 *= k;
      gl.V1 *= k;
    }
  }
  ImFontAtlasBuildFinish(atlas);  // white pixel and line UVs for the new height
  c.dirty_full = true;
  c.layout_changed = true;
  return true;
}

void ResetFont(Face& f) {
  ImFont* font = f.font;
  font->Glyphs.clear();
  font->IndexLookup.clear();
  font->IndexAdvanceX.clear();
  font->FallbackGlyph = nullptr;
  font->EllipsisChar = 0x2026;
  font->DotChar = '.';
  font->FallbackChar = '?';
}

// Space first: BuildLookupTable() derives TAB from it and needs at least one glyph; '?' is the
// fallback, '.' and '…' draw ellipses.
constexpr const char* kBasics = " ?.\xE2\x80\xA6";

void EnsureBasics(Face& f) { EnsureGlyphs(kBasics, f.font); }

// Grows `v` to `n` entries, the new ones `value`: one store, then doubling copies (memcpy is native
// code in the browser for large sizes; ImVector::resize stores element by element, which the
// browser runs in its baseline-compiled wasm at start-up).
template <typename T>
void GrowFilled(ImVector<T>& v, int n, T value) {
  const int old = v.Size;
  if (n <= old) return;
  if (n > v.Capacity) v.reserve(v._grow_capacity(n));
  T* d = v.Data + old;
  const int count = n - old;
  d[0] = value;
  for (int done = 1; done < count;) {
    const int k = ImMin(done, count - done);
    std::memcpy(d + done, d, (size_t)k * sizeof(T));
    done += k;
  }
  v.Size = n;
}

// Adds glyphs [first, Glyphs.Size) to a lookup table that BuildLookupTable() made before: what it
// would do for them, without rebuilding the whole table (for CJK it spans ~40 000 code points;
// rebuilt after every string, it was a tenth of the first frame). The TAB glyph, which
// BuildLookupTable() keeps last, is appended again; the fallback pointer follows the vector.
void AppendToLookup(ImFont* font, int first) {
  int max_cp = 0;
  for (int i = first; i < font->Glyphs.Size; ++i) max_cp = ImMax(max_cp, (int)font->Glyphs[i].Codepoint);
  GrowFilled(font->IndexAdvanceX, max_cp + 1, font->FallbackAdvanceX);
  GrowFilled(font->IndexLookup, max_cp + 1, (ImWchar)-1);
  for (int i = first; i < font->Glyphs.Size; ++i) {
    const int cp = (int)font->Glyphs[i].Codepoint;
    font->IndexAdvanceX[cp] = font->Glyphs[i].AdvanceX;
    font->IndexLookup[cp] = (ImWchar)i;
    const int page = cp / 4096;
    font->Used4kPagesMap[page >> 3] |= (ImU8)(1 << (page & 7));
  }
  if (const ImFontGlyph* space = font->FindGlyphNoFallback((ImWchar)' ')) {
    ImFontGlyph tab = *space;
    tab.Codepoint = '\t';
    tab.AdvanceX *= IM_TABSIZE;
    font->Glyphs.push_back(tab);
    font->IndexAdvanceX['\t'] = tab.AdvanceX;
    font->IndexLookup['\t'] = (ImWchar)(font->Glyphs.Size - 1);
  }
  font->FallbackGlyph = font->FindGlyphNoFallback(font->FallbackChar);
  font->DirtyLookupTables = false;
}

// A fresh face's first table: ImGui's BuildLookupTable() over the basics only, the rest appended.
// BuildLookupTable() fills its table up to the highest code point element by element, three
// times: the home screen's first batch of a face (CJK, fullwidth punctuation up to U+FF1A) made
// that 40 000-65 000 entries per face, 10-17 ms of the browser's start-up for four faces.
void BuildFirstLookup(ImFont* font) {
  auto basic = [](unsigned int cp) { return cp == ' ' || cp == '?' || cp == '.' || cp == 0x2026; };
  int basics = 0;  // they come first in a face's first batch (EnsureGlyphs)
  while (basics < font->Glyphs.Size && basic(font->Glyphs[basics].Codepoint)) ++basics;
  if (basics == 0 || basics == font->Glyphs.Size) {
    font->BuildLookupTable();
    return;
  }
  ImVector<ImFontGlyph> rest;
  rest.resize(font->Glyphs.Size - basics);
  std::memcpy(rest.Data, font->Glyphs.Data + basics, (size_t)rest.Size * sizeof(ImFontGlyph));
  font->Glyphs.resize(basics);
  font->BuildLookupTable();                                                // appends TAB last
  if (font->Glyphs.back().Codepoint == '\t') font->Glyphs.pop_back();     // appended again below
  const int first = font->Glyphs.Size;
  for (const ImFontGlyph& g : rest) font->Glyphs.push_back(g);
  AppendToLookup(font, first);
}

// The region is full at the largest size: start over. Visible text is ensured again by the widgets
// in the frame that the caller rebuilds (layout_changed).
void ResetAll() {
  Cache& c = *g_cache;
  ImFontAtlas* atlas = Atlas();
  std::memset(atlas->TexPixelsAlpha8 + (size_t)atlas->TexWidth * kRegionTop, 0,
              (size_t)atlas->TexWidth * (atlas->TexHeight - kRegionTop));
  c.shelves.clear();
  c.next_y = 0;
  c.glyphs = 0;
  for (Face& f : c.faces) ResetFont(f);
  EnsureBasics(c.faces[kFontBody]);  // ImGui's default font is never without glyphs
  c.dirty_full = true;
  c.layout_changed = true;
}

// Finds room for a w×h bitmap in the region (1 px padding); returns false when even growth fails.
bool Place(int w, int h, int* out_x, int* out_y) {
  Cache& c = *g_cache;
  for (Shelf& s : c.shelves) {
    if (h <= s.h && h >= s.h * 3 / 4 - 1 && s.x + w + 1 <= c.width) {
      *out_x = s.x;
      *out_y = s.y;
      s.x += w + 1;
      return true;
    }
  }
  while (c.next_y + h + 1 > c.region_h) {
    if (!Grow()) return false;
  }
  c.shelves.push_back(Shelf{c.next_y, h, w + 1});
  *out_x = 0;
  *out_y = c.next_y;
  c.next_y += h + 1;
  return true;
}

Face* FaceOf(ImFont* font) {
  for (Face& f : g_cache->faces)
    if (f.font == font) return &f;
  return nullptr;
}

// Adds one rasterized glyph; returns false when the atlas is full.
bool AddImage(Face& f, const cw::GlyphImage& img) {
  ImFont* font = f.font;
  const float adv = std::round(img.advance);  // whole device pixels keep glyphs on the pixel grid
  if (img.width <= 0 || img.height <= 0) {
    font->AddGlyph(nullptr, (ImWchar)img.codepoint, 0, 0, 0, 0, 0, 0, 0, 0, adv);
    ++g_cache->glyphs;
    return true;
  }
  int x = 0, y = 0;
  if (!Place(img.width, img.height, &x, &y)) return false;
  ImFontAtlas* atlas = Atlas();
  const int tx = x, ty = kRegionTop + y;
  for (int row = 0; row < img.height; ++row) {
    std::memcpy(atlas->TexPixelsAlpha8 + (size_t)(ty + row) * atlas->TexWidth + tx,
                img.pixels + (size_t)row * img.stride, (size_t)img.width);
  }
  MarkRows(ty, ty + img.height);
  const float x0 = std::round(img.left), y0 = f.ascent - std::round(img.top);
  const ImVec2 s = atlas->TexUvScale;
  font->AddGlyph(nullptr, (ImWchar)img.codepoint, x0, y0, x0 + (float)img.width, y0 + (float)img.height,
                 (float)tx * s.x, (float)ty * s.y, (float)(tx + img.width) * s.x, (float)(ty + img.height) * s.y,
                 adv);
  ++g_cache->glyphs;
  return true;
}

}  // namespace

void GlyphCache_Init(cw::GlyphRasterizer* rasterizer, float dpr, const FontSpec specs[kFontCount]) {
  if (!g_cache) g_cache = IM_NEW(Cache)();
  Cache& c = *g_cache;
  c.rasterizer = rasterizer;
  c.dpr = dpr > 0 ? dpr : 1;
  ImFontAtlas* atlas = Atlas();
  atlas->Clear();  // deletes the previous fonts; their pointers are replaced below
  atlas->Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;
  // Glyphs at 16 px × 3 are 48 px tall: a wider atlas for dense screens keeps the height sane.
  c.width = c.dpr > 1.5f ? 2048 : 1024;
  atlas->TexDesiredWidth = c.width;  // must be ≥ the reserved width or the rect is silently not packed
  ImFontAtlasBuildInit(atlas);       // registers the lines rect and the white pixel
  c.region_id = atlas->AddCustomRectRegular(c.width, kFirstRegionHeight);
  ImFontAtlasCustomRect& lines = atlas->CustomRects[atlas->PackIdLines];
  lines.X = 0;
  lines.Y = 0;
  ImFontAtlasCustomRect& white = atlas->CustomRects[atlas->PackIdMouseCursors];
  white.X = (unsigned short)(lines.Width + 1);
  white.Y = 0;
  ImFontAtlasCustomRect& region = atlas->CustomRects[c.region_id];
  region.X = 0;
  region.Y = kRegionTop;
  atlas->TexWidth = c.width;
  SetTexHeight(kRegionTop + kFirstRegionHeight);
  atlas->TexPixelsAlpha8 = (unsigned char*)IM_ALLOC((size_t)atlas->TexWidth * atlas->TexHeight);
  std::memset(atlas->TexPixelsAlpha8, 0, (size_t)atlas->TexWidth * atlas->TexHeight);
  c.shelves.clear();
  c.next_y = 0;
  c.glyphs = 0;

  for (int i = 0; i < kFontCount; ++i) {
    Face& f = c.faces[i];
    f.face.pixel_size = specs[i].css_size * c.dpr;
    f.face.weight = specs[i].weight;
    const cw::FaceMetrics m = rasterizer->metrics(f.face);
    // ImGui's line height is FontSize: scale the face's ascent/descent into it, baseline rounded.
    const float total = m.ascent + m.descent > 0 ? m.ascent + m.descent : f.face.pixel_size;
    f.ascent = std::round(m.ascent * f.face.pixel_size / total);
    ImFont* font = IM_NEW(ImFont)();
    font->ContainerAtlas = atlas;
    font->FontSize = f.face.pixel_size;
    font->Scale = 1.0f / c.dpr;
    font->Ascent = f.ascent;
    font->Descent = f.ascent - f.face.pixel_size;
    atlas->Fonts.push_back(font);
    f.font = font;
    ResetFont(f);
  }
  // The body face gets its basics now (ImGui's default font must have glyphs before the first
  // NewFrame); the other faces on first use, so faces a screen never shows cost nothing.
  EnsureBasics(c.faces[kFontBody]);
  ImFontAtlasBuildFinish(atlas);
  c.dirty_full = true;
  c.layout_changed = true;
}

void GlyphCache_Shutdown() {
  IM_DELETE(g_cache);
  g_cache = nullptr;
}

float GlyphCache_Dpr() { return g_cache ? g_cache->dpr : 1.0f; }

ImFont* GetFont(FontId id) { return g_cache ? g_cache->faces[id].font : ImGui::GetFont(); }

void EnsureGlyphs(std::string_view utf8, ImFont* font) {
  if (!g_cache || utf8.empty()) return;  // nothing to draw: not even a fresh face's basics
  if (!font) font = ImGui::GetFont();
  Face* face = FaceOf(font);
  if (!face) return;
  Cache& c = *g_cache;
  c.missing.clear();
  // A face's first batch starts with the basics (space first), in the same rasterizer call.
  const bool fresh = font->Glyphs.empty();
  for (int part = fresh ? 0 : 1; part < 2; ++part) {
    const std::string_view text = part == 0 ? std::string_view(kBasics) : utf8;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
      unsigned int cp = 0;
      const int n = ImTextCharFromUtf8(&cp, p, end);
      p += n > 0 ? n : 1;
      if (cp < 0x20) continue;  // newline and tab are laid out by ImGui, not drawn
      if (!fresh && font->FindGlyphNoFallback((ImWchar)cp)) continue;
      bool dup = false;
      for (char32_t m : c.missing) dup = dup || m == cp;
      if (!dup) c.missing.push_back((char32_t)cp);
    }
  }
  if (c.missing.empty()) return;

  // BuildLookupTable() appends a TAB glyph each time it runs: drop ours before adding more.
  if (!font->Glyphs.empty() && font->Glyphs.back().Codepoint == '\t') font->Glyphs.pop_back();
  const int first = font->Glyphs.Size;
  c.images.resize(c.missing.size());
  size_t done = 0;
  while (done < c.missing.size()) {
    const int n = c.rasterizer->rasterize(face->face, c.missing.data() + done, (int)(c.missing.size() - done),
                                          c.images.data());
    if (n <= 0) break;
    for (int i = 0; i < n; ++i) {
      if (!AddImage(*face, c.images[i])) {
        // Full at the largest size: start over; this frame is rebuilt and ensures what it shows.
        ResetAll();
        return;
      }
    }
    done += (size_t)n;
  }
  if (first > 0 && font->IndexLookup.Size > 0) AppendToLookup(font, first);
  else BuildFirstLookup(font);
}

void EnsureGlyphsAll(std::string_view utf8) {
  if (!g_cache) return;
  for (Face& f : g_cache->faces) EnsureGlyphs(utf8, f.font);
}

bool GlyphCache_TakeDirty(bool* full, int* y0, int* y1) {
  if (!g_cache) return false;
  Cache& c = *g_cache;
  const bool any = c.dirty_full || c.dirty_y1 > c.dirty_y0;
  *full = c.dirty_full;
  *y0 = c.dirty_y0;
  *y1 = c.dirty_y1;
  c.dirty_full = false;
  c.dirty_y0 = c.dirty_y1 = 0;
  return any;
}

bool GlyphCache_TakeLayoutChanged() {
  if (!g_cache) return false;
  const bool changed = g_cache->layout_changed;
  g_cache->layout_changed = false;
  return changed;
}

int GlyphCache_GlyphCount() { return g_cache ? g_cache->glyphs : 0; }

}  // namespace ui
