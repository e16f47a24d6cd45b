// wasm/console/console.cpp — the staff workbench's screens (console.h): sign-in, then the workbench
// at desktop size (design/workbench-reference.png): a dark rail with the places and the person, one
// filter bar, the queue (overdue first, as the server orders it), and the case beside it
// (case_pane.cpp). The page answers each staff request (core/staff_api.h) with the signed-in token;
// a refusal is kept as an error and worded when drawn, in the staff member's language.
#include "wasm/console/console.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <chrono>
#include <optional>
#include <vector>

#include "core/workflow.h"
#include "wasm/console/case_pane.h"
#include "wasm/console/common.h"
#include "wasm/console/places.h"
#include "wasm/ui/focus.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Str;

enum class Stage { start, checking, sign_in, queue };
// The rail's places (DESIGN §5b), in its order.
enum class Place { queue, intake, stats, failed };

constexpr int kPageSize = 200;
constexpr int kPollMs = 5000;     // new complaints show within this without a reload
constexpr float kRowH = 30;       // the reference's dense rows
constexpr float kBarH = 52;       // the filter bar
constexpr ImU32 kRail = IM_COL32(0x1E, 0x25, 0x33, 255);

// The filters' choices ("" first = any). Statuses a case on the server can have.
constexpr cw::Status kStatuses[] = {cw::Status::received,  cw::Status::accepted, cw::Status::investigating,
                                    cw::Status::processing, cw::Status::replied, cw::Status::follow_up,
                                    cw::Status::escalated,  cw::Status::closed,  cw::Status::rejected,
                                    cw::Status::withdrawn};
constexpr cw::BusinessType kBusiness[] = {cw::BusinessType::fixed_line, cw::BusinessType::mobile,
                                          cw::BusinessType::broadband, cw::BusinessType::data,
                                          cw::BusinessType::other};
constexpr cw::Category kCategories[] = {cw::Category::billing, cw::Category::network, cw::Category::service,
                                        cw::Category::product, cw::Category::privacy, cw::Category::other};
constexpr cw::Channel kChannels[] = {cw::Channel::web,    cw::Channel::app,   cw::Channel::hotline, cw::Channel::shop,
                                     cw::Channel::letter, cw::Channel::email, cw::Channel::social};

struct Filters {
  int status = 0, business = 0, category = 0, channel = 0, level = 0;  // 0 = any, else values[i - 1]
  bool overdue = false, mine = false;
  std::string search;
  bool operator==(const Filters&) const = default;
};

struct State {
  bool theme_changed = true;
  ui::Host* host = nullptr;
  Stage stage = Stage::start;
  Place place = Place::queue;
  // sign-in
  std::string token;
  ui::Pending<cw::Json> me_call;
  std::optional<cw::CallError> sign_in_error;
  bool signed_out = false;
  // queue
  Filters filters, listed;  // as chosen, and as the rows were listed with
  ui::Pending<cw::Json> poll, more;
  std::string etag;  // of the first page as listed (If-None-Match)
  std::chrono::steady_clock::time_point polled{};
  std::vector<cw::QueueItem> rows;
  std::string next_cursor;
  bool loaded = false;
  std::optional<cw::CallError> list_error;
  int selected = -1;
  bool reveal_selected = false;
  bool focus_search = false;
};

State& S() {
  static State s;
  return s;
}

// [SECTION] the list's requests --------------------------------------------------------------------
template <class E, std::size_t N>
void Param(std::string& q, const char* name, int choice, const E (&values)[N]) {
  if (choice > 0) q += std::string("&") + name + "=" + std::string(cw::to_string(values[choice - 1]));
}

std::string ListQuery(const Filters& f, const std::string& cursor) {
  std::string q = "limit=" + std::to_string(kPageSize);
  Param(q, "status", f.status, kStatuses);
  Param(q, "business_type", f.business, kBusiness);
  Param(q, "category", f.category, kCategories);
  Param(q, "channel", f.channel, kChannels);
  if (f.level > 0) q += "&level=" + std::to_string(f.level - 1);
  if (f.overdue) q += "&overdue=true";
  if (f.mine) q += "&owner=" + cw::query_value(Me().name);
  if (!f.search.empty()) q += "&q=" + cw::query_value(f.search);
  if (!cursor.empty()) q += "&cursor=" + cw::query_value(cursor);
  return q;
}

