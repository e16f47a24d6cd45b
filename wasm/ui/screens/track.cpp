// wasm/ui/screens/track.cpp — tracking a complaint (issue 7 §3, DESIGN §5): the number with live
// check-symbol feedback, the one-time code (skipped for a number this device already holds), then
// the complaint: status, deadlines with countdowns, rejection guidance and the regulator's path
// (appeal.cpp), the reply in full, timeline, and the customer's actions that the core's workflow
// allows (supplement, escalate, withdraw, rate).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/acceptance_no.h"
#include "core/mask.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/appeal.h"
#include "wasm/ui/screens/code_step.h"
#include "wasm/ui/screens/evidence.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

enum class Phase { Entry, Code, View };
enum class Panel { None, Supplement, Escalate, Withdraw };

struct TrackState {
  int last_frame = -10;  // ImGui frame of the last draw: a gap means the screen was (re)entered
  unsigned entry = 0;    // Ctx().route_entries then (entered again between two frames)
  std::string route_no;  // the route's number when last seen
  Phase phase = Phase::Entry;
  std::string number, phone, code;  // as typed
  std::string no;                   // canonical number of the code step and the view
  std::optional<cw::CallError> error;  // the last failed call, worded when drawn (data.h)
  // A neutral message (verify first, action sent), kept as its key so that it follows a change of
  // language like the rest of the screen.
  std::optional<Str> notice;
  std::vector<std::string> on_device;
  Pending<cw::MyComplaints> mine_call;
  Pending<cw::NoAnswer> lookup_call, verify_call;
  Pending<cw::ViewAnswer> get_call;
  Pending<cw::Sent> action_call;
  std::int64_t resend_at = 0;
  std::optional<cw::ViewAnswer> view;  // the customer view of `no` (none until loaded)
  bool reload = false;
  Panel panel = Panel::None;
  std::string supplement, escalate_reason, withdraw_reason;
  PickedFiles supplement_files;  // photos/PDFs for the supplement (DESIGN §4 {text, evidence})
  std::optional<cw::CallError> action_error;  // the refused action, worded in the current language
  bool open_escalation = false;  // TrackOpenEscalation: open the form once the view allows it
};

TrackState& St() { return ScreenState<TrackState>(); }

std::string Txt(Str k) { return std::string(S(k)); }

// [SECTION] state changes -------------------------------------------------------------------------

std::string ErrorText(const cw::CallError& e) { return ui::ErrorText(e, Ctx().lang); }
std::string ErrorText(const std::optional<cw::CallError>& e) { return ui::ErrorText(e, Ctx().lang); }

void LoadView() { St().get_call = Call<cw::ClientMethod::get_complaint>({St().no}); }

// A newer list wins (e.g. after a code was verified).
void LoadMine() { St().mine_call = Call<cw::ClientMethod::my_complaints>(); }

// The route changed (or the screen was entered): "#/track" asks for the number, "#/track/{no}"
// shows that complaint when this device may see it.
void OnRoute(const std::string& route_no) {
  TrackState& s = St();
  s.route_no = route_no;
  s.error.reset();
  s.panel = Panel::None;
  Files_Clear(s.supplement_files);
  s.action_error.reset();
  LoadMine();
  if (route_no.empty()) {
    if (s.phase == Phase::View) s.phase = Phase::Entry;
    return;
  }
  const cw::Result<std::string> p = cw::parse_acceptance_no(route_no);
  s.number = route_no;
  if (!p.ok()) {
    s.phase = Phase::Entry;
    return;
  }
  if (s.no != p.value()) s.view.reset();
  s.no = p.value();
  s.number = s.no;
  s.phase = Phase::View;
  s.notice.reset();
  LoadView();
}

void OnDataEvent(cw::ClientEvent type, const cw::Json& detail) {
  TrackState& s = St();
  // The supplement panel's picker is the one on the screen shown (the wizard has one too).
  if (type == cw::ClientEvent::files && Ctx().route.screen == Screen::Track && s.panel == Panel::Supplement) {
    Files_Add(s.supplement_files, detail);
    return;
  }
  // A new status, or a survey answer that reached the server (the status stays follow_up after a
  // dissatisfied one, yet the view changes: the regulator's path, no second rating).
  const bool changed = type == cw::ClientEvent::status || type == cw::ClientEvent::survey_submitted;
  if (!changed || s.phase != Phase::View) return;
  const auto no = detail.is_object() ? detail.find("acceptance_no") : detail.end();
  if (no != detail.end() && no->is_string() && no->get<std::string>() == s.no) s.reload = true;
}

