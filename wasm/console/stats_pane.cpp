// wasm/console/stats_pane.cpp — 统计分析 (DESIGN §4 GET /staff/stats, spec 六; docs/OPERATIONS.md
// "Statistics and export"): a group-by choice and a range of filing days, four headline figures
// and plain charts drawn with ImGui's draw lists, each with its number written on it. Headline
// shares combine the groups by what each is over (filed, surveys, stage_ends), never by averaging
// averages. Supervisors and managers only: an agent sees the place disabled, saying who may.
#include <imgui_internal.h>

#include <chrono>
#include <cstdio>
#include <optional>

#include "core/workflow.h"
#include "wasm/console/common.h"
#include "wasm/console/places.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Str;

constexpr cw::StatsGroupBy kGroupings[] = {cw::StatsGroupBy::month, cw::StatsGroupBy::category,
                                           cw::StatsGroupBy::channel, cw::StatsGroupBy::business_type};
constexpr Str kGroupingNames[] = {Str::console_stats_by_month, Str::console_stats_by_category,
                                  Str::console_stats_by_channel, Str::console_stats_by_business_type};
constexpr cw::DeadlineKind kStages[] = {cw::DeadlineKind::acceptance, cw::DeadlineKind::investigation,
                                        cw::DeadlineKind::reply, cw::DeadlineKind::follow_up};
constexpr Str kStageNames[] = {Str::console_stage_acceptance, Str::console_stage_investigation,
                               Str::console_stage_reply, Str::console_stage_follow_up};

struct State {
  int grouping = 0;
  std::string from, to;  // filing days, "2026-06-01"; set to the last six months on first sight
  ui::Pending<cw::Json> call;
  std::optional<std::vector<cw::StatsRow>> rows;
  std::optional<cw::CallError> error;
  cw::StatsGroupBy shown_by = cw::StatsGroupBy::month;
  bool asked = false;
};

State& S() {
  static State s;
  return s;
}

// A Shanghai day as "YYYY-MM-DD" (the stats count Beijing days, as the deadlines do).
std::string Day(std::chrono::sys_days d) {
  const std::chrono::year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

void DefaultRange(State& s) {
  const auto today = std::chrono::floor<std::chrono::days>(Now() + std::chrono::hours(8));
  const std::chrono::year_month_day ymd(today);
  int y = static_cast<int>(ymd.year()), m = static_cast<int>(static_cast<unsigned>(ymd.month())) - 5;
  if (m < 1) {
    m += 12;
    --y;
  }
  s.from = Day(std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m)) / 1));
  s.to = Day(today);
}

void Ask() {
  State& s = S();
  s.asked = true;
  s.shown_by = kGroupings[s.grouping];
  std::string q = "group_by=" + std::string(cw::to_string(s.shown_by));
  if (!s.from.empty()) q += "&from=" + cw::query_value(s.from);
  if (!s.to.empty()) q += "&to=" + cw::query_value(s.to);
  s.call = Request(cw::StaffRequest::stats, cw::staff_path(cw::StaffRequest::stats, {}, q));
}

void TakeAnswer() {
  State& s = S();
  auto a = s.call.Take();
  if (!a) return;
  if (!a->ok) {
    s.error = a->error;
    return;
  }
  cw::Result<std::vector<cw::StatsRow>> r = cw::stats_from_json(a->value);
  if (!r) {
    s.error = cw::CallError{0, "data.bad_answer", "", {}};
    return;
  }
  s.error.reset();
  s.rows = std::move(r).value();
}

std::string Percent(std::optional<double> share) {
  if (!share) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", *share * 100);
  return buf;
}

