// wasm/ui/widgets.cpp — the widget kit: layout column, cards, text, fields bound to the DOM text
// agent, buttons, chips, checkbox, stars, steps and timeline; each widget registers itself. Where
// lines break: wasm/ui/text_layout.h.
//
// [SECTION] state and helpers
// [SECTION] frame and text agent
// [SECTION] screen, bottom bar, cards
// [SECTION] text
// [SECTION] fields
// [SECTION] buttons, chips, checkbox, stars, link
// [SECTION] accessibility: announcements, language, focus from the DOM tree
// [SECTION] progress: steps, timeline, badge
#include "wasm/ui/widgets.h"

#include <imgui_internal.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "wasm/ui/focus.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/text_layout.h"
#include "wasm/ui/theme.h"

namespace ui {

// -----------------------------------------------------------------------------------------------
// [SECTION] state and helpers
// -----------------------------------------------------------------------------------------------
namespace {

struct PickerState {
  bool drawn = false;  // drawn this frame
  bool shown = false;  // the host shows its <input type=file>
  unsigned id = 0;
  ImRect rect;
};

// Language and motion preferences, and what names the next radio group (focus: focus.h).
struct A11yState {
  bool reduced_motion = false;
  cw::Lang lang = cw::Lang::zh_CN;
  std::string caption;     // the last heading or text drawn: names the chips that follow it
  unsigned page = 0;       // bumped on navigation: the title heading's value, read by web/a11y.js
};

struct State {
  Host* host = nullptr;
  FrameInput in;
  float x0 = 0, x1 = 0;  // current column
  bool in_card = false;
  float card_y0 = 0, card_outer_x0 = 0, card_outer_x1 = 0;
  const char* card_title = nullptr;
  bool scroll_blocked = false;
  Insets insets;         // as the platform set them
  Insets screen_insets;  // as BeginScreen applied them this frame (clamped), for the bottom bar
  PickerState picker;
  A11yState a11y;
};

State g;

float Px(ImFont* f) { return f->FontSize * f->Scale; }

ImFont* F(FontId id) { return GetFont(id); }

ImU32 Or(ImU32 c, ImU32 fallback) { return c ? c : fallback; }

ImU32 WithAlpha(ImU32 c, float a) {
  const unsigned alpha = (unsigned)((float)((c >> IM_COL32_A_SHIFT) & 0xFF) * a);
  return (c & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

unsigned ToRgb(ImU32 c) {
  return (((c >> IM_COL32_R_SHIFT) & 0xFF) << 16) | (((c >> IM_COL32_G_SHIFT) & 0xFF) << 8) |
         ((c >> IM_COL32_B_SHIFT) & 0xFF);
}

// Line breaking: wasm/ui/text_layout.h, with the font's advances.
float Advance(const void* font, unsigned c) {
  const ImFont* f = static_cast<const ImFont*>(font);
  return f->GetCharAdvance(static_cast<ImWchar>(c)) * f->Scale;
}

template <typename Fn>
void ForEachLine(ImFont* f, std::string_view text, float wrap, Fn&& fn) {
  text::ForEachLine(text, wrap, Advance, f, std::forward<Fn>(fn));
}

float LineHeight(ImFont* f) { return std::round(Px(f) * 1.45f); }

// Size of text wrapped at `wrap` (0: no wrap). Several lines use a 1.45 line height, as the DOM
// text agent's textarea does, so the text does not jump when the agent opens.
ImVec2 Measure(ImFont* f, std::string_view s, float wrap = 0) {
  EnsureGlyphs(s, f);
  float w = 0;
  int lines = 0;
  ForEachLine(f, s, wrap, [&](int, const char* b, const char* e) {
    w = ImMax(w, f->CalcTextSizeA(Px(f), FLT_MAX, 0, b, e).x);
    ++lines;
  });
  return ImVec2(w, lines <= 1 ? Px(f) : LineHeight(f) * (float)lines);
}

void DrawText(ImDrawList* dl, ImFont* f, ImVec2 pos, ImU32 col, std::string_view s, float wrap = 0) {
  EnsureGlyphs(s, f);
  const float lh = LineHeight(f);
  int count = 0;
  ForEachLine(f, s, wrap, [&](int, const char*, const char*) { ++count; });
  const float y0 = count <= 1 ? pos.y : pos.y + (lh - Px(f)) / 2;
  ForEachLine(f, s, wrap, [&](int i, const char* b, const char* e) {
    dl->AddText(f, Px(f), ImVec2(std::floor(pos.x), std::floor(y0 + lh * (float)i)), col, b, e);
  });
}

ImDrawList* DL() { return ImGui::GetWindowDrawList(); }

// Reserves a row of height h in the current column and returns its rectangle.
ImRect Place(float h) {
  ImGuiWindow* win = ImGui::GetCurrentWindow();
  const ImVec2 p(g.x0, win->DC.CursorPos.y);
  const ImRect r(p, ImVec2(g.x1, p.y + h));
  ImGui::SetCursorScreenPos(p);
  ImGui::ItemSize(r.GetSize());
  return r;
}

// Scrolls the current window so that `box` is visible with a margin (a field being edited, the
// keyboard focus). Lands on the next frame, which it asks for.
void Reveal(const ImRect& box) {
  ImGuiWindow* win = ImGui::GetCurrentWindow();
  const ImRect clip = win->InnerClipRect;
  const float margin = 12;
  if (box.Max.y + margin > clip.Max.y || box.Min.y - margin < clip.Min.y) {
    const float target = box.Min.y - margin < clip.Min.y || box.GetHeight() + 2 * margin > clip.GetHeight()
                             ? win->Scroll.y - (clip.Min.y - box.Min.y + margin)
                             : win->Scroll.y + (box.Max.y + margin - clip.Max.y);
    ImGui::SetScrollY(ImClamp(target, 0.0f, win->ScrollMax.y));
    if (g.host) g.host->RequestFrame();
  }
}

// The keyboard focus ring: a solid 2 px brand outline 3 px outside the item, drawn over it.
void FocusRing(const ImRect& r, float rounding) {
  const ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(ImVec2(clip.Min.x - 4, clip.Min.y), ImVec2(clip.Max.x + 4, clip.Max.y), false);
  dl->AddRect(ImVec2(r.Min.x - 3, r.Min.y - 3), ImVec2(r.Max.x + 3, r.Max.y + 3), T().a11y_ring, rounding + 3, 0, 2.0f);
  dl->PopClipRect();
}

bool Focusable(const char* role) {
  return std::strcmp(role, "text") != 0 && std::strcmp(role, "heading") != 0 &&
         std::strcmp(role, "progressbar") != 0 && std::strcmp(role, "radiogroup") != 0;
}

// Places a registry item on `r` clipped to what the window shows; an item scrolled out of view
// keeps its whole rectangle and is marked hidden.
void PlaceItem(RegistryItem& it, const ImRect& r, unsigned state) {
  ImRect v = r;
  v.ClipWithFull(ImGui::GetCurrentWindow()->InnerClipRect);
  if (v.GetWidth() <= 0 || v.GetHeight() <= 0) {
    v = r;
    state |= kStateHidden;
  }
  it.x = v.Min.x;
  it.y = v.Min.y;
  it.w = v.GetWidth();
  it.h = v.GetHeight();
  it.state = state;
}

// Registers an item, clipped to what the window shows; draws the keyboard focus ring on it.
void Reg(const char* role, std::string_view label, const ImRect& r, unsigned state, std::string value = {},
         unsigned id = 0, unsigned group = 0, int level = 0) {
  RegistryItem it;
  it.id = id ? id : ImGui::GetID(label.data(), label.data() + label.size());
  it.role = role;
  it.label.assign(label);
  it.group = group;
  it.level = level;
  if (Focusable(role) && Item_Focused(it.id)) {
    state |= kStateFocused;
    FocusRing(r, std::strcmp(role, "radio") == 0 ? 8.0f : T().radius_button);
    if (Item_TakeReveal(it.id)) Reveal(r);
  }
  PlaceItem(it, r, state);
  it.value = std::move(value);
  Registry_Add(std::move(it));
}

bool Behavior(const ImRect& r, ImGuiID id, bool enabled, bool* hovered, bool* held) {
  *hovered = *held = false;
  const bool visible = ImGui::ItemAdd(r, id);
  if (!enabled) return false;
  if (Item_TakeActivation(id)) return true;  // Enter / Space / a screen reader's click on the DOM node
  if (!visible) return false;
  return ImGui::ButtonBehavior(r, id, hovered, held, 0);
}

// Fills a star-shaped polygon as a fan from `center`, with ImGui's 1 px anti-aliased fringe
// (AddConvexPolyFilled would fan from a tip and cut the star's notches).
void FillStarShaped(ImDrawList* dl, ImVec2 center, const ImVec2* pts, int n, ImU32 col) {
  const float aa = dl->_FringeScale;
  const ImU32 col_trans = col & ~IM_COL32_A_MASK;
  const ImVec2 uv = dl->_Data->TexUvWhitePixel;
  dl->PrimReserve(n * 3 + n * 6, n * 2 + 1);
  const ImDrawIdx base = (ImDrawIdx)dl->_VtxCurrentIdx;
  dl->PrimWriteVtx(center, uv, col);
  ImVec2 normals[16];
  for (int i = 0; i < n; ++i) {
    const ImVec2 a = pts[(i + n - 1) % n], b = pts[i], c = pts[(i + 1) % n];
    ImVec2 n0(b.y - a.y, a.x - b.x), n1(c.y - b.y, b.x - c.x);
    const float l0 = ImMax(1e-6f, ImSqrt(n0.x * n0.x + n0.y * n0.y)), l1 = ImMax(1e-6f, ImSqrt(n1.x * n1.x + n1.y * n1.y));
    ImVec2 m((n0.x / l0 + n1.x / l1) * 0.5f, (n0.y / l0 + n1.y / l1) * 0.5f);
    float d2 = m.x * m.x + m.y * m.y;
    if (d2 < 0.5f) d2 = 0.5f;  // cap the miter at sharp tips
    normals[i] = ImVec2(m.x / d2, m.y / d2);
  }
  // Outline winding decides which side is "out": points go clockwise on screen, so normals point out.
  for (int i = 0; i < n; ++i) {
    const ImVec2 nm(normals[i].x * aa * 0.5f, normals[i].y * aa * 0.5f);
    dl->PrimWriteVtx(ImVec2(pts[i].x - nm.x, pts[i].y - nm.y), uv, col);
    dl->PrimWriteVtx(ImVec2(pts[i].x + nm.x, pts[i].y + nm.y), uv, col_trans);
  }
  for (int i = 0; i < n; ++i) {
    const int j = (i + 1) % n;
    const ImDrawIdx in_i = (ImDrawIdx)(base + 1 + i * 2), out_i = (ImDrawIdx)(in_i + 1);
    const ImDrawIdx in_j = (ImDrawIdx)(base + 1 + j * 2), out_j = (ImDrawIdx)(in_j + 1);
    dl->PrimWriteIdx(base);
    dl->PrimWriteIdx(in_i);
    dl->PrimWriteIdx(in_j);
    dl->PrimWriteIdx(in_i);
    dl->PrimWriteIdx(out_i);
    dl->PrimWriteIdx(out_j);
    dl->PrimWriteIdx(in_i);
    dl->PrimWriteIdx(out_j);
    dl->PrimWriteIdx(in_j);
  }
}

void DrawStar(ImDrawList* dl, ImVec2 c, float outer, ImU32 col) {
  ImVec2 pts[10];
  for (int i = 0; i < 10; ++i) {
    const float r = (i % 2 == 0) ? outer : outer * 0.47f;
    const float a = -IM_PI / 2 + (float)i * IM_PI / 5;
    pts[i] = ImVec2(c.x + std::cos(a) * r, c.y + std::sin(a) * r + outer * 0.06f);
  }
  FillStarShaped(dl, c, pts, 10, col);
}

void DrawCheck(ImDrawList* dl, ImVec2 c, float s, ImU32 col, float thickness) {
  dl->PathLineTo(ImVec2(c.x - s * 0.32f, c.y + s * 0.02f));
  dl->PathLineTo(ImVec2(c.x - s * 0.08f, c.y + s * 0.26f));
  dl->PathLineTo(ImVec2(c.x + s * 0.34f, c.y - s * 0.24f));
  dl->PathStroke(col, 0, thickness);
}

// Soft shadow: a few expanding rounded rectangles at low alpha (cheaper than a blur shader and
// identical in native tests).
void DrawShadow(ImDrawList* dl, const ImRect& r, float radius) {
  const ImU32 base = T().shadow;
  for (int i = 4; i >= 1; --i) {
    const float e = (float)i * 1.5f;
    dl->AddRectFilled(ImVec2(r.Min.x - e, r.Min.y - e + 2), ImVec2(r.Max.x + e, r.Max.y + e + 2),
                      WithAlpha(base, 0.012f + 0.005f * (float)(4 - i)), radius + e);
  }
}

// Code points in UTF-8 text (lengths count code points, DESIGN §3).
int CountChars(std::string_view s) {
  int n = 0;
  for (char ch : s) n += ((unsigned char)ch & 0xC0) != 0x80;
  return n;
}

// Keeps the first max code points.
void Truncate(std::string& s, int max) {
  if (max <= 0) return;
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (((unsigned char)s[i] & 0xC0) != 0x80 && n++ == max) {
      s.resize(i);
      return;
    }
  }
}

std::string Filter(std::string_view in, InputKind kind, int max) {
  std::string out;
  if (kind == InputKind::Phone || kind == InputKind::Number) {
    for (char c : in) {
      const bool ok = (c >= '0' && c <= '9') || (kind == InputKind::Phone && (c == '+' || c == '-' || c == ' '));
      if (ok) out += c;
    }
  } else {
    out.assign(in);
  }
  Truncate(out, max);
  return out;
}

const char* EnterName(EnterKey k) {
  switch (k) {
    case EnterKey::Done: return "done";
    case EnterKey::Go: return "go";
    case EnterKey::Search: return "search";
    case EnterKey::Send: return "send";
    case EnterKey::Next: break;
  }
  return "next";
}


}  // namespace

// -----------------------------------------------------------------------------------------------
// [SECTION] frame and text agent
// -----------------------------------------------------------------------------------------------
void SetHost(Host* host) { g.host = host; }

void BeginFrame(const FrameInput& in) {
  g.in = in;
  Focus_BeginFrame(ImGui::GetIO().DisplaySize, g.insets);
  g.picker.drawn = false;
  Registry_BeginFrame();
}

void EndFrame() {
  Focus_EndFrame(g.host);
  if (g.picker.shown && !g.picker.drawn) {
    g.picker.shown = false;
    if (g.host) g.host->HideFilePicker();
  }
}

bool WantsAnimationFrame() { return Focus_WantsFrame(); }

bool ScrollBlocked() { return g.scroll_blocked; }

void SetInsets(const Insets& in) {
  // NaN and negative values (a browser's rounding) count as nothing.
  auto ok = [](float v) { return v > 0 && v < 1e5f ? v : 0.0f; };
  g.insets = Insets{ok(in.top), ok(in.right), ok(in.bottom), ok(in.left)};
}

Insets GetInsets() { return g.insets; }


// -----------------------------------------------------------------------------------------------
// [SECTION] screen, bottom bar, cards
// -----------------------------------------------------------------------------------------------
namespace {
constexpr ImGuiWindowFlags kFixedWindow = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoScrollWithMouse |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNav;

// The content column: the full width on phones, a centred 600 px column on wide screens (a form
// stretched over 1280 px reads badly).
void Column(float x, float w, float max_column = 600) {
  const Theme& t = T();
  const float col = ImMin(w - 2 * t.page_margin, max_column);
  g.x0 = std::floor(x + (w - col) / 2);
  g.x1 = g.x0 + col;
}

// The insets as this screen applies them: the bars and a strip of page always fit, so a keyboard
// taller than the canvas leaves room for (landscape phones), or a notch inset on a small canvas,
// takes what is left rather than the top bar or the button.
Insets ScreenInsets(ImVec2 size, float bottom_bar_h) {
  const Theme& t = T();
  constexpr float kMinPage = 48;  // about one field: what the customer types into stays visible
  Insets in = g.insets;
  in.left = ImMin(in.left, size.x / 4);
  in.right = ImMin(in.right, size.x / 4);
  in.top = ImMin(in.top, size.y / 4);
  in.bottom = ImMin(in.bottom, ImMax(0.0f, size.y - in.top - t.topbar_h - bottom_bar_h - kMinPage));
  return in;
}

void SharpenDrawList() {
  // ImGui's anti-aliasing fringe is 1 unit = 1 CSS px; a device pixel is sharper on HiDPI.
  ImGui::GetWindowDrawList()->_FringeScale = 1.0f / GlyphCache_Dpr();
}
}  // namespace

bool BeginScreen(const char* id, const ScreenOpts& o) {
  const Theme& t = T();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float w = vp->Size.x, h = vp->Size.y;
  const Insets in = ScreenInsets(vp->Size, o.bottom_bar ? t.bottom_bar_h : 0);
  g.screen_insets = in;
  // The page ends above the bottom bar, which sits above the keyboard or the home indicator.
  const float bottom = (o.bottom_bar ? t.bottom_bar_h : 0) + in.bottom;
  const float bar_y = vp->Pos.y + in.top;  // the top bar's content, under the notch
  bool back = false;

  // Top bar: its brand colour reaches up under the notch and the status bar (viewport-fit=cover),
  // its content stays below them and inside the rounded corners.
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(ImVec2(w, in.top + t.topbar_h));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, t.brand);
  ImGui::Begin("##topbar", nullptr, kFixedWindow);
  ImGui::PopStyleColor();
  SharpenDrawList();
  {
    ImDrawList* dl = DL();
    float x = vp->Pos.x + in.left + 16;
    if (o.back) {
      const float bx = vp->Pos.x + in.left;
      const ImRect r(ImVec2(bx + 4, bar_y + (t.topbar_h - 44) / 2), ImVec2(bx + 48, bar_y + (t.topbar_h + 44) / 2));
      bool hov, held;
      const ImGuiID bid = ImGui::GetID("##back");
      back = Behavior(r, bid, true, &hov, &held);
      if (held) dl->AddRectFilled(r.Min, r.Max, IM_COL32(255, 255, 255, 40), 8);
      const ImVec2 c = r.GetCenter();
      dl->PathLineTo(ImVec2(c.x + 3, c.y - 7));
      dl->PathLineTo(ImVec2(c.x - 4, c.y));
      dl->PathLineTo(ImVec2(c.x + 3, c.y + 7));
      dl->PathStroke(t.on_brand, 0, 2.2f);
      Reg("button", Tr(cw::Str::nav_back), r, held ? kStatePressed : 0, {}, bid);
      x = r.Max.x + 2;
    }
    ImFont* f = F(kFontHeading);
    DrawText(dl, f, ImVec2(x, bar_y + (t.topbar_h - Px(f)) / 2), t.on_brand, o.title);
    Reg("heading", o.title, ImRect(ImVec2(x, bar_y), ImVec2(vp->Pos.x + w - in.right, bar_y + t.topbar_h)), 0,
        std::to_string(g.a11y.page), 0, 0, 1);
    // The language travels with the title: the settings screen can change it without the host.
    if (RegistryItem* title = Registry_Last()) title->lang = g.a11y.lang == cw::Lang::en ? "en" : "zh-CN";
  }
  ImGui::End();

