// wasm/ui/screens/mine.cpp — "my complaints" on this device: filed ones (tap → track), queued ones
// waiting for the network, filings the server refused (retry or discard), and an unsent draft.
#include <string>
#include <vector>

#include "core/i18n.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

struct MineState {
  bool subscribed = false;
  bool stale = true;          // ask again on the next frame that shows home or the list
  unsigned mine_call = 0, pending_call = 0, action_call = 0;
  cw::Json mine = cw::Json::array();     // client.myComplaints()
  cw::Json pending = cw::Json::array();  // client.pending()
  bool answered = false;
  int last_frame = -10;
  std::string confirm_discard;  // the op waiting for "discard?" to be confirmed
  std::string error;
};

MineState& M() {
  static MineState m;
  return m;
}

void OnEvent(std::string_view type, const cw::Json&) {
  if (type == "submitted" || type == "queued" || type == "status" || type == "op-failed" || type == "pending" ||
      type == "flushed")
    M().stale = true;
}

void Poll() {
  MineState& m = M();
  if (!m.subscribed) {
    Data_Subscribe(OnEvent);
    m.subscribed = true;
  }
  // Newly shown (not drawn on the previous frame): refresh.
  if (ImGui::GetFrameCount() - m.last_frame > 1) m.stale = true;
  m.last_frame = ImGui::GetFrameCount();
  for (unsigned* call : {&m.mine_call, &m.pending_call}) {
    const CallResult* r = *call ? Data_Result(*call) : nullptr;
    if (!r || !r->done) continue;
    if (r->ok && r->value.is_array()) {
      (call == &m.mine_call ? m.mine : m.pending) = r->value;
      m.answered = m.answered || call == &m.mine_call;
    }
    Data_Forget(*call);
    *call = 0;
  }
  // After the answers: an event that came while they were on their way asks again at once (no
  // later frame is guaranteed to come and ask).
  if (m.stale && !m.mine_call && !m.pending_call) {
    m.stale = false;
    m.mine_call = Data_Call(cw::ClientMethod::my_complaints);
    m.pending_call = Data_Call(cw::ClientMethod::pending);
  }
  if (m.action_call) {
    const CallResult* r = Data_Result(m.action_call);
    if (r && r->done) {
      m.error = r->ok ? std::string() : Data_ErrorMessage(*r);
      Data_Forget(m.action_call);
      m.action_call = 0;
      m.stale = true;
    }
  }
}

// The outbox op that carries the filing `client_ref` (retry/discard need its id).
const cw::Json* OpFor(const std::string& client_ref) {
  for (const cw::Json& op : M().pending) {
    if (JStr(op, "client_ref") == client_ref && JStr(op, "kind") == "file") return &op;
  }
  return nullptr;
}

// "移动电话 · 费用争议": the business type and category of a filing.
std::string FiledSubject(const cw::Json& c) {
  std::string d;
  const std::string bt = JStr(c, "business_type"), cat = JStr(c, "category");
  if (!bt.empty()) d = Label("business_types", "bt_", bt);
  if (!cat.empty()) d += (d.empty() ? "" : " · ") + Label("categories", "cat_", cat);
  return d;
}

std::string FiledDetail(const cw::Json& c, bool with_subject) {
  std::string d = with_subject ? FiledSubject(c) : std::string();
  const cw::Result<cw::Timestamp> at = cw::parse_iso8601(JStr(c, "filed_at"));
  if (at.ok()) d += (d.empty() ? "" : " · ") + cw::format(S(Str::mine_filed_at), {ShortTime(at.value())});
  return d;
}

}  // namespace

void Mine_Refresh() {
  Poll();
  Filing_LoadDraft();
}

void Mine_ResetForTest() { M() = MineState{}; }

int Mine_Count() { return M().answered ? (int)M().mine.size() : -1; }

std::string Mine_Latest() {
  const MineState& m = M();
  if (m.mine.empty()) return {};
  const cw::Json& c = m.mine.front();
  const std::string no = JStr(c, "acceptance_no");
  const std::string status = JStr(c, "status");
  return (no.empty() ? std::string(S(Str::status_queued)) : no + " · " + StatusLabel(status));
}