void Poll() {
  TrackState& s = St();
  if (auto r = s.mine_call.Take(); r && r->ok) {
    s.on_device.clear();
    for (const cw::MyComplaint& m : r->value) {
      if (!m.acceptance_no.empty()) s.on_device.push_back(m.acceptance_no);
    }
  }
  if (auto r = s.lookup_call.Take()) {
    if (r->ok) {
      s.phase = Phase::Code;
      s.resend_at = Now() + kResendSeconds;
      s.error.reset();
    } else {
      s.error = r->error;
    }
  }
  if (auto r = s.verify_call.Take()) {
    if (r->ok) {
      s.code.clear();
      s.error.reset();
      LoadMine();
      Navigate(Route{Screen::Track, 0, s.no, {}});
    } else {
      s.error = r->error;
    }
  }
  if (auto r = s.get_call.Take()) {
    if (r->ok) {
      s.view = std::move(r->value);
      s.error.reset();
    } else if (r->error.auth_failure()) {
      // Not (or no longer) allowed on this device: prove the phone with a code first.
      s.view.reset();
      s.phase = Phase::Entry;
      s.number = s.no;
      s.notice = Str::track_need_verify;
      s.on_device.erase(std::remove(s.on_device.begin(), s.on_device.end(), s.no), s.on_device.end());
      Navigate(Route{Screen::Track, 0, {}, {}}, true);
      s.route_no.clear();
    } else {
      s.error = r->error;
    }
  }
  if (auto r = s.action_call.Take()) {
    if (r->ok) {
      s.notice = r->value.queued ? Str::msg_offline : Str::track_action_done;
      s.panel = Panel::None;
      s.supplement.clear();
      Files_Clear(s.supplement_files);  // the client holds its own copies until they are uploaded
      s.escalate_reason.clear();
      s.withdraw_reason.clear();
      s.action_error.reset();
      LoadView();
    } else {
      s.action_error = r->error;
      Files_SetState(s.supplement_files, FileState::Ready);
    }
  }
  if (s.reload && !s.get_call.active()) {
    s.reload = false;
    LoadView();
  }
}

// [SECTION] entry and code ------------------------------------------------------------------------

bool OnDevice(const std::string& no) {
  const std::vector<std::string>& d = St().on_device;
  return std::find(d.begin(), d.end(), no) != d.end();
}

void RequestCode(const std::string& no) {
  TrackState& s = St();
  s.no = no;
  s.error.reset();
  s.notice.reset();
  s.lookup_call = Call<cw::ClientMethod::request_lookup_code>({no, s.phone});
}

void EntryPhase() {
  TrackState& s = St();
  const cw::Result<std::string> p = cw::parse_acceptance_no(s.number);
  // Live check-symbol feedback: a typo is red at once; an unfinished number is only a hint.
  std::string number_error, number_hint;
  if (!s.number.empty() && !p.ok()) {
    const std::string m(cw::message(p.code(), Ctx().lang));
    (p.code() == cw::Errc::acceptance_no_incomplete ? number_hint : number_error) = m;
  } else if (p.ok()) {
    number_hint = Txt(Str::track_number_ok) + " · " + p.value();
  }
  const bool known = p.ok() && OnDevice(p.value());
  const std::string phone_digits = [&] {
    std::string d;
    for (char c : s.phone) if (c >= '0' && c <= '9') d += c;
    return d;
  }();
  const bool phone_ok = cw::is_contact_phone(s.phone);
  const std::string phone_error =
      !phone_ok && phone_digits.size() >= 11 ? std::string(cw::message(cw::Errc::validation_phone_invalid, Ctx().lang))
                                             : std::string();

  BeginCard();
  Text(S(Str::track_intro), kFontBody, T().text2);
  Space(4);
  const std::string l_no = Txt(Str::track_number_label), ph_no = Txt(Str::track_number_hint);
  FieldOpts fo;
  fo.placeholder = ph_no.c_str();
  fo.hint = number_hint.c_str();
  fo.error = number_error.c_str();
  fo.max_chars = 32;
  fo.enter = known ? EnterKey::Go : EnterKey::Next;
  // The feedback above was computed before the field took this frame's text: draw once more.
  if (TextField("##track_no", l_no.c_str(), s.number, fo)) RequestFrameIn(0);
  if (known) {
    Text(S(Str::track_on_device), kFontHint, T().success);
  } else {
    const std::string l_ph = Txt(Str::track_phone_label), h_ph = Txt(Str::hint_phone);
    FieldOpts po;
    po.placeholder = h_ph.c_str();
    po.error = phone_error.c_str();
    po.enter = EnterKey::Go;
    if (PhoneField("##track_phone", l_ph.c_str(), s.phone, po)) RequestFrameIn(0);
  }
  if (s.notice) Text(Txt(*s.notice), kFontHint, T().text2);
  if (const std::string error = ErrorText(s.error); !error.empty()) {
    Text(error, kFontHint, T().error);
    Announce(error, true);
  }
  EndCard();
  EndScreen();

  BeginBottomBar();
  const bool busy = s.lookup_call.active();
  const cw::Result<std::string> now_no = cw::parse_acceptance_no(s.number);  // with this frame's text
  if (now_no.ok() && OnDevice(now_no.value())) {
    if (PrimaryButton(Txt(Str::track_verify).c_str())) Navigate(Route{Screen::Track, 0, now_no.value(), {}});
  } else {
    const std::string label = busy ? Txt(Str::msg_sending) : Txt(Str::track_send_code);
    if (PrimaryButton(label.c_str(), now_no.ok() && cw::is_contact_phone(s.phone) && !busy)) RequestCode(now_no.value());
  }
  EndBottomBar();
}

