// wasm/ui/screens/track.cpp — tracking a complaint (issue 7 §3, DESIGN §5): the number with live
// check-symbol feedback, the one-time code (skipped for a number this device already holds), then
// the complaint: status, deadlines with countdowns, rejection guidance, the reply in full, timeline,
// and the customer's actions that the core's workflow allows (supplement, escalate, withdraw, rate).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/acceptance_no.h"
#include "core/iso_time.h"
#include "core/mask.h"
#include "core/validation.h"
#include "core/workflow.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

constexpr std::int64_t kResendSeconds = 60;
constexpr std::size_t kCodeDigits = 6;

enum class Phase { Entry, Code, View };
enum class Panel { None, Supplement, Escalate, Withdraw };

struct TrackState {
  int last_frame = -10;  // ImGui frame of the last draw: a gap means the screen was (re)entered
  unsigned entry = 0;    // Ctx().route_entries then (entered again between two frames)
  std::string route_no;  // the route's number when last seen
  Phase phase = Phase::Entry;
  std::string number, phone, code;  // as typed
  std::string no;                   // canonical number of the code step and the view
  std::string error;                // the last failed call, for the customer
  std::string notice;               // a neutral message (verify first, action sent)
  std::vector<std::string> on_device;
  unsigned mine_call = 0, lookup_call = 0, verify_call = 0, get_call = 0, action_call = 0;
  std::int64_t resend_at = 0;
  cw::Json view;  // the customer view of `no` (null until loaded)
  bool reload = false;
  Panel panel = Panel::None;
  std::string supplement, escalate_reason, withdraw_reason;
  std::string action_error;
  bool open_escalation = false;  // TrackOpenEscalation: open the form once the view allows it
};

TrackState& St() {
  static TrackState s;
  return s;
}

std::string Txt(Str k) { return std::string(S(k)); }

// [SECTION] formatting ----------------------------------------------------------------------------