// The first page, sent with the ETag of the rows shown when the filters are the same (a poll: 304
// when nothing changed); other filters start the list over.
void Poll() {
  State& s = S();
  const bool same = s.loaded && s.filters == s.listed;
  const std::string path = cw::staff_path(cw::StaffRequest::list, {}, ListQuery(s.filters, ""));
  s.poll = ui::Pending<cw::Json>(
      ui::Data_Call(cw::ConsolePortMethod::poll, cw::Json::array({path, same ? s.etag : std::string()})));
  s.polled = std::chrono::steady_clock::now();
  if (!same) s.more.Forget();
}

void LoadMore() {
  State& s = S();
  s.more = Request(cw::StaffRequest::list,
                   cw::staff_path(cw::StaffRequest::list, {}, ListQuery(s.listed, s.next_cursor)));
}

void Reset(Stage stage, bool signed_out) {
  State& s = S();
  State fresh;
  fresh.host = s.host;
  fresh.theme_changed = false;
  fresh.stage = stage;
  fresh.signed_out = signed_out;
  s = std::move(fresh);
  CasePane_Reset();
  Intake_Reset();
  Stats_Reset();
  Failed_Reset();
}

// A refusal of the token (401, or the page holding none) sends the staff member back to sign in.
bool TokenRefused(const cw::CallError& e) {
  if (!e.auth_failure() && e.code != "auth.no_token") return false;
  State& s = S();
  Reset(Stage::sign_in, false);
  s.sign_in_error = e.code == "auth.no_token" ? std::nullopt : std::optional<cw::CallError>(e);
  return true;
}

// Keeps the selection on the same complaint when the rows change under it.
void Keep(const std::string& selected_no) {
  State& s = S();
  s.selected = -1;
  for (std::size_t i = 0; i < s.rows.size(); ++i)
    if (s.rows[i].acceptance_no == selected_no) s.selected = static_cast<int>(i);
}

void TakeLists() {
  State& s = S();
  const std::string selected_no = s.selected >= 0 && s.selected < static_cast<int>(s.rows.size())
                                      ? s.rows[static_cast<std::size_t>(s.selected)].acceptance_no
                                      : std::string();
  if (auto a = s.poll.Take()) {
    if (!a->ok) {
      if (!TokenRefused(a->error)) s.list_error = a->error;
      return;
    }
    cw::Result<cw::QueuePoll> poll = cw::queue_poll_from_json(a->value);
    if (!poll) {
      s.list_error = cw::CallError{0, "data.bad_answer", "", {}};
      return;
    }
    s.list_error.reset();
    if (poll->page) {  // changed (or a new list): the first page replaces the rows
      s.rows = std::move(poll.value().page->items);
      s.next_cursor = poll->page->next_cursor;
      s.etag = poll->etag;
      s.listed = s.filters;
      s.loaded = true;
      Keep(selected_no);
    }
  }
  if (auto a = s.more.Take()) {
    if (!a->ok) {
      if (!TokenRefused(a->error)) s.list_error = a->error;
      return;
    }
    cw::Result<cw::QueuePage> page = cw::queue_page_from_json(a->value);
    if (!page) return;
    for (cw::QueueItem& item : page.value().items) s.rows.push_back(std::move(item));
    s.next_cursor = page->next_cursor;
  }
}

// [SECTION] sign-in --------------------------------------------------------------------------------
void SignedIn(const cw::Json& value) {
  State& s = S();
  cw::Result<cw::StaffMe> me = cw::staff_me_from_json(value);
  if (!me) {
    s.sign_in_error = cw::CallError{0, "data.bad_answer", "", {}};
    s.stage = Stage::sign_in;
    return;
  }
  SetMe(std::move(me).value());
  s.token.clear();
  s.sign_in_error.reset();
  s.stage = Stage::queue;
  Poll();
}

