// wasm/ui/text_layout.cpp — see text_layout.h.
#include "wasm/ui/text_layout.h"

namespace ui::text {
namespace {

// One UTF-8 sequence at p (< end): its code point and length; a broken byte counts as one U+FFFD.
unsigned Decode(const char* p, const char* end, int* len) {
  const auto b = [&](int i) { return static_cast<unsigned char>(p[i]); };
  const unsigned c0 = b(0);
  const int n = c0 < 0x80 ? 1 : (c0 >> 5) == 0x6 ? 2 : (c0 >> 4) == 0xE ? 3 : (c0 >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || end - p < n) {
    *len = 1;
    return 0xFFFD;
  }
  unsigned c = n == 1 ? c0 : c0 & (0x7F >> n);
  for (int i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    c = (c << 6) | (b(i) & 0x3F);
  }
  *len = n;
  return c;
}

}  // namespace

bool IsIdeographic(unsigned c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         c >= 0x20000;
}

bool IsClosing(unsigned c) {
  switch (c) {
    case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F: case 0xFF09:
    case 0x300D: case 0x300F: case 0x201D: case 0x2019: case 0x300B: case 0x3011: case 0x2026: case 0xFF0E:
    case ',': case '.': case ')': case ':': case ';': case '!': case '?': return true;
    default: return false;
  }
}

bool IsOpening(unsigned c) {
  switch (c) {
    case 0xFF08: case 0x300C: case 0x300E: case 0x201C: case 0x2018: case 0x300A: case 0x3010: case '(':
      return true;
    default: return false;
  }
}

const char* LineEnd(const char* s, const char* end, float wrap, AdvanceFn advance, const void* ctx) {
  float x = 0;
  const char* best = nullptr;  // the last break opportunity
  unsigned prev = 0;
  const char* p = s;
  while (p < end) {
    int n = 1;
    const unsigned c = Decode(p, end, &n);
    if (c == '\n') return p;
    if (p > s && !IsClosing(c) && !IsOpening(prev) && (prev == ' ' || IsIdeographic(c) || IsIdeographic(prev))) {
      best = p;
    }
    const float w = advance(ctx, c);
    if (wrap > 0 && x + w > wrap && p > s && c != ' ') return best ? best : p;
    x += w;
    prev = c;
    p += n;
  }
  return end;
}

}  // namespace ui::text