void MineScreen() {
  MineState& m = M();
  const Theme& t = T();
  Mine_Refresh();
  ScreenOpts so;
  const std::string title(S(Str::home_mine));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##mine", so)) Navigate(Route{});

  DraftCard();

  // Filings the server refused (a 4xx): they wait for the customer.
  const std::string retry(S(Str::btn_retry)), discard(S(Str::mine_discard));
  for (const cw::Json& c : m.mine) {
    const auto failed = c.find("failed");
    if (failed == c.end() || !failed->is_boolean() || !failed->get<bool>()) continue;
    const std::string ref = JStr(c, "client_ref");
    const cw::Json* op = OpFor(ref);
    if (!op) continue;
    const std::string op_id = JStr(*op, "op");
    BeginCard();
    Text(S(Str::mine_failed), kFontBodyBold, t.error);
    const cw::Json* err = JObj(*op, "last_error");
    const std::string why = err ? JStr(*err, "message") : std::string();
    const std::string detail = FiledDetail(c, true);
    if (!detail.empty()) Hint(detail, t.text2);
    if (!why.empty()) Hint(why, t.error);
    ImGui::PushID(op_id.c_str());
    if (m.confirm_discard == op_id) {
      Text(S(Str::mine_discard_confirm));
      if (PrimaryButton(std::string(S(Str::btn_confirm)).c_str(), !m.action_call)) {
        m.action_call = Data_Call(cw::ClientMethod::discard, cw::Json::array({op_id}));
        m.confirm_discard.clear();
      }
      if (OutlineButton(std::string(S(Str::btn_cancel)).c_str())) m.confirm_discard.clear();
    } else {
      if (OutlineButton(retry.c_str(), !m.action_call)) m.action_call = Data_Call(cw::ClientMethod::retry, cw::Json::array({op_id}));
      if (OutlineButton(discard.c_str(), !m.action_call)) m.confirm_discard = op_id;
    }
    ImGui::PopID();
    EndCard();
  }

  int rows = 0;
  for (const cw::Json& c : m.mine) {
    const auto failed = c.find("failed");
    if (failed != c.end() && failed->is_boolean() && failed->get<bool>() && OpFor(JStr(c, "client_ref"))) continue;
    if (rows == 0) BeginCard();
    const std::string no = JStr(c, "acceptance_no");
    const std::string status = JStr(c, "status");
    RowOpts ro;
    // A filed complaint is named by its number; one still waiting to be sent has none yet, so it is
    // named by what it is about (the badge says it waits).
    std::string title_text = no, detail = FiledDetail(c, /*with_subject=*/!no.empty());
    if (no.empty()) {
      title_text = FiledSubject(c);
      if (title_text.empty()) title_text = std::string(S(Str::status_queued));
      detail = (detail.empty() ? "" : detail + " · ") + std::string(S(Str::mine_queued_hint));
    }
    ro.detail = detail;
    const std::string badge = StatusLabel(status.empty() ? "queued" : status);
    ro.badge = badge;
    if (no.empty()) {
      ro.badge_fg = t.warn;
      ro.badge_bg = t.warn_soft;
    }
    ro.divider = rows > 0;
    ro.inert = no.empty();  // nothing to track until the server has given it a number
    const std::string id = no.empty() ? JStr(c, "client_ref") : no;
    if (ListRow(id.c_str(), title_text, ro) == RowHit::Row && !no.empty()) Navigate(Route{Screen::Track, 0, no, {}});
    ++rows;
  }
  if (rows > 0) EndCard();

  if (m.answered && m.mine.empty() && !Filing_HasDraft()) {
    BeginCard();
    Text(S(Str::home_mine_empty), kFontBodyBold);
    Hint(S(Str::mine_empty_hint));
    Space(8);
    if (PrimaryButton(std::string(S(Str::home_file)).c_str())) Navigate(Route{Screen::File, 1, {}, {}});
    EndCard();
  } else if (!m.answered) {
    Hint(S(Str::msg_loading));
  }
  if (!m.error.empty()) Hint(m.error, t.error);
  EndScreen();
}

}  // namespace ui
