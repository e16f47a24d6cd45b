// wasm/platform/imgui_impl_html5.cpp — browser input for ImGui 1.86, which has no input queue:
// a press shorter than a frame would be lost, so presses are latched and held for one frame.
#include "wasm/platform/imgui_impl_html5.h"

#include <emscripten/emscripten.h>
#include <imgui.h>

extern "C" {
int cw_js_init();
void cw_js_request_frame();
}

namespace {

struct BackendData {
  float width = 1, height = 1, dpr = 1;
  float mouse_x = -1, mouse_y = -1;
  bool button_down[3] = {};
  bool button_pressed[3] = {};  // latched: pressed since the last frame
  float wheel_x = 0, wheel_y = 0;
  double last_time_ms = 0;
};

BackendData* g_bd = nullptr;

}  // namespace

extern "C" {

// type: 0 down, 1 move, 2 up. Coordinates in CSS pixels relative to the canvas.
EMSCRIPTEN_KEEPALIVE void cw_emsc_pointer(int type, float x, float y, int button) {
  if (!g_bd) return;
  g_bd->mouse_x = x;
  g_bd->mouse_y = y;
  if (button < 0 || button > 2) return;
  if (type == 0) {
    g_bd->button_down[button] = true;
    g_bd->button_pressed[button] = true;
  } else if (type == 2) {
    g_bd->button_down[button] = false;
  }
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_wheel(float dx, float dy) {
  if (!g_bd) return;
  g_bd->wheel_x -= dx / 100.0f;
  g_bd->wheel_y -= dy / 100.0f;
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_resize(float w, float h, float dpr) {
  if (!g_bd) return;
  g_bd->width = w > 1 ? w : 1;
  g_bd->height = h > 1 ? h : 1;
  g_bd->dpr = dpr > 0 ? dpr : 1;
}

}  // extern "C"

bool ImGui_ImplHtml5_Init() {
  ImGuiIO& io = ImGui::GetIO();
  g_bd = IM_NEW(BackendData)();
  io.BackendPlatformUserData = g_bd;
  io.BackendPlatformName = "imgui_impl_html5";
  return cw_js_init() == 0;
}

void ImGui_ImplHtml5_Shutdown() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformUserData = nullptr;
  IM_DELETE(g_bd);
  g_bd = nullptr;
}

void ImGui_ImplHtml5_NewFrame(double now_ms) {
  ImGuiIO& io = ImGui::GetIO();
  BackendData* bd = g_bd;
  io.DisplaySize = ImVec2(bd->width, bd->height);
  io.DisplayFramebufferScale = ImVec2(bd->dpr, bd->dpr);
  double dt = bd->last_time_ms > 0 ? (now_ms - bd->last_time_ms) / 1000.0 : 1.0 / 60.0;
  io.DeltaTime = dt > 0 ? static_cast<float>(dt) : 1.0f / 60.0f;
  bd->last_time_ms = now_ms;
  io.MousePos = ImVec2(bd->mouse_x, bd->mouse_y);
  for (int i = 0; i < 3; ++i) {
    // A press and release inside one frame still counts as down for this frame.
    io.MouseDown[i] = bd->button_down[i] || bd->button_pressed[i];
    bd->button_pressed[i] = false;
  }
  io.MouseWheel += bd->wheel_y;
  io.MouseWheelH += bd->wheel_x;
  bd->wheel_x = bd->wheel_y = 0;
}

bool ImGui_ImplHtml5_WantsFrame() {
  return g_bd && (g_bd->button_down[0] || g_bd->button_down[1] || g_bd->button_down[2]);
}

void ImGui_ImplHtml5_GetFramebuffer(int* w, int* h, float* dpr) {
  *dpr = g_bd->dpr;
  *w = static_cast<int>(g_bd->width * g_bd->dpr + 0.5f);
  *h = static_cast<int>(g_bd->height * g_bd->dpr + 0.5f);
}

void ImGui_ImplHtml5_RequestFrame() { cw_js_request_frame(); }