  // Scrolling page between the bars. Scrolling is ours (touch drag with inertia, wheel in CSS px),
  // not ImGui's wheel steps.
  // It keeps the full width (its background reaches the edges); the column narrows instead.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, bar_y + t.topbar_h));
  ImGui::SetNextWindowSize(ImVec2(w, ImMax(0.0f, h - in.top - t.topbar_h - bottom)));
  // Scroll before Begin so it shows in this frame (SetScrollY after Begin lands a frame late).
  g.scroll_blocked = false;
  if (g.in.scroll_dy != 0) {
    if (ImGuiWindow* prev = ImGui::FindWindowByName(id)) {
      const float target = ImClamp(prev->Scroll.y + g.in.scroll_dy, 0.0f, prev->ScrollMax.y);
      ImGui::SetNextWindowScroll(ImVec2(-1.0f, target));
      g.scroll_blocked = target == prev->Scroll.y;
    }
  }
  ImGui::PushStyleColor(ImGuiCol_WindowBg, t.bg);
  ImGui::Begin(id, nullptr, kFixedWindow);
  ImGui::PopStyleColor();
  SharpenDrawList();
  Column(vp->Pos.x + in.left, w - in.left - in.right, o.max_column);
  ImGui::SetCursorScreenPos(ImVec2(g.x0, ImGui::GetCursorScreenPos().y + t.page_margin));
  return back;
}

float ColumnLeft() { return g.x0; }
float ColumnRight() { return g.x1; }

void BeginPane(const char* id, ImVec2 pos, ImVec2 size, ImU32 bg, float pad) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  // The wheel scrolls the pane under the pointer only (the queue and the case scroll apart).
  const ImVec2 m = ImGui::GetIO().MousePos;
  const bool under = m.x >= pos.x && m.x < pos.x + size.x && m.y >= pos.y && m.y < pos.y + size.y;
  if (g.in.scroll_dy != 0 && under) {
    if (ImGuiWindow* prev = ImGui::FindWindowByName(id)) {
      const float target = ImClamp(prev->Scroll.y + g.in.scroll_dy, 0.0f, prev->ScrollMax.y);
      ImGui::SetNextWindowScroll(ImVec2(-1.0f, target));
    }
  }
  ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
  ImGui::Begin(id, nullptr, kFixedWindow);
  ImGui::PopStyleColor();
  SharpenDrawList();
  g.x0 = std::floor(pos.x + pad);
  g.x1 = std::floor(pos.x + size.x - pad);
  ImGui::SetCursorScreenPos(ImVec2(g.x0, ImGui::GetCursorScreenPos().y));
}