void DrawSignIn() {
  State& s = S();
  if (auto a = s.me_call.Take()) {
    if (a->ok) {
      SignedIn(a->value);
      return;
    }
    s.stage = Stage::sign_in;
    s.sign_in_error = a->error.code == "auth.no_token" ? std::nullopt : std::optional<cw::CallError>(a->error);
  }
  const std::string title(Tr(Str::console_title));
  ui::ScreenOpts o;
  o.title = title.c_str();
  o.max_column = 440;
  ui::BeginScreen("##signin", o);
  ui::Space(48);
  if (s.stage == Stage::checking) {
    ui::Hint(Tr(Str::msg_loading));
    ui::EndScreen();
    return;
  }
  const std::string heading(Tr(Str::console_sign_in));
  ui::BeginCard(heading.c_str());
  if (s.signed_out) ui::Hint(Tr(Str::console_signed_out));
  std::string error;
  if (s.sign_in_error) {
    const bool refused = s.sign_in_error->status == 401 || s.sign_in_error->code.rfind("auth.", 0) == 0;
    error = refused ? std::string(Tr(Str::console_token_wrong)) : ui::ErrorText(*s.sign_in_error, Lang());
  }
  ui::FieldOpts f;
  f.hint = Tr(Str::console_token_hint).data();
  f.error = error.c_str();
  f.enter = ui::EnterKey::Done;
  const std::string label(Tr(Str::console_token));
  ui::TextField("token", label.c_str(), s.token, f);
  const bool busy = s.me_call.active();
  if (!error.empty()) ui::Announce(error, true);
  if (ui::PrimaryButton(busy ? Tr(Str::msg_loading).data() : heading.c_str(), !busy && !s.token.empty())) {
    s.signed_out = false;
    s.sign_in_error.reset();
    s.me_call = ui::Pending<cw::Json>(ui::Data_Call(cw::ConsolePortMethod::sign_in, cw::Json::array({s.token})));
  }
  ui::EndCard();
  ui::EndScreen();
}

// [SECTION] rail -----------------------------------------------------------------------------------
void DrawRail(float w, float h) {
  const ImU32 light = IM_COL32(255, 255, 255, 235), dim = IM_COL32(255, 255, 255, 120);
  ui::BeginPane("##rail", ImVec2(0, 0), ImVec2(w, h), kRail, 0);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  TextAt(ImVec2(16, 18), Tr(Str::console_title), ui::kFontHeading, IM_COL32(255, 255, 255, 255));
  // The page's title (level 1) carries the interface language, as a screen's top bar does.
  Register("heading", Tr(Str::console_title), {}, ImRect(ImVec2(16, 14), ImVec2(w - 16, 40)), 1).lang =
      Lang() == cw::Lang::en ? "en" : "zh-CN";
  // The places, each with its count where it has one; statistics say who may for an agent.
  float y = 60;
  State& s = S();
  const bool supervisor = cw::staff_rank(Me().role) >= cw::staff_rank(cw::Actor::supervisor);
  const struct {
    Str name;
    Place place;
  } kPlaces[] = {{Str::console_nav_queue, Place::queue}, {Str::console_nav_intake, Place::intake},
                 {Str::console_nav_stats, Place::stats}, {Str::console_nav_failed, Place::failed}};
  for (const auto& p : kPlaces) {
    const ImRect r(ImVec2(0, y), ImVec2(w, y + 36));
    const bool here = s.place == p.place;
    std::string count;
    if (p.place == Place::queue && s.loaded) count = std::to_string(s.rows.size()) + (s.next_cursor.empty() ? "" : "+");
    if (p.place == Place::failed && Failed_Count() > 0) count = std::to_string(Failed_Count());
    const bool barred = p.place == Place::stats && !supervisor;
    std::string value = count;
    if (barred) value = Tr(Str::console_nav_no_access);
    bool hov = false;
    if (Hit("link", Tr(p.name), r, &hov, value, here ? ui::kStateChecked : 0) && !here) {
      s.place = p.place;
      if (p.place == Place::failed) Failed_Refresh();
      if (p.place == Place::queue) Poll();
    }
    if (here) dl->AddRectFilled(r.Min, r.Max, ui::T().brand);
    else if (hov) dl->AddRectFilled(r.Min, r.Max, IM_COL32(255, 255, 255, 18));
    // The name stops short of the count (a long English name at 1024 wide).
    const float right = !count.empty() ? w - 20 - TextWidth(count, ui::kFontHint) - 14
                        : barred       ? w - 20 - TextWidth(Tr(Str::console_nav_no_access), ui::kFontHint)
                                       : w - 8;
    dl->PushClipRect(ImVec2(0, y), ImVec2(right, y + 36), true);
    TextAt(ImVec2(16, y + 9), Tr(p.name), ui::kFontBody, here || hov ? light : dim);
    dl->PopClipRect();
    if (!count.empty()) {
      const float bw = TextWidth(count, ui::kFontHint) + 14;
      const ImU32 pill = p.place == Place::failed ? IM_COL32(0xE5, 0x48, 0x4D, 220) : IM_COL32(255, 255, 255, 60);
      dl->AddRectFilled(ImVec2(w - 14 - bw, y + 9), ImVec2(w - 14, y + 27), pill, 9);
      TextAt(ImVec2(w - 14 - bw + 7, y + 11), count, ui::kFontHint, IM_COL32(255, 255, 255, 255));
    } else if (barred) {
      const std::string lock(Tr(Str::console_nav_no_access));
      TextAt(ImVec2(w - 14 - TextWidth(lock, ui::kFontHint), y + 11), lock, ui::kFontHint, dim);
    }
    y += 36;
  }
  // The person at the foot, and the way out.
  const std::string who = Me().name + " · " + RoleText(Me().role);
  TextAt(ImVec2(16, h - 56), who, ui::kFontSmall, dim);
  Register("text", who, {}, ImRect(ImVec2(16, h - 56), ImVec2(w - 16, h - 38)));
  const std::string out(Tr(Str::console_sign_out));
  const ImRect r(ImVec2(12, h - 34), ImVec2(16 + TextWidth(out, ui::kFontSmall) + 4, h - 14));
  bool hov = false;
  if (Hit("link", out, r, &hov)) {
    ui::Data_Call(cw::ConsolePortMethod::sign_out);
    Reset(Stage::sign_in, true);
  }
  TextAt(ImVec2(16, h - 32), out, ui::kFontSmall, hov ? light : dim);
  ui::EndPane();
}

