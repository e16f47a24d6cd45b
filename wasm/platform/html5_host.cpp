// wasm/platform/html5_host.cpp — the C++ side of the text agent: geometry and field settings go
// to cw_js_agent_show; committed text comes back through cw_emsc_agent_* (never IME pre-edit). And
// the page's other messages for the UI: the accessibility tree, insets, reduced motion.
#include "wasm/platform/html5_host.h"

#include <emscripten/emscripten.h>

#include <string>

#include "wasm/platform/imgui_impl_html5.h"
#include "wasm/ui/widgets.h"

extern "C" {
void cw_js_agent_show(unsigned id, int multiline, int focus, const float* geometry, const char* value,
                      const char* placeholder, const char* label, const char* type, const char* inputmode,
                      const char* enterkeyhint, const char* autocomplete, int max_chars, unsigned text_rgb,
                      unsigned caret_rgb);
void cw_js_agent_hide();
void cw_js_clipboard_write(const char* utf8);
void cw_js_picker_show(unsigned id, const float* rect, const char* accept, const char* label);
void cw_js_picker_hide();
void cw_js_route(const char* hash, int replace);
void cw_js_request_frame_in(int ms);
void cw_js_data_call(unsigned id, const char* method, const char* args_json);
}

namespace {
// What covers the canvas's edges, as last reported; applied at the next frame with its size.
ui::Insets g_insets;
}  // namespace

void Html5Host::NewFrame() { ui::SetInsets(g_insets); }

void Html5Host::ShowTextAgent(const ui::AgentField& f) {
  const float geometry[11] = {f.x, f.y, f.w, f.h, f.clip_x0, f.clip_y0, f.clip_x1, f.clip_y1,
                              f.font_px, f.pad_x, f.pad_y};
  cw_js_agent_show(f.id, f.multiline, f.focus, geometry, f.value, f.placeholder, f.label, f.type, f.inputmode,
                   f.enterkeyhint, f.autocomplete, f.max_chars, f.text_rgb, f.caret_rgb);
}

void Html5Host::HideTextAgent() { cw_js_agent_hide(); }

void Html5Host::SetClipboardText(std::string_view utf8) {
  const std::string s(utf8);
  cw_js_clipboard_write(s.c_str());
}

void Html5Host::RequestFrame() { ImGui_ImplHtml5_RequestFrame(); }

void Html5Host::RequestFrameIn(int ms) { cw_js_request_frame_in(ms); }

void Html5Host::ShowFilePicker(unsigned id, float x, float y, float w, float h, const char* accept,
                               const char* label) {
  const float rect[4] = {x, y, w, h};
  cw_js_picker_show(id, rect, accept, label);
}

void Html5Host::HideFilePicker() { cw_js_picker_hide(); }

void Html5Host::SetRoute(std::string_view hash, bool replace) {
  const std::string h(hash);
  cw_js_route(h.c_str(), replace ? 1 : 0);
}

void Html5DataPort::Call(unsigned id, std::string_view method, std::string_view args_json) {
  const std::string m(method), a(args_json);
  cw_js_data_call(id, m.c_str(), a.c_str());
}

extern "C" {

// prefers-reduced-motion: reduce (the JS side watches the media query): the UI's transitions and
// the backend's scroll inertia.
EMSCRIPTEN_KEEPALIVE void cw_emsc_reduced_motion(int reduced) {
  ImGui_ImplHtml5_SetReducedMotion(reduced != 0);
  ui::SetReducedMotion(reduced != 0);
}

// The DOM accessibility tree (web/a11y.js): op 0 focus, 1 activate the registry item `id`
// (0 = no focus). A direct command, not a synthetic tap: it works for items scrolled out of view
// and needs no press/release frame pair.
EMSCRIPTEN_KEEPALIVE void cw_emsc_a11y(int op, unsigned id) {
  if (op == 1) ui::A11y_Activate(id);
  else ui::A11y_Focus(id);
  ImGui_ImplHtml5_RequestFrame();
}

// The one focus order (wasm/ui/focus.h), asked by library_cw.js and web/a11y.js between frames:
// the item `dir` steps from `from` (0: from outside), over every kind (text_only 0) or text fields.
EMSCRIPTEN_KEEPALIVE unsigned cw_emsc_focus_next(unsigned from, int dir, int text_only) {
  return ui::Focus_Next(from, dir, text_only ? ui::FocusScope::Text : ui::FocusScope::Any);
}

// The focusable item (a text field when text_only) under a point in CSS px of the canvas; 0: none.
EMSCRIPTEN_KEEPALIVE unsigned cw_emsc_focus_at(float x, float y, int text_only) {
  return ui::Focus_At(x, y, text_only ? ui::FocusScope::Text : ui::FocusScope::Any);
}

// What covers the canvas's edges, in CSS px (library_cw.js: the visual viewport for the on-screen
// keyboard, env(safe-area-inset-*) where the canvas reaches the screen's edge). Applied with the
// size at the next frame, which the JS side asks for.
EMSCRIPTEN_KEEPALIVE void cw_emsc_insets(float top, float right, float bottom, float left) {
  g_insets = ui::Insets{top, right, bottom, left};
}


EMSCRIPTEN_KEEPALIVE void cw_emsc_agent_focus(unsigned id) {
  ui::Agent_OnFocus(id);
  ImGui_ImplHtml5_RequestFrame();
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_agent_text(unsigned id, const char* utf8) {
  ui::Agent_OnText(id, utf8 ? utf8 : "");
  ImGui_ImplHtml5_RequestFrame();
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_agent_blur(unsigned id) {
  ui::Agent_OnBlur(id);
  ImGui_ImplHtml5_RequestFrame();
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_data_result(unsigned id, const char* json) {
  ui::Data_OnResult(id, json ? json : "");
  ImGui_ImplHtml5_RequestFrame();
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_data_event(const char* type, const char* json) {
  ui::Data_OnEvent(type ? type : "", json ? json : "");
  ImGui_ImplHtml5_RequestFrame();
}

EMSCRIPTEN_KEEPALIVE void cw_emsc_agent_submit(unsigned id) {
  ui::Agent_OnSubmit(id);
  ImGui_ImplHtml5_RequestFrame();
}

}  // extern "C"