void EndPane() { ImGui::End(); }

void SetColumn(float x0, float x1) {
  g.x0 = x0;
  g.x1 = x1;
}

void EndScreen() {
  // Room at the end so the last card clears the bottom edge.
  ImGui::Dummy(ImVec2(1, T().space_sm));
  ImGui::End();
}

void BeginBottomBar() {
  const Theme& t = T();
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const Insets& in = g.screen_insets;  // BeginScreen's, so the bar meets the page exactly
  const float y = vp->Pos.y + vp->Size.y - in.bottom - t.bottom_bar_h;
  // Above the keyboard or the home indicator; its background goes on down to the edge, so the
  // area under the home indicator is the bar's colour and not a seam.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, y));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, t.bottom_bar_h + in.bottom));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, t.bg);
  ImGui::Begin("##bottombar", nullptr, kFixedWindow);
  ImGui::PopStyleColor();
  SharpenDrawList();
  Column(vp->Pos.x + in.left, vp->Size.x - in.left - in.right);
  ImGui::SetCursorScreenPos(ImVec2(g.x0, y + (t.bottom_bar_h - t.button_h) / 2));
}

void EndBottomBar() { ImGui::End(); }

void BeginCard(const char* title) {
  const Theme& t = T();
  IM_ASSERT(!g.in_card && "cards do not nest");
  g.in_card = true;
  g.card_outer_x0 = g.x0;
  g.card_outer_x1 = g.x1;
  g.card_y0 = ImGui::GetCursorScreenPos().y;
  DL()->ChannelsSplit(2);  // content on 1; the card's shadow and fill go under it on 0 at EndCard
  DL()->ChannelsSetCurrent(1);
  g.x0 += t.card_pad;
  g.x1 -= t.card_pad;
  ImGui::SetCursorScreenPos(ImVec2(g.x0, g.card_y0 + t.card_pad));
  if (title && *title) Heading(title);
}