std::string Fixed1(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A group's key as the staff member reads it: the month as is, a wire id by the catalog.
std::string KeyText(const std::string& key, cw::StatsGroupBy by) {
  switch (by) {
    case cw::StatsGroupBy::category: return ByName("cat_", key);
    case cw::StatsGroupBy::business_type: return ByName("bt_", key);
    case cw::StatsGroupBy::channel: return ByName("channel_", key);
    default: return key;
  }
}

// What the groups add up to: counts summed, shares re-weighted by what each is over.
struct Totals {
  int filed = 0, rejected = 0, escalated = 0, withdrawn = 0, surveys = 0;
  std::array<int, 4> ends{};
  std::array<double, 4> on_time{};  // ends on time
  double overall = 0, resolved = 0;  // sums over surveys
};
Totals Sum(const std::vector<cw::StatsRow>& rows) {
  Totals t;
  for (const cw::StatsRow& r : rows) {
    t.filed += r.filed;
    t.rejected += r.rejected;
    t.escalated += r.escalated;
    t.withdrawn += r.withdrawn;
    t.surveys += r.surveys;
    for (std::size_t i = 0; i < 4; ++i) {
      t.ends[i] += r.stage_ends[i];
      t.on_time[i] += r.on_time[i].value_or(0) * r.stage_ends[i];
    }
    t.overall += r.mean_overall.value_or(0) * r.surveys;
    t.resolved += r.resolved_share.value_or(0) * r.surveys;
  }
  return t;
}
std::optional<double> Share(double part, int whole) {
  return whole > 0 ? std::optional<double>(part / whole) : std::nullopt;
}

// [SECTION] the bar -------------------------------------------------------------------------------
// A pill that is one of a set (按月 / 按类别 …); true when chosen.
bool Pill(std::string_view label, bool on, float* x, float y) {
  const ui::Theme& t = ui::T();
  const float w = TextWidth(label, ui::kFontSmall) + 24, h = 28;
  const ImRect r(ImVec2(*x, y), ImVec2(*x + w, y + h));
  bool hov = false;
  const bool hit = Hit("radio", label, r, &hov, {}, on ? ui::kStateChecked : 0);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(r.Min, r.Max, on ? t.brand_soft : hov ? t.bg : t.card, h / 2);
  dl->AddRect(r.Min, r.Max, on ? t.brand : t.border, h / 2);
  TextAt(ImVec2(r.Min.x + 12, y + 7), label, ui::kFontSmall, on ? t.brand_text : t.text);
  *x += w + 8;
  return hit;
}

void Bar(ImVec2 pos, float w) {
  State& s = S();
  const ui::Theme& t = ui::T();
  constexpr float kH = 52;
  ui::BeginPane("##statsbar", pos, ImVec2(w, kH), t.card, 16);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y + kH - 1), ImVec2(pos.x + w, pos.y + kH - 1), t.divider);
  float x = pos.x + 16;
  const float y = pos.y + 12;
  for (int i = 0; i < static_cast<int>(std::size(kGroupings)); ++i)
    if (Pill(Tr(kGroupingNames[i]), s.grouping == i, &x, y) && s.grouping != i) {
      s.grouping = i;
      Ask();
    }
  // The range: two days and the button that asks.
  x += 8;
  const auto day_field = [&](const char* id, Str label, std::string& value) {
    const float fw = 120;
    ImGui::SetCursorScreenPos(ImVec2(x, pos.y + 9));
    ui::SetColumn(x, x + fw);
    ui::FieldOpts o;
    o.aria_label = Tr(label).data();
    o.placeholder = "2026-01-01";
    o.max_chars = 10;
    o.enter = ui::EnterKey::Go;
    ui::TextField(id, "", value, o);
    x += fw + 6;
  };
  day_field("from", Str::console_stats_from, s.from);
  TextAt(ImVec2(x - 2, y + 6), "—", ui::kFontSmall, t.text2);
  x += 14;
  day_field("to", Str::console_stats_to, s.to);
  const std::string show(Tr(Str::console_stats_show));
  const float bw = TextWidth(show, ui::kFontBodyBold) + 28;
  ImGui::SetCursorScreenPos(ImVec2(x + 4, pos.y + 10));
  ui::SetColumn(x + 4, x + 4 + bw);
  if (ui::OutlineButton(show.c_str(), !s.call.active())) Ask();
  ui::EndPane();
}

// [SECTION] figures and charts --------------------------------------------------------------------
// One headline card: the title, the figure large, a line under it.
void Headline(const ImRect& r, std::string_view title, const std::string& figure, ImU32 color, const std::string& sub) {
  const ui::Theme& t = ui::T();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(r.Min, r.Max, t.card, 8);
  dl->AddRect(r.Min, r.Max, t.border, 8);
  TextAt(ImVec2(r.Min.x + 16, r.Min.y + 12), title, ui::kFontSmall, t.text2);
  TextAt(ImVec2(r.Min.x + 16, r.Min.y + 30), figure, ui::kFontDisplay, color);
  TextAt(ImVec2(r.Min.x + 16, r.Max.y - 24), sub, ui::kFontHint, t.hint);
  Register("text", title, figure + " · " + sub, r);
}

ImRect Card(const ImRect& r, std::string_view title) {
  const ui::Theme& t = ui::T();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(r.Min, r.Max, t.card, 8);
  dl->AddRect(r.Min, r.Max, t.border, 8);
  TextAt(ImVec2(r.Min.x + 16, r.Min.y + 14), title, ui::kFontBodyBold, t.text);
  Register("heading", title, {}, ImRect(r.Min, ImVec2(r.Max.x, r.Min.y + 40)), 3);
  return ImRect(ImVec2(r.Min.x + 16, r.Min.y + 48), ImVec2(r.Max.x - 16, r.Max.y - 14));
}

