// wasm/ui/screens/survey.cpp — the follow-up survey (回访, spec 六; issue 7 §4): overall stars,
// resolved yes/no, attitude / speed / result stars and a comment; from the track screen (the device's
// access token) or the deep link #/survey/{no}?t=TOKEN. A dissatisfied answer offers escalation
// (spec 五(一)); a used or expired link says so plainly.
#include <string>

#include "core/validation.h"
#include "wasm/ui/data.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

enum class Phase { Form, Thanks, Cannot };

struct SurveyState {
  int last_frame = -10;
  unsigned entry = 0;  // Ctx().route_entries when last drawn
  std::string no, token;  // of the route the form belongs to
  Phase phase = Phase::Form;
  int overall = 0, attitude = 0, speed = 0, result = 0;
  int resolved = -1;  // chip index: 0 yes, 1 no
  std::string comment;
  Pending<cw::Sent> call;
  std::optional<cw::CallError> error;  // worded when drawn (data.h)
  bool queued = false, dissatisfied = false;
};

SurveyState& St() { return ScreenState<SurveyState>(); }

std::string Txt(Str k) { return std::string(S(k)); }

void Reset(const Route& r) {
  SurveyState& s = St();
  s = SurveyState{};  // forgets a call still on its way
  s.no = r.no;
  s.token = r.token;
}

bool Complete(const SurveyState& s) {
  return s.overall > 0 && s.resolved >= 0 && s.attitude > 0 && s.speed > 0 && s.result > 0;
}

void Submit() {
  SurveyState& s = St();
  cw::Json survey = {{"overall", s.overall},
                     {"resolved", s.resolved == 0},
                     {"aspects", {{"attitude", s.attitude}, {"speed", s.speed}, {"result", s.result}}},
                     {"comment", s.comment}};
  if (!s.token.empty()) survey["token"] = s.token;
  s.error.reset();
  s.call = Call<cw::ClientMethod::submit_survey>({s.no, survey});
}

void Poll() {
  SurveyState& s = St();
  const auto r = s.call.Take();
  if (!r) return;
  if (r->ok) {
    s.phase = Phase::Thanks;
    s.queued = r->value.queued;
    // spec 五(一): dissatisfied with the result → the customer may ask for escalation.
    s.dissatisfied = s.overall <= 2 || s.resolved != 0;
    return;
  }
  s.error = r->error;
  // A used, expired or foreign link, or a complaint not (or no longer) open for rating: the form
  // cannot help; say why and lead to the complaint.
  const std::string& code = r->error.code;
  if (code.rfind("survey.", 0) == 0 || code.rfind("auth.", 0) == 0 || code == "http.not_found") {
    s.phase = Phase::Cannot;
  }
}

void FormPhase() {
  SurveyState& s = St();
  const bool zh = Ctx().lang == cw::Lang::zh_CN;
  if (!s.no.empty()) Hint(Txt(Str::receipt_number) + " " + s.no);

  BeginCard(Txt(Str::survey_question).c_str());
  StarRating("##overall", Txt(Str::survey_overall).c_str(), &s.overall, true);
  static constexpr Str kLevels[] = {Str::survey_level_1, Str::survey_level_2, Str::survey_level_3,
                                    Str::survey_level_4, Str::survey_level_5};
  if (s.overall >= 1 && s.overall <= 5) Hint(S(kLevels[s.overall - 1]));
  EndCard();

  BeginCard((Txt(Str::survey_resolved) + (zh ? "？" : "?")).c_str());
  const std::string yes = Txt(Str::survey_yes), no = Txt(Str::survey_no);
  const char* chips[] = {yes.c_str(), no.c_str()};
  Chips("##resolved", chips, 2, &s.resolved);
  EndCard();

  BeginCard();
  StarRating("##attitude", Txt(Str::survey_attitude).c_str(), &s.attitude, false);
  StarRating("##speed", Txt(Str::survey_speed).c_str(), &s.speed, false);
  StarRating("##result", Txt(Str::survey_result).c_str(), &s.result, false);
  Space(4);
  const std::string l = Txt(Str::survey_comment), ph = Txt(Str::survey_comment_placeholder);
  FieldOpts fo;
  fo.placeholder = ph.c_str();
  fo.max_chars = static_cast<int>(cw::kCommentMax);
  fo.counter = true;
  fo.height = 96;
  TextArea("##comment", l.c_str(), s.comment, fo);
  EndCard();
  if (const std::string error = ErrorText(s.error, Ctx().lang); !error.empty()) {
    Text(error, kFontHint, T().error);
    Announce(error, true);
  } else if (!Complete(s)) Hint(S(Str::survey_incomplete));
  EndScreen();

  BeginBottomBar();
  const bool busy = s.call.active();
  if (PrimaryButton(Txt(busy ? Str::msg_sending : Str::survey_submit).c_str(), Complete(s) && !busy)) Submit();
  EndBottomBar();
}

void ToTrack(bool escalate) {
  if (escalate) TrackOpenEscalation();
  Navigate(Route{Screen::Track, 0, St().no, {}});
}

void ThanksPhase() {
  SurveyState& s = St();
  BeginCard();
  Space(8);
  StatusMark(true);
  Space(4);
  TextCentered(S(Str::survey_thanks), kFontHeading);
  if (RegistryItem* thanks = Registry_Last()) thanks->level = 2;  // a heading in the a11y tree
  TextCentered(S(Str::survey_thanks_body), kFontBody, T().text2);
  if (s.queued) TextCentered(S(Str::msg_offline), kFontHint, T().warn);
  Announce(S(Str::survey_thanks));
  EndCard();
  if (s.dissatisfied) {
    BeginCard();
    Text(S(Str::survey_offer_escalation));
    if (OutlineButton(Txt(Str::action_escalate).c_str())) ToTrack(true);
    EndCard();
  }
  EndScreen();
  BeginBottomBar();
  if (PrimaryButton(Txt(Str::survey_home).c_str())) Navigate(Route{});
  EndBottomBar();
}

void CannotPhase() {
  SurveyState& s = St();
  BeginCard(Txt(Str::survey_cannot).c_str());
  const std::string why = ErrorText(s.error, Ctx().lang);
  Text(why);
  Announce(why, true);
  EndCard();
  EndScreen();
  BeginBottomBar();
  if (PrimaryButton(Txt(s.no.empty() ? Str::survey_home : Str::survey_to_track).c_str())) {
    if (s.no.empty()) Navigate(Route{});
    else ToTrack(false);
  }
  EndBottomBar();
}

}  // namespace

void SurveyScreen() {
  SurveyState& s = St();
  const Route& route = Ctx().route;
  const int frame = ImGui::GetFrameCount();
  // A new link, or coming back after the thank-you (even within one frame: home and back to the
  // same link between two frames): a fresh form.
  const bool reentered = frame - s.last_frame != 1 || Ctx().route_entries != s.entry;
  if (route.no != s.no || route.token != s.token || (reentered && s.phase != Phase::Form)) {
    Reset(route);
  }
  s.last_frame = frame;
  s.entry = Ctx().route_entries;
  Poll();

  ScreenOpts so;
  const std::string title = Txt(Str::survey_title);
  so.title = title.c_str();
  so.back = true;
  so.bottom_bar = true;
  if (BeginScreen("##survey", so)) Navigate(s.no.empty() ? Route{} : Route{Screen::Track, 0, s.no, {}});
  switch (s.phase) {
    case Phase::Form: FormPhase(); break;
    case Phase::Thanks: ThanksPhase(); break;
    case Phase::Cannot: CannotPhase(); break;
  }
}

}  // namespace ui