void EndCard() {
  const Theme& t = T();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float y1 = ImGui::GetCursorScreenPos().y - spacing + t.card_pad;
  ImDrawList* dl = DL();
  dl->ChannelsSetCurrent(0);
  const ImRect r(ImVec2(g.card_outer_x0, g.card_y0), ImVec2(g.card_outer_x1, y1));
  DrawShadow(dl, r, t.radius_card);
  dl->AddRectFilled(r.Min, r.Max, t.card, t.radius_card);
  dl->ChannelsMerge();
  g.x0 = g.card_outer_x0;
  g.x1 = g.card_outer_x1;
  g.in_card = false;
  ImGui::SetCursorScreenPos(ImVec2(g.x0, y1));
  ImGui::Dummy(ImVec2(0, 0));  // advances by the item spacing: the gap between cards
}

void Space(float px) {
  ImGuiWindow* win = ImGui::GetCurrentWindow();
  win->DC.CursorPos.y += px;
}

// -----------------------------------------------------------------------------------------------
// [SECTION] text
// -----------------------------------------------------------------------------------------------
void Text(std::string_view text, FontId font, ImU32 color) {
  ImFont* f = F(font);
  const float wrap = g.x1 - g.x0;
  const ImVec2 sz = Measure(f, text, wrap);
  const ImRect r = Place(ImMax(sz.y, Px(f)));
  DrawText(DL(), f, r.Min, Or(color, T().text), text, wrap);
  Reg("text", text, ImRect(r.Min, ImVec2(r.Min.x + sz.x, r.Max.y)), 0);
  g.a11y.caption.assign(text);
}

void Heading(std::string_view text) {
  ImFont* f = F(kFontHeading);
  const float wrap = g.x1 - g.x0;
  const ImVec2 sz = Measure(f, text, wrap);
  const ImRect r = Place(sz.y);
  DrawText(DL(), f, r.Min, T().text, text, wrap);
  Reg("heading", text, ImRect(r.Min, ImVec2(r.Min.x + sz.x, r.Max.y)), 0, {}, 0, 0, 2);
  g.a11y.caption.assign(text);
}

void Hint(std::string_view text, ImU32 color) { Text(text, kFontHint, Or(color, T().hint)); }

void KeyValue(std::string_view key, std::string_view value, ImU32 value_color, FontId value_font) {
  const Theme& t = T();
  ImFont* fk = F(kFontBody);
  ImFont* fv = F(value_font);
  const float width = g.x1 - g.x0;
  const ImVec2 ks = Measure(fk, key);
  const ImVec2 one_line = Measure(fv, value);
  const float row = 28;
  ImDrawList* dl = DL();
  if (ks.x + t.space_lg + one_line.x <= width) {
    // Key left, value right on one row.
    const ImRect r = Place(row);
    DrawText(dl, fk, ImVec2(r.Min.x, r.Min.y + (row - Px(fk)) / 2), t.text2, key);
    DrawText(dl, fv, ImVec2(r.Max.x - one_line.x, r.Min.y + (row - Px(fv)) / 2), Or(value_color, t.text), value);
    Reg("text", key, r, 0, std::string(value));
    return;
  }
  // Too long for one row (care mode, English, long numbers): the value goes under its key, so an
  // acceptance number is not broken beside a label.
  const ImVec2 vs = Measure(fv, value, width);
  const ImRect r = Place(ks.y + 4 + vs.y);
  DrawText(dl, fk, r.Min, t.text2, key);
  DrawText(dl, fv, ImVec2(r.Min.x, r.Min.y + ks.y + 4), Or(value_color, t.text), value, width);
  Reg("text", key, r, 0, std::string(value));
}

void TextCentered(std::string_view text, FontId font, ImU32 color) {
  ImFont* f = F(font);
  const float wrap = g.x1 - g.x0;
  const ImVec2 sz = Measure(f, text, wrap);
  const ImRect r = Place(ImMax(sz.y, Px(f)));
  // Each wrapped line is centred on its own.
  EnsureGlyphs(text, f);
  int count = 0;
  ForEachLine(f, text, wrap, [&](int, const char*, const char*) { ++count; });
  const float lh = count <= 1 ? Px(f) : LineHeight(f);
  const float y0 = count <= 1 ? r.Min.y : r.Min.y + (lh - Px(f)) / 2;
  ForEachLine(f, text, wrap, [&](int i, const char* b, const char* e) {
    const float w = f->CalcTextSizeA(Px(f), FLT_MAX, 0, b, e).x;
    DL()->AddText(f, Px(f), ImVec2(std::floor(r.GetCenter().x - w / 2), std::floor(y0 + lh * (float)i)),
                  Or(color, T().text), b, e);
  });
  Reg("text", text, r, 0);
}

