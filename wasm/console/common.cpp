// wasm/console/common.cpp — see common.h.
#include "wasm/console/common.h"

#include <imgui_internal.h>

#include <chrono>

#include "wasm/ui/focus.h"
#include "wasm/ui/registry.h"

namespace console {
namespace {

cw::Lang g_lang = cw::Lang::zh_CN;
cw::StaffMe g_me;

ImU32 Rgb(unsigned rgb) { return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 255); }

// "2 天 3 小时", "5 小时", "40 分钟": the two largest units that matter for a deadline.
std::string Span(std::int64_t seconds) {
  const std::int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60;
  const auto n = [](cw::Str key, std::int64_t v) { return cw::format(Tr(key), {std::to_string(v)}); };
  if (d > 0) return h > 0 ? n(cw::Str::console_days, d) + " " + n(cw::Str::console_hours, h) : n(cw::Str::console_days, d);
  if (h > 0) return n(cw::Str::console_hours, h);
  return n(cw::Str::console_minutes, m < 1 ? 1 : m);
}

}  // namespace

cw::Lang Lang() { return g_lang; }
void SetLang(cw::Lang lang) { g_lang = lang; }
const cw::StaffMe& Me() { return g_me; }
void SetMe(cw::StaffMe me) { g_me = std::move(me); }

std::string_view Tr(cw::Str key) { return cw::tr(key, g_lang); }

std::string ByName(std::string_view prefix, std::string_view id) {
  const std::string name = std::string(prefix) + std::string(id);
  for (std::size_t i = 0; i < cw::str_count(); ++i)
    if (cw::str_key(static_cast<cw::Str>(i)) == name) return std::string(cw::tr(static_cast<cw::Str>(i), g_lang));
  return std::string(id);
}

std::string RoleText(cw::Actor role) {
  switch (role) {
    case cw::Actor::supervisor: return std::string(Tr(cw::Str::console_role_supervisor));
    case cw::Actor::manager: return std::string(Tr(cw::Str::console_role_manager));
    default: return std::string(Tr(cw::Str::console_role_agent));
  }
}

cw::Timestamp Now() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::string ShortTime(cw::Timestamp t) {
  const std::string iso = cw::format_iso8601(t);  // 2026-12-06T16:11:00+08:00
  return iso.size() >= 16 ? iso.substr(5, 5) + " " + iso.substr(11, 5) : iso;
}

DeadlineText Deadline(cw::Timestamp deadline) {
  const std::int64_t left = (deadline - Now()).count();
  DeadlineText out;
  if (left < 0) {
    out.text = cw::format(Tr(cw::Str::console_over_by), {Span(-left)});
    out.fg = Rgb(0xC4271D);
    out.bg = Rgb(0xFDECEB);
  } else {
    out.text = cw::format(Tr(cw::Str::console_left), {Span(left)});
    const bool soon = left < 86400;
    out.fg = soon ? Rgb(0xB54708) : Rgb(0x067647);
    out.bg = soon ? Rgb(0xFFF1DE) : Rgb(0xE7F6EC);
  }
  return out;
}

void StatusColors(cw::Status s, ImU32* fg, ImU32* bg) {
  switch (s) {
    case cw::Status::received: *fg = Rgb(0x4E5969); *bg = Rgb(0xEEF0F3); return;
    case cw::Status::accepted:
    case cw::Status::investigating:
    case cw::Status::processing: *fg = Rgb(0x0A56CC); *bg = Rgb(0xE8F1FF); return;
    case cw::Status::replied:
    case cw::Status::follow_up: *fg = Rgb(0x067647); *bg = Rgb(0xE7F6EC); return;
    case cw::Status::escalated: *fg = Rgb(0x6E3FC4); *bg = Rgb(0xF1EBFC); return;
    default: *fg = Rgb(0x86909C); *bg = Rgb(0xF2F3F5); return;
  }
}

ui::Pending<cw::Json> Request(cw::StaffRequest r, std::string path, cw::Json body) {
  const std::string method(cw::staff_route(r).method);
  return ui::Pending<cw::Json>(ui::Data_Call(cw::ConsolePortMethod::staff, cw::Json::array({method, path, body})));
}

float TextWidth(std::string_view text, ui::FontId font) {
  ImFont* f = ui::GetFont(font);
  ui::EnsureGlyphs(text, f);
  return f->CalcTextSizeA(f->FontSize * f->Scale, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

float TextAt(ImVec2 pos, std::string_view text, ui::FontId font, ImU32 color) {
  ImFont* f = ui::GetFont(font);
  ui::EnsureGlyphs(text, f);
  const float px = f->FontSize * f->Scale;
  ImGui::GetWindowDrawList()->AddText(f, px, ImVec2(std::floor(pos.x), std::floor(pos.y)), color, text.data(),
                                      text.data() + text.size());
  return f->CalcTextSizeA(px, FLT_MAX, 0, text.data(), text.data() + text.size()).x;
}

float Badge(ImVec2 pos, float line_h, std::string_view text, ImU32 fg, ImU32 bg) {
  ImFont* f = ui::GetFont(ui::kFontHint);
  const float px = f->FontSize * f->Scale;
  const float w = TextWidth(text, ui::kFontHint) + 12, h = px + 6;
  const ImVec2 a(std::floor(pos.x), std::floor(pos.y + (line_h - h) / 2));
  ImGui::GetWindowDrawList()->AddRectFilled(a, ImVec2(a.x + w, a.y + h), bg, 4);
  TextAt(ImVec2(a.x + 6, a.y + 3), text, ui::kFontHint, fg);
  return w;
}

ui::RegistryItem& Register(const char* role, std::string_view label, std::string value, const ImRect& r, int level) {
  ui::RegistryItem it;
  it.id = ImGui::GetID(label.data(), label.data() + label.size());
  it.role = role;
  it.label.assign(label);
  it.value = std::move(value);
  it.level = level;
  it.x = r.Min.x;
  it.y = r.Min.y;
  it.w = r.GetWidth();
  it.h = r.GetHeight();
  ui::Registry_Add(std::move(it));
  return *ui::Registry_Last();
}

bool Hit(const char* role, std::string_view label, const ImRect& r, bool* hovered, std::string value, unsigned state) {
  const ImGuiID id = ImGui::GetID(label.data(), label.data() + label.size());
  ImGui::ItemAdd(r, id);
  bool hov = false, held = false;
  bool pressed = ImGui::ButtonBehavior(r, id, &hov, &held);
  pressed = ui::Item_TakeActivation(id) || pressed;
  if (hovered) *hovered = hov;
  const bool focused = ui::Item_Focused(id);
  if (focused)
    ImGui::GetWindowDrawList()->AddRect(ImVec2(r.Min.x - 2, r.Min.y - 2), ImVec2(r.Max.x + 2, r.Max.y + 2),
                                        ui::T().a11y_ring, 6, 0, 2.0f);
  Register(role, label, std::move(value), r).state = state | (focused ? ui::kStateFocused : 0);
  return pressed;
}

}  // namespace console