std::string Str_(const cw::Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool Bool_(const cw::Json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

Str StatusKey(std::string_view s) {
  switch (cw::parse_enum<cw::Status>(s).value_or(cw::Status::received)) {
    case cw::Status::draft: return Str::status_draft;
    case cw::Status::queued: return Str::status_queued;
    case cw::Status::received: return Str::status_received;
    case cw::Status::accepted: return Str::status_accepted;
    case cw::Status::rejected: return Str::status_rejected;
    case cw::Status::investigating: return Str::status_investigating;
    case cw::Status::processing: return Str::status_processing;
    case cw::Status::replied: return Str::status_replied;
    case cw::Status::follow_up: return Str::status_follow_up;
    case cw::Status::closed: return Str::status_closed;
    case cw::Status::escalated: return Str::status_escalated;
    case cw::Status::withdrawn: return Str::status_withdrawn;
  }
  return Str::status_received;
}

std::string BusinessLabel(std::string_view bt, std::string_view cat) {
  static constexpr Str kBt[] = {Str::bt_fixed_line, Str::bt_mobile, Str::bt_broadband, Str::bt_data, Str::bt_other};
  static constexpr Str kCat[] = {Str::cat_billing, Str::cat_network, Str::cat_service,
                                 Str::cat_product, Str::cat_privacy, Str::cat_other};
  std::string out;
  if (const auto b = cw::parse_enum<cw::BusinessType>(bt)) out = std::string(S(kBt[static_cast<int>(*b)]));
  if (const auto c = cw::parse_enum<cw::Category>(cat)) {
    out += (out.empty() ? "" : " · ") + std::string(S(kCat[static_cast<int>(*c)]));
  }
  return out;
}

std::int64_t Seconds(std::string_view iso) {
  const cw::Result<cw::Timestamp> t = cw::parse_iso8601(iso);
  return t.ok() ? t->time_since_epoch().count() : 0;
}

// "11月30日 10:05" in Shanghai time (deadlines are Shanghai days, DESIGN §3), whatever the device's zone.
std::string FormatTime(std::string_view iso) {
  const cw::Result<cw::Timestamp> t = cw::parse_iso8601(iso);
  if (!t.ok()) return std::string(iso);
  using namespace std::chrono;
  const sys_seconds local = t.value() + cw::kShanghaiOffset;
  const sys_days day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  char hm[8];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const unsigned m = static_cast<unsigned>(ymd.month());
  const std::string month = Ctx().lang == cw::Lang::en ? kMonths[(m + 11) % 12] : std::to_string(m);
  return cw::format(S(Str::track_date), {month, std::to_string(static_cast<unsigned>(ymd.day())), hm});
}

// "剩余 2 天 3 小时" / "已超时". A running countdown asks for a frame at the next minute (DESIGN §3:
// redrawn at most once a minute); nothing else on the screen needs the clock.
std::string Countdown(std::int64_t deadline) {
  const std::int64_t now = Now();
  const std::int64_t left = deadline - now;
  if (left <= 0) return Txt(Str::deadline_overdue);
  RequestFrameIn(static_cast<int>((60 - now % 60) * 1000 + 20));
  const std::int64_t d = left / 86400;
  if (d > 0) return cw::format(S(Str::deadline_left_days), {std::to_string(d), std::to_string(left % 86400 / 3600)});
  return cw::format(S(Str::deadline_left_hours), {std::to_string(std::max<std::int64_t>(1, (left + 3599) / 3600))});
}

// The failed call's message in the screen's language (the core's table by code), else the client's.
std::string ErrorText(const CallResult& r) {
  const std::string code = Str_(r.error, "code");
  if (const auto e = cw::errc_from_id(code)) return std::string(cw::message(*e, Ctx().lang));
  const std::string m = Data_ErrorMessage(r);
  return m.empty() ? std::string(cw::message(cw::Errc::network_error, Ctx().lang)) : m;
}

bool IsAuthFailure(const CallResult& r) {
  const std::string code = Str_(r.error, "code");
  const auto st = r.error.find("status");
  const int status = st != r.error.end() && st->is_number_integer() ? st->get<int>() : 0;
  return status == 401 || status == 404 || code.rfind("auth.", 0) == 0 || code == "http.not_found";
}

// Takes a finished call's result (nullptr while it runs); forgets the call.
bool Take(unsigned& id, CallResult* out) {
  if (!id) return false;
  const CallResult* r = Data_Result(id);
  if (r && !r->done) return false;
  if (r) *out = *r;
  else *out = CallResult{true, false, {}, cw::Json{{"code", "data.unavailable"}}};
  Data_Forget(id);
  id = 0;
  return true;
}

// [SECTION] state changes -------------------------------------------------------------------------

void LoadView() {
  TrackState& s = St();
  if (s.get_call) Data_Forget(s.get_call);
  s.get_call = Data_Call(cw::ClientMethod::get_complaint, cw::Json::array({s.no}));
}

void LoadMine() {
  TrackState& s = St();
  if (s.mine_call) Data_Forget(s.mine_call);  // a newer list wins (e.g. after a code was verified)
  s.mine_call = Data_Call(cw::ClientMethod::my_complaints);
}

// The route changed (or the screen was entered): "#/track" asks for the number, "#/track/{no}"
// shows that complaint when this device may see it.
void OnRoute(const std::string& route_no) {
  TrackState& s = St();
  s.route_no = route_no;
  s.error.clear();
  s.panel = Panel::None;
  s.action_error.clear();
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
  if (s.no != p.value()) s.view = cw::Json();
  s.no = p.value();
  s.number = s.no;
  s.phase = Phase::View;
  s.notice.clear();
  LoadView();
}

void OnDataEvent(std::string_view type, const cw::Json& detail) {
  TrackState& s = St();
  if (type == "status" && s.phase == Phase::View && Str_(detail, "acceptance_no") == s.no) s.reload = true;
}

void Poll() {
  TrackState& s = St();
  CallResult r;
  if (Take(s.mine_call, &r) && r.ok && r.value.is_array()) {
    s.on_device.clear();
    for (const cw::Json& m : r.value) {
      const std::string no = Str_(m, "acceptance_no");
      if (!no.empty()) s.on_device.push_back(no);
    }
  }
  if (Take(s.lookup_call, &r)) {
    if (r.ok) {
      s.phase = Phase::Code;
      s.resend_at = Now() + kResendSeconds;
      s.error.clear();
    } else {
      s.error = ErrorText(r);
    }
  }
  if (Take(s.verify_call, &r)) {
    if (r.ok) {
      s.code.clear();
      s.error.clear();
      LoadMine();
      Navigate(Route{Screen::Track, 0, s.no, {}});
    } else {
      s.error = ErrorText(r);
    }
  }
  if (Take(s.get_call, &r)) {
    if (r.ok && r.value.is_object()) {
      s.view = r.value;
      s.error.clear();
    } else if (IsAuthFailure(r)) {
      // Not (or no longer) allowed on this device: prove the phone with a code first.
      s.view = cw::Json();
      s.phase = Phase::Entry;
      s.number = s.no;
      s.notice = Txt(Str::track_need_verify);
      s.on_device.erase(std::remove(s.on_device.begin(), s.on_device.end(), s.no), s.on_device.end());
      Navigate(Route{Screen::Track, 0, {}, {}}, true);
      s.route_no.clear();
    } else {
      s.error = ErrorText(r);
    }
  }
  if (Take(s.action_call, &r)) {
    if (r.ok) {
      s.notice = Bool_(r.value, "queued") ? Txt(Str::msg_offline) : Txt(Str::track_action_done);
      s.panel = Panel::None;
      s.supplement.clear();
      s.escalate_reason.clear();
      s.withdraw_reason.clear();
      s.action_error.clear();
      LoadView();
    } else {
      s.action_error = ErrorText(r);
    }
  }
  if (s.reload && !s.get_call) {
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
  s.error.clear();
  s.notice.clear();
  s.lookup_call = Data_Call(cw::ClientMethod::request_lookup_code, cw::Json::array({no, s.phone}));
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
  if (!s.notice.empty()) Text(s.notice, kFontHint, T().text2);
  if (!s.error.empty()) {
    Text(s.error, kFontHint, T().error);
    Announce(s.error, true);
  }
  EndCard();
  EndScreen();

  BeginBottomBar();
  const bool busy = s.lookup_call != 0;
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
  const std::string l_code = Txt(Str::track_code_label), ph = Txt(Str::track_code_placeholder);
  FieldOpts fo;
  fo.placeholder = ph.c_str();
  fo.kind = InputKind::Number;
  fo.max_chars = static_cast<int>(kCodeDigits);
  fo.enter = EnterKey::Go;
  fo.error = s.error.c_str();
  TextField("##track_code", l_code.c_str(), s.code, fo);
  const std::int64_t wait = s.resend_at - Now();
  if (wait > 0) {
    OutlineButton(cw::format(S(Str::track_resend_in), {std::to_string(wait)}).c_str(), false);
    RequestFrameIn(1000);  // the countdown ticks once a second while it runs
  } else if (OutlineButton(Txt(Str::track_resend).c_str(), s.lookup_call == 0)) {
    RequestCode(s.no);
  }
  if (OutlineButton(Txt(Str::track_change).c_str())) {
    s.phase = Phase::Entry;
    s.error.clear();
  }
  EndCard();
  EndScreen();

  BeginBottomBar();
  const bool busy = s.verify_call != 0;
  const bool complete = s.code.size() == kCodeDigits;
  const std::string label = busy ? Txt(Str::msg_sending) : Txt(Str::track_verify);
  if (PrimaryButton(label.c_str(), complete && !busy)) {
    s.error.clear();
    s.verify_call = Data_Call(cw::ClientMethod::verify_lookup, cw::Json::array({s.no, s.phone, s.code}));
  }
  EndBottomBar();
}

// [SECTION] the complaint -------------------------------------------------------------------------

struct DeadlineRow {
  const char* key;
  Str label;
};
constexpr DeadlineRow kDeadlines[] = {{"acceptance", Str::next_acceptance},
                                      {"investigation", Str::next_investigation},
                                      {"reply", Str::next_reply},
                                      {"follow_up", Str::next_follow_up}};

// Which deadlines are met and which bind now (core/time_limits is_overdue's table, DESIGN §3).
bool DeadlineDone(std::string_view key, cw::Status st, bool replied) {
  using S_ = cw::Status;
  if (key == "acceptance") return st != S_::received;
  if (key == "investigation") return st == S_::processing || replied || st == S_::closed;
  if (key == "reply") return replied;
  return st == S_::closed;
}

bool DeadlineBinds(std::string_view key, cw::Status st, bool replied) {
  using S_ = cw::Status;
  switch (st) {
    case S_::received: return key == "acceptance" || key == "reply";
    case S_::accepted:
    case S_::investigating:
    case S_::escalated: return key == "investigation" || (!replied && key == "reply");
    case S_::processing: return !replied && key == "reply";
    case S_::replied:
    case S_::follow_up: return key == "follow_up";
    default: return false;
  }
}

bool Final(cw::Status st) {
  return st == cw::Status::closed || st == cw::Status::rejected || st == cw::Status::withdrawn;
}

// The countdown badge of the first deadline binding now ("" when none).
std::string CurrentBadge(const cw::Json& v, cw::Status st, bool replied) {
  const auto d = v.find("deadlines");
  if (d == v.end() || !d->is_object()) return {};
  std::int64_t soonest = 0;
  for (const DeadlineRow& row : kDeadlines) {
    const std::string iso = Str_(*d, row.key);
    if (iso.empty() || !DeadlineBinds(row.key, st, replied)) continue;
    const std::int64_t t = Seconds(iso);
    if (t && (!soonest || t < soonest)) soonest = t;
  }
  return soonest ? Countdown(soonest) : std::string();
}

void ActionPanel(Panel which);

void EscalateButton() {
  TrackState& s = St();
  if (OutlineButton(Txt(Str::action_escalate).c_str())) s.panel = s.panel == Panel::Escalate ? Panel::None : Panel::Escalate;
  if (s.panel == Panel::Escalate) ActionPanel(Panel::Escalate);
}

void SummaryCard(const cw::Json& v, cw::Status st) {
  BeginCard();
  if (Bool_(v, "stale")) Badge(S(Str::track_stale), T().warn, T().warn_soft);
  KeyValue(S(Str::track_number_label), Str_(v, "acceptance_no"), 0, kFontBodyBold);
  const ImU32 st_col = st == cw::Status::rejected ? T().error : Final(st) ? T().text2 : T().brand;
  KeyValue(S(Str::track_status), S(StatusKey(Str_(v, "status"))), st_col, kFontBodyBold);
  const auto c = v.find("customer");
  if (c != v.end() && c->is_object()) {
    KeyValue(S(Str::masked_contact), Str_(*c, "name") + " · " + Str_(*c, "phone"));
  }
  const std::string service = BusinessLabel(Str_(v, "business_type"), Str_(v, "category"));
  if (!service.empty()) KeyValue(S(Str::track_service), service);
  KeyValue(S(Str::track_filed_at), FormatTime(Str_(v, "filed_at")));
  const auto lvl = v.find("escalation_level");
  if (lvl != v.end() && lvl->is_number_integer() && lvl->get<int>() > 0) {
    KeyValue(S(Str::track_escalation), cw::format(S(Str::track_level), {std::to_string(lvl->get<int>())}), T().warn);
  }
  EndCard();
}

// spec 二(三): the reason, said politely, and the other lawful channels.
void RejectionCard(const cw::Json& v) {
  std::string reason;
  const auto tl = v.find("timeline");
  if (tl != v.end() && tl->is_array()) {
    for (const cw::Json& e : *tl) {
      if (Str_(e, "status") == "rejected" && !Str_(e, "note").empty()) reason = Str_(e, "note");
    }
  }
  BeginCard(Txt(Str::rejection_title).c_str());
  if (!reason.empty()) Text(reason);
  Space(4);
  Text(S(Str::rejection_channels), kFontHint, T().text2);
  EndCard();
}

// spec 四(三)3: conclusion, basis, plan and its execution, each in full.
void ReplyCard(const cw::Json& reply) {
  BeginCard(Txt(Str::track_reply_title).c_str());
  const std::pair<const char*, Str> parts[] = {{"conclusion", Str::reply_conclusion},
                                               {"basis", Str::reply_basis},
                                               {"plan", Str::reply_plan},
                                               {"execution", Str::reply_execution}};
  bool first = true;
  for (const auto& [key, label] : parts) {
    if (!first) Space(6);
    first = false;
    Text(S(label), kFontBodyBold, T().text2);
    Text(Str_(reply, key));
  }
  EndCard();
}

void DeadlinesCard(const cw::Json& v, cw::Status st, bool replied) {
  TrackState& s = St();
  const auto d = v.find("deadlines");
  if (d == v.end() || !d->is_object()) return;
  BeginCard(Txt(Str::track_deadlines).c_str());
  if (Bool_(v, "overdue")) {
    Text(S(Str::track_overdue_banner), kFontBody, T().error);
    if (Bool_(v, "can_escalate")) EscalateButton();
    Space(6);
  }
  const int n = static_cast<int>(std::size(kDeadlines));
  for (int i = 0; i < n; ++i) {
    const DeadlineRow& row = kDeadlines[i];
    const std::string iso = Str_(*d, row.key);
    const bool done = DeadlineDone(row.key, st, replied);
    const bool binds = !iso.empty() && DeadlineBinds(row.key, st, replied);
    std::string detail = done  ? Txt(Str::track_deadline_done)
                         : iso.empty() ? Txt(Str::deadline_pending)
                                       : cw::format(S(Str::deadline_by), {FormatTime(iso)});
    const std::string badge = binds ? Countdown(Seconds(iso)) : std::string();
    TimelineRow(S(row.label), detail, done ? Stage::Done : binds ? Stage::Current : Stage::Todo, i == n - 1,
                badge.empty() ? nullptr : badge.c_str());
  }
  (void)s;
  EndCard();
}

// Newest first, each with its time and public note (spec 三(三): the customer sees the progress).
void TimelineCard(const cw::Json& v, cw::Status st, bool replied) {
  const auto tl = v.find("timeline");
  if (tl == v.end() || !tl->is_array() || tl->empty()) return;
  struct Row {
    std::string title, detail;
  };
  std::vector<Row> rows;
  std::string prev;
  for (const cw::Json& e : *tl) {
    const std::string status = Str_(e, "status");
    Row r;
    const std::string note = Str_(e, "note");
    // Without a move, a customer's event is a supplement (its text is the note, never blank) or a
    // survey answer that kept the complaint in follow-up (its comment is not public: no note).
    const bool customer = Str_(e, "actor") == "customer";
    if (status != prev) r.title = Txt(StatusKey(status));
    else if (customer) r.title = Txt(note.empty() ? Str::track_customer_rated : Str::track_customer_note);
    else r.title = Txt(Str::track_progress_note);
    prev = status;
    r.detail = FormatTime(Str_(e, "at"));
    if (!note.empty() && status != "rejected") r.detail += " · " + note;  // a rejection's note has its own card
    rows.push_back(std::move(r));
  }
  std::reverse(rows.begin(), rows.end());
  const std::string badge = Final(st) ? std::string() : CurrentBadge(v, st, replied);
  BeginCard(Txt(Str::track_history).c_str());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const bool current = i == 0 && !Final(st);
    TimelineRow(rows[i].title, rows[i].detail, current ? Stage::Current : Stage::Done, i + 1 == rows.size(),
                current && !badge.empty() ? badge.c_str() : nullptr);
  }
  EndCard();
}

void SendAction(cw::ClientMethod method, const std::string& text) {
  TrackState& s = St();
  s.action_error.clear();
  s.notice.clear();
  s.action_call = Data_Call(method, cw::Json::array({s.no, text}));
}

// The form under the button that opened it: text, send, cancel (withdraw asks to confirm).
void ActionPanel(Panel which) {
  TrackState& s = St();
  const bool busy = s.action_call != 0;
  FieldOpts fo;
  fo.max_chars = static_cast<int>(cw::kNoteMax);
  fo.height = 110;
  if (which == Panel::Supplement) {
    const std::string l = Txt(Str::supplement_text), h = Txt(Str::track_supplement_hint);
    fo.placeholder = h.c_str();
    TextArea("##supplement", l.c_str(), s.supplement, fo);
    const bool blank = s.supplement.find_first_not_of(" \t\r\n") == std::string::npos;
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_supplement_send).c_str(), !blank && !busy)) {
      SendAction(cw::ClientMethod::supplement, s.supplement);
    }
  } else if (which == Panel::Escalate) {
    const std::string l = Txt(Str::escalate_reason);
    TextArea("##escalate", l.c_str(), s.escalate_reason, fo);
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_escalate_send).c_str(), !busy)) {
      SendAction(cw::ClientMethod::request_escalation, s.escalate_reason);
    }
  } else if (which == Panel::Withdraw) {
    Text(S(Str::withdraw_confirm), kFontBody, T().error);
    const std::string l = Txt(Str::track_withdraw_reason);
    TextArea("##withdraw", l.c_str(), s.withdraw_reason, fo);
    if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::track_withdraw_yes).c_str(), !busy)) {
      SendAction(cw::ClientMethod::withdraw, s.withdraw_reason);
    }
  }
  if (!s.action_error.empty()) {
    Text(s.action_error, kFontHint, T().error);
    Announce(s.action_error, true);
  }
  if (OutlineButton(Txt(Str::btn_cancel).c_str(), !busy)) {
    s.panel = Panel::None;
    s.action_error.clear();
  }
}

