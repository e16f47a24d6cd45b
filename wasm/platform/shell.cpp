// wasm/platform/shell.cpp — the frame loop and exports shared by the widget and the workbench
// (shell.h). Frames are drawn only when asked (input, data, resize, animation) plus two settling
// frames; no loop.
#include "wasm/platform/shell.h"

#include <emscripten/emscripten.h>
#include <emscripten/heap.h>
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "wasm/platform/glyph_rasterizer_canvas.h"
#include "wasm/platform/html5_host.h"
#include "wasm/platform/imgui_impl_html5.h"
#include "wasm/platform/imgui_impl_webgl2.h"
#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

extern "C" {
void cw_js_emit(const char* type, const char* detail_json);
void cw_js_registry(const char* json);
}

namespace {

constexpr int kFrameWindow = 600;  // stats() covers the last 600 frames (DESIGN §6)

struct App {
  ShellApp app{};
  bool ready_sent = false;
  bool gl_ok = false;
  bool context_lost = false;
  int settling_frames = 0;
  unsigned long frames = 0;
  float fonts_dpr = 0;
  float frame_ms[kFrameWindow] = {};
  int frame_ms_count = 0, frame_ms_next = 0;
  CanvasGlyphRasterizer rasterizer;
  Html5Host host;
  Html5DataPort data;
  std::string stats;
};

App* g_app = nullptr;

// Theme, fonts and style follow the host's theme-color, care mode and devicePixelRatio.
void RefreshThemeAndFonts(float dpr) {
  const bool theme_changed = g_app->app.take_theme_changed();
  if (!theme_changed && dpr == g_app->fonts_dpr) return;
  ui::FontSpec before[ui::kFontCount];
  std::copy(std::begin(ui::T().fonts), std::end(ui::T().fonts), before);
  ui::SetTheme(g_app->app.brand_rgb(), g_app->app.care_mode(), g_app->app.dense);
  // The glyphs are coverage only: a new brand colour or language keeps them. Only new sizes (care
  // mode, another devicePixelRatio) start the atlas over. A host's theme-color used to rasterize the
  // whole first screen twice before complaint:ready.
  bool same_fonts = dpr == g_app->fonts_dpr;
  for (int f = 0; f < ui::kFontCount && same_fonts; ++f)
    same_fonts = before[f].css_size == ui::T().fonts[f].css_size && before[f].weight == ui::T().fonts[f].weight;
  if (!same_fonts) ui::GlyphCache_Init(&g_app->rasterizer, dpr, ui::T().fonts);
  ui::ApplyImGuiStyle(dpr);
  g_app->fonts_dpr = dpr;
  // The home screen's text up front, one batch per face; everything else is ensured lazily by the
  // widgets as they draw (one batch per string), so faces a screen never uses cost nothing.
  for (int f = 0; f < ui::kFontCount; ++f) ui::EnsureGlyphs(g_app->app.start_text((ui::FontId)f), ui::GetFont((ui::FontId)f));
}

void RecordFrameTime(float ms) {
  App& a = *g_app;
  a.frame_ms[a.frame_ms_next] = ms;
  a.frame_ms_next = (a.frame_ms_next + 1) % kFrameWindow;
  a.frame_ms_count = std::min(a.frame_ms_count + 1, kFrameWindow);
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE void cw_emsc_frame(double now_ms) {
  if (!g_app) return;  // destroyed
  App& a = *g_app;
  if (!a.gl_ok || a.context_lost) return;
  const double t0 = emscripten_get_now();
  int fb_w = 0, fb_h = 0;
  float dpr = 1;
  ImGui_ImplHtml5_GetFramebuffer(&fb_w, &fb_h, &dpr);
  RefreshThemeAndFonts(dpr);

  // A glyph that grows the atlas mid-frame moves UVs of vertices already built: build the frame
  // again (input is consumed by the first pass only).
  ui::FrameInput in;
  in.now_ms = now_ms;
  in.scroll_dy = ImGui_ImplHtml5_TakeScroll();
  for (int pass = 0; pass < 3; ++pass) {
    ImGui_ImplHtml5_NewFrame(now_ms, pass > 0);
    g_app->host.NewFrame();  // insets with the size: the UI sees both change in the same frame
    ImGui::NewFrame();
    ui::BeginFrame(in);
    a.app.draw();
    ui::EndFrame();
    ImGui::Render();
    if (!ui::GlyphCache_TakeLayoutChanged()) break;
    in.scroll_dy = 0;
  }
  if (ui::ScrollBlocked()) ImGui_ImplHtml5_StopScroll();

  bool full = false;
  int y0 = 0, y1 = 0;
  if (ui::GlyphCache_TakeDirty(&full, &y0, &y1)) ImGui_ImplWebGL2_UpdateFontTexture(full, y0, y1);
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(ui::T().bg);
  ImGui_ImplWebGL2_RenderDrawData(ImGui::GetDrawData(), fb_w, fb_h, bg.x, bg.y, bg.z);

  bool changed = false;
  const std::string& reg = ui::Registry_Json(&changed);
  if (changed) cw_js_registry(reg.c_str());

  ++a.frames;
  RecordFrameTime((float)(emscripten_get_now() - t0));
  if (!a.ready_sent) {
    a.ready_sent = true;
    cw_js_emit("ready", "{}");
  }
  // Two settling frames after any input: ImGui needs them for hover and release to show.
  if (ImGui_ImplHtml5_WantsFrame() || ui::WantsAnimationFrame()) a.settling_frames = 2;
  if (a.settling_frames > 0) {
    --a.settling_frames;
    ImGui_ImplHtml5_RequestFrame();
  }
}

// Host options and handle methods (DESIGN §6; ShellApp::set_option). Returns 0 when known.
EMSCRIPTEN_KEEPALIVE int cw_emsc_command(const char* key, const char* value) {
  if (!g_app) return -1;  // destroyed
  const bool ok = g_app->app.set_option(key ? key : "", value ? value : "");
  ImGui_ImplHtml5_RequestFrame();
  return ok ? 0 : -1;
}

// {frames, frameCpuMs: {last, median, p95}, heapBytes, glyphs} as JSON.
EMSCRIPTEN_KEEPALIVE const char* cw_emsc_stats() {
  if (!g_app) return "{\"frames\":0,\"frameCpuMs\":{\"last\":0,\"median\":0,\"p95\":0},\"heapBytes\":0,\"glyphs\":0}";
  App& a = *g_app;
  float sorted[kFrameWindow];
  const int n = a.frame_ms_count;
  std::copy(a.frame_ms, a.frame_ms + n, sorted);
  std::sort(sorted, sorted + n);
  const float last = n ? a.frame_ms[(a.frame_ms_next + kFrameWindow - 1) % kFrameWindow] : 0;
  const float median = n ? sorted[n / 2] : 0;
  const float p95 = n ? sorted[std::min(n - 1, (int)((float)n * 0.95f))] : 0;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "{\"frames\":%lu,\"frameCpuMs\":{\"last\":%.3f,\"median\":%.3f,\"p95\":%.3f},\"heapBytes\":%lu,"
                "\"glyphs\":%d}",
                a.frames, (double)last, (double)median, (double)p95, (unsigned long)emscripten_get_heap_size(),
                ui::GlyphCache_GlyphCount());
  a.stats = buf;
  return a.stats.c_str();
}

// WebGL context loss: stop drawing; on restore rebuild every GL object and upload the atlas.
EMSCRIPTEN_KEEPALIVE void cw_emsc_context_lost() {
  if (g_app) g_app->context_lost = true;
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_context_restored() {
  if (!g_app) return;
  ImGui_ImplWebGL2_ForgetDeviceObjects();
  g_app->gl_ok = ImGui_ImplWebGL2_CreateDeviceObjects();
  g_app->context_lost = false;
  ImGui_ImplHtml5_RequestFrame();
}

// handle.destroy(): the reverse of main(), after library_cw.js removed its listeners and before the
// loader gives the WebGL context back. Every GL object, the glyph atlas, the backends and the ImGui
// context go; each export above is a no-op from here on (a late data answer, a stray event).
EMSCRIPTEN_KEEPALIVE void cw_emsc_destroy() {
  if (!g_app) return;
  ui::SetHost(nullptr);
  g_app->app.set_host(nullptr);
  ui::SetDataPort(nullptr);
  if (g_app->gl_ok) ImGui_ImplWebGL2_Shutdown();
  ImGui_ImplHtml5_Shutdown();
  ui::GlyphCache_Shutdown();
  ImGui::DestroyContext();
  delete g_app;
  g_app = nullptr;
}

}  // extern "C"

int Shell_Main(const ShellApp& app) {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  g_app = new App();
  g_app->app = app;
  if (!ImGui_ImplHtml5_Init()) {
    std::fprintf(stderr, "%s: WebGL2 is not available\n", app.name);
    cw_js_emit("error", "{\"code\":\"webgl.unavailable\",\"message\":\"WebGL2 is not available\"}");
    return 0;
  }
  ui::SetHost(&g_app->host);
  app.set_host(&g_app->host);
  ui::SetDataPort(&g_app->data);
  int fb_w = 0, fb_h = 0;
  float dpr = 1;
  ImGui_ImplHtml5_GetFramebuffer(&fb_w, &fb_h, &dpr);
  RefreshThemeAndFonts(dpr);
  // The fonts are new, but nothing was laid out with older ones: the first frame needs no second
  // pass for them (it still gets one if its own glyphs grow the atlas).
  ui::GlyphCache_TakeLayoutChanged();
  g_app->gl_ok = ImGui_ImplWebGL2_Init();
  if (!g_app->gl_ok) {
    cw_js_emit("error", "{\"code\":\"webgl.shader\",\"message\":\"WebGL2 shaders failed to build\"}");
    return 0;
  }
  g_app->settling_frames = 2;
  ImGui_ImplHtml5_RequestFrame();
  return 0;
}