// [SECTION] filter bar -----------------------------------------------------------------------------
// A drop-down pill: "业务 ▾" while any, the choice's name once chosen; a popup lists the choices.
bool Select(const char* id, std::string_view title, const std::vector<std::string>& options, int* choice, float* x,
            float y) {
  const ui::Theme& t = ui::T();
  const std::string shown = *choice > 0 ? options[static_cast<std::size_t>(*choice)] : std::string(title);
  const float w = TextWidth(shown, ui::kFontSmall) + 34, h = 28;
  const ImRect r(ImVec2(*x, y), ImVec2(*x + w, y + h));
  bool hov = false;
  ImGui::PushID(id);
  const bool open = Hit("button", title, r, &hov, *choice > 0 ? shown : options[0]);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool on = *choice > 0;
  dl->AddRectFilled(r.Min, r.Max, on ? t.brand_soft : hov ? t.bg : t.card, h / 2);
  dl->AddRect(r.Min, r.Max, on ? t.brand : t.border, h / 2);
  TextAt(ImVec2(r.Min.x + 12, y + 7), shown, ui::kFontSmall, on ? t.brand_text : t.text);
  const ImVec2 c(r.Max.x - 14, y + h / 2 + 1);
  dl->AddTriangleFilled(ImVec2(c.x - 4, c.y - 2), ImVec2(c.x + 4, c.y - 2), ImVec2(c.x, c.y + 3), t.text2);
  if (open) ImGui::OpenPopup("##options");
  bool changed = false;
  ImGui::SetNextWindowPos(ImVec2(r.Min.x, r.Max.y + 4));
  ImGui::PushStyleColor(ImGuiCol_PopupBg, t.card);
  ImGui::PushStyleColor(ImGuiCol_Border, t.border);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 4));
  ImGui::PushStyleVar(ImGuiStyleVar_PopupRounding, 6);
  ImGui::PushStyleVar(ImGuiStyleVar_PopupBorderSize, 1);
  float pw = 0;
  for (const std::string& o : options) pw = ImMax(pw, TextWidth(o, ui::kFontSmall) + 40);
  ImGui::SetNextWindowSize(ImVec2(ImMax(pw, w), options.size() * 28.0f + 8));
  if (ImGui::BeginPopup("##options")) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < options.size(); ++i) {
      const ImRect o(ImVec2(p.x, p.y + 28.0f * i), ImVec2(p.x + ImMax(pw, w), p.y + 28.0f * (i + 1)));
      bool oh = false;
      const bool sel = static_cast<int>(i) == *choice;
      if (Hit("radio", options[i], o, &oh, {}, sel ? ui::kStateChecked : 0)) {
        changed = *choice != static_cast<int>(i);
        *choice = static_cast<int>(i);
        ImGui::CloseCurrentPopup();
      }
      if (oh || sel) ImGui::GetWindowDrawList()->AddRectFilled(o.Min, o.Max, sel ? t.brand_soft : t.bg);
      TextAt(ImVec2(o.Min.x + 14, o.Min.y + 7), options[i], ui::kFontSmall, sel ? t.brand_text : t.text);
    }
    ImGui::Dummy(ImVec2(1, 28.0f * options.size()));
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar(3);
  ImGui::PopStyleColor(2);
  ImGui::PopID();
  *x += w + 8;
  return changed;
}