void StatusMark(bool done) {
  const Theme& t = T();
  const float d = 56;
  const ImRect r = Place(d);
  const ImVec2 c(r.GetCenter().x, r.Min.y + d / 2);
  ImDrawList* dl = DL();
  if (done) {
    dl->AddCircleFilled(c, d / 2, t.success, 48);
    DrawCheck(dl, c, d * 0.9f, t.on_brand, 3.5f);
  } else {
    dl->AddCircleFilled(c, d / 2, t.brand_soft, 48);
    dl->AddCircle(c, d / 2 - 12, t.brand, 40, 2.5f);
    dl->PathLineTo(ImVec2(c.x, c.y - 9));
    dl->PathLineTo(c);
    dl->PathLineTo(ImVec2(c.x + 7, c.y + 4));
    dl->PathStroke(t.brand, 0, 2.5f);
  }
}

void Display(std::string_view text, ImU32 color) {
  ImFont* f = F(kFontDisplay);
  const ImVec2 sz = Measure(f, text);
  // An acceptance number never breaks: on a narrow phone or in care mode it shrinks to the column.
  const float width = g.x1 - g.x0;
  const float scale = sz.x > width ? width / sz.x : 1.0f;
  const float px = std::floor(Px(f) * scale);
  const ImRect r = Place(sz.y * scale + 4);
  const float w = f->CalcTextSizeA(px, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
  DL()->AddText(f, px, ImVec2(std::floor(r.GetCenter().x - w / 2), std::floor(r.Min.y + 2)), Or(color, T().brand),
                text.data(), text.data() + text.size());
  Reg("text", text, r, 0);
}

// -----------------------------------------------------------------------------------------------
// [SECTION] fields
// -----------------------------------------------------------------------------------------------
namespace {

bool FieldImpl(const char* id, const char* label, std::string& value, const FieldOpts& o, bool multiline) {
  const Theme& t = T();
  ImFont* f_label = F(kFontBody);
  ImFont* f_text = F(kFontBody);
  ImFont* f_hint = F(kFontHint);
  const ImGuiID gid = ImGui::GetID(id);
  bool active = Field_Begin(gid);
  bool changed = false;
  std::string sent;
  if (Field_TakeText(gid, &sent)) {
    std::string next = Filter(sent, o.kind, o.max_chars);
    if (next != value) {
      value.swap(next);
      changed = true;
    }
  }

  const bool invalid = o.error && *o.error;
  const char* below = invalid ? o.error : o.hint;
  std::string counter;
  if (o.counter && o.max_chars > 0) {
    counter = cw::format(Tr(cw::Str::chars_count), {std::to_string(CountChars(value)), std::to_string(o.max_chars)});
  }
  std::string below_text = counter;
  if (below && *below && !invalid) below_text += (below_text.empty() ? "" : " · ") + std::string(below);
  if (invalid) below_text = below;

  const float width = g.x1 - g.x0;
  const float label_h = label && *label ? Measure(f_label, label, width).y + 6 : 0;
  const float box_h = multiline ? (o.height > 0 ? o.height : Px(f_text) * 1.5f * 4 + 24) : t.field_h;
  const float below_h = below_text.empty() ? 0 : 4 + Measure(f_hint, below_text, width).y;
  const ImRect all = Place(label_h + box_h + below_h);
  ImDrawList* dl = DL();
  if (label_h > 0) DrawText(dl, f_label, all.Min, t.text, label, width);
  const ImRect box(ImVec2(all.Min.x, all.Min.y + label_h), ImVec2(all.Max.x, all.Min.y + label_h + box_h));

  bool hovered, held;
  if (Behavior(box, gid, true, &hovered, &held) && !active && !(g.host && g.host->FocusesOnTap())) {
    // Native tests and platforms without a tap-time agent: the click focuses the field here.
    Field_FocusByClick(gid);
    active = true;
  }

  // Frame: focus ring outside, 1 px border (2 px brand when focused, red when invalid).
  if (active) dl->AddRect(ImVec2(box.Min.x - 3, box.Min.y - 3), ImVec2(box.Max.x + 3, box.Max.y + 3),
                          invalid ? WithAlpha(t.error, 0.25f) : t.focus_ring, t.radius_field + 3, 0, 3);
  dl->AddRectFilled(box.Min, box.Max, t.card, t.radius_field);
  const ImU32 border = invalid ? t.error : active ? t.brand : t.border;
  const float bw = active ? 1.6f : 1.0f;
  dl->AddRect(ImVec2(box.Min.x + bw / 2, box.Min.y + bw / 2), ImVec2(box.Max.x - bw / 2, box.Max.y - bw / 2), border,
              t.radius_field, 0, bw);

  // Text: drawn by us unless the DOM agent shows it (caret, selection and IME pre-edit are the
  // browser's, so there is no caret-blink loop here).
  const float pad = 12;
  const bool agent_visible = active && g.host;
  if (!agent_visible) {
    const bool empty = value.empty();
    const std::string_view shown = empty ? std::string_view(o.placeholder) : std::string_view(value);
    const ImU32 col = empty ? t.hint : t.text;
    dl->PushClipRect(ImVec2(box.Min.x + pad, box.Min.y + 2), ImVec2(box.Max.x - pad, box.Max.y - 2), true);
    if (multiline) {
      DrawText(dl, f_text, ImVec2(box.Min.x + pad, box.Min.y + pad), col, shown, box.GetWidth() - 2 * pad);
    } else {
      DrawText(dl, f_text, ImVec2(box.Min.x + pad, box.GetCenter().y - Px(f_text) / 2), col, shown);
    }
    dl->PopClipRect();
  } else {
    EnsureGlyphs(value, f_text);  // ready for the moment the agent closes
  }
  if (below_h > 0) {
    DrawText(dl, f_hint, ImVec2(all.Min.x, box.Max.y + 4), invalid ? t.error : t.hint, below_text, width);
    // The error is read out and found by tests as text of its own, right after its field.
    if (invalid) Reg("text", below_text, ImRect(ImVec2(all.Min.x, box.Max.y + 4), all.Max), kStateInvalid);
  }

  // Registry entry (tests and the DOM agent's hit test read it).
  RegistryItem it;
  it.id = gid;
  it.role = "textbox";
  it.label = label && *label ? label : o.aria_label ? o.aria_label : id;
  PlaceItem(it, box, (active ? kStateFocused : 0) | (invalid ? kStateInvalid : 0));
  it.value = value;
  it.description = below_text;
  it.multiline = multiline;
  switch (o.kind) {
    case InputKind::Phone: it.type = "tel"; it.inputmode = "tel"; it.autocomplete = "tel"; break;
    case InputKind::Email: it.type = "email"; it.inputmode = "email"; it.autocomplete = "email"; break;
    case InputKind::Number: it.type = "text"; it.inputmode = "numeric"; it.autocomplete = "off"; break;
    case InputKind::Name: it.type = "text"; it.inputmode = "text"; it.autocomplete = "name"; break;
    case InputKind::Text: it.type = "text"; it.inputmode = "text"; it.autocomplete = "off"; break;
  }
  it.enterkeyhint = multiline ? "enter" : EnterName(o.enter);
  it.placeholder = o.placeholder ? o.placeholder : "";
  it.max_chars = o.max_chars;

  // A field being edited stays visible: on focus and when the on-screen keyboard resizes us.
  if (Field_TakeReveal(gid)) Reveal(box);

  // Keep the DOM agent over the field and in step with the value.
  if (active && g.host) {
    AgentField af;
    af.id = gid;
    af.multiline = multiline;
    af.x = box.Min.x;
    af.y = box.Min.y;
    af.w = box.GetWidth();
    af.h = box.GetHeight();
    const ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
    af.clip_x0 = clip.Min.x;
    af.clip_y0 = clip.Min.y;
    af.clip_x1 = clip.Max.x;
    af.clip_y1 = clip.Max.y;
    af.font_px = Px(f_text);
    af.pad_x = pad;
    af.pad_y = multiline ? pad : (box_h - Px(f_text) * 1.25f) / 2;
    af.text_rgb = ToRgb(t.text);
    af.caret_rgb = ToRgb(t.brand);
    af.max_chars = o.max_chars;
    af.value = value.c_str();
    af.placeholder = it.placeholder.c_str();
    af.label = it.label.c_str();
    af.type = it.type;
    af.inputmode = it.inputmode;
    af.enterkeyhint = it.enterkeyhint;
    af.autocomplete = it.autocomplete;
    Field_SyncAgent(g.host, af, value);
  }
  Registry_Add(std::move(it));
  return changed;
}

}  // namespace

bool TextField(const char* id, const char* label, std::string& value, const FieldOpts& opts) {
  return FieldImpl(id, label, value, opts, false);
}

bool TextArea(const char* id, const char* label, std::string& value, const FieldOpts& opts) {
  return FieldImpl(id, label, value, opts, true);
}

bool PhoneField(const char* id, const char* label, std::string& value, FieldOpts opts) {
  opts.kind = InputKind::Phone;
  if (opts.max_chars == 0) opts.max_chars = 20;
  return FieldImpl(id, label, value, opts, false);
}

// -----------------------------------------------------------------------------------------------
// [SECTION] buttons, chips, checkbox, stars
// -----------------------------------------------------------------------------------------------
namespace {

bool ButtonImpl(const char* label, bool primary, bool enabled) {
  const Theme& t = T();
  const ImRect r = Place(primary ? t.button_h : t.touch_min);
  const ImGuiID id = ImGui::GetID(label);
  bool hov, held;
  const bool pressed = Behavior(r, id, enabled, &hov, &held);
  ImDrawList* dl = DL();
  ImFont* f = F(primary ? kFontBodyBold : kFontBody);
  if (primary) {
    const ImU32 fill = !enabled ? WithAlpha(t.brand, 0.4f) : held ? t.brand_pressed : t.brand;
    dl->AddRectFilled(r.Min, r.Max, fill, t.radius_button);
  } else {
    dl->AddRectFilled(r.Min, r.Max, held ? t.brand_soft : t.card, t.radius_button);
    dl->AddRect(ImVec2(r.Min.x + 0.5f, r.Min.y + 0.5f), ImVec2(r.Max.x - 0.5f, r.Max.y - 0.5f),
                enabled ? t.brand : t.border, t.radius_button, 0, 1.0f);
  }
  const ImVec2 sz = Measure(f, label);
  const ImU32 col = primary ? t.on_brand : enabled ? t.brand_text : t.hint;
  DrawText(dl, f, ImVec2(r.GetCenter().x - sz.x / 2, r.GetCenter().y - Px(f) / 2), col, label);
  Reg("button", label, r, (held ? kStatePressed : 0) | (enabled ? 0 : kStateDisabled), {}, id);
  return pressed;
}

}  // namespace

bool PrimaryButton(const char* label, bool enabled) { return ButtonImpl(label, true, enabled); }
bool OutlineButton(const char* label, bool enabled) { return ButtonImpl(label, false, enabled); }

void FilePickButton(const char* label, const char* accept, bool enabled) {
  ButtonImpl(label, false, enabled);
  const ImRect r(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  PickerState& p = g.picker;
  p.drawn = enabled;
  if (!enabled) return;
  ImRect v = r;
  v.ClipWithFull(ImGui::GetCurrentWindow()->InnerClipRect);
  const unsigned id = ImGui::GetID(label);
  const bool moved = !p.shown || p.id != id || v.Min.x != p.rect.Min.x || v.Min.y != p.rect.Min.y ||
                     v.Max.x != p.rect.Max.x || v.Max.y != p.rect.Max.y;
  if (moved && g.host) g.host->ShowFilePicker(id, v.Min.x, v.Min.y, v.GetWidth(), v.GetHeight(), accept, label);
  p.shown = true;
  p.id = id;
  p.rect = v;
}

RowHit ListRow(const char* id, std::string_view title, const RowOpts& o) {
  const Theme& t = T();
  ImFont* ft = F(kFontBody);
  ImFont* fd = F(kFontHint);
  ImFont* fa = F(kFontBody);
  const float pad_y = 10, gap = 12;
  const float action_w = o.action ? Measure(fa, o.action).x + 24 : o.inert ? 0 : 20;
  const float badge_w = o.badge.empty() ? 0 : Measure(fd, o.badge).x + 12 + gap;
  // The badge sits on the title's line, so the detail below has the whole width.
  const float text_w = g.x1 - g.x0 - action_w - badge_w - gap;
  const float detail_w = g.x1 - g.x0 - action_w - gap;
  const ImVec2 ts = Measure(ft, title, text_w);
  const ImVec2 ds = o.detail.empty() ? ImVec2(0, 0) : Measure(fd, o.detail, detail_w);
  const float content_h = ts.y + (o.detail.empty() ? 0 : 4 + ds.y);
  const ImRect r = Place(ImMax(t.touch_min + 8, content_h + 2 * pad_y));
  ImGui::PushID(id);
  const ImGuiID row_id = ImGui::GetID("##row");
  const ImGuiID act_id = ImGui::GetID("##action");
  ImGui::PopID();
  ImDrawList* dl = DL();
  RowHit hit = RowHit::None;
  bool hov, held = false, act_held = false;
  const ImRect act(ImVec2(r.Max.x - action_w, r.Min.y), r.Max);
  if (o.action) {
    if (Behavior(act, act_id, true, &hov, &act_held)) hit = RowHit::Action;
    if (Behavior(ImRect(r.Min, ImVec2(act.Min.x, r.Max.y)), row_id, true, &hov, &held)) hit = RowHit::Row;
  } else if (!o.inert && Behavior(r, row_id, true, &hov, &held)) {
    hit = RowHit::Row;
  }
  if (o.divider) dl->AddLine(ImVec2(r.Min.x, r.Min.y - 0.5f), ImVec2(r.Max.x, r.Min.y - 0.5f), t.divider, 1.0f);
  if (held) dl->AddRectFilled(ImVec2(r.Min.x - 8, r.Min.y + 2), ImVec2(r.Max.x + 8, r.Max.y - 2), t.bg, 8);
  const float y0 = r.GetCenter().y - content_h / 2;
  DrawText(dl, ft, ImVec2(r.Min.x, y0), t.text, title, text_w);
  if (!o.detail.empty()) DrawText(dl, fd, ImVec2(r.Min.x, y0 + ts.y + 4), Or(o.detail_color, t.text2), o.detail, detail_w);
  if (!o.badge.empty()) {
    const ImVec2 bs = Measure(fd, o.badge);
    const ImVec2 b0(act.Min.x - gap - bs.x - 12, y0 + Px(ft) / 2 - bs.y / 2 - 3);
    dl->AddRectFilled(b0, ImVec2(b0.x + bs.x + 12, b0.y + bs.y + 6), Or(o.badge_bg, t.brand_soft), 4);
    DrawText(dl, fd, ImVec2(b0.x + 6, b0.y + 3), Or(o.badge_fg, t.brand), o.badge);
  }
  if (o.action) {
    if (act_held) dl->AddRectFilled(ImVec2(act.Min.x + 4, act.Min.y + 6), ImVec2(act.Max.x, act.Max.y - 6), t.brand_soft, 8);
    const ImVec2 as = Measure(fa, o.action);
    DrawText(dl, fa, ImVec2(act.GetCenter().x - as.x / 2 + 2, r.GetCenter().y - Px(fa) / 2), t.brand, o.action);
    Reg("button", std::string(o.action) + " " + std::string(title), act, act_held ? kStatePressed : 0, {}, act_id);
  } else if (!o.inert) {
    const ImVec2 c(r.Max.x - 8, r.GetCenter().y);
    dl->PathLineTo(ImVec2(c.x - 3, c.y - 6));
    dl->PathLineTo(ImVec2(c.x + 3, c.y));
    dl->PathLineTo(ImVec2(c.x - 3, c.y + 6));
    dl->PathStroke(t.hint, 0, 1.8f);
  }
  // The badge (a status) is read with the detail: a screen reader hears what the eye sees.
  std::string value(o.detail);
  if (!o.badge.empty()) value = value.empty() ? std::string(o.badge) : std::string(o.badge) + " · " + value;
  Reg(o.inert ? "text" : "button", title, o.action ? ImRect(r.Min, ImVec2(act.Min.x, r.Max.y)) : r,
      held ? kStatePressed : 0, value, row_id);
  return hit;
}

bool Chips(const char* id, const char* const* options, int count, int* selected, const char* label) {
  const Theme& t = T();
  ImFont* f = F(kFontBody);
  ImFont* fb = F(kFontBodyBold);
  const float gap = t.chip_gap, chip_pad = t.chip_pad, hit_h = t.touch_min, vis_h = t.chip_h;
  const float width = g.x1 - g.x0;
  // Measure: wrap the pills into rows.
  float x = 0, rows = 1;
  for (int i = 0; i < count; ++i) {
    const float w = Measure(fb, options[i]).x + 2 * chip_pad;
    if (x > 0 && x + w > width) {
      x = 0;
      ++rows;
    }
    x += w + gap;
  }
  const ImRect all = Place(rows * hit_h + (rows - 1) * 4);
  ImGui::PushID(id);
  const ImGuiID group = ImGui::GetID("##group");
  Reg("radiogroup", label && *label ? std::string_view(label) : std::string_view(g.a11y.caption), all, 0, {}, group);
  bool changed = false;
  x = 0;
  float y = 0;
  ImDrawList* dl = DL();
  for (int i = 0; i < count; ++i) {
    const bool sel = *selected == i;
    ImFont* fi = sel ? fb : f;
    const float w = Measure(fb, options[i]).x + 2 * chip_pad;
    if (x > 0 && x + w > width) {
      x = 0;
      y += hit_h + 4;
    }
    const ImRect hit(ImVec2(all.Min.x + x, all.Min.y + y), ImVec2(all.Min.x + x + w, all.Min.y + y + hit_h));
    const ImRect vis(ImVec2(hit.Min.x, hit.Min.y + (hit_h - vis_h) / 2), ImVec2(hit.Max.x, hit.Min.y + (hit_h + vis_h) / 2));
    const ImGuiID cid = ImGui::GetID((const void*)(intptr_t)(i + 1));
    bool hov, held;
    if (Behavior(hit, cid, true, &hov, &held) && !sel) {
      *selected = i;
      changed = true;
    }
    const bool now = *selected == i;
    dl->AddRectFilled(vis.Min, vis.Max, now ? t.brand_soft : held ? t.bg : t.card, vis_h / 2);
    dl->AddRect(ImVec2(vis.Min.x + 0.5f, vis.Min.y + 0.5f), ImVec2(vis.Max.x - 0.5f, vis.Max.y - 0.5f),
                now ? t.brand : t.border, vis_h / 2, 0, now ? 1.5f : 1.0f);
    const ImVec2 sz = Measure(fi, options[i]);
    DrawText(dl, fi, ImVec2(vis.GetCenter().x - sz.x / 2, vis.GetCenter().y - Px(fi) / 2), now ? t.brand_text : t.text,
             options[i]);
    Reg("radio", options[i], hit, now ? kStateChecked : 0, {}, cid, group);
    x += w + gap;
  }
  ImGui::PopID();
  return changed;
}

bool Checkbox(const char* label, bool* checked) {
  const Theme& t = T();
  ImFont* f = F(kFontBody);
  const float box = 22, gap = 10;
  const float text_w = g.x1 - g.x0 - box - gap;
  const ImVec2 sz = Measure(f, label, text_w);
  const ImRect r = Place(ImMax(t.touch_min, sz.y + 12));
  const ImGuiID id = ImGui::GetID(label);
  bool hov, held;
  const bool pressed = Behavior(r, id, true, &hov, &held);
  if (pressed) *checked = !*checked;
  ImDrawList* dl = DL();
  const float text_y = r.GetCenter().y - sz.y / 2;
  const ImRect b(ImVec2(r.Min.x, text_y + (Px(f) - box) / 2), ImVec2(r.Min.x + box, text_y + (Px(f) + box) / 2));
  if (*checked) {
    dl->AddRectFilled(b.Min, b.Max, t.brand, 6);
    DrawCheck(dl, b.GetCenter(), box, t.on_brand, 2.2f);
  } else {
    dl->AddRectFilled(b.Min, b.Max, held ? t.brand_soft : t.card, 6);
    dl->AddRect(ImVec2(b.Min.x + 0.75f, b.Min.y + 0.75f), ImVec2(b.Max.x - 0.75f, b.Max.y - 0.75f), t.border, 6, 0, 1.5f);
  }
  DrawText(dl, f, ImVec2(b.Max.x + gap, text_y), t.text, label, text_w);
  Reg("checkbox", label, r, *checked ? kStateChecked : 0, {}, id);
  return pressed;
}

bool StarRating(const char* id, const char* label, int* value, bool big) {
  const Theme& t = T();
  const float star = big ? t.star_big : t.star_small + 2;
  const float pitch = big ? star + 8 : t.touch_min;
  const float row_h = ImMax(t.touch_min, star + 4);
  const ImRect r = Place(row_h);
  ImDrawList* dl = DL();
  float x0 = r.Min.x;
  if (!big) {
    ImFont* f = F(kFontBody);
    DrawText(dl, f, ImVec2(r.Min.x, r.GetCenter().y - Px(f) / 2), t.text, label);
    x0 = r.Max.x - pitch * 5 + (pitch - star) / 2;
  }
  ImGui::PushID(id);
  const ImGuiID group = ImGui::GetID("##group");
  Reg("radiogroup", label, r, 0, std::to_string(*value), group);
  bool changed = false;
  const auto star_x = [&](int i) {
    return big ? x0 + (float)(i - 1) * pitch : x0 + (float)(i - 1) * pitch - (pitch - star) / 2;
  };
  const auto hit_of = [&](int i) { return ImRect(ImVec2(star_x(i), r.Min.y), ImVec2(star_x(i) + pitch, r.Max.y)); };
  // Every star's press first, then the drawing: a tap on the 4th star draws all four filled in the
  // frame it lands, not the three before it still empty (that frame showed in WebKit screenshots).
  for (int i = 1; i <= 5; ++i) {
    bool hov, held;
    if (Behavior(hit_of(i), ImGui::GetID((const void*)(intptr_t)i), true, &hov, &held) && *value != i) {
      *value = i;
      changed = true;
    }
  }
  for (int i = 1; i <= 5; ++i) {
    const ImRect hit = hit_of(i);
    const ImVec2 c(big ? star_x(i) + star / 2 : hit.GetCenter().x, r.GetCenter().y);
    DrawStar(dl, c, star / 2, i <= *value ? t.star : t.star_off);
    char name[96];
    std::snprintf(name, sizeof name, "%s %d", label, i);
    Reg("radio", name, hit, i == *value ? kStateChecked : 0, std::to_string(i), ImGui::GetID((const void*)(intptr_t)i), group);
  }
  ImGui::PopID();
  return changed;
}

bool Link(const char* label) {
  const Theme& t = T();
  ImFont* f = F(kFontBody);
  const ImVec2 sz = Measure(f, label);
  const ImRect row = Place(ImMax(t.touch_min, sz.y + 12));
  const ImRect r(row.Min, ImVec2(ImMin(row.Max.x, row.Min.x + sz.x + 8), row.Max.y));
  const ImGuiID id = ImGui::GetID(label);
  bool hov, held;
  const bool pressed = Behavior(r, id, true, &hov, &held);
  ImDrawList* dl = DL();
  const ImVec2 p(r.Min.x, r.GetCenter().y - Px(f) / 2);
  const ImU32 col = held ? t.brand_pressed : t.brand_text;
  DrawText(dl, f, p, col, label);
  dl->AddLine(ImVec2(p.x, p.y + Px(f) + 2), ImVec2(p.x + sz.x, p.y + Px(f) + 2), col, 1.0f);
  Reg("link", label, r, held ? kStatePressed : 0, {}, id);
  return pressed;
}

// -----------------------------------------------------------------------------------------------
// [SECTION] accessibility: announcements, language, focus from the DOM tree
// -----------------------------------------------------------------------------------------------
void Announce(std::string_view text, bool assertive) {
  if (text.empty()) return;
  RegistryItem it;
  it.id = ImHashStr(text.data(), text.size(), assertive ? 0xA1E27u : 0x57A7u);
  it.role = assertive ? "alert" : "status";
  it.label.assign(text);
  Registry_Add(std::move(it));
}

void SetLanguage(cw::Lang lang) { g.a11y.lang = lang; }
cw::Lang Language() { return g.a11y.lang; }
std::string_view Tr(cw::Str key) { return cw::tr(key, g.a11y.lang); }
void SetReducedMotion(bool reduced) { g.a11y.reduced_motion = reduced; }
bool ReducedMotion() { return g.a11y.reduced_motion; }

void A11y_NewPage() { ++g.a11y.page; }

// -----------------------------------------------------------------------------------------------
// [SECTION] progress: steps, timeline, badge
// -----------------------------------------------------------------------------------------------
void StepIndicator(int current, int total, std::string_view caption) {
  const Theme& t = T();
  ImFont* f = F(kFontHint);
  const float cap_h = caption.empty() ? 0 : Measure(f, caption).y + 8;
  const ImRect r = Place(4 + cap_h);
  ImDrawList* dl = DL();
  const float gap = 6, seg = (r.GetWidth() - gap * (float)(total - 1)) / (float)ImMax(total, 1);
  for (int i = 0; i < total; ++i) {
    const float x = r.Min.x + (float)i * (seg + gap);
    dl->AddRectFilled(ImVec2(x, r.Min.y), ImVec2(x + seg, r.Min.y + 4), i < current ? t.brand : t.divider, 2);
  }
  if (cap_h > 0) DrawText(dl, f, ImVec2(r.Min.x, r.Min.y + 12), t.text2, caption);
  Reg("progressbar", caption, r, 0, std::to_string(current) + "/" + std::to_string(total));
}

void Badge(std::string_view text, ImU32 fg, ImU32 bg) {
  ImFont* f = F(kFontHint);
  const ImVec2 sz = Measure(f, text);
  const ImRect r = Place(sz.y + 6);
  DL()->AddRectFilled(r.Min, ImVec2(r.Min.x + sz.x + 12, r.Max.y), bg, 4);
  DrawText(DL(), f, ImVec2(r.Min.x + 6, r.Min.y + 3), fg, text);
}

void TimelineRow(std::string_view title, std::string_view detail, Stage stage, bool last, const char* badge) {
  const Theme& t = T();
  ImFont* ft = F(kFontBodyBold);
  ImFont* fd = F(kFontHint);
  const float rail = 22;
  const float text_w = g.x1 - g.x0 - rail;
  const ImVec2 ts = Measure(ft, title);
  const ImVec2 ds = detail.empty() ? ImVec2(0, 0) : Measure(fd, detail, text_w);
  const float h = ts.y + (detail.empty() ? 0 : 4 + ds.y);
  const ImRect r = Place(h);
  ImDrawList* dl = DL();
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const ImVec2 dot(r.Min.x + 6, r.Min.y + Px(ft) / 2);
  if (!last) dl->AddRectFilled(ImVec2(dot.x - 1, dot.y + 6), ImVec2(dot.x + 1, r.Max.y + spacing + Px(ft) / 2 - 6), t.divider);
  const ImU32 dot_col = stage == Stage::Todo ? t.star_off : t.brand;
  if (stage == Stage::Current) dl->AddCircleFilled(dot, 8, WithAlpha(t.brand, 0.18f));
  dl->AddCircleFilled(dot, 5, dot_col);
  DrawText(dl, ft, ImVec2(r.Min.x + rail, r.Min.y), stage == Stage::Todo ? t.text2 : t.text, title);
  if (badge && *badge) {
    ImFont* fb = F(kFontHint);
    const ImVec2 bs = Measure(fb, badge);
    const ImVec2 b0(r.Min.x + rail + ts.x + 8, r.Min.y + (Px(ft) - bs.y - 4) / 2);
    dl->AddRectFilled(b0, ImVec2(b0.x + bs.x + 12, b0.y + bs.y + 4), t.warn_soft, 4);
    DrawText(dl, fb, ImVec2(b0.x + 6, b0.y + 2), t.warn, badge);
  }
  if (!detail.empty()) DrawText(dl, fd, ImVec2(r.Min.x + rail, r.Min.y + ts.y + 4), t.text2, detail, text_w);
  // The badge (已超时, 剩余 2 天) is read out before the detail: it is what the customer most needs.
  std::string said = badge && *badge ? std::string(badge) : std::string();
  if (!said.empty() && !detail.empty()) said += " · ";
  said.append(detail);
  Reg("text", title, r, stage == Stage::Current ? kStateFocused : 0, said);
}

}  // namespace ui
