// wasm/ui/screens/receipt.cpp — the receipt after a filing (#/file/done): the acceptance number to
// keep, the next deadlines, how the reply comes; "queued" while the filing waits for the network,
// and back from the device after a reload.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/codec.h"
#include "core/draft.h"
#include "core/field_path.h"
#include "core/i18n.h"
#include "core/model.h"
#include "core/time_limits.h"
#include "core/validation.h"
#include "wasm/ui/data.h"
#include "wasm/ui/registry.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/wizard.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui::wizard {

// -----------------------------------------------------------------------------------------------
// [SECTION] receipt
// -----------------------------------------------------------------------------------------------
int PolicyInt(const char* key, const char* sub, int fallback) {
  const cw::Json* p = JObj(Ctx().meta, "policy");
  if (!p) return fallback;
  const auto it = p->find(key);
  if (it == p->end()) return fallback;
  if (sub) {
    if (!it->is_object()) return fallback;
    const auto s = it->find(sub);
    return s != it->end() && s->is_number_integer() ? s->get<int>() : fallback;
  }
  return it->is_number_integer() ? it->get<int>() : fallback;
}

void ReceiptScreen() {
  Wizard& w = W();
  Receipt& r = w.receipt;
  const Theme& t = T();
  ScreenOpts so;
  const std::string title(S(r.queued ? Str::status_queued : Str::receipt_title));
  so.title = title.c_str();
  so.bottom_bar = true;
  BeginScreen("##receipt", so);
  if (!r.shown) {
    // A reload on #/file/done: the receipt comes back from the device; without one, "my
    // complaints" has the filing.
    if (!w.receipt_call.active()) w.receipt_call = Call<cw::ClientMethod::load_draft>({"receipt"});
    if (auto res = w.receipt_call.Take()) {
      const cw::Receipt saved = res->ok ? cw::receipt_from_json(res->value) : cw::Receipt{};
      if (!saved.acceptance_no.empty() || !saved.client_ref.empty()) {
        static_cast<cw::Receipt&>(r) = saved;
        r.shown = true;
      } else {
        Navigate(Route{Screen::Mine, 0, {}, {}}, true);
      }
    } else {
      Hint(S(Str::msg_loading));
    }
    if (!r.shown) {
      EndScreen();
      return;
    }
  }
  BeginCard();
  Space(4);
  StatusMark(!r.queued);
  Space(4);
  Announce(r.queued ? std::string(S(Str::receipt_queued_title))
                    : std::string(S(Str::receipt_received)) + " " + std::string(S(Str::receipt_number)) + " " + r.acceptance_no);
  if (r.queued) {
    TextCentered(S(Str::receipt_queued_title), kFontHeading);
    Space(2);
    Text(S(Str::receipt_queued_body), kFontBody, t.text2);
  } else {
    TextCentered(S(Str::receipt_received), kFontHeading);
    TextCentered(S(Str::receipt_number), kFontHint, t.hint);
    // The caption names the number in the a11y tree (a key and its value, as on the track screen).
    if (RegistryItem* key = Registry_Last()) key->value = r.acceptance_no;
    Display(r.acceptance_no);
    Space(4);
    if (OutlineButton(std::string(S(Str::receipt_copy)).c_str())) {
      ImGui::SetClipboardText(r.acceptance_no.c_str());
      r.copied = true;
    }
    TextCentered(S(r.copied ? Str::receipt_copied : Str::receipt_keep), kFontHint, r.copied ? t.success : t.hint);
    if (r.copied) Announce(S(Str::receipt_copied));
  }
  EndCard();

  const cw::Policy& def = cw::default_policy();
  BeginCard(std::string(S(Str::next_title)).c_str());
  const std::optional<cw::Timestamp> acc = r.deadlines.acceptance, rep = r.deadlines.reply;
  const std::string acc_text = acc ? Fmt(Str::next_acceptance_detail, {TimeText(*acc)})
                                   : Fmt(Str::next_acceptance_hours, {std::to_string(PolicyInt("acceptance_hours", nullptr, def.acceptance_hours))});
  const std::string inv_text = Fmt(Str::next_investigation_detail,
                                   {std::to_string(PolicyInt("investigation_working_days", "simple", def.investigation_simple_days)),
                                    std::to_string(PolicyInt("investigation_working_days", "complex", def.investigation_complex_days))});
  std::string rep_text = rep ? Fmt(Str::next_reply_detail, {TimeText(*rep)})
                             : Fmt(Str::next_reply_days, {std::to_string(PolicyInt("reply_days", nullptr, def.reply_days))});
  if (!r.reply_method.empty()) rep_text += "\n" + Fmt(Str::receipt_reply_by, {Label("reply_methods", "rm_", r.reply_method)});
  const std::string fu_text = Fmt(Str::next_follow_up_detail, {std::to_string(PolicyInt("follow_up_days", nullptr, def.follow_up_days))});
  TimelineRow(S(Str::next_acceptance), acc_text, r.queued ? Stage::Todo : Stage::Current, false);
  TimelineRow(S(Str::next_investigation), inv_text, Stage::Todo, false);
  TimelineRow(S(Str::next_reply), rep_text, Stage::Todo, false);
  TimelineRow(S(Str::next_follow_up), fu_text, Stage::Todo, true);
  EndCard();
  TextCentered(WithOperator(Str::home_hotline), kFontHint, t.hint);
  EndScreen();

  BeginBottomBar();
  if (r.queued) {
    if (PrimaryButton(std::string(S(Str::receipt_home)).c_str())) Navigate(Route{});
  } else if (PrimaryButton(std::string(S(Str::receipt_view)).c_str())) {
    Navigate(Route{Screen::Track, 0, r.acceptance_no, {}});
  }
  EndBottomBar();
}

}  // namespace ui::wizard
