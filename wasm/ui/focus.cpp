// wasm/ui/focus.cpp — focus state, the platform's focus events and the one focus order (focus.h).
#include "wasm/ui/focus.h"

#include <cstring>
#include <vector>

#include "wasm/ui/registry.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

// The text field the DOM agent edits.
struct AgentState {
  unsigned active = 0;
  bool seen = false;            // the active field was drawn this frame
  bool focus_request = false;   // ImGui saw the click before the DOM did (or keyboard nav)
  // Committed text from the DOM, applied by its field on the next frame. One entry per field: a
  // customer who types and tabs on before a frame is drawn has text pending for the field left behind
  // (and maybe the next one); none of it may be lost. `frame` is the frame it arrived after.
  struct Pending {
    unsigned id;
    unsigned frame;
    std::string text;
  };
  std::vector<Pending> pending;
  unsigned frame = 0;
  std::string dom_value;        // what the DOM field holds, so we only push real changes
  unsigned submitted = 0;
  bool reveal = false;          // scroll the active field into view (focus, keyboard resize)
  ImVec2 display;               // last display size, to notice the keyboard shrinking the canvas
  Insets insets;                // last insets, to notice the keyboard covering the canvas instead
  AgentField last;              // last geometry sent
  bool shown = false;
};

// The keyboard / screen reader focus ring (DOM accessibility tree → here).
struct RingState {
  unsigned focus = 0;      // registry id with the focus ring
  unsigned activate = 0;   // registry id to press on this frame
  bool reveal = false;     // scroll the focused item into view
  int settle = 0;          // frames to draw after a press from the keyboard
};

AgentState g_agent;
RingState g_ring;

bool SameGeometry(const AgentField& a, const AgentField& b) {
  return a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h && a.clip_x0 == b.clip_x0 &&
         a.clip_y0 == b.clip_y0 && a.clip_x1 == b.clip_x1 && a.clip_y1 == b.clip_y1 && a.font_px == b.font_px &&
         a.text_rgb == b.text_rgb && a.max_chars == b.max_chars;
}

bool Is(const RegistryItem& it, const char* role) { return std::strcmp(it.role, role) == 0; }

bool InScope(const RegistryItem& it, FocusScope scope) {
  if (scope == FocusScope::Text) return Is(it, "textbox");
  return Is(it, "button") || Is(it, "link") || Is(it, "textbox") || Is(it, "checkbox") || Is(it, "radio");
}

struct Stop {
  unsigned id;
  int at;  // registry index
};

// The Tab stops of the last frame, in registry (visual) order. A radio group is one stop: its
// checked radio, or its first when none is (the ARIA radio group pattern).
std::vector<Stop> Stops(FocusScope scope) {
  const RegistryItem* items = Registry_Items();
  const int n = Registry_Count();
  std::vector<Stop> stops;
  for (int i = 0; i < n; ++i) {
    const RegistryItem& it = items[i];
    if (!InScope(it, scope)) continue;
    if (!Is(it, "radio") || it.group == 0) {
      stops.push_back({it.id, i});
      continue;
    }
    // A group's radios are registered together: take the whole run at its first radio.
    if (i > 0 && Is(items[i - 1], "radio") && items[i - 1].group == it.group) continue;
    Stop stop{it.id, i};
    for (int j = i; j < n && Is(items[j], "radio") && items[j].group == it.group; ++j) {
      if (items[j].state & kStateChecked) stop.id = items[j].id;
    }
    stops.push_back(stop);
  }
  return stops;
}

// Where `from` stands in the registry: a radio stands where its group's stop is; -1 when unknown.
int PositionOf(unsigned from) {
  const RegistryItem* items = Registry_Items();
  const int n = Registry_Count();
  for (int i = 0; i < n && from; ++i) {
    if (items[i].id != from) continue;
    if (Is(items[i], "radio") && items[i].group) {
      int first = i;
      while (first > 0 && Is(items[first - 1], "radio") && items[first - 1].group == items[i].group) --first;
      return first;
    }
    return i;
  }
  return -1;
}

}  // namespace

