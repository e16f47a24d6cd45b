// wasm/ui/text_layout.h — where lines break in Chinese and mixed text. ImGui 1.86 wraps only at
// spaces and ASCII punctuation, so a sentence of ideographs would move to the next line whole. Here a
// line may break after a space and around ideographs, never before closing punctuation
// (，。、：；！？）」”…: it stays with the character before it) and never after opening punctuation
// (（「“《【: it goes with the character after it), as GB/T 15834's and the W3C's "Requirements for
// Chinese Text Layout" line-start/line-end rules say; a Latin word longer than the line is split.
// Pure: widths come from a callback, so the rules are tested without a font (tests/ui/text_layout_test.cpp).
#pragma once

#include <string_view>

namespace ui::text {

// The advance width of code point `c` in the font `ctx` stands for.
using AdvanceFn = float (*)(const void* ctx, unsigned c);

bool IsIdeographic(unsigned c);
bool IsClosing(unsigned c);  // never starts a line
bool IsOpening(unsigned c);  // never ends a line

// The end (exclusive) of the line that starts at `s`, within `wrap` (0: no wrapping); at a '\n' it
// returns the '\n'. Always past `s` when `s < end` and the first character is not '\n'.
const char* LineEnd(const char* s, const char* end, float wrap, AdvanceFn advance, const void* ctx);

// Calls fn(index, begin, end) for each line of `text`: trailing blanks are not part of a line, the
// blanks a break falls on start no line, and a '\n' ends one. An empty text is one empty line.
template <typename Fn>
void ForEachLine(std::string_view text, float wrap, AdvanceFn advance, const void* ctx, Fn&& fn) {
  const char* s = text.data();
  const char* end = s + text.size();
  int line = 0;
  while (s < end || line == 0) {
    const char* e = LineEnd(s, end, wrap, advance, ctx);
    const char* te = e;
    while (te > s && te[-1] == ' ') --te;
    fn(line++, s, te);
    s = e;
    if (s < end && *s == '\n') ++s;
    else while (s < end && *s == ' ') ++s;
    if (s >= end) break;
  }
}

}  // namespace ui::text
