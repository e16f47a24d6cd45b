// wasm/ui/registry.h — every frame's interactive items (role, label, rectangle, state, value), so
// browser tests click and type by label and the accessibility issue can mirror them into ARIA.
#pragma once

#include <string>

namespace ui {

// Item state bits (plain constants: they mix with 0 in conditionals).
constexpr unsigned kStateFocused = 1u << 0;
constexpr unsigned kStateChecked = 1u << 1;
constexpr unsigned kStateDisabled = 1u << 2;
constexpr unsigned kStateInvalid = 1u << 3;
constexpr unsigned kStatePressed = 1u << 4;
constexpr unsigned kStateHidden = 1u << 5;  // scrolled out of view: the rectangle is where it would be

struct RegistryItem {
  unsigned id = 0;
  // button, textbox, radiogroup, radio, checkbox, link, heading, progressbar, text; status and
  // alert are aria-live messages (no rectangle, not drawn: ui::Announce).
  const char* role = "button";
  std::string label;
  unsigned group = 0;       // radios: the id of their radiogroup item (registered just before them)
  int level = 0;            // headings: 1 the screen title, 2 a card title
  std::string description;  // fields: the error or hint under them (aria-describedby)
  const char* lang = nullptr;  // the page title: the interface language ("zh-CN" / "en")
  float x = 0, y = 0, w = 0, h = 0;  // CSS pixels relative to the canvas, clipped to what is visible
  unsigned state = 0;
  std::string value;
  // Text fields only (the DOM text agent reads these when a tap lands on the field).
  bool multiline = false;
  const char* inputmode = nullptr;
  const char* enterkeyhint = nullptr;
  const char* autocomplete = nullptr;
  const char* type = nullptr;
  std::string placeholder;
  int max_chars = 0;
};

void Registry_BeginFrame();
void Registry_Add(RegistryItem item);
int Registry_Count();
const RegistryItem* Registry_Items();
// The item added last (to complete it after a generic helper registered it); nullptr when none.
RegistryItem* Registry_Last();
// The frame's items as a JSON array; `changed` tells whether it differs from the previous frame.
const std::string& Registry_Json(bool* changed);
// JSON string escaping shared with the stats and event code.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace ui
