// wasm/ui/host.h — what the portable UI needs from its platform (a port, implemented by the html5
// backend in the browser and by a null host in native tests): the text agent, clipboard, frames.
#pragma once

#include <string_view>

namespace ui {

// The active text field, for the platform's DOM text agent (<input>/<textarea> over the field).
// Rectangles are CSS pixels relative to the canvas; `clip` is the visible part of the page.
struct AgentField {
  unsigned id = 0;
  bool multiline = false;
  bool focus = false;  // the UI asks for focus (keyboard navigation, a click seen only by ImGui)
  float x = 0, y = 0, w = 0, h = 0;
  float clip_x0 = 0, clip_y0 = 0, clip_x1 = 0, clip_y1 = 0;
  float font_px = 16, pad_x = 12, pad_y = 12;
  unsigned text_rgb = 0, caret_rgb = 0;
  int max_chars = 0;
  const char* value = "";
  const char* placeholder = "";
  const char* label = "";
  const char* type = "text";        // input type: text, tel, email
  const char* inputmode = "text";   // text, tel, numeric, email
  const char* enterkeyhint = "next";
  const char* autocomplete = "off";
};

class Host {
 public:
  virtual ~Host() = default;
  // Shows (or moves, or updates) the text agent over `f`. Called whenever something changed.
  virtual void ShowTextAgent(const AgentField& f) = 0;
  virtual void HideTextAgent() = 0;
  virtual void SetClipboardText(std::string_view utf8) = 0;
  virtual void RequestFrame() = 0;
  // One frame after `ms` (a countdown ticking by the second); requests while one is pending are merged.
  virtual void RequestFrameIn(int ms) { (void)ms; }
  // True when the platform focuses the agent itself inside the tap (the browser must, to raise
  // the keyboard): then a click seen by ImGui a frame later must not focus the field again.
  virtual bool FocusesOnTap() const { return false; }
  // A real <input type="file"> over the rectangle (CSS px of the canvas), so the customer's tap
  // opens the device's picker (browsers only open it inside a user gesture). `accept` as in HTML.
  // Picked files come back as the data event "files" (wasm/ui/data.h). Shown each frame it is drawn.
  virtual void ShowFilePicker(unsigned id, float x, float y, float w, float h, const char* accept,
                              const char* label) {
    (void)id, (void)x, (void)y, (void)w, (void)h, (void)accept, (void)label;
  }
  virtual void HideFilePicker() {}
  // The screen's route changed ("#/file/2"): the browser records it in its history (hash routing),
  // so the back button moves between screens. `replace` for redirects that are not a step.
  virtual void SetRoute(std::string_view hash, bool replace) { (void)hash, (void)replace; }
};

// Per-frame input the platform gives the UI besides ImGuiIO.
struct FrameInput {
  float scroll_dy = 0;  // CSS pixels to scroll the page by (wheel, touch drag, inertia)
  double now_ms = 0;
};

}  // namespace ui
