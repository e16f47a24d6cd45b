// wasm/ui/focus.h — the one owner of focus: which text field the DOM text agent edits, the text it
// sent that no frame has applied yet, which item has the keyboard / screen reader focus ring, what
// the keyboard pressed, and the order Tab, Enter=next and the arrow keys walk. The platform forwards
// DOM events here (the Agent_On* and A11y_* calls); the JavaScript side asks Focus_Next / Focus_At
// which item comes next or lies under a point and only performs the DOM focus it is told to.
// The widget kit (widgets.cpp) reads and updates this state through the Field_* and Item_* calls.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>

#include "wasm/ui/host.h"

namespace ui {

struct Insets;

// ---- platform events (DOM text agent, accessibility tree) -------------------------------------
// Each call queues one event; Focus_BeginFrame applies the queue in arrival order, so the state
// below changes at one point per frame and the *Id() queries answer as of the last frame begun.
void Agent_OnFocus(unsigned id);
void Agent_OnText(unsigned id, std::string_view utf8);  // committed text: never IME pre-edit
void Agent_OnBlur(unsigned id);
void Agent_OnSubmit(unsigned id);  // Enter on a field whose enterkeyhint is done/go/search
unsigned Agent_ActiveId();
// Keyboard and screen reader focus, from the DOM tree: the item with this registry id gets a
// visible focus ring and is scrolled into view; Activate presses it on the next frame (ImGui
// 1.86 has no input queue of its own, so this does not go through the mouse). 0 clears the focus.
void A11y_Focus(unsigned id);
void A11y_Activate(unsigned id);
unsigned A11y_FocusedId();

// ---- order (asked by the platform between frames, over the last frame's registry) -------------
enum class FocusScope {
  Any,   // every focusable kind: buttons, links, fields, checkboxes, radios (Tab, arrows)
  Text,  // text fields only (Enter = next, the tap that opens the text agent)
};
// The item `dir` (+1 / -1) steps from `from` in the visual order, radios entering their group at
// the checked one; `from` 0 starts before the first (dir +1) or after the last (dir -1).
// 0 at either end: the browser moves the focus out of the widget.
unsigned Focus_Next(unsigned from, int dir, FocusScope scope);
// The focusable item under a point (CSS px of the canvas), 0 when none; items scrolled out of
// view are not under any point.
unsigned Focus_At(float x, float y, FocusScope scope);

// ---- frame (widgets.cpp) ----------------------------------------------------------------------
// `display` and `insets` tell whether the keyboard appeared: the edited field is revealed again.
void Focus_BeginFrame(ImVec2 display, const Insets& insets);
void Focus_EndFrame(Host* host);
// True while a keyboard press needs its settling frames (no pointer release follows it).
bool Focus_WantsFrame();

// A text field, as the kit draws it (FieldImpl):
// whether it is the one being edited (and marks it drawn this frame);
bool Field_Begin(unsigned id);
// text the DOM sent for it since the last frame (false when none);
bool Field_TakeText(unsigned id, std::string* text);
// a click focused it on a platform without a tap-time agent (native tests);
void Field_FocusByClick(unsigned id);
// it should scroll into view (just focused, or the keyboard covered it);
bool Field_TakeReveal(unsigned id);
// the geometry and value the DOM agent needs, sent only when they changed.
void Field_SyncAgent(Host* host, const AgentField& f, const std::string& value);

// Any registered item: whether it has the keyboard focus ring, whether it should be scrolled into
// view for it (once), and whether the keyboard pressed it this frame (once).
bool Item_Focused(unsigned id);
bool Item_TakeReveal(unsigned id);
bool Item_TakeActivation(unsigned id);

}  // namespace ui