void CodePhase() {
  TrackState& s = St();
  BeginCard();
  Text(S(Str::track_code_sent), kFontBody, T().text2);
  KeyValue(S(Str::track_number_label), s.no);
  KeyValue(S(Str::track_phone_label), cw::mask_phone(s.phone));
  switch (CodeInput("##track_code", s.code, ErrorText(s.error), s.resend_at, s.lookup_call.active(), Str::track_change)) {
    case CodeAction::Resend: RequestCode(s.no); break;
    case CodeAction::Change:
      s.phase = Phase::Entry;
      s.error.reset();
      break;
    case CodeAction::None: break;
  }
  EndCard();
  EndScreen();

  BeginBottomBar();
  const bool busy = s.verify_call.active();
  const bool complete = s.code.size() == kCodeDigits;
  const std::string label = busy ? Txt(Str::msg_sending) : Txt(Str::track_verify);
  if (PrimaryButton(label.c_str(), complete && !busy)) {
    s.error.reset();
    s.verify_call = Call<cw::ClientMethod::verify_lookup>({s.no, s.phone, s.code});
  }
  EndBottomBar();
}

// [SECTION] the complaint -------------------------------------------------------------------------

struct DeadlineRow {
  cw::DeadlineKind stage;
  std::optional<cw::Timestamp> cw::Deadlines::*when;
  Str label;
};
constexpr DeadlineRow kDeadlines[] = {
    {cw::DeadlineKind::acceptance, &cw::Deadlines::acceptance, Str::next_acceptance},
    {cw::DeadlineKind::investigation, &cw::Deadlines::investigation, Str::next_investigation},
    {cw::DeadlineKind::reply, &cw::Deadlines::reply, Str::next_reply},
    {cw::DeadlineKind::follow_up, &cw::Deadlines::follow_up, Str::next_follow_up}};
// Which deadlines are met and which bind now come from the core's table (cw::deadline_met,
// cw::deadline_binds), the one that sets the view's overdue mark: a countdown never says 已超时
// where the core does not.

bool Final(cw::Status st) {
  return st == cw::Status::closed || st == cw::Status::rejected || st == cw::Status::withdrawn;
}

// The countdown badge of the first deadline binding now ("" when none).
std::string CurrentBadge(const cw::CustomerView& v, bool replied) {
  std::optional<cw::Timestamp> soonest;
  for (const DeadlineRow& row : kDeadlines) {
    const std::optional<cw::Timestamp>& t = v.deadlines.*row.when;
    if (!t || !cw::deadline_binds(row.stage, v.status, replied)) continue;
    if (!soonest || *t < *soonest) soonest = *t;
  }
  return soonest ? Countdown(*soonest) : std::string();
}

void ActionPanel(Panel which);

