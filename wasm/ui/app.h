// wasm/ui/app.h — the widget's screens and options (DESIGN §6 attributes and handle methods);
// the customer screens arrive with their own issue, this routes modes and draws home/gallery.
#pragma once

#include <string_view>

namespace ui {

// Options and commands from the host: "api-base", "lang", "mode", "acceptance-no", "theme-color",
// "care-mode", "prefill.name", "prefill.phone", and the handle's "file", "track", "survey".
// Returns false for an unknown key.
bool App_SetOption(std::string_view key, std::string_view value);
// Set when theme-color or care-mode changed: the caller rebuilds fonts and style.
bool App_TakeThemeChanged();
unsigned App_BrandRgb();
bool App_CareMode();
void App_Draw();
// UI strings, ensured in every face at start so the first frames do not rasterize one by one.
const char* App_Strings();

}  // namespace ui