// ---- platform events --------------------------------------------------------------------------
// Every DOM event is queued and applied at the start of the next frame, in arrival order: the
// state a frame draws from changes only at one point, never between two calls of the platform.
namespace {

struct Event {
  enum class Kind : unsigned char { AgentFocus, AgentText, AgentBlur, AgentSubmit, RingFocus, RingActivate };
  Kind kind;
  unsigned id;
  std::string text;  // AgentText only
};
std::vector<Event> g_events;

void ApplyAgentFocus(unsigned id) {
  AgentState& a = g_agent;
  if (a.active != id) {
    a.active = id;  // the field left keeps its pending text: it applies it this frame
    a.dom_value.clear();
    a.shown = true;  // the DOM positioned itself from the registry; we refresh it this frame
    a.last = AgentField{};
    a.reveal = true;
  }
}

void ApplyAgentText(unsigned id, std::string&& utf8) {
  AgentState& a = g_agent;
  // Text for a field that is not the active one (it arrived after Tab moved on) is only kept for
  // it: it must not take the focus back. With no active field it is the platform focusing by typing.
  if (a.active == 0) ApplyAgentFocus(id);
  if (a.active == id) a.dom_value = utf8;
  for (AgentState::Pending& p : a.pending) {
    if (p.id == id) {
      p.text = std::move(utf8);
      p.frame = a.frame;
      return;
    }
  }
  a.pending.push_back({id, a.frame, std::move(utf8)});
}

void ApplyRingFocus(unsigned id) {
  if (id != g_ring.focus) g_ring.reveal = id != 0;
  g_ring.focus = id;
}

void Apply(Event& e) {
  switch (e.kind) {
    case Event::Kind::AgentFocus: ApplyAgentFocus(e.id); break;
    case Event::Kind::AgentText: ApplyAgentText(e.id, std::move(e.text)); break;
    case Event::Kind::AgentBlur:
      if (g_agent.active == e.id) {
        g_agent.active = 0;
        g_agent.shown = false;  // text typed just before the blur is still pending and applied
      }
      break;
    case Event::Kind::AgentSubmit: g_agent.submitted = e.id; break;
    case Event::Kind::RingFocus: ApplyRingFocus(e.id); break;
    case Event::Kind::RingActivate:
      ApplyRingFocus(e.id);
      g_ring.activate = e.id;
      break;
  }
}

void Post(Event::Kind kind, unsigned id, std::string_view text = {}) {
  g_events.push_back(Event{kind, id, std::string(text)});
}

}  // namespace

void Agent_OnFocus(unsigned id) { Post(Event::Kind::AgentFocus, id); }
void Agent_OnText(unsigned id, std::string_view utf8) { Post(Event::Kind::AgentText, id, utf8); }
void Agent_OnBlur(unsigned id) { Post(Event::Kind::AgentBlur, id); }
void Agent_OnSubmit(unsigned id) { Post(Event::Kind::AgentSubmit, id); }
void A11y_Focus(unsigned id) { Post(Event::Kind::RingFocus, id); }
void A11y_Activate(unsigned id) { Post(Event::Kind::RingActivate, id); }

unsigned Agent_ActiveId() { return g_agent.active; }
unsigned A11y_FocusedId() { return g_ring.focus; }

// ---- order ------------------------------------------------------------------------------------
unsigned Focus_Next(unsigned from, int dir, FocusScope scope) {
  const std::vector<Stop> stops = Stops(scope);
  if (stops.empty() || dir == 0) return 0;
  const int at = PositionOf(from);
  // Unknown or no origin: from the outside edge in the direction of travel. From an item that is
  // no stop itself (the page title a new page focused, a text field in Any's order for Text): the
  // first stop after it, or the last before it.
  if (dir > 0) {
    for (const Stop& s : stops) {
      if (s.at > at) return s.id;
    }
  } else {
    for (auto s = stops.rbegin(); s != stops.rend(); ++s) {
      if (at < 0 || s->at < at) return s->id;
    }
  }
  return 0;
}