void EscalateButton() {
  TrackState& s = St();
  if (OutlineButton(Txt(Str::action_escalate).c_str())) s.panel = s.panel == Panel::Escalate ? Panel::None : Panel::Escalate;
  if (s.panel == Panel::Escalate) ActionPanel(Panel::Escalate);
}

void SummaryCard(const cw::ViewAnswer& a) {
  const cw::CustomerView& v = a.view;
  const cw::Status st = v.status;
  BeginCard();
  if (a.stale) Badge(S(Str::track_stale), T().warn, T().warn_soft);
  KeyValue(S(Str::track_number_label), v.acceptance_no, 0, kFontBodyBold);
  const ImU32 st_col = st == cw::Status::rejected ? T().error : Final(st) ? T().text2 : T().brand;
  KeyValue(S(Str::track_status), StatusLabel(st), st_col, kFontBodyBold);
  if (!v.customer_name.empty() || !v.customer_phone.empty()) {
    KeyValue(S(Str::masked_contact), v.customer_name + " · " + v.customer_phone);
  }
  KeyValue(S(Str::track_service), ServiceLabel(v.business_type, v.category));
  KeyValue(S(Str::track_filed_at), TimeText(v.filed_at));
  if (v.escalation_level > 0) {
    KeyValue(S(Str::track_escalation), cw::format(S(Str::track_level), {std::to_string(v.escalation_level)}), T().warn);
  }
  EndCard();
}

// spec 四(三)3: conclusion, basis, plan and its execution, each in full.
void ReplyCard(const cw::Reply& reply) {
  BeginCard(Txt(Str::track_reply_title).c_str());
  const std::pair<const std::string*, Str> parts[] = {{&reply.conclusion, Str::reply_conclusion},
                                                      {&reply.basis, Str::reply_basis},
                                                      {&reply.plan, Str::reply_plan},
                                                      {&reply.execution, Str::reply_execution}};
  bool first = true;
  for (const auto& [text, label] : parts) {
    if (!first) Space(6);
    first = false;
    Text(S(label), kFontBodyBold, T().text2);
    Text(*text);
  }
  EndCard();
}

void DeadlinesCard(const cw::CustomerView& v, bool replied) {
  BeginCard(Txt(Str::track_deadlines).c_str());
  if (v.overdue) {
    // The core decides whether escalating is still possible (not past level 3); the text says only
    // what the customer can do.
    Text(S(v.can_escalate ? Str::track_overdue_banner : Str::track_overdue_no_escalation), kFontBody, T().error);
    if (v.can_escalate) EscalateButton();
    Space(6);
  }
  const int n = static_cast<int>(std::size(kDeadlines));
  for (int i = 0; i < n; ++i) {
    const DeadlineRow& row = kDeadlines[i];
    const std::optional<cw::Timestamp>& when = v.deadlines.*row.when;
    const bool done = cw::deadline_met(row.stage, v.status, replied);
    const bool binds = when && cw::deadline_binds(row.stage, v.status, replied);
    const std::string detail = done    ? Txt(Str::track_deadline_done)
                               : !when ? Txt(Str::deadline_pending)
                                       : cw::format(S(Str::deadline_by), {TimeText(*when)});
    const std::string badge = binds ? Countdown(*when) : std::string();
    TimelineRow(S(row.label), detail, done ? Stage::Done : binds ? Stage::Current : Stage::Todo, i == n - 1,
                badge.empty() ? nullptr : badge.c_str());
  }
  EndCard();
}

// "已附 2 个文件" / "2 files attached".
std::string EvidenceCount(int n) {
  return n == 1 ? Txt(Str::track_evidence_one) : cw::format(S(Str::track_evidence_count), {std::to_string(n)});
}

