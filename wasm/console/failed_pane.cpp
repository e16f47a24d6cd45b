// wasm/console/failed_pane.cpp — 通知失败 (DESIGN §4 GET /staff/notifications?state=failed,
// docs/OPERATIONS.md "Watching it"): the messages that could not be delivered, newest first, with the
// masked contact, kind, last error and attempts; a supervisor retries one (POST …/{id}/retry). What
// the server would refuse (capped, a code or survey link whose secret is gone) comes with the list
// (retry_refused) and is shown disabled with the server's reason; an agent sees the button disabled
// with who may.
#include <imgui_internal.h>

#include <optional>

#include "core/workflow.h"
#include "wasm/console/common.h"
#include "wasm/console/places.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Str;

constexpr float kRowH = 30;

struct State {
  ui::Pending<cw::Json> list, retry;
  std::optional<std::vector<cw::NotificationItem>> items;
  std::optional<cw::CallError> error, retry_error;
  std::string retrying, retried;  // ids: the one sent, the last one queued again
  int count = -1;
};

State& S() {
  static State s;
  return s;
}

void List() {
  S().list = Request(cw::StaffRequest::notifications,
                     cw::staff_path(cw::StaffRequest::notifications, {}, "state=failed"));
}

void TakeAnswers() {
  State& s = S();
  if (auto a = s.list.Take()) {
    if (!a->ok) {
      s.error = a->error;
    } else if (cw::Result<std::vector<cw::NotificationItem>> r = cw::notifications_from_json(a->value)) {
      s.error.reset();
      s.count = static_cast<int>(r->size());
      s.items = std::move(r).value();
    } else {
      s.error = cw::CallError{0, "data.bad_answer", "", {}};
    }
  }
  if (auto a = s.retry.Take()) {
    if (!a->ok) {
      s.retry_error = a->error;
    } else {
      s.retried = s.retrying;
      ui::Announce(cw::format(Tr(Str::console_failed_retried), {s.retried}));
    }
    List();  // the retried one leaves the list (or is back, failed again)
  }
}

std::string KindText(const std::string& kind) { return ByName("console_kind_", kind); }

struct Col {
  Str title;
  float width;  // 0 = what is left
};
constexpr Col kCols[] = {{Str::col_no, 176},           {Str::console_failed_kind, 84},
                         {Str::console_failed_to, 150}, {Str::console_failed_error, 0},
                         {Str::console_failed_attempts, 52}, {Str::console_failed_when, 96}};

