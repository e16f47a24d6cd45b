// wasm/platform/html5_host.cpp — the C++ side of the text agent: geometry and field settings go
// to cw_js_agent_show; committed text comes back through cw_emsc_agent_* (never IME pre-edit).
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
}

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

extern "C" {

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

EMSCRIPTEN_KEEPALIVE void cw_emsc_agent_submit(unsigned id) {
  ui::Agent_OnSubmit(id);
  ImGui_ImplHtml5_RequestFrame();
}

}  // extern "C"