// Newest first, each with its time and public note (spec 三(三): the customer sees the progress).
void TimelineCard(const cw::CustomerView& v, bool replied) {
  if (v.timeline.empty()) return;
  struct Row {
    std::string title, detail;
  };
  std::vector<Row> rows;
  std::optional<cw::Status> prev;
  for (const cw::ViewEvent& e : v.timeline) {
    Row r;
    // Without a move, a customer's event is a supplement (its text is the note, never blank) or a
    // survey answer that kept the complaint in follow-up (its comment is not public: no note).
    // A supplement may be files alone (DESIGN §4: the timeline shows how many it had).
    const bool customer = e.actor == cw::Actor::customer;
    if (e.status != prev) r.title = StatusLabel(e.status);
    else if (customer && !e.note.empty()) r.title = Txt(Str::track_customer_note);
    else if (customer) r.title = Txt(e.evidence_count > 0 ? Str::track_customer_files : Str::track_customer_rated);
    else r.title = Txt(Str::track_progress_note);
    prev = e.status;
    r.detail = TimeText(e.at);
    // A rejection's note has its own card.
    if (!e.note.empty() && e.status != cw::Status::rejected) r.detail += " · " + e.note;
    if (e.evidence_count > 0) r.detail += " · " + EvidenceCount(e.evidence_count);
    rows.push_back(std::move(r));
  }
  std::reverse(rows.begin(), rows.end());
  const std::string badge = Final(v.status) ? std::string() : CurrentBadge(v, replied);
  BeginCard(Txt(Str::track_history).c_str());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool current = i == 0 && !Final(v.status);
    TimelineRow(rows[i].title, rows[i].detail, current ? Stage::Current : Stage::Done, i + 1 == rows.size(),
                current && !badge.empty() ? badge.c_str() : nullptr);
  }
  EndCard();
}

template <cw::ClientMethod M>
void SendAction(const std::string& text, cw::Json files = nullptr) {
  TrackState& s = St();
  s.action_error.reset();
  s.notice.reset();
  cw::Json args = {s.no, text};
  if (!files.is_null()) args.push_back(std::move(files));
  s.action_call = Call<M>(std::move(args));
}

// The form under the button that opened it: text, send, cancel (withdraw asks to confirm).
void ActionPanel(Panel which) {
  TrackState& s = St();
  const bool busy = s.action_call.active();
  FieldOpts fo;
  fo.max_chars = static_cast<int>(cw::kNoteMax);
  fo.height = 110;
  if (which == Panel::Supplement) {
    const std::string l = Txt(Str::supplement_text), h = Txt(Str::track_supplement_hint);
    fo.placeholder = h.c_str();
    TextArea("##supplement", l.c_str(), s.supplement, fo);
    // The same photos/PDFs as the wizard's step 4 (DESIGN §4: a supplement's evidence is kept).
    Text(S(Str::track_supplement_files), kFontBodyBold, T().text2);
    Hint(S(Str::evidence_hint));
    FilesListOpts files;
    files.busy = busy;
    files.none_hint = false;
    FilesList(s.supplement_files, files);
    const bool blank = s.supplement.find_first_not_of(" \t\r\n") == std::string::npos;
    const bool has_files = Files_Good(s.supplement_files) > 0;
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_supplement_send).c_str(), (!blank || has_files) && !busy)) {
      cw::Json keys = cw::Json::array();
      for (std::string& k : Files_Evidence(s.supplement_files, true)) keys.push_back(std::move(k));
      Files_SetState(s.supplement_files, FileState::Sending);
      SendAction<cw::ClientMethod::supplement>(s.supplement, has_files ? std::move(keys) : cw::Json(nullptr));
    }
  } else if (which == Panel::Escalate) {
    const std::string l = Txt(Str::escalate_reason);
    TextArea("##escalate", l.c_str(), s.escalate_reason, fo);
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_escalate_send).c_str(), !busy)) {
      SendAction<cw::ClientMethod::request_escalation>(s.escalate_reason);
    }
  } else if (which == Panel::Withdraw) {
    Text(S(Str::withdraw_confirm), kFontBody, T().error);
    const std::string l = Txt(Str::track_withdraw_reason);
    TextArea("##withdraw", l.c_str(), s.withdraw_reason, fo);
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_withdraw_yes).c_str(), !busy)) {
      SendAction<cw::ClientMethod::withdraw>(s.withdraw_reason);
    }
  }
  if (s.action_error) {
    const std::string why = ErrorText(*s.action_error);
    Text(why, kFontHint, T().error);
    Announce(why, true);
  }
  if (OutlineButton(Txt(Str::btn_cancel).c_str(), !busy)) {
    s.panel = Panel::None;
    s.action_error.reset();
    Files_Clear(s.supplement_files);
  }
}

