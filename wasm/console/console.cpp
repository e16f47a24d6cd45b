// wasm/console/console.cpp — the staff workbench's screens (console.h): sign-in, then the queue.
// The page answers each staff request (core/staff_api.h) with the signed-in token; the screens keep
// a refusal as an error and word it when drawn, in the staff member's language.
#include "wasm/console/console.h"

#include <imgui.h>

#include <chrono>
#include <optional>
#include <vector>

#include "core/i18n.h"
#include "core/iso_time.h"
#include "core/staff_api.h"
#include "wasm/ui/data.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace console {
namespace {

using cw::Str;

enum class Stage { start, checking, sign_in, queue };

// The status filter's choices: every status a case on the server can have ("" = all).
constexpr cw::Status kStatusFilter[] = {cw::Status::received,   cw::Status::accepted,  cw::Status::investigating,
                                        cw::Status::processing, cw::Status::replied,   cw::Status::follow_up,
                                        cw::Status::escalated,  cw::Status::closed,    cw::Status::rejected,
                                        cw::Status::withdrawn};
constexpr int kPageSize = 200;

struct State {
  cw::Lang lang = cw::Lang::zh_CN;
  bool theme_changed = true;
  ui::Host* host = nullptr;
  Stage stage = Stage::start;
  // sign-in
  std::string token;
  ui::Pending<cw::Json> me_call;
  std::optional<cw::CallError> sign_in_error;
  bool signed_out = false;
  cw::StaffMe me;
  // queue
  int status_choice = 0;  // 0 = all, else kStatusFilter[i - 1]
  std::string search;
  ui::Pending<cw::Json> list_call;
  bool list_more = false;  // the call in flight appends a page
  std::vector<cw::QueueItem> rows;
  std::string next_cursor;
  bool loaded = false;
  std::optional<cw::CallError> list_error;
};

State& S() {
  static State s;
  return s;
}

std::string_view Tr(Str key) { return cw::tr(key, S().lang); }

// A catalog text by its key's name ("status_closed", "channel_hotline"); the id itself when none.
std::string ByName(std::string_view prefix, std::string_view id) {
  const std::string name = std::string(prefix) + std::string(id);
  for (std::size_t i = 0; i < cw::str_count(); ++i)
    if (cw::str_key(static_cast<Str>(i)) == name) return std::string(cw::tr(static_cast<Str>(i), S().lang));
  return std::string(id);
}

std::string RoleText(cw::Actor role) {
  switch (role) {
    case cw::Actor::supervisor: return std::string(Tr(Str::console_role_supervisor));
    case cw::Actor::manager: return std::string(Tr(Str::console_role_manager));
    default: return std::string(Tr(Str::console_role_agent));
  }
}

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// "12-06 16:11" in Shanghai time (every deadline is counted in Shanghai days, DESIGN §3).
std::string ShortTime(cw::Timestamp t) {
  const std::string iso = cw::format_iso8601(t);  // 2026-12-06T16:11:00+08:00
  return iso.size() >= 16 ? iso.substr(5, 5) + " " + iso.substr(11, 5) : iso;
}

// The time left to a deadline, or how long it is over: "2 天 3 小时" / "已超时 5 小时".
std::string TimeLeft(cw::Timestamp deadline) {
  const std::int64_t left = deadline.time_since_epoch().count() - NowSeconds();
  const std::int64_t a = left < 0 ? -left : left;
  const std::int64_t d = a / 86400, h = (a % 86400 + 3599) / 3600;
  const bool zh = S().lang == cw::Lang::zh_CN;
  std::string span = d > 0 ? std::to_string(d) + (zh ? " 天 " : " d ") + std::to_string(a % 86400 / 3600) + (zh ? " 小时" : " h")
                           : std::to_string(h == 0 ? 1 : h) + (zh ? " 小时" : " h");
  if (left < 0) return (zh ? "超时 " : "over by ") + span;
  return (zh ? "剩余 " : "") + span + (zh ? "" : " left");
}

ui::Pending<cw::Json> Request(cw::StaffRequest r, std::string path, cw::Json body = nullptr) {
  const std::string method(cw::staff_route(r).method);
  return ui::Pending<cw::Json>(ui::Data_Call(cw::ConsolePortMethod::staff, cw::Json::array({method, path, body})));
}

std::string ListQuery(const State& s, const std::string& cursor) {
  std::string q = "limit=" + std::to_string(kPageSize);
  if (s.status_choice > 0) q += "&status=" + std::string(cw::to_string(kStatusFilter[s.status_choice - 1]));
  if (!s.search.empty()) q += "&q=" + cw::query_value(s.search);
  if (!cursor.empty()) q += "&cursor=" + cw::query_value(cursor);
  return q;
}

void LoadQueue(bool more) {
  State& s = S();
  const std::string query = ListQuery(s, more ? s.next_cursor : "");
  s.list_more = more;
  s.list_call = Request(cw::StaffRequest::list, cw::staff_path(cw::StaffRequest::list, {}, query));
}

void SignedIn(const cw::Json& value) {
  State& s = S();
  cw::Result<cw::StaffMe> me = cw::staff_me_from_json(value);
  if (!me) {
    s.sign_in_error = cw::CallError{0, "data.bad_answer", "", {}};
    s.stage = Stage::sign_in;
    return;
  }
  s.me = std::move(me.value());
  s.token.clear();
  s.sign_in_error.reset();
  s.stage = Stage::queue;
  s.rows.clear();
  s.loaded = false;
  LoadQueue(false);
}

// A refusal of the token (401, or the page holding none) sends the staff member back to sign in.
void TokenRefused(const cw::CallError& e) {
  State& s = S();
  s.stage = Stage::sign_in;
  s.list_call.Forget();
  s.sign_in_error = e.code == "auth.no_token" ? std::nullopt : std::optional<cw::CallError>(e);
}

// [SECTION] sign-in -----------------------------------------------------------------------------
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
  ui::BeginScreen("##signin", o);
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
    error = refused ? std::string(Tr(Str::console_token_wrong)) : ui::ErrorText(*s.sign_in_error, s.lang);
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

// [SECTION] queue -------------------------------------------------------------------------------
// A table cell's text in the table's font, its glyphs ensured first (stock ImGui text draws only
// what the glyph cache already holds).
void Cell(std::string_view text, ImU32 color = 0) {
  ui::EnsureGlyphs(text, ImGui::GetFont());
  if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  if (color) ImGui::PopStyleColor();
}

void TakeList() {
  State& s = S();
  auto a = s.list_call.Take();
  if (!a) return;
  if (!a->ok) {
    if (a->error.auth_failure() || a->error.code == "auth.no_token") return TokenRefused(a->error);
    s.list_error = a->error;
    return;
  }
  cw::Result<cw::QueuePage> page = cw::queue_page_from_json(a->value);
  if (!page) {
    s.list_error = cw::CallError{0, "data.bad_answer", "", {}};
    return;
  }
  cw::QueuePage got = std::move(page).value();
  if (!s.list_more) s.rows.clear();
  for (cw::QueueItem& item : got.items) s.rows.push_back(std::move(item));
  s.next_cursor = std::move(got.next_cursor);
  s.loaded = true;
  s.list_error.reset();
}

void DrawToolbar() {
  State& s = S();
  const ui::Theme& t = ui::T();
  // Who is signed in, and the way out.
  ui::Text(s.me.name + " · " + RoleText(s.me.role), ui::kFontSmall, t.text2);
  if (ui::Link(Tr(Str::console_sign_out).data())) {
    ui::Data_Call(cw::ConsolePortMethod::sign_out);
    State fresh;
    fresh.lang = s.lang;
    fresh.host = s.host;
    fresh.theme_changed = false;
    fresh.stage = Stage::sign_in;
    fresh.signed_out = true;
    s = std::move(fresh);
    return;
  }
  ui::FieldOpts f;
  f.enter = ui::EnterKey::Done;
  f.aria_label = Tr(Str::console_search).data();
  f.placeholder = Tr(Str::console_search).data();
  ui::TextField("search", "", s.search, f);
  std::vector<std::string> names;
  names.emplace_back(Tr(Str::console_all_statuses));
  for (cw::Status st : kStatusFilter) names.push_back(ByName("status_", cw::to_string(st)));
  std::vector<const char*> ptrs;
  for (const std::string& n : names) ptrs.push_back(n.c_str());
  const bool status_changed =
      ui::Chips("status", ptrs.data(), static_cast<int>(ptrs.size()), &s.status_choice, Tr(Str::col_status).data());
  if (ui::OutlineButton(Tr(Str::console_refresh).data(), !s.list_call.active()) || status_changed) LoadQueue(false);
}

void DrawTable() {
  State& s = S();
  const ui::Theme& t = ui::T();
  if (s.list_error) ui::Text(ui::ErrorText(s.list_error, s.lang), ui::kFontSmall, t.error);
  if (!s.loaded) {
    ui::Hint(Tr(Str::msg_loading));
    return;
  }
  ui::Text(cw::format(Tr(Str::console_count), {std::to_string(s.rows.size()) + (s.next_cursor.empty() ? "" : "+")}),
           ui::kFontSmall, t.text2);
  if (s.rows.empty()) {
    ui::Hint(Tr(Str::console_empty));
    return;
  }
  ImFont* font = ui::GetFont(ui::kFontSmall);
  ImGui::PushFont(font);
  // Columns and their shares of the width (the number and the service need the most).
  constexpr struct {
    Str title;
    float weight;
  } kColumns[] = {{Str::col_no, 2.0f},     {Str::col_status, 1.0f},   {Str::col_service, 1.8f},
                  {Str::col_channel, 0.8f}, {Str::col_filed, 1.0f},   {Str::col_deadline, 1.4f},
                  {Str::col_owner, 1.0f},   {Str::col_level, 0.5f}};
  const float width = ui::ColumnRight() - ui::ColumnLeft();
  ImGui::SetCursorScreenPos(ImVec2(ui::ColumnLeft(), ImGui::GetCursorScreenPos().y));
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                     ImGuiTableFlags_BordersOuter | ImGuiTableFlags_PadOuterX;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(10, 8));
  ImGui::PushStyleColor(ImGuiCol_TableHeaderBg, t.brand_soft);
  ImGui::PushStyleColor(ImGuiCol_TableRowBg, t.card);
  ImGui::PushStyleColor(ImGuiCol_TableRowBgAlt, t.bg);
  ImGui::PushStyleColor(ImGuiCol_TableBorderLight, t.divider);
  ImGui::PushStyleColor(ImGuiCol_TableBorderStrong, t.border);
  if (ImGui::BeginTable("queue", 8, kFlags, ImVec2(width, 0))) {
    for (const auto& c : kColumns) {
      ui::EnsureGlyphs(Tr(c.title), font);
      ImGui::TableSetupColumn(Tr(c.title).data(), ImGuiTableColumnFlags_WidthStretch, c.weight);
    }
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;  // 10,000 rows: only the visible ones are built
    clipper.Begin(static_cast<int>(s.rows.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const cw::QueueItem& r = s.rows[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const float row_y = ImGui::GetCursorScreenPos().y;
        Cell(r.acceptance_no);
        ImGui::TableNextColumn();
        Cell(ByName("status_", cw::to_string(r.status)));
        ImGui::TableNextColumn();
        std::string service = r.business_type ? ByName("bt_", cw::to_string(*r.business_type)) : "";
        if (r.category) service += (service.empty() ? "" : " · ") + ByName("cat_", cw::to_string(*r.category));
        Cell(service);
        ImGui::TableNextColumn();
        Cell(r.channel ? ByName("channel_", cw::to_string(*r.channel)) : "");
        ImGui::TableNextColumn();
        Cell(ShortTime(r.filed_at));
        ImGui::TableNextColumn();
        if (r.next_deadline) Cell(TimeLeft(*r.next_deadline), r.overdue ? t.error : 0);
        ImGui::TableNextColumn();
        Cell(r.owner.empty() ? "—" : r.owner);
        ImGui::TableNextColumn();
        const std::string level = r.escalation_level > 0 ? std::to_string(r.escalation_level) : "";
        Cell(level);
        // The row in the registry (screen readers, browser tests): its number, then what the cells say.
        ui::RegistryItem it;
        it.role = "text";
        it.label = r.acceptance_no;
        it.value = ByName("status_", cw::to_string(r.status)) + " · " + service + " · " +
                   (r.next_deadline ? TimeLeft(*r.next_deadline) : "") + " · " + (r.owner.empty() ? "—" : r.owner);
        it.x = ui::ColumnLeft();
        it.y = row_y;
        it.w = width;
        it.h = ImGui::GetCursorScreenPos().y - row_y;
        ui::Registry_Add(std::move(it));
      }
    }
    ImGui::EndTable();
  }
  ImGui::PopStyleColor(5);
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::SetCursorScreenPos(ImVec2(ui::ColumnLeft(), ImGui::GetCursorScreenPos().y + t.space_md));
  if (!s.next_cursor.empty() && ui::OutlineButton(Tr(Str::console_more).data(), !s.list_call.active())) LoadQueue(true);
}

void DrawQueue() {
  TakeList();
  State& s = S();
  if (s.stage != Stage::queue) return;
  const std::string title = std::string(Tr(Str::console_title)) + " · " + std::string(Tr(Str::console_queue));
  ui::ScreenOpts o;
  o.title = title.c_str();
  o.max_column = 1400;
  ui::BeginScreen("##queue", o);
  DrawToolbar();
  if (s.stage == Stage::queue) DrawTable();
  ui::EndScreen();
}

}  // namespace

bool SetOption(std::string_view key, std::string_view value) {
  State& s = S();
  if (key == "lang") {
    s.lang = value == "en" ? cw::Lang::en : cw::Lang::zh_CN;
    return true;
  }
  return key == "route" || key == "api-base";
}

void Draw() {
  State& s = S();
  ui::SetLanguage(s.lang);
  if (s.stage == Stage::start) {
    // A token kept in this tab (a reload) signs in again by itself; without one the page answers
    // auth.no_token and the sign-in screen shows with no error.
    s.stage = Stage::checking;
    s.me_call = Request(cw::StaffRequest::me, cw::staff_path(cw::StaffRequest::me));
  }
  if (s.stage == Stage::queue) DrawQueue();
  if (s.stage == Stage::checking || s.stage == Stage::sign_in) DrawSignIn();
}

std::string StartText(ui::FontId font) {
  const cw::Lang lang = S().lang;
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
void Reset() { S() = State(); }

}  // namespace console