// Vertical bars of the volume filed per group, the number over each bar, and under it the key and
// the group's on-time reply rate.
void VolumeChart(const ImRect& area, const std::vector<cw::StatsRow>& rows, cw::StatsGroupBy by) {
  const ui::Theme& t = ui::T();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  int most = 1;
  for (const cw::StatsRow& r : rows) most = ImMax(most, r.filed);
  const float n = static_cast<float>(rows.size());
  const float slot = area.GetWidth() / ImMax(1.0f, n), bw = ImMin(72.0f, slot * 0.7f);
  const float base = area.Max.y - 22, top = area.Min.y + 20;
  dl->AddLine(ImVec2(area.Min.x, base + 0.5f), ImVec2(area.Max.x, base + 0.5f), t.divider);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const cw::StatsRow& r = rows[i];
    const float cx = area.Min.x + slot * (static_cast<float>(i) + 0.5f);
    const float h = (base - top) * static_cast<float>(r.filed) / static_cast<float>(most);
    dl->AddRectFilled(ImVec2(cx - bw / 2, base - h), ImVec2(cx + bw / 2, base), t.brand, 3, ImDrawFlags_RoundCornersTop);
    const std::string num = std::to_string(r.filed);
    TextAt(ImVec2(cx - TextWidth(num, ui::kFontHint) / 2, base - h - 18), num, ui::kFontHint, t.text);
    const std::string key = KeyText(r.key, by);
    const std::string under = key + " " + Percent(r.on_time[static_cast<std::size_t>(cw::DeadlineKind::reply)]);
    dl->PushClipRect(ImVec2(cx - slot / 2, base), ImVec2(cx + slot / 2, area.Max.y + 4), true);
    TextAt(ImVec2(cx - TextWidth(under, ui::kFontHint) / 2, base + 4), under, ui::kFontHint, t.text2);
    dl->PopClipRect();
    Register("text", key + " · " + std::string(Tr(Str::console_stats_filed)), num + " · " + under,
             ImRect(ImVec2(cx - bw / 2, base - h), ImVec2(cx + bw / 2, base)));
  }
}

// Horizontal bars, one per row: the label left, the bar scaled to `max`, the number after it.
struct HBar {
  std::string label;
  std::optional<double> value;  // nullopt: no data (said, not drawn as 0)
  std::string text;
};
void HBars(const ImRect& area, const std::vector<HBar>& bars, double max, float label_w) {
  const ui::Theme& t = ui::T();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float row = ImMin(26.0f, area.GetHeight() / ImMax(1.0f, static_cast<float>(bars.size())));
  const float x0 = area.Min.x + label_w, x1 = area.Max.x - 104;  // room for "100.0%  (123)" after a full bar
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const float y = area.Min.y + row * static_cast<float>(i);
    TextAt(ImVec2(area.Min.x, y + 4), bars[i].label, ui::kFontSmall, t.text);
    float end = x0;
    if (bars[i].value) {
      end = x0 + (x1 - x0) * static_cast<float>(ImClamp(*bars[i].value / max, 0.0, 1.0));
      dl->AddRectFilled(ImVec2(x0, y + 5), ImVec2(ImMax(end, x0 + 2), y + row - 5), t.brand, 2);
    }
    TextAt(ImVec2(end + 8, y + 4), bars[i].text, ui::kFontSmall, bars[i].value ? t.text : t.hint);
    Register("text", bars[i].label, bars[i].text, ImRect(ImVec2(area.Min.x, y), ImVec2(area.Max.x, y + row)));
  }
}