void ActionsCard(const cw::ViewAnswer& a) {
  TrackState& s = St();
  const cw::CustomerView& v = a.view;
  // The core's table decides what the customer may do; the view's can_* flags carry it.
  const bool can_supplement = cw::allowed_from(cw::transition(cw::Action::supplement), v.status) && !a.stale;
  const bool can_escalate = v.can_escalate && !v.overdue;  // overdue: offered above
  const bool can_withdraw = v.can_withdraw;
  if (!can_supplement && !can_escalate && !can_withdraw) return;
  BeginCard(Txt(Str::track_actions).c_str());
  const auto toggle = [&](Panel p) {
    s.panel = s.panel == p ? Panel::None : p;
    if (s.panel != Panel::Supplement) Files_Clear(s.supplement_files);
  };
  if (can_supplement) {
    if (OutlineButton(Txt(Str::action_supplement).c_str())) toggle(Panel::Supplement);
    if (s.panel == Panel::Supplement) ActionPanel(Panel::Supplement);
  }
  if (can_escalate) EscalateButton();
  if (can_withdraw) {
    if (OutlineButton(Txt(Str::action_withdraw).c_str())) toggle(Panel::Withdraw);
    if (s.panel == Panel::Withdraw) ActionPanel(Panel::Withdraw);
  }
  EndCard();
}

void ViewPhase() {
  TrackState& s = St();
  if (!s.view) {
    BeginCard();
    if (s.get_call.active()) {
      Text(S(Str::msg_loading), kFontBody, T().text2);
      Announce(S(Str::msg_loading));
    } else {
      // No answer yet and no call on its way: the failure, or (none kept) the network's message.
      Text(s.error ? ErrorText(*s.error) : std::string(cw::message(cw::Errc::network_error, Ctx().lang)), kFontBody,
           T().error);
      if (OutlineButton(Txt(Str::btn_retry).c_str())) LoadView();
    }
    EndCard();
    EndScreen();
    return;
  }
  const cw::ViewAnswer& a = *s.view;
  const cw::CustomerView& v = a.view;
  // The reply of the current handling: after an escalation the earlier reply stays readable, but the
  // re-handling's deadlines run until it replies again (DESIGN §3).
  const bool replied = cw::replied_in_stage(v.timeline);
  if (s.open_escalation && v.can_escalate && !a.stale) {
    s.open_escalation = false;
    s.panel = Panel::Escalate;
  }
  if (s.notice) {
    const std::string notice = Txt(*s.notice);
    Text(notice, kFontBody, T().success);
    Announce(notice);
  }
  if (s.error) {  // a refresh that failed: the last view stays, with why it is not newer
    const std::string error = ErrorText(*s.error);
    Text(error, kFontBody, T().error);
    Announce(error, true);
  }
  SummaryCard(a);
  if (v.status == cw::Status::rejected) RejectionCard(v);
  if (v.reply) ReplyCard(*v.reply);
  RegulatorCard(v);  // when the core names the regulator's path (DESIGN §3)
  if (!Final(v.status)) DeadlinesCard(v, replied);
  TimelineCard(v, replied);
  ActionsCard(a);
  EndScreen();

  if (v.can_rate) {
    BeginBottomBar();
    if (PrimaryButton(Txt(Str::action_rate).c_str())) Navigate(Route{Screen::Survey, 0, s.no, {}});
    EndBottomBar();
  }
}

}  // namespace

void TrackOpenEscalation() { St().open_escalation = true; }

void TrackScreen() {
  TrackState& s = St();
  Data_Subscribe(OnDataEvent);  // once: a second call is a no-op (data.h)
  const int frame = ImGui::GetFrameCount();
  const Route& route = Ctx().route;
  if (frame - s.last_frame != 1 || Ctx().route_entries != s.entry || route.no != s.route_no) OnRoute(route.no);
  s.last_frame = frame;
  s.entry = Ctx().route_entries;
  Poll();

  const bool view = s.phase == Phase::View;
  const bool rate_bar = view && s.view && s.view->view.can_rate;
  ScreenOpts so;
  const std::string title = Txt(view ? Str::track_view_title : Str::track_title);
  so.title = title.c_str();
  so.back = true;
  so.bottom_bar = !view || rate_bar;
  if (BeginScreen("##track", so)) {
    if (s.phase == Phase::Code) {
      s.phase = Phase::Entry;  // back from the code step edits the number or phone
    } else {
      Navigate(Route{});
    }
  }
  switch (s.phase) {
    case Phase::Entry: EntryPhase(); break;
    case Phase::Code: CodePhase(); break;
    case Phase::View: ViewPhase(); break;
  }
}

}  // namespace ui