void Rows(ImVec2 pos, ImVec2 size) {
  State& s = S();
  const ui::Theme& t = ui::T();
  const bool may = cw::staff_rank(Me().role) >= cw::staff_rank(cw::Actor::supervisor);
  const std::string retry(Tr(Str::console_failed_retry));
  float action_w = 0;
  for (Str l : {Str::console_failed_retry, Str::console_failed_no_retry, Str::console_needs_supervisor, Str::msg_sending})
    action_w = ImMax(action_w, TextWidth(Tr(l), ui::kFontSmall) + 28 + 16);
  std::vector<float> xs;
  float fixed = action_w;
  for (const Col& c : kCols) fixed += c.width;
  float x = pos.x;
  for (const Col& c : kCols) {
    xs.push_back(x);
    x += c.width > 0 ? c.width : ImMax(120.0f, size.x - fixed);
  }
  xs.push_back(x);
  // The header.
  ui::BeginPane("##failedhead", pos, ImVec2(size.x, kRowH), IM_COL32(0xF7, 0xF8, 0xFA, 255), 0);
  for (std::size_t c = 0; c < std::size(kCols); ++c)
    TextAt(ImVec2(xs[c] + 10, pos.y + 8), Tr(kCols[c].title), ui::kFontSmall, t.text2);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y + kRowH - 0.5f), ImVec2(pos.x + size.x, pos.y + kRowH - 0.5f),
                                      t.divider);
  ui::EndPane();
  const ImVec2 body(pos.x, pos.y + kRowH);
  ui::BeginPane("##failed", body, ImVec2(size.x, size.y - kRowH), t.card, 16);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (s.error) {
    ui::Space(8);
    ui::Text(ui::ErrorText(*s.error, Lang()), ui::kFontSmall, t.error);
  }
  if (!s.items || s.items->empty()) {
    ui::Space(16);
    ui::Hint(Tr(s.items ? Str::console_failed_none : Str::msg_loading));
    ui::EndPane();
    return;
  }
  const float top = ImGui::GetCursorScreenPos().y;
  const std::vector<cw::NotificationItem>& items = *s.items;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(items.size()), kRowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const cw::NotificationItem& n = items[static_cast<std::size_t>(i)];
      const float y = top + kRowH * static_cast<float>(i), ty = y + 8;
      ImGui::PushID(n.id.c_str());
      TextAt(ImVec2(xs[0] + 10, ty), n.acceptance_no.empty() ? "—" : n.acceptance_no, ui::kFontSmall, t.text);
      const std::string kind = KindText(n.kind);
      Badge(ImVec2(xs[1] + 10, y), kRowH, kind, IM_COL32(0x4E, 0x59, 0x69, 255), IM_COL32(0xEE, 0xF0, 0xF3, 255));
      const std::string to = n.phone + (n.channel.empty() ? "" : " · " + n.channel);
      TextAt(ImVec2(xs[2] + 10, ty), to, ui::kFontSmall, t.text);
      dl->PushClipRect(ImVec2(xs[3], y), ImVec2(xs[4] - 6, y + kRowH), true);
      TextAt(ImVec2(xs[3] + 10, ty), n.last_error, ui::kFontSmall, IM_COL32(0xC4, 0x27, 0x1D, 255));
      dl->PopClipRect();
      TextAt(ImVec2(xs[4] + 10, ty), std::to_string(n.attempts), ui::kFontSmall, t.text2);
      const std::string when = n.done_at ? ShortTime(*n.done_at) : "";
      TextAt(ImVec2(xs[5] + 10, ty), when, ui::kFontSmall, t.text2);
      // The action: retry, or disabled with why (the role, or the server's rule for this message).
      const std::string value = n.acceptance_no + " · " + kind + " · " + to + " · " + n.last_error;
      const ImRect cell(ImVec2(xs[6] + 8, y + 3), ImVec2(pos.x + size.x - 8, y + kRowH - 3));
      std::string why;
      if (!may) why = std::string(Tr(Str::console_needs_supervisor));
      else if (n.retry_refused) why = std::string(cw::message(*n.retry_refused, Lang()));
      const bool busy = s.retry.active() && s.retrying == n.id;
      if (why.empty() && !busy) {
        bool hov = false;
        if (Hit("button", retry + " " + n.id, cell, &hov, value)) {
          s.retrying = n.id;
          s.retry_error.reset();
          s.retry = Request(cw::StaffRequest::retry_notification,
                            cw::staff_path(cw::StaffRequest::retry_notification, n.id), cw::Json::object());
        }
        dl->AddRectFilled(cell.Min, cell.Max, hov ? t.brand_soft : t.card, 6);
        dl->AddRect(cell.Min, cell.Max, t.brand, 6);
        TextAt(ImVec2(cell.GetCenter().x - TextWidth(retry, ui::kFontSmall) / 2, y + 8), retry, ui::kFontSmall,
               t.brand_text);
      } else {
        const std::string shown = busy ? std::string(Tr(Str::msg_sending))
                                       : may ? std::string(Tr(Str::console_failed_no_retry)) : why;
        dl->AddRect(cell.Min, cell.Max, t.border, 6);
        TextAt(ImVec2(cell.GetCenter().x - TextWidth(shown, ui::kFontSmall) / 2, y + 8), shown, ui::kFontSmall, t.hint);
        Register("button", retry + " " + n.id, value, cell).state = ui::kStateDisabled;
        if (!why.empty() && ui::Registry_Last()) ui::Registry_Last()->description = why;
        if (ImGui::IsMouseHoveringRect(cell.Min, cell.Max) && !why.empty()) ImGui::SetTooltip("%s", why.c_str());
      }
      dl->AddLine(ImVec2(pos.x, y + kRowH - 0.5f), ImVec2(pos.x + size.x, y + kRowH - 0.5f), t.divider);
      ImGui::PopID();
    }
  }
  clipper.End();
  ImGui::SetCursorScreenPos(ImVec2(ui::ColumnLeft(), top + kRowH * static_cast<float>(items.size())));
  ImGui::Dummy(ImVec2(1, 16));
  ui::EndPane();
}

}  // namespace

void Failed_Draw(ImVec2 pos, ImVec2 size) {
  State& s = S();
  const ui::Theme& t = ui::T();
  if (!s.items && !s.list.active() && !s.error) List();
  TakeAnswers();
  const float bar = PlaceBar(pos, size.x, Tr(Str::console_failed_title));
  // What the place is for, and what the last retry came to.
  float y = pos.y + bar;
  ui::BeginPane("##failedhint", ImVec2(pos.x, y), ImVec2(size.x, 40), t.bg, 20);
  ui::Space(10);
  std::string line(Tr(Str::console_failed_hint));
  ImU32 color = t.text2;
  if (s.retry_error) {
    line = ui::ErrorText(*s.retry_error, Lang());
    color = t.error;
    ui::Announce(line, true);
  } else if (!s.retried.empty()) {
    line = cw::format(Tr(Str::console_failed_retried), {s.retried});
    color = t.success;
  }
  ui::Text(line, ui::kFontSmall, color);
  ui::EndPane();
  y += 40;
  Rows(ImVec2(pos.x, y), ImVec2(size.x, pos.y + size.y - y));
}

void Failed_Refresh() {
  if (!S().list.active()) List();
}
int Failed_Count() {
  // The rail is drawn before the place: an answer that came this frame counts now, not a frame late
  // (no other frame may follow until the next input).
  TakeAnswers();
  return S().count;
}
void Failed_Reset() { S() = State{}; }

}  // namespace console