void Body(ImVec2 pos, ImVec2 size) {
  State& s = S();
  const ui::Theme& t = ui::T();
  ui::BeginPane("##stats", pos, size, t.bg, 16);
  const float x0 = pos.x + 16, x1 = pos.x + size.x - 16;
  float y = pos.y + 16;
  if (s.error) {
    ui::Space(8);
    ui::Text(ui::ErrorText(*s.error, Lang()), ui::kFontSmall, t.error);
    ui::EndPane();
    return;
  }
  if (!s.rows) {
    ui::Space(8);
    ui::Hint(Tr(Str::msg_loading));
    ui::EndPane();
    return;
  }
  const std::vector<cw::StatsRow>& rows = *s.rows;
  const Totals tot = Sum(rows);
  const std::string none(Tr(Str::console_stats_none));
  // Four headline figures.
  const float gap = 12, hw = (x1 - x0 - 3 * gap) / 4, hh = 92;
  const auto cell = [&](int i) {
    const float a = x0 + (hw + gap) * static_cast<float>(i);
    return ImRect(ImVec2(a, y), ImVec2(a + hw, y + hh));
  };
  Headline(cell(0), Tr(Str::console_stats_filed), std::to_string(tot.filed), t.text,
           cw::format(Tr(Str::console_stats_rejected_n), {Percent(Share(tot.rejected, tot.filed))}));
  const auto reply = static_cast<std::size_t>(cw::DeadlineKind::reply);
  Headline(cell(1), Tr(Str::console_stats_on_time_reply), Percent(Share(tot.on_time[reply], tot.ends[reply])),
           IM_COL32(0x06, 0x76, 0x47, 255), cw::format(Tr(Str::console_stats_replies_n), {std::to_string(tot.ends[reply])}));
  const std::optional<double> mean = Share(tot.overall, tot.surveys);
  Headline(cell(2), Tr(Str::console_stats_satisfaction), mean ? Fixed1(*mean) + " / 5" : none, t.text,
           cw::format(Tr(Str::console_stats_resolved_n), {Percent(Share(tot.resolved, tot.surveys))}));
  Headline(cell(3), Tr(Str::console_stats_escalation), Percent(Share(tot.escalated, tot.filed)),
           IM_COL32(0xB5, 0x47, 0x08, 255),
           cw::format(Tr(Str::console_stats_escalated_n), {std::to_string(tot.escalated), std::to_string(tot.withdrawn)}));
  y += hh + gap;
  if (rows.empty()) {
    ImGui::SetCursorScreenPos(ImVec2(x0, y));
    ui::Hint(Tr(Str::console_stats_empty));
    ui::EndPane();
    return;
  }
  // Two charts side by side: the volume with its on-time reply rate, and satisfaction by group.
  const float ch = ImClamp(size.y - (y - pos.y) - 150 - 2 * gap, 220.0f, 300.0f), cw_ = (x1 - x0 - gap) / 2;
  VolumeChart(Card(ImRect(ImVec2(x0, y), ImVec2(x0 + cw_, y + ch)), Tr(Str::console_stats_volume)), rows, s.shown_by);
  std::vector<HBar> sat;
  float label_w = 0;
  for (const cw::StatsRow& r : rows) {
    const std::string key = KeyText(r.key, s.shown_by);
    label_w = ImMax(label_w, TextWidth(key, ui::kFontSmall) + 12);
    sat.push_back({key, r.mean_overall, r.mean_overall ? Fixed1(*r.mean_overall) : none});
  }
  HBars(Card(ImRect(ImVec2(x0 + cw_ + gap, y), ImVec2(x1, y + ch)), Tr(Str::console_stats_sat_chart)), sat, 5.0,
        label_w);
  y += ch + gap;
  // On time per stage, over every group (recorded when each stage ended).
  std::vector<HBar> stages;
  label_w = 0;
  for (std::size_t i = 0; i < std::size(kStages); ++i) {
    const std::string name(Tr(kStageNames[i]));
    label_w = ImMax(label_w, TextWidth(name, ui::kFontSmall) + 12);
    const auto k = static_cast<std::size_t>(kStages[i]);
    const std::optional<double> share = Share(tot.on_time[k], tot.ends[k]);
    stages.push_back({name, share, share ? Percent(share) + "  (" + std::to_string(tot.ends[k]) + ")" : none});
  }
  const float sh = 4 * 26 + 62;
  const ImRect inner = Card(ImRect(ImVec2(x0, y), ImVec2(x1, y + sh)), Tr(Str::console_stats_stages));
  const std::string note = "（" + std::string(Tr(Str::console_stats_stages_note)) + "）";
  TextAt(ImVec2(x0 + 16 + TextWidth(Tr(Str::console_stats_stages), ui::kFontBodyBold) + 12, y + 16), note,
         ui::kFontHint, t.hint);
  HBars(inner, stages, 1.0, label_w);
  ImGui::SetCursorScreenPos(ImVec2(x0, y + sh));
  ImGui::Dummy(ImVec2(1, 16));
  ui::EndPane();
}

}  // namespace

void Stats_Draw(ImVec2 pos, ImVec2 size) {
  State& s = S();
  const ui::Theme& t = ui::T();
  if (cw::staff_rank(Me().role) < cw::staff_rank(cw::Actor::supervisor)) {
    // Not offered to an agent: the place says who may (DESIGN §5b).
    const float bar = PlaceBar(pos, size.x, Tr(Str::console_nav_stats));
    ui::BeginPane("##stats", ImVec2(pos.x, pos.y + bar), ImVec2(size.x, size.y - bar), t.bg, 24);
    ui::Space(24);
    ui::BeginCard();
    ui::Text(Tr(Str::console_stats_only_supervisors), ui::kFontBody, t.text2);
    ui::EndCard();
    ui::EndPane();
    return;
  }
  if (s.from.empty() && s.to.empty() && !s.asked) DefaultRange(s);
  if (!s.asked) Ask();
  TakeAnswer();
  Bar(pos, size.x);
  Body(ImVec2(pos.x, pos.y + 52), ImVec2(size.x, size.y - 52));
}

void Stats_Reset() { S() = State{}; }

}  // namespace console
