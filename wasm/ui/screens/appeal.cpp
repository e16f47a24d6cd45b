// wasm/ui/screens/appeal.cpp — the rejection and regulator's-path cards of the track screen
// (wasm/ui/screens/appeal.h). The core decides whether and why (customer_view); these only word it.
#include "wasm/ui/screens/appeal.h"

#include <optional>
#include <string>

#include "core/i18n.h"
#include "core/workflow.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

Str WhyText(cw::AppealReason r) {
  switch (r) {
    case cw::AppealReason::rejected: return Str::regulator_why_rejected;
    case cw::AppealReason::dissatisfied: return Str::regulator_why_dissatisfied;
    case cw::AppealReason::reply_overdue: return Str::regulator_why_reply_overdue;
    case cw::AppealReason::top_level: return Str::regulator_why_top_level;
    case cw::AppealReason::closed: break;
  }
  return Str::regulator_why_closed;
}

}  // namespace

void RejectionCard(const cw::CustomerView& v) {
  const cw::RejectionReason code = v.rejection ? v.rejection->reason_code : cw::RejectionReason::other;
  BeginCard(std::string(S(Str::rejection_title)).c_str());
  Text(cw::rejection_guidance(code, Ctx().lang));
  if (v.rejection && !v.rejection->note.empty()) {
    Space(6);
    Text(S(Str::rejection_note), kFontBodyBold, T().text2);
    Text(v.rejection->note);
  }
  EndCard();
}

void RegulatorCard(const cw::CustomerView& v) {
  if (!v.regulator_path) return;
  const cw::RegulatorPath& p = *v.regulator_path;
  BeginCard(std::string(S(Str::regulator_title)).c_str());
  Text(S(WhyText(p.reason)), kFontBody, p.reason == cw::AppealReason::reply_overdue ? T().error : 0);
  Space(8);
  Text(S(Str::regulator_name), kFontBodyBold);
  KeyValue(S(Str::regulator_phone), cw::kRegulatorPhone, T().brand_text, kFontBodyBold);
  KeyValue(S(Str::regulator_website), cw::kRegulatorWebsite, T().brand_text);
  Space(8);
  Text(S(Str::regulator_dates), kFontHint, T().text2);
  KeyValue(S(Str::track_number_label), v.acceptance_no, 0, kFontBodyBold);
  const std::pair<Str, const std::optional<cw::Timestamp>*> dates[] = {
      {Str::regulator_accepted, &p.accepted_at}, {Str::regulator_rejected, &p.rejected_at},
      {Str::regulator_replied, &p.replied_at},   {Str::regulator_reply_due, &p.reply_due},
      {Str::regulator_surveyed, &p.surveyed_at}, {Str::regulator_escalated, &p.escalated_at},
      {Str::regulator_closed, &p.closed_at}};
  KeyValue(S(Str::regulator_filed), TimeText(p.filed_at));
  for (const auto& [label, when] : dates) {
    if (*when) KeyValue(S(label), TimeText(**when));
  }
  Space(6);
  Text(S(Str::regulator_after), kFontHint, T().text2);
  EndCard();
}

}  // namespace ui
