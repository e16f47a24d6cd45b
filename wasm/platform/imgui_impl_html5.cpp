// wasm/platform/imgui_impl_html5.cpp — browser input for ImGui 1.86, which has no input queue:
// a press shorter than a frame would be lost, so presses (buttons and keys) are latched and held
// for one frame. Touch is not a mouse: a finger that moves scrolls the page instead of pressing.
#include "wasm/platform/imgui_impl_html5.h"

#include <emscripten/emscripten.h>
#include <imgui.h>

#include <cfloat>
#include <cmath>
#include <string>

extern "C" {
int cw_js_init();
void cw_js_request_frame();
void cw_js_clipboard_write(const char* utf8);
}

namespace {

constexpr float kTapSlop = 8;            // CSS px a finger may wander and still tap
constexpr float kInertiaTau = 0.325f;    // s, velocity decay (iOS-like)
constexpr float kInertiaMinSpeed = 20;   // px/s where the glide stops
constexpr int kKeys = 512;

struct Sample {
  double t;
  float y;
};

struct BackendData {
  float width = 1, height = 1, dpr = 1;
  float mouse_x = -FLT_MAX, mouse_y = -FLT_MAX;
  bool button_down[3] = {};
  bool button_pressed[3] = {};  // latched: pressed since the last frame
  bool release_pending = false; // a button went up: one more frame shows the release
  bool forget_mouse = false;    // after a touch tap: no hover left behind
  // Touch: one finger drives taps and scrolling.
  int touch_id = -1;
  bool touch_dragging = false;
  float touch_x0 = 0, touch_y0 = 0, touch_last_y = 0;
  Sample samples[8] = {};
  int sample_count = 0;
  float velocity = 0;  // px/s, > 0 scrolls down
  float scroll = 0;    // pending CSS px
  // Keyboard.
  bool key_down[kKeys] = {};
  bool key_pressed[kKeys] = {};
  bool ctrl = false, shift = false, alt = false, super = false;
  bool reduced_motion = false;  // prefers-reduced-motion: no inertia glide
  double last_time_ms = 0;
  std::string clipboard;
};

BackendData* g_bd = nullptr;

void PushSample(double t, float y) {
  BackendData* bd = g_bd;
  const int n = (int)(sizeof bd->samples / sizeof bd->samples[0]);
  if (bd->sample_count == n) {
    for (int i = 1; i < n; ++i) bd->samples[i - 1] = bd->samples[i];
    --bd->sample_count;
  }
  bd->samples[bd->sample_count++] = Sample{t, y};
}

// Finger speed over the last 100 ms, in px/s of scrolling (finger up = scroll down).
float ReleaseVelocity(double now) {
  BackendData* bd = g_bd;
  int first = bd->sample_count - 1;
  while (first > 0 && now - bd->samples[first - 1].t <= 100) --first;
  if (first < 0 || bd->sample_count - first < 2) return 0;
  const Sample& a = bd->samples[first];
  const Sample& b = bd->samples[bd->sample_count - 1];
  const double dt = (b.t - a.t) / 1000.0;
  if (dt <= 0.004) return 0;
  return (float)(-(b.y - a.y) / dt);
}

const char* GetClipboard(void*) { return g_bd ? g_bd->clipboard.c_str() : ""; }

void SetClipboard(void*, const char* text) {
  if (!g_bd) return;
  g_bd->clipboard = text ? text : "";
  cw_js_clipboard_write(g_bd->clipboard.c_str());
}

}  // namespace