void ActionsCard(const cw::Json& v, cw::Status st) {
  TrackState& s = St();
  // The core's table decides what the customer may do; the view's can_* flags carry it.
  const bool can_supplement = cw::allowed_from(cw::transition(cw::Action::supplement), st) && !Bool_(v, "stale");
  const bool can_escalate = Bool_(v, "can_escalate") && !Bool_(v, "overdue");  // overdue: offered above
  const bool can_withdraw = Bool_(v, "can_withdraw");
  if (!can_supplement && !can_escalate && !can_withdraw) return;
  BeginCard(Txt(Str::track_actions).c_str());
  const auto toggle = [&](Panel p) { s.panel = s.panel == p ? Panel::None : p; };
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
  const cw::Json& v = s.view;
  if (!v.is_object()) {
    BeginCard();
    if (s.get_call) {
      Text(S(Str::msg_loading), kFontBody, T().text2);
      Announce(S(Str::msg_loading));
    } else {
      Text(s.error.empty() ? std::string(cw::message(cw::Errc::network_error, Ctx().lang)) : s.error, kFontBody,
           T().error);
      if (OutlineButton(Txt(Str::btn_retry).c_str())) LoadView();
    }
    EndCard();
    EndScreen();
    return;
  }
  const cw::Status st = cw::parse_enum<cw::Status>(Str_(v, "status")).value_or(cw::Status::received);
  const auto reply = v.find("reply");
  const bool replied = reply != v.end() && reply->is_object();
  if (s.open_escalation && Bool_(v, "can_escalate") && !Bool_(v, "stale")) {
    s.open_escalation = false;
    s.panel = Panel::Escalate;
  }
  if (!s.notice.empty()) {
    Text(s.notice, kFontBody, T().success);
    Announce(s.notice);
  }
  SummaryCard(v, st);
  if (st == cw::Status::rejected) RejectionCard(v);
  if (replied) ReplyCard(*reply);
  if (!Final(st)) DeadlinesCard(v, st, replied);
  TimelineCard(v, st, replied);
  ActionsCard(v, st);
  EndScreen();

  if (Bool_(v, "can_rate")) {
    BeginBottomBar();
    if (PrimaryButton(Txt(Str::action_rate).c_str())) Navigate(Route{Screen::Survey, 0, s.no, {}});
    EndBottomBar();
  }
}

}  // namespace

void TrackOpenEscalation() { St().open_escalation = true; }

void TrackScreen() {
  TrackState& s = St();
  static bool subscribed = false;
  if (!subscribed) {
    Data_Subscribe(OnDataEvent);
    subscribed = true;
  }
  const int frame = ImGui::GetFrameCount();
  const Route& route = Ctx().route;
  if (frame - s.last_frame != 1 || Ctx().route_entries != s.entry || route.no != s.route_no) OnRoute(route.no);
  s.last_frame = frame;
  s.entry = Ctx().route_entries;
  Poll();

  const bool view = s.phase == Phase::View;
  const bool rate_bar = view && Bool_(s.view, "can_rate");
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
