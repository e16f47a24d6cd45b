// wasm/console/common.h — what the workbench's panes share (console.cpp: rail, filters, queue;
// case_pane.cpp: the case): the staff member's language and person, catalog lookups, times and
// deadlines worded for the queue, the staff request through the page's port, and small dense
// drawing helpers (a badge, text at a point, a clickable rectangle in the registry).
#pragma once

#include <imgui.h>
#include <imgui_internal.h>

#include <string>
#include <string_view>

#include "core/i18n.h"
#include "core/iso_time.h"
#include "core/staff_api.h"
#include "wasm/ui/data.h"
#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/theme.h"

namespace console {

// The interface language and who is signed in (set by console.cpp).
cw::Lang Lang();
void SetLang(cw::Lang lang);
const cw::StaffMe& Me();
void SetMe(cw::StaffMe me);

std::string_view Tr(cw::Str key);
// A catalog text by its key's name ("status_closed", "console_act_claim"); the id itself when none.
std::string ByName(std::string_view prefix, std::string_view id);
std::string RoleText(cw::Actor role);

cw::Timestamp Now();
// "12-06 16:11" in Shanghai time (deadlines are counted in Shanghai days, DESIGN §3).
std::string ShortTime(cw::Timestamp t);
// How a deadline stands: "超时 5 小时" / "剩 2 天", and the badge's colours — red when over, amber
// with less than a day left, green otherwise.
struct DeadlineText {
  std::string text;
  ImU32 fg = 0, bg = 0;
};
DeadlineText Deadline(cw::Timestamp deadline);
// The colours of a status's badge (waiting grey, in hand blue, answered green, finished grey).
void StatusColors(cw::Status s, ImU32* fg, ImU32* bg);

// A staff request through the page (core/staff_api.h), answered between frames.
ui::Pending<cw::Json> Request(cw::StaffRequest r, std::string path, cw::Json body = nullptr);

// [SECTION] dense drawing --------------------------------------------------------------------------
float TextWidth(std::string_view text, ui::FontId font);
// Draws `text` with its top-left at `pos`; returns its width.
float TextAt(ImVec2 pos, std::string_view text, ui::FontId font, ImU32 color);
// A rounded badge (status, time left, level, 内部) whose left edge is at `pos`, centred on a line
// of `line_h`; returns its width.
float Badge(ImVec2 pos, float line_h, std::string_view text, ImU32 fg, ImU32 bg);
// Registers what has no widget (a heading, a line of text drawn with TextAt) for screen readers and
// tests: `label`, what it says besides (`value`), and where. Its id comes from the label, as the kit's.
ui::RegistryItem& Register(const char* role, std::string_view label, std::string value, const ImRect& r, int level = 0);
// A clickable rectangle registered as `role` (button, link, radio) with `label`; true when clicked
// or activated from the keyboard or a screen reader. `hovered` may be null.
bool Hit(const char* role, std::string_view label, const ImRect& r, bool* hovered = nullptr,
         std::string value = {}, unsigned state = 0);

}  // namespace console