unsigned Focus_At(float x, float y, FocusScope scope) {
  const RegistryItem* items = Registry_Items();
  for (int i = 0, n = Registry_Count(); i < n; ++i) {
    const RegistryItem& it = items[i];
    if (!InScope(it, scope) || (it.state & kStateHidden)) continue;
    if (x >= it.x && x < it.x + it.w && y >= it.y && y < it.y + it.h) return it.id;
  }
  return 0;
}

// ---- frame ------------------------------------------------------------------------------------
void Focus_BeginFrame(ImVec2 display, const Insets& ins) {
  AgentState& a = g_agent;
  // Events that arrived since the last frame belong after it: applied before this frame is counted,
  // so text whose field this frame does not draw is dropped at its end (Focus_EndFrame).
  for (Event& e : g_events) Apply(e);
  g_events.clear();
  a.seen = false;
  ++a.frame;
  const Insets& was = a.insets;
  // The keyboard either shrinks the canvas (interactive-widget=resizes-content, old Android) or
  // only covers it (iOS, Android Chrome ≥ 108: an inset): either way the field must stay visible.
  const bool covered = ins.top != was.top || ins.right != was.right || ins.bottom != was.bottom || ins.left != was.left;
  if (a.active && (display.x != a.display.x || display.y != a.display.y || covered)) a.reveal = true;
  a.display = display;
  a.insets = ins;
}

void Focus_EndFrame(Host* host) {
  AgentState& a = g_agent;
  if (a.active && !a.seen) {
    // The field left the screen (navigation): close the DOM agent so the keyboard goes down.
    a.active = 0;
    if (a.shown && host) host->HideTextAgent();
    a.shown = false;
  }
  // Text whose field was not drawn this whole frame (the screen changed): it has nowhere to go.
  std::erase_if(a.pending, [&](const AgentState::Pending& p) { return p.frame < a.frame; });
  a.submitted = 0;
  g_ring.activate = 0;  // the item was not drawn this frame (it left with a navigation)
}

bool Focus_WantsFrame() {
  if (g_ring.settle <= 0) return false;
  --g_ring.settle;
  return true;
}

// ---- text fields ------------------------------------------------------------------------------
bool Field_Begin(unsigned id) {
  if (g_agent.active != id) return false;
  g_agent.seen = true;
  return true;
}

bool Field_TakeText(unsigned id, std::string* text) {
  auto& pending = g_agent.pending;
  for (auto p = pending.begin(); p != pending.end(); ++p) {
    if (p->id != id) continue;
    text->swap(p->text);
    pending.erase(p);
    return true;
  }
  return false;
}

void Field_FocusByClick(unsigned id) {
  AgentState& a = g_agent;
  a.active = id;
  a.focus_request = true;
  a.dom_value.clear();
  a.seen = true;
  a.shown = false;
}

bool Field_TakeReveal(unsigned id) {
  bool reveal = false;
  if (g_agent.active == id && g_agent.reveal) {
    g_agent.reveal = false;
    reveal = true;
  }
  if (id == g_ring.focus) g_ring.reveal = false;  // the agent's own reveal covers the ring's
  return reveal;
}

void Field_SyncAgent(Host* host, const AgentField& f, const std::string& value) {
  AgentState& a = g_agent;
  AgentField af = f;
  af.focus = a.focus_request;
  if (a.shown && !af.focus && SameGeometry(af, a.last) && a.dom_value == value) return;
  host->ShowTextAgent(af);
  a.last = af;
  a.shown = true;
  a.dom_value = value;
  a.focus_request = false;
}

// ---- any item ---------------------------------------------------------------------------------
bool Item_Focused(unsigned id) { return id != 0 && id == g_ring.focus; }

bool Item_TakeReveal(unsigned id) {
  if (!Item_Focused(id) || !g_ring.reveal) return false;
  g_ring.reveal = false;
  return true;
}

bool Item_TakeActivation(unsigned id) {
  if (id == 0 || g_ring.activate != id) return false;
  g_ring.activate = 0;
  g_ring.settle = 2;  // what the press changed (a theme, a screen) shows in the next frames
  return true;
}

}  // namespace ui