template <class E, std::size_t N>
std::vector<std::string> Options(std::string_view prefix, const E (&values)[N]) {
  std::vector<std::string> out{std::string(Tr(Str::console_filter_any))};
  for (E v : values) out.push_back(ByName(prefix, cw::to_string(v)));
  return out;
}

// A pill that is on or off (已超时, 我负责的).
bool Toggle(std::string_view label, bool* on, float* x, float y) {
  const ui::Theme& t = ui::T();
  const float w = TextWidth(label, ui::kFontSmall) + 24, h = 28;
  const ImRect r(ImVec2(*x, y), ImVec2(*x + w, y + h));
  bool hov = false;
  const bool hit = Hit("checkbox", label, r, &hov, {}, *on ? ui::kStateChecked : 0);
  if (hit) *on = !*on;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(r.Min, r.Max, *on ? t.brand_soft : hov ? t.bg : t.card, h / 2);
  dl->AddRect(r.Min, r.Max, *on ? t.brand : t.border, h / 2);
  TextAt(ImVec2(r.Min.x + 12, y + 7), label, ui::kFontSmall, *on ? t.brand_text : t.text);
  *x += w + 8;
  return hit;
}

void DrawFilters(ImVec2 pos, float w) {
  State& s = S();
  const ui::Theme& t = ui::T();
  ui::BeginPane("##filters", pos, ImVec2(w, kBarH), t.card, 16);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(pos.x, pos.y + kBarH - 1), ImVec2(pos.x + w, pos.y + kBarH - 1), t.divider);
  const float x0 = ui::ColumnLeft(), y = pos.y + 10;
  // Search: `/` focuses it from anywhere in the queue; Enter (or a pause in typing) lists.
  const float search_w = w >= 1000 ? 260 : 200;
  ImGui::SetCursorScreenPos(ImVec2(x0, pos.y + 10 - 2));
  ui::SetColumn(x0, x0 + search_w);
  const ImGuiID search_id = ImGui::GetID("search");
  if (std::exchange(s.focus_search, false)) ui::Field_FocusByClick(search_id);
  const std::string placeholder = std::string(Tr(Str::console_search)) + "   /";
  ui::FieldOpts f;
  f.enter = ui::EnterKey::Search;
  f.aria_label = Tr(Str::console_search).data();
  f.placeholder = placeholder.c_str();
  ui::TextField("search", "", s.filters.search, f);
  ui::SetColumn(x0, pos.x + w - 16);
  float x = x0 + search_w + 12;
  Select("status", Tr(Str::col_status), Options("status_", kStatuses), &s.filters.status, &x, y);
  Select("business", Tr(Str::console_filter_business), Options("bt_", kBusiness), &s.filters.business, &x, y);
  Select("category", Tr(Str::console_filter_category), Options("cat_", kCategories), &s.filters.category, &x, y);
  Select("channel", Tr(Str::col_channel), Options("channel_", kChannels), &s.filters.channel, &x, y);
  std::vector<std::string> levels{std::string(Tr(Str::console_filter_any)), std::string(Tr(Str::console_level_none))};
  for (int l = 1; l <= 3; ++l) levels.push_back(cw::format(Tr(Str::console_level_n), {std::to_string(l)}));
  Select("level", Tr(Str::console_filter_level), levels, &s.filters.level, &x, y);
  Toggle(Tr(Str::console_filter_overdue), &s.filters.overdue, &x, y);
  Toggle(Tr(Str::console_filter_mine), &s.filters.mine, &x, y);
  // The row count on the right, when it fits.
  if (s.loaded) {
    const std::string n = cw::format(Tr(Str::console_shown), {std::to_string(s.rows.size()) + (s.next_cursor.empty() ? "" : "+")});
    const float nw = TextWidth(n, ui::kFontSmall);
    if (x + nw < pos.x + w - 16) {
      TextAt(ImVec2(pos.x + w - 16 - nw, y + 7), n, ui::kFontSmall, t.text2);
      Register("text", n, {}, ImRect(ImVec2(pos.x + w - 16 - nw, y), ImVec2(pos.x + w - 16, y + 28)));
    }
  }
  ui::EndPane();
  // The chosen filters list anew at once; the search word when the field leaves or submits.
  Filters chosen = s.filters;
  Filters listed = s.listed;
  chosen.search = listed.search = "";
  const bool search_done = ui::Agent_ActiveId() != search_id && s.filters.search != s.listed.search;
  if (s.loaded && !s.poll.active() && (!(chosen == listed) || search_done)) Poll();
}

