// wasm/ui/screens/mine.cpp — "my complaints" on this device: filed ones (tap → track), queued ones
// waiting for the network, filings the server refused (retry or discard), and an unsent draft.
#include <string>
#include <vector>

#include "core/i18n.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

struct MineState {
  bool stale = true;          // ask again on the next frame that shows home or the list
  Pending<cw::MyComplaints> mine_call;
  Pending<cw::PendingOps> pending_call;
  Pending<cw::NoAnswer> action_call;
  cw::MyComplaints mine;  // client.myComplaints()
  cw::PendingOps pending;  // client.pending()
  bool answered = false;
  int last_frame = -10;
  std::string confirm_discard;  // the op waiting for "discard?" to be confirmed
  std::optional<cw::CallError> error;  // the refused retry/discard, worded when drawn (data.h)
};

MineState& M() { return ScreenState<MineState>(); }

void OnEvent(cw::ClientEvent type, const cw::Json&) {
  using E = cw::ClientEvent;
  if (type == E::submitted || type == E::queued || type == E::status || type == E::op_failed || type == E::pending ||
      type == E::flushed)
    M().stale = true;
}

void Poll() {
  MineState& m = M();
  Data_Subscribe(OnEvent);  // once: a second call is a no-op (data.h)
  // Newly shown (not drawn on the previous frame): refresh.
  if (ImGui::GetFrameCount() - m.last_frame > 1) m.stale = true;
  m.last_frame = ImGui::GetFrameCount();
  if (auto r = m.mine_call.Take(); r && r->ok) {
    m.mine = std::move(r->value);
    m.answered = true;
  }
  if (auto r = m.pending_call.Take(); r && r->ok) m.pending = std::move(r->value);
  // After the answers: an event that came while they were on their way asks again at once (no
  // later frame is guaranteed to come and ask).
  if (m.stale && !m.mine_call.active() && !m.pending_call.active()) {
    m.stale = false;
    m.mine_call = Call<cw::ClientMethod::my_complaints>();
    m.pending_call = Call<cw::ClientMethod::pending>();
  }
  if (auto r = m.action_call.Take()) {
    if (r->ok) m.error.reset();
    else m.error = r->error;
    m.stale = true;
  }
}

// The outbox op that carries the filing `client_ref` (retry/discard need its id).
const cw::PendingOp* OpFor(const std::string& client_ref) {
  for (const cw::PendingOp& op : M().pending) {
    if (op.client_ref == client_ref && op.kind == "file") return &op;
  }
  return nullptr;
}

std::string FiledDetail(const cw::MyComplaint& c, bool with_subject) {
  std::string d = with_subject ? ServiceLabel(c.business_type, c.category) : std::string();
  if (c.filed_at) d += (d.empty() ? "" : " · ") + cw::format(S(Str::mine_filed_at), {TimeText(*c.filed_at)});
  return d;
}

}  // namespace

void Mine_Refresh() {
  Poll();
  Filing_LoadDraft();
}

int Mine_Count() { return M().answered ? (int)M().mine.size() : -1; }

std::string Mine_Latest() {
  const MineState& m = M();
  if (m.mine.empty()) return {};
  const cw::MyComplaint& c = m.mine.front();
  if (c.acceptance_no.empty()) return std::string(S(Str::status_queued));
  return c.status ? c.acceptance_no + " · " + StatusLabel(*c.status) : c.acceptance_no;
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
  for (const cw::MyComplaint& c : m.mine) {
    if (!c.failed) continue;
    const cw::PendingOp* op = OpFor(c.client_ref);
    if (!op) continue;
    const std::string op_id = op->op;
    BeginCard();
    Text(S(Str::mine_failed), kFontBodyBold, t.error);
    const std::string why = op->last_error ? op->last_error->message : std::string();
    const std::string detail = FiledDetail(c, true);
    if (!detail.empty()) Hint(detail, t.text2);
    if (!why.empty()) Hint(why, t.error);
    ImGui::PushID(op_id.c_str());
    if (m.confirm_discard == op_id) {
      Text(S(Str::mine_discard_confirm));
      if (PrimaryButton(std::string(S(Str::btn_confirm)).c_str(), !m.action_call.active())) {
        m.action_call = Call<cw::ClientMethod::discard>({op_id});
        m.confirm_discard.clear();
      }
      if (OutlineButton(std::string(S(Str::btn_cancel)).c_str())) m.confirm_discard.clear();
    } else {
      if (OutlineButton(retry.c_str(), !m.action_call.active())) m.action_call = Call<cw::ClientMethod::retry>({op_id});
      if (OutlineButton(discard.c_str(), !m.action_call.active())) m.confirm_discard = op_id;
    }
    ImGui::PopID();
    EndCard();
  }

  int rows = 0;
  for (const cw::MyComplaint& c : m.mine) {
    if (c.failed && OpFor(c.client_ref)) continue;
    if (rows == 0) BeginCard();
    const std::string& no = c.acceptance_no;
    RowOpts ro;
    // A filed complaint is named by its number; one still waiting to be sent has none yet, so it is
    // named by what it is about (the badge says it waits).
    std::string title_text = no, detail = FiledDetail(c, /*with_subject=*/!no.empty());
    if (no.empty()) {
      title_text = ServiceLabel(c.business_type, c.category);
      if (title_text.empty()) title_text = std::string(S(Str::status_queued));
      detail = (detail.empty() ? "" : detail + " · ") + std::string(S(Str::mine_queued_hint));
    }
    ro.detail = detail;
    // A number proved by a code but not fetched yet has no status to show.
    const std::string badge = c.status ? StatusLabel(*c.status) : no.empty() ? StatusLabel(cw::Status::queued) : "";
    ro.badge = badge;
    if (no.empty()) {
      ro.badge_fg = t.warn;
      ro.badge_bg = t.warn_soft;
    }
    ro.divider = rows > 0;
    ro.inert = no.empty();  // nothing to track until the server has given it a number
    const std::string id = no.empty() ? c.client_ref : no;
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
  // Complaints filed in a shop, on the hotline or on another phone (DESIGN §4 lookup by phone).
  {
    BeginCard();
    RowOpts fo;
    const std::string find_hint(S(Str::mine_find_by_phone_hint));
    fo.detail = find_hint;
    if (ListRow("find_by_phone", S(Str::mine_find_by_phone), fo) == RowHit::Row)
      Navigate(Route{Screen::Mine, kMineByPhone, {}, {}});
    EndCard();
  }
  if (const std::string error = ErrorText(m.error, Ctx().lang); !error.empty()) Hint(error, t.error);
  EndScreen();
}

}  // namespace ui