extern "C" {

// Mouse and pen. type: 0 down, 1 move, 2 up, 3 left the canvas. Coordinates in CSS pixels
// relative to the canvas.
EMSCRIPTEN_KEEPALIVE void cw_emsc_pointer(int type, float x, float y, int button) {
  BackendData* bd = g_bd;
  if (!bd) return;
  if (type == 3) {
    // WebKit releases the pointer capture after pointerup and then sends pointerleave at the same
    // point, before the frame that shows the release: taking the mouse away now would make ImGui
    // see every click end outside its button. A leave waits for a pending release's frame, the way
    // a finger's hover does (forget_mouse); with nothing pending the mouse leaves at once.
    if (bd->release_pending || bd->button_pressed[0] || bd->button_pressed[1] || bd->button_pressed[2]) {
      bd->forget_mouse = true;
    } else {
      bd->mouse_x = bd->mouse_y = -FLT_MAX;
    }
    return;
  }
  bd->mouse_x = x;
  bd->mouse_y = y;
  bd->forget_mouse = false;
  if (button < 0 || button > 2) return;
  if (type == 0) {
    bd->button_down[button] = true;
    bd->button_pressed[button] = true;
    bd->velocity = 0;
  } else if (type == 2 && bd->button_down[button]) {
    bd->button_down[button] = false;
    bd->release_pending = true;
  }
}

// Touch. type: 0 down, 1 move, 2 up, 3 cancel. A tap becomes a press latched for one frame and a
// release in the next; a finger that moved more than kTapSlop scrolls and never presses, so a
// drag that starts on a button does not trigger it.
EMSCRIPTEN_KEEPALIVE void cw_emsc_touch(int type, int id, float x, float y, double t_ms) {
  BackendData* bd = g_bd;
  if (!bd) return;
  if (type == 0) {
    if (bd->touch_id >= 0) return;  // a second finger: ignored (no pinch zoom in a form)
    bd->touch_id = id;
    bd->touch_dragging = false;
    bd->touch_x0 = x;
    bd->touch_y0 = y;
    bd->touch_last_y = y;
    bd->velocity = 0;  // a touch stops the glide, as on every phone
    bd->sample_count = 0;
    PushSample(t_ms, y);
    bd->mouse_x = x;
    bd->mouse_y = y;
    bd->forget_mouse = false;
    return;
  }
  if (id != bd->touch_id) return;
  if (type == 1) {
    if (!bd->touch_dragging && std::fabs(x - bd->touch_x0) + std::fabs(y - bd->touch_y0) > kTapSlop) {
      bd->touch_dragging = true;
      bd->touch_last_y = y;
    }
    if (bd->touch_dragging) {
      bd->scroll += bd->touch_last_y - y;
      bd->touch_last_y = y;
    }
    PushSample(t_ms, y);
    return;
  }
  if (type == 2 && !bd->touch_dragging) {
    bd->mouse_x = x;
    bd->mouse_y = y;
    bd->button_pressed[0] = true;
    bd->release_pending = true;
    bd->forget_mouse = true;
  } else if (type == 2) {
    PushSample(t_ms, y);
    const float v = ReleaseVelocity(t_ms);
    bd->velocity = std::fabs(v) > 80 && !bd->reduced_motion ? v : 0;
    bd->forget_mouse = true;
  }
  bd->touch_id = -1;
  bd->touch_dragging = false;
}

// Wheel in CSS pixels (the JS side converts line and page modes).
EMSCRIPTEN_KEEPALIVE void cw_emsc_wheel(float dx, float dy) {
  (void)dx;
  if (!g_bd) return;
  g_bd->scroll += dy;
  g_bd->velocity = 0;
}

// Keys by DOM keyCode (< 512). mods: 1 ctrl, 2 shift, 4 alt, 8 meta.
EMSCRIPTEN_KEEPALIVE void cw_emsc_key(int key, int down, int mods) {
  BackendData* bd = g_bd;
  if (!bd) return;
  bd->ctrl = mods & 1;
  bd->shift = mods & 2;
  bd->alt = mods & 4;
  bd->super = mods & 8;
  if (key <= 0 || key >= kKeys) return;
  bd->key_down[key] = down != 0;
  if (down) bd->key_pressed[key] = true;
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_char(unsigned codepoint) {
  if (g_bd) ImGui::GetIO().AddInputCharacter(codepoint);  // no context once shut down
}

// Text from a DOM `paste` event on the canvas: what ImGui's GetClipboardText() returns next.
EMSCRIPTEN_KEEPALIVE void cw_emsc_paste(const char* utf8) {
  if (g_bd) g_bd->clipboard = utf8 ? utf8 : "";
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
  io.SetClipboardTextFn = SetClipboard;
  io.GetClipboardTextFn = GetClipboard;
  // ImGui 1.86 reads keys through KeyMap into KeysDown[512]: we index by DOM keyCode.
  io.KeyMap[ImGuiKey_Tab] = 9;
  io.KeyMap[ImGuiKey_LeftArrow] = 37;
  io.KeyMap[ImGuiKey_RightArrow] = 39;
  io.KeyMap[ImGuiKey_UpArrow] = 38;
  io.KeyMap[ImGuiKey_DownArrow] = 40;
  io.KeyMap[ImGuiKey_PageUp] = 33;
  io.KeyMap[ImGuiKey_PageDown] = 34;
  io.KeyMap[ImGuiKey_Home] = 36;
  io.KeyMap[ImGuiKey_End] = 35;
  io.KeyMap[ImGuiKey_Insert] = 45;
  io.KeyMap[ImGuiKey_Delete] = 46;
  io.KeyMap[ImGuiKey_Backspace] = 8;
  io.KeyMap[ImGuiKey_Space] = 32;
  io.KeyMap[ImGuiKey_Enter] = 13;
  io.KeyMap[ImGuiKey_Escape] = 27;
  io.KeyMap[ImGuiKey_KeyPadEnter] = 13;
  io.KeyMap[ImGuiKey_A] = 65;
  io.KeyMap[ImGuiKey_C] = 67;
  io.KeyMap[ImGuiKey_V] = 86;
  io.KeyMap[ImGuiKey_X] = 88;
  io.KeyMap[ImGuiKey_Y] = 89;
  io.KeyMap[ImGuiKey_Z] = 90;
  return cw_js_init() == 0;
}

void ImGui_ImplHtml5_SetReducedMotion(bool reduced) {
  if (!g_bd) return;
  g_bd->reduced_motion = reduced;
  if (reduced) g_bd->velocity = 0;  // a glide under way stops
}

void ImGui_ImplHtml5_Shutdown() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformUserData = nullptr;
  IM_DELETE(g_bd);
  g_bd = nullptr;
}

void ImGui_ImplHtml5_NewFrame(double now_ms, bool repeat) {
  ImGuiIO& io = ImGui::GetIO();
  BackendData* bd = g_bd;
  io.DisplaySize = ImVec2(bd->width, bd->height);
  io.DisplayFramebufferScale = ImVec2(bd->dpr, bd->dpr);
  if (repeat) {
    io.DeltaTime = 1e-4f;
    return;
  }
  double dt = bd->last_time_ms > 0 ? (now_ms - bd->last_time_ms) / 1000.0 : 1.0 / 60.0;
  // After an idle pause the first frame's dt is huge: clamp so inertia does not jump.
  if (dt <= 0) dt = 1.0 / 60.0;
  io.DeltaTime = (float)dt;
  bd->last_time_ms = now_ms;

  if (bd->velocity != 0 && bd->touch_id < 0) {
    const float step = (float)(dt < 0.05 ? dt : 0.05);
    bd->scroll += bd->velocity * step;
    bd->velocity *= std::exp(-step / kInertiaTau);
    if (std::fabs(bd->velocity) < kInertiaMinSpeed) bd->velocity = 0;
  }

  io.MousePos = ImVec2(bd->mouse_x, bd->mouse_y);
  bool any_pressed = false;
  for (int i = 0; i < 3; ++i) {
    // A press and release inside one frame still counts as down for this frame.
    io.MouseDown[i] = bd->button_down[i] || bd->button_pressed[i];
    any_pressed = any_pressed || bd->button_pressed[i];
    bd->button_pressed[i] = false;
  }
  if (!any_pressed) {
    bd->release_pending = false;
    if (bd->forget_mouse) {
      // The finger lifted and its release frame has passed: no hover where it was.
      bd->mouse_x = bd->mouse_y = -FLT_MAX;
      bd->forget_mouse = false;
    }
  }
  for (int k = 0; k < kKeys; ++k) {
    io.KeysDown[k] = bd->key_down[k] || bd->key_pressed[k];
    bd->key_pressed[k] = false;
  }
  io.KeyCtrl = bd->ctrl;
  io.KeyShift = bd->shift;
  io.KeyAlt = bd->alt;
  io.KeySuper = bd->super;
}

bool ImGui_ImplHtml5_WantsFrame() {
  const BackendData* bd = g_bd;
  if (!bd) return false;
  return bd->button_down[0] || bd->button_down[1] || bd->button_down[2] || bd->release_pending ||
         bd->forget_mouse || bd->velocity != 0 || bd->scroll != 0;
}

void ImGui_ImplHtml5_GetFramebuffer(int* w, int* h, float* dpr) {
  *dpr = g_bd->dpr;
  *w = static_cast<int>(g_bd->width * g_bd->dpr + 0.5f);
  *h = static_cast<int>(g_bd->height * g_bd->dpr + 0.5f);
}

void ImGui_ImplHtml5_RequestFrame() {
  if (g_bd) cw_js_request_frame();
}

float ImGui_ImplHtml5_TakeScroll() {
  if (!g_bd) return 0;
  const float s = g_bd->scroll;
  g_bd->scroll = 0;
  return s;
}

void ImGui_ImplHtml5_StopScroll() {
  if (g_bd) g_bd->velocity = 0;
}