// [SECTION] queue ----------------------------------------------------------------------------------
struct Column {
  Str title;
  float width;  // 0 = takes what is left
  int priority;  // dropped from the highest when the pane is narrow
};
constexpr Column kColumns[] = {{Str::col_no, 172, 0},     {Str::col_status, 84, 0}, {Str::col_service, 0, 1},
                               {Str::col_channel, 64, 4}, {Str::col_filed, 92, 3},  {Str::col_deadline, 112, 0},
                               {Str::col_owner, 80, 2},   {Str::col_level, 56, 5}};
constexpr int kColumnCount = static_cast<int>(std::size(kColumns));

// Which columns fit `width` (the service column needs 120 of what is left).
std::vector<int> Shown(float width) {
  for (int drop = 6; drop >= 0; --drop) {
    std::vector<int> cols;
    float fixed = 0;
    for (int i = 0; i < kColumnCount; ++i)
      if (kColumns[i].priority <= drop) {
        cols.push_back(i);
        fixed += kColumns[i].width;
      }
    if (fixed + 120 <= width || drop == 0) return cols;
  }
  return {};
}

void Keys() {
  State& s = S();
  if (ui::Agent_ActiveId() != 0 || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  const int n = static_cast<int>(s.rows.size());
  const ImGuiIO& io = ImGui::GetIO();
  for (int i = 0; i < io.InputQueueCharacters.Size; ++i)
    if (io.InputQueueCharacters[i] == '/') s.focus_search = true;
  if (n == 0) return;
  const int before = s.selected;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) s.selected = ImMin(n - 1, s.selected + 1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) s.selected = ImMax(0, s.selected - 1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home))) s.selected = 0;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End))) s.selected = n - 1;
  if (s.selected != before) s.reveal_selected = true;
  if (s.selected >= 0 && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
    CasePane_Open(s.rows[static_cast<std::size_t>(s.selected)].acceptance_no);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) CasePane_Close();
}

// One row's cells, drawn into the row's rectangle; returns what a screen reader reads for it.
std::string Cells(const cw::QueueItem& r, const std::vector<int>& cols, const std::vector<float>& xs, float y) {
  const ui::Theme& t = ui::T();
  std::string value;
  const auto add = [&](const std::string& v) {
    if (!v.empty()) value += (value.empty() ? "" : " · ") + v;
  };
  for (std::size_t c = 0; c < cols.size(); ++c) {
    const float x = xs[c] + 10, ty = y + 8;
    switch (kColumns[cols[c]].title) {
      case Str::col_no: TextAt(ImVec2(x, ty), r.acceptance_no, ui::kFontSmall, t.text); break;
      case Str::col_status: {
        ImU32 fg, bg;
        StatusColors(r.status, &fg, &bg);
        const std::string st = ByName("status_", cw::to_string(r.status));
        Badge(ImVec2(x, y), kRowH, st, fg, bg);
        add(st);
        break;
      }
      case Str::col_service: {
        std::string service = r.business_type ? ByName("bt_", cw::to_string(*r.business_type)) : "";
        if (r.category) service += (service.empty() ? "" : " · ") + ByName("cat_", cw::to_string(*r.category));
        ImGui::GetWindowDrawList()->PushClipRect(ImVec2(x, y), ImVec2(xs[c + 1] - 4, y + kRowH), true);
        TextAt(ImVec2(x, ty), service, ui::kFontSmall, t.text);
        ImGui::GetWindowDrawList()->PopClipRect();
        add(service);
        break;
      }
      case Str::col_channel: {
        const std::string ch = r.channel ? ByName("channel_", cw::to_string(*r.channel)) : "";
        TextAt(ImVec2(x, ty), ch, ui::kFontSmall, t.text2);
        add(ch);
        break;
      }
      case Str::col_filed: TextAt(ImVec2(x, ty), ShortTime(r.filed_at), ui::kFontSmall, t.text2); break;
      case Str::col_deadline:
        if (r.next_deadline) {
          const DeadlineText d = Deadline(*r.next_deadline);
          Badge(ImVec2(x, y), kRowH, d.text, d.fg, d.bg);
          add(d.text);
        }
        break;
      case Str::col_owner: {
        const std::string owner = r.owner.empty() ? "—" : r.owner;
        TextAt(ImVec2(x, ty), owner, ui::kFontSmall, r.owner.empty() ? t.hint : t.text);
        add(owner);
        break;
      }
      case Str::col_level:
        if (r.escalation_level > 0) {
          const std::string l = cw::format(Tr(Str::console_level_n), {std::to_string(r.escalation_level)});
          Badge(ImVec2(x, y), kRowH, l, IM_COL32(0x6E, 0x3F, 0xC4, 255), IM_COL32(0xF1, 0xEB, 0xFC, 255));
          add(l);
        }
        break;
      default: break;
    }
  }
  return value;
}

