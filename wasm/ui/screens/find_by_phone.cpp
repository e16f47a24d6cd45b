// wasm/ui/screens/find_by_phone.cpp — "找不到？用手机号查找" ("#/mine/phone", DESIGN §4 Customer lookup
// by phone): complaints filed in a shop, on the hotline or on another phone are found by the contact
// phone and one code; the client merges them into "my complaints", and this screen lists them.
#include <string>

#include "core/mask.h"
#include "core/validation.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/code_step.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

enum class Phase { Entry, Code, Found };

struct FindState {
  Phase phase = Phase::Entry;
  std::string phone, code;  // as typed
  std::optional<cw::CallError> error;  // worded when drawn (data.h)
  std::int64_t resend_at = 0;
  Pending<cw::NoAnswer> request_call;
  Pending<cw::PhoneLookup> verify_call;
  cw::MyComplaints found;  // the phone's complaints (now also in "my complaints")
};

FindState& F() { return ScreenState<FindState>(); }

std::string Txt(Str k) { return std::string(S(k)); }

std::string Digits(const std::string& s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

void RequestCode() {
  FindState& s = F();
  s.error.reset();
  s.request_call = Call<cw::ClientMethod::request_phone_lookup_code>({Digits(s.phone)});
}

void Poll() {
  FindState& s = F();
  if (auto r = s.request_call.Take()) {
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
      s.found = std::move(r->value.items);
      s.code.clear();
      s.error.reset();
      s.phase = Phase::Found;
      Announce(s.found.empty() ? Txt(Str::phone_lookup_none)
                               : cw::format(S(Str::phone_lookup_found), {std::to_string(s.found.size())}),
               false);
    } else {
      s.error = r->error;
    }
  }
}

void EntryPhase() {
  FindState& s = F();
  const std::string digits = Digits(s.phone);
  const bool phone_ok = cw::is_contact_phone(digits);
  const std::string phone_error = !phone_ok && digits.size() >= 11
                                      ? std::string(cw::message(cw::Errc::validation_phone_invalid, Ctx().lang))
                                      : std::string();
  BeginCard();
  Text(S(Str::phone_lookup_intro), kFontBody, T().text2);
  Space(4);
  const std::string label = Txt(Str::track_phone_label), hint = Txt(Str::hint_phone);
  FieldOpts po;
  po.placeholder = hint.c_str();
  po.error = phone_error.c_str();
  po.enter = EnterKey::Go;
  if (PhoneField("##find_phone", label.c_str(), s.phone, po)) RequestFrameIn(0);
  if (const std::string error = ErrorText(s.error, Ctx().lang); !error.empty()) {
    Text(error, kFontHint, T().error);
    Announce(error, true);
  }
  EndCard();
  EndScreen();

  BeginBottomBar();
  const bool busy = s.request_call.active();
  const std::string send = busy ? Txt(Str::msg_sending) : Txt(Str::track_send_code);
  if (PrimaryButton(send.c_str(), phone_ok && !busy)) RequestCode();
  EndBottomBar();
}

void CodePhase() {
  FindState& s = F();
  BeginCard();
  Text(S(Str::phone_lookup_code_sent), kFontBody, T().text2);
  KeyValue(S(Str::track_phone_label), cw::mask_phone(Digits(s.phone)));
  switch (CodeInput("##find_code", s.code, ErrorText(s.error, Ctx().lang), s.resend_at, s.request_call.active(), Str::phone_lookup_change)) {
    case CodeAction::Resend: RequestCode(); break;
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
  const std::string verify = busy ? Txt(Str::msg_sending) : Txt(Str::phone_lookup_verify);
  if (PrimaryButton(verify.c_str(), s.code.size() == kCodeDigits && !busy)) {
    s.error.reset();
    s.verify_call = Call<cw::ClientMethod::verify_phone_lookup>({Digits(s.phone), s.code});
  }
  EndBottomBar();
}

void FoundPhase() {
  FindState& s = F();
  const Theme& t = T();
  BeginCard();
  if (s.found.empty()) {
    Text(S(Str::phone_lookup_none), kFontBody, t.text2);
  } else {
    Text(cw::format(S(Str::phone_lookup_found), {std::to_string(s.found.size())}), kFontBodyBold, t.success);
  }
  EndCard();
  int rows = 0;
  for (const cw::MyComplaint& c : s.found) {
    const std::string& no = c.acceptance_no;
    if (no.empty()) continue;
    if (rows == 0) BeginCard();
    RowOpts ro;
    const std::string badge = c.status ? StatusLabel(*c.status) : std::string();
    ro.badge = badge;
    std::string detail = ServiceLabel(c.business_type, c.category);
    if (c.filed_at) detail += (detail.empty() ? "" : " · ") + cw::format(S(Str::mine_filed_at), {TimeText(*c.filed_at)});
    ro.detail = detail;
    ro.divider = rows > 0;
    if (ListRow(no.c_str(), no, ro) == RowHit::Row) Navigate(Route{Screen::Track, 0, no, {}});
    ++rows;
  }
  if (rows > 0) EndCard();
  EndScreen();

  BeginBottomBar();
  if (PrimaryButton(Txt(Str::home_mine).c_str())) {
    s = FindState{};
    Navigate(Route{Screen::Mine, 0, {}, {}});
  }
  EndBottomBar();
}

}  // namespace

void FindByPhoneScreen() {
  Poll();
  ScreenOpts so;
  const std::string title = Txt(Str::phone_lookup_title);
  so.title = title.c_str();
  so.back = true;
  so.bottom_bar = true;
  if (BeginScreen("##find_by_phone", so)) {
    FindState& s = F();
    if (s.phase == Phase::Code) {
      s.phase = Phase::Entry;
      s.error.reset();
    } else {
      s = FindState{};
      Navigate(Route{Screen::Mine, 0, {}, {}});
    }
  }
  switch (F().phase) {
    case Phase::Entry: EntryPhase(); break;
    case Phase::Code: CodePhase(); break;
    case Phase::Found: FoundPhase(); break;
  }
}

}  // namespace ui
