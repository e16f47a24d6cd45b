// wasm/ui/app.h — the widget's screens and options (DESIGN §6 attributes and handle methods);
// routes modes and hashes to the screens of wasm/ui/screens/.
#pragma once

#include <string>
#include <string_view>

#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/host.h"

namespace ui {

// Options and commands from the host: "api-base", "lang", "mode", "acceptance-no", "theme-color",
// "care-mode", "prefill.name", "prefill.phone", the handle's "file", "track", "survey", and "route"
// (the browser's location hash at start and on back/forward: "#/file/2", "#/survey/NO?t=TOKEN").
// Returns false for an unknown key.
bool App_SetOption(std::string_view key, std::string_view value);
// The host that records routes in the browser's history (nullptr in native tests).
void App_SetHost(Host* host);
// Set when theme-color or care-mode changed: the caller rebuilds fonts and style.
bool App_TakeThemeChanged();
unsigned App_BrandRgb();
bool App_CareMode();
void App_Draw();
// The home screen's text in `font`, in the current language, which main() ensures before the first
// frame: one rasterizer batch per face, none while the frame draws (tests/ui/start_glyphs_test.cpp).
std::string App_StartText(FontId font);

}  // namespace ui