// The column headers stay put over the rows (a pane of their own); the rows scroll under them.
void DrawHeader(ImVec2 pos, float w, const std::vector<int>& cols, const std::vector<float>& xs) {
  const ui::Theme& t = ui::T();
  ui::BeginPane("##queuehead", pos, ImVec2(w, kRowH), IM_COL32(0xF7, 0xF8, 0xFA, 255), 0);
  for (std::size_t c = 0; c < cols.size(); ++c)
    TextAt(ImVec2(xs[c] + 10, pos.y + 8), Tr(kColumns[cols[c]].title), ui::kFontSmall, t.text2);
  ImGui::GetWindowDrawList()->AddLine(ImVec2(pos.x, pos.y + kRowH - 0.5f), ImVec2(pos.x + w, pos.y + kRowH - 0.5f),
                                      t.divider);
  ui::EndPane();
}

void DrawRows(ImVec2 pos, ImVec2 size, const std::vector<int>& cols, const std::vector<float>& xs) {
  State& s = S();
  const ui::Theme& t = ui::T();
  ui::BeginPane("##queue", pos, size, t.card, 16);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float x0 = pos.x, x1 = pos.x + size.x;
  if (s.list_error) {
    ui::Space(8);
    ui::Text(ui::ErrorText(s.list_error, Lang()), ui::kFontSmall, t.error);
  }
  if (!s.loaded || s.rows.empty()) {
    ui::Space(16);
    ui::Hint(Tr(s.loaded ? Str::console_empty : Str::msg_loading));
    ui::EndPane();
    return;
  }
  // The selection moved by the keyboard stays in view.
  const float top = ImGui::GetCursorScreenPos().y;
  if (std::exchange(s.reveal_selected, false) && s.selected >= 0) {
    const ImGuiWindow* win = ImGui::GetCurrentWindow();
    const float y0 = top - win->Pos.y + win->Scroll.y + kRowH * static_cast<float>(s.selected), y1 = y0 + kRowH;
    if (y0 < win->Scroll.y) ImGui::SetScrollY(y0);
    else if (y1 > win->Scroll.y + size.y) ImGui::SetScrollY(y1 - size.y);
  }
  const std::string& open = CasePane_No();
  ImGuiListClipper clipper;  // 10,000 rows: only the visible ones are drawn and registered
  clipper.Begin(static_cast<int>(s.rows.size()), kRowH);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const cw::QueueItem& r = s.rows[static_cast<std::size_t>(i)];
      const float y = top + kRowH * static_cast<float>(i);
      const ImRect row(ImVec2(x0, y), ImVec2(x1, y + kRowH));
      const bool selected = i == s.selected, opened = r.acceptance_no == open;
      if (opened || selected) dl->AddRectFilled(row.Min, row.Max, t.brand_soft);
      if (opened) dl->AddRectFilled(row.Min, ImVec2(x0 + 3, row.Max.y), t.brand);
      const std::string value = Cells(r, cols, xs, y);
      dl->AddLine(ImVec2(x0, row.Max.y - 0.5f), ImVec2(x1, row.Max.y - 0.5f), t.divider);
      bool hov = false;
      if (Hit("button", r.acceptance_no, row, &hov, value, selected ? ui::kStateChecked : 0)) {
        s.selected = i;
        CasePane_Open(r.acceptance_no);
      }
      if (hov && !selected && !opened) dl->AddRectFilled(row.Min, row.Max, IM_COL32(0x0A, 0x6C, 0xFF, 12));
    }
  }
  clipper.End();
  ImGui::SetCursorScreenPos(ImVec2(ui::ColumnLeft(), top + kRowH * static_cast<float>(s.rows.size())));
  if (!s.next_cursor.empty()) {
    ui::SetColumn(x0 + 16, x0 + 16 + TextWidth(Tr(Str::console_more), ui::kFontBody) + 32);
    ui::Space(12);
    if (ui::OutlineButton(Tr(Str::console_more).data(), !s.more.active())) LoadMore();
    ui::SetColumn(x0 + 16, x1 - 16);
  }
  // The way in for the keyboard, while no case is open.
  if (open.empty()) {
    ui::Space(12);
    ui::Hint(Tr(Str::console_pick_case));
  }
  ImGui::Dummy(ImVec2(1, 16));  // the pane's content reaches past the last row (its scroll range)
  ui::EndPane();
}

