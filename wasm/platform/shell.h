// wasm/platform/shell.h — what every browser module of ours with a screen shares: ImGui on the
// host's canvas, frames drawn only when asked (input, data, resize, animation) plus two settling
// frames, the glyph atlas and style that follow devicePixelRatio and the app's theme, the frame
// statistics, WebGL context loss and destroy — the exports library_cw.js calls (cw_emsc_frame,
// cw_emsc_command, cw_emsc_stats, cw_emsc_context_*, cw_emsc_destroy). The widget (wasm/main.cpp)
// and the staff workbench (wasm/console/main.cpp) differ only in the ShellApp they pass.
#pragma once

#include <string>
#include <string_view>

#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/host.h"

struct ShellApp {
  const char* name;  // for the console's error line: "complaint-widget"
  void (*draw)();    // one frame's UI, between ui::BeginFrame and ui::EndFrame
  // The first screen's text in a face, ensured before the first frame (one rasterizer batch each).
  std::string (*start_text)(ui::FontId font);
  // A host option or command (cw_emsc_command); false for an unknown key.
  bool (*set_option)(std::string_view key, std::string_view value);
  // Set when the brand colour or care mode changed: the shell rebuilds fonts and style.
  bool (*take_theme_changed)();
  unsigned (*brand_rgb)();
  bool (*care_mode)();
  // The host that records routes in the browser's history; nullptr at destroy.
  void (*set_host)(ui::Host* host);
  // The theme's desktop sizes (ui::SetTheme dense): the staff workbench.
  bool dense = false;
};

// The module's main(): sets up ImGui and the backends and draws the first frame. Returns 0.
int Shell_Main(const ShellApp& app);
