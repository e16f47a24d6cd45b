// wasm/console/console.h — the staff workbench's screens (DESIGN §5b): sign-in with a pasted staff
// token, then the workbench: rail, filters, queue and the case beside it. Portable like wasm/ui/
// (no emscripten): the page's port (web/staff/console.js) answers its staff requests, and native
// tests can script it.
#pragma once

#include <string>
#include <string_view>

#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/host.h"

namespace console {

// "lang" (zh-CN | en) and "route" (the location hash; accepted and kept for later screens). False for
// an unknown key.
bool SetOption(std::string_view key, std::string_view value);
void Draw();
// The poll's timer fires on the next frame (tests; the page's frames come every few seconds).
void PollNow();
// The sign-in screen's text in `font`, ensured before the first frame.
std::string StartText(ui::FontId font);
bool TakeThemeChanged();
unsigned BrandRgb();
bool CareMode();
void SetHost(ui::Host* host);
// Back to the state of a fresh page (tests).
void Reset();

}  // namespace console
