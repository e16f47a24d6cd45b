// wasm/ui/widgets.h — the widget kit the customer screens are built from: a mobile form look drawn
// with ImDrawList in the theme's colours; every widget registers itself in the widget registry.
#pragma once

#include <imgui.h>

#include <string>

#include "core/i18n.h"
#include "wasm/ui/glyph_cache.h"
#include "wasm/ui/focus.h"  // the platform's focus events (Agent_On*, A11y_*) and the focus order
#include "wasm/ui/host.h"

namespace ui {

// ---- frame ------------------------------------------------------------------------------------
void SetHost(Host* host);  // nullptr: no text agent (native tests)
// Call after ImGui::NewFrame() and before the screen's widgets; EndFrame() before ImGui::Render().
void BeginFrame(const FrameInput& in);
void EndFrame();
// True while something animates (caller keeps requesting frames).
bool WantsAnimationFrame();
// True when this frame asked to scroll but the page was already at its end (stops inertia).
bool ScrollBlocked();

// ---- screen layout ----------------------------------------------------------------------------
// What covers the edges of the canvas, in CSS px: the on-screen keyboard (bottom) and the device's
// safe area (notch, rounded corners, home indicator) where the canvas reaches the screen's edge.
// The platform sets them between frames; screens lay out inside the display minus the insets.
struct Insets {
  float top = 0, right = 0, bottom = 0, left = 0;
};
void SetInsets(const Insets& insets);
Insets GetInsets();

struct ScreenOpts {
  const char* title = "";
  bool back = false;        // shows the ‹ back button in the top bar
  bool bottom_bar = false;  // reserves the fixed bottom area (BeginBottomBar after EndScreen)
  float max_column = 600;   // the page's column, CSS px (the staff workbench's tables are wider)
};
// The page column's left and right edges (screen coordinates) of the screen being drawn.
float ColumnLeft();
float ColumnRight();
// Top bar + scrolling page. Returns true when back was tapped.
bool BeginScreen(const char* id, const ScreenOpts& opts);
void EndScreen();
// A fixed pane instead of a screen (the workbench's rail, filter bar, queue and case, side by side):
// its own window at `pos`/`size` (screen coordinates) filled with `bg`, scrolled by the wheel while
// the pointer is over it, its column inset by `pad` on each side.
void BeginPane(const char* id, ImVec2 pos, ImVec2 size, ImU32 bg, float pad);
void EndPane();
// Narrows (or moves) the column for items side by side in a row: the caller sets each item's span,
// puts the cursor back on the row's top and restores the column after the row.
void SetColumn(float x0, float x1);
void BeginBottomBar();
void EndBottomBar();

void BeginCard(const char* title = nullptr);
void EndCard();
void Space(float px);

// ---- text -------------------------------------------------------------------------------------
void Text(std::string_view text, FontId font = kFontBody, ImU32 color = 0);  // wrapped to the column
void Heading(std::string_view text);
void Hint(std::string_view text, ImU32 color = 0);
void KeyValue(std::string_view key, std::string_view value, ImU32 value_color = 0, FontId value_font = kFontBody);
// A line centred in the column (the receipt's headline and captions).
void TextCentered(std::string_view text, FontId font = kFontBody, ImU32 color = 0);
// The receipt's round mark: a green check when done, a brand-coloured clock while waiting.
void StatusMark(bool done);
// A big copyable value (the acceptance number).
void Display(std::string_view text, ImU32 color = 0);

// ---- inputs -----------------------------------------------------------------------------------
enum class InputKind { Text, Name, Phone, Email, Number };
enum class EnterKey { Next, Done, Go, Search, Send };

struct FieldOpts {
  const char* placeholder = "";
  const char* hint = "";       // under the field, hint colour
  const char* error = "";      // under the field, red; marks the field invalid
  InputKind kind = InputKind::Text;
  EnterKey enter = EnterKey::Next;
  int max_chars = 0;           // code points; 0 = no limit
  bool counter = false;        // shows "n / max" beside the hint
  float height = 0;            // multi-line only; 0 = 4 lines
  const char* aria_label = nullptr;  // the field's name when no label is drawn (a card title names it)
};

// Each returns true on the frame its value changed.
bool TextField(const char* id, const char* label, std::string& value, const FieldOpts& opts = {});
bool TextArea(const char* id, const char* label, std::string& value, const FieldOpts& opts = {});
bool PhoneField(const char* id, const char* label, std::string& value, FieldOpts opts = {});

// ---- actions ----------------------------------------------------------------------------------
bool PrimaryButton(const char* label, bool enabled = true);
bool OutlineButton(const char* label, bool enabled = true);
// An outline button that opens the device's file picker (the host's <input type="file"> lies over
// it). The picked files arrive as the data event "files". `accept` as in HTML ("image/*,.pdf").
void FilePickButton(const char* label, const char* accept, bool enabled = true);
// A tappable row in a card (home entries, my complaints, picked files): title, an optional detail
// line under it and a badge; a chevron on the right, or a trailing text action when `action` is set.
struct RowOpts {
  std::string_view detail;
  ImU32 detail_color = 0;
  std::string_view badge;
  ImU32 badge_fg = 0, badge_bg = 0;
  const char* action = nullptr;  // e.g. "移除": drawn as a text button instead of the chevron
  bool divider = false;          // a hairline above the row (rows after the first in a card)
  bool inert = false;            // leads nowhere (yet): no chevron, no press, read as text
};
enum class RowHit { None, Row, Action };
RowHit ListRow(const char* id, std::string_view title, const RowOpts& opts = {});
// Single choice shown as pills (业务类型, 已解决/未解决). Returns true when the selection changed.
// `label` names the group for screen readers (radiogroup); without it, the heading or text drawn
// just before the chips names it (a card title, "答复方式").
bool Chips(const char* id, const char* const* options, int count, int* selected, const char* label = nullptr);
bool Checkbox(const char* label, bool* checked);
// Stars 1..5. big: a row of large stars under the question; otherwise label left, stars right.
bool StarRating(const char* id, const char* label, int* value, bool big);

// A text link (brand colour, underlined; role link), e.g. "查看说明" beside the consent checkbox.
// Returns true when tapped or activated from the keyboard / a screen reader.
bool Link(const char* label);

// ---- accessibility (docs/ACCESSIBILITY.md) ----------------------------------------------------
// Every widget above is mirrored into the DOM accessibility tree (web/a11y.js) through the
// registry; screens need these calls only for what has no widget.
//
// A status message for screen readers (aria-live: polite; assertive for errors that block the
// customer). Draws nothing. Call it every frame while the message is current, or once on the frame
// it happens: it is spoken when it appears, not again while it stays.
void Announce(std::string_view text, bool assertive = false);
// Language of the kit's own strings (the back button, counters) and of the accessibility tree.
void SetLanguage(cw::Lang lang);
cw::Lang Language();
// Shorthand for cw::tr(key, Language()).
std::string_view Tr(cw::Str key);
// prefers-reduced-motion: screens skip animations while it is set (the platform sets it).
void SetReducedMotion(bool reduced);
bool ReducedMotion();
// A new page (navigation, a wizard step): the tree moves the keyboard focus to the page title
// (level 1 heading) if the focus was in the widget, so a screen reader says where the customer is.
void A11y_NewPage();

// ---- progress ---------------------------------------------------------------------------------
void StepIndicator(int current, int total, std::string_view caption);
enum class Stage { Done, Current, Todo };
void TimelineRow(std::string_view title, std::string_view detail, Stage stage, bool last,
                 const char* badge = nullptr);
void Badge(std::string_view text, ImU32 fg, ImU32 bg);

}  // namespace ui