void DrawQueue(ImVec2 pos, ImVec2 size) {
  const std::vector<int> cols = Shown(size.x);
  std::vector<float> xs;  // each shown column's left edge, then the right edge
  float fixed = 0;
  for (int c : cols) fixed += kColumns[c].width;
  float x = pos.x;
  for (int c : cols) {
    xs.push_back(x);
    x += kColumns[c].width > 0 ? kColumns[c].width : ImMax(120.0f, size.x - fixed);
  }
  xs.push_back(pos.x + size.x);
  DrawHeader(pos, size.x, cols, xs);
  DrawRows(ImVec2(pos.x, pos.y + kRowH), ImVec2(size.x, size.y - kRowH), cols, xs);
}

void DrawWorkbench() {
  State& s = S();
  TakeLists();
  if (s.stage != Stage::queue) return;
  if (CasePane_TakeChanged()) Poll();
  const auto now = std::chrono::steady_clock::now();
  if (!s.poll.active() && now - s.polled >= std::chrono::milliseconds(kPollMs)) Poll();
  if (s.host) s.host->RequestFrameIn(kPollMs);
  if (s.place == Place::queue) Keys();
  const ImVec2 vp = ImGui::GetMainViewport()->Size;
  const float rail = vp.x >= 1200 ? 176 : 148;
  const float main = vp.x - rail;
  const bool with_case = !CasePane_No().empty();
  const float queue = with_case ? std::floor(main * (vp.x >= 1200 ? 0.54f : 0.48f)) : main;
  // A complaint taken at intake is opened in the queue (and shown there when asked).
  const std::string filed = Intake_TakeFiled();
  if (!filed.empty()) {
    CasePane_Open(filed);
    Poll();
  }
  if (Intake_TakeShowInQueue()) {
    s.place = Place::queue;
    Poll();
  }
  DrawRail(rail, vp.y);
  switch (s.place) {
    case Place::intake: Intake_Draw(ImVec2(rail, 0), ImVec2(main, vp.y)); return;
    case Place::stats: Stats_Draw(ImVec2(rail, 0), ImVec2(main, vp.y)); return;
    case Place::failed: Failed_Draw(ImVec2(rail, 0), ImVec2(main, vp.y)); return;
    case Place::queue: break;
  }
  DrawFilters(ImVec2(rail, 0), main);
  DrawQueue(ImVec2(rail, kBarH), ImVec2(queue, vp.y - kBarH));
  if (with_case) CasePane_Draw(ImVec2(rail + queue, kBarH), ImVec2(main - queue, vp.y - kBarH));
}

}  // namespace

bool SetOption(std::string_view key, std::string_view value) {
  if (key == "lang") {
    SetLang(value == "en" ? cw::Lang::en : cw::Lang::zh_CN);
    return true;
  }
  return key == "route" || key == "api-base";
}

void Draw() {
  State& s = S();
  ui::SetLanguage(Lang());
  if (s.stage == Stage::start) {
    // A token kept in this tab (a reload) signs in again by itself; without one the page answers
    // auth.no_token and the sign-in screen shows with no error.
    s.stage = Stage::checking;
    s.me_call = Request(cw::StaffRequest::me, cw::staff_path(cw::StaffRequest::me));
  }
  if (s.stage == Stage::queue) DrawWorkbench();
  if (s.stage == Stage::checking || s.stage == Stage::sign_in) DrawSignIn();
}

void PollNow() { S().polled = {}; }

std::string StartText(ui::FontId font) {
  const cw::Lang lang = Lang();
  switch (font) {
    case ui::kFontHeading: return std::string(cw::tr(Str::console_title, lang)) + cw::tr(Str::console_sign_in, lang).data();
    case ui::kFontBody:
      return std::string(cw::tr(Str::console_token, lang)) + cw::tr(Str::console_sign_in, lang).data() +
             cw::tr(Str::msg_loading, lang).data();
    case ui::kFontHint: return std::string(cw::tr(Str::console_token_hint, lang));
    default: return {};
  }
}

bool TakeThemeChanged() { return std::exchange(S().theme_changed, false); }
unsigned BrandRgb() { return 0x0a6cff; }
bool CareMode() { return false; }
void SetHost(ui::Host* host) { S().host = host; }
void Reset() {
  S() = State();
  SetLang(cw::Lang::zh_CN);
  SetMe({});
  CasePane_Reset();
  Intake_Reset();
  Stats_Reset();
  Failed_Reset();
}

}  // namespace console
