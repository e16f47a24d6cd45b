// wasm/ui/screens/wizard_steps.cpp — the filing wizard's five steps (issue 7 §2, spec 二(二)3–4):
// business & category, problem & demand, contact & reply method, evidence, review with the privacy
// consent. Each reads and writes the wizard's state (wizard.h); the core's checks decide the errors.
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
// [SECTION] steps
// -----------------------------------------------------------------------------------------------
// A changed field drops the server's complaint about it (the customer is fixing it).
void Changed(cw::Field field) { W().server_errors.erase(cw::path_str(field)); }

void ChipGroupError(const std::string& text) {
  if (!text.empty()) Hint(text, T().error);
}

void StepType(const cw::FieldErrors& e) {
  Wizard& w = W();
  Form& f = w.form;
  BeginCard(std::string(S(Str::field_business_type)).c_str());
  if (ChipsFor("business_type", Options<cw::BusinessType>("business_types", "bt_"), f.business_type)) Changed(cw::Field::business_type);
  ChipGroupError(ErrorFor(w, e, cw::Field::business_type, true));
  EndCard();

  BeginCard(std::string(S(Str::field_category)).c_str());
  if (ChipsFor("category", Options<cw::Category>("categories", "cat_"), f.category)) Changed(cw::Field::category);
  ChipGroupError(ErrorFor(w, e, cw::Field::category, true));
  EndCard();

  BeginCard(std::string(S(Str::field_service_number)).c_str());
  FieldOpts so;
  const bool phone_like = f.business_type == "mobile" || f.business_type == "fixed_line";
  const Str hint = f.business_type == "mobile"       ? Str::hint_service_number_mobile
                   : f.business_type == "fixed_line" ? Str::hint_service_number_fixed
                   : f.business_type.empty()         ? Str::hint_service_number_any
                                                     : Str::hint_service_number_broadband;
  const std::string hint_text(S(hint));
  const std::string err = ErrorFor(w, e, cw::Field::service_number);
  const std::string label(S(Str::field_service_number));
  so.placeholder = hint_text.c_str();
  so.error = err.c_str();
  so.kind = phone_like ? InputKind::Phone : InputKind::Text;
  so.max_chars = 32;
  so.aria_label = label.c_str();
  const bool changed = phone_like ? PhoneField("service_number", nullptr, f.service_number, so)
                                  : TextField("service_number", nullptr, f.service_number, so);
  if (changed) Changed(cw::Field::service_number);
  EndCard();

  BeginCard(std::string(S(Str::field_occurred_at)).c_str());
  const std::string l0(S(Str::when_today)), l1(S(Str::when_yesterday)), l2(S(Str::when_day_before)),
      l3(S(Str::when_other));
  const char* const when[] = {l0.c_str(), l1.c_str(), l2.c_str(), l3.c_str()};
  if (Chips("when", when, 4, &f.when)) Changed(cw::Field::occurred_at);
  const std::string when_err = ErrorFor(w, e, cw::Field::occurred_at, f.when == kWhenNone);
  if (f.when == kWhenOther) {
    FieldOpts d;
    const std::string hint_date(S(Str::hint_date)), date_label(S(Str::field_date));
    d.placeholder = hint_date.c_str();
    d.error = when_err.c_str();
    d.max_chars = 10;
    d.enter = EnterKey::Done;
    d.kind = InputKind::Phone;  // a numeric keyboard that also has '-'
    if (TextField("occurred_date", date_label.c_str(), f.date, d)) Changed(cw::Field::occurred_at);
  } else {
    ChipGroupError(when_err);
  }
  EndCard();
}

void StepProblem(const cw::FieldErrors& e) {
  Wizard& w = W();
  Form& f = w.form;
  BeginCard(std::string(S(Str::field_problem)).c_str());
  FieldOpts po;
  const std::string hint(S(Str::hint_problem)), label(S(Str::field_problem));
  const std::string perr = ErrorFor(w, e, cw::Field::problem);
  po.placeholder = hint.c_str();
  po.max_chars = (int)cw::kProblemMax;
  po.counter = true;
  po.error = perr.c_str();
  po.aria_label = label.c_str();
  if (TextArea("problem", nullptr, f.problem, po)) Changed(cw::Field::problem);
  EndCard();

  BeginCard(std::string(S(Str::field_demand)).c_str());
  FieldOpts d;
  const std::string dhint(S(Str::hint_demand)), dlabel(S(Str::field_demand));
  const std::string derr = ErrorFor(w, e, cw::Field::demand);
  d.placeholder = dhint.c_str();
  d.max_chars = (int)cw::kDemandMax;
  d.counter = true;
  d.error = derr.c_str();
  d.aria_label = dlabel.c_str();
  d.height = 96;
  if (TextArea("demand", nullptr, f.demand, d)) Changed(cw::Field::demand);
  Space(4);
  Text(S(Str::demand_examples_title), kFontBodyBold, T().text2);
  for (Str ex : {Str::demand_example_1, Str::demand_example_2, Str::demand_example_3})
    Hint("· " + std::string(S(ex)), T().text2);
  EndCard();
}

void StepContact(const cw::FieldErrors& e) {
  Wizard& w = W();
  Form& f = w.form;
  BeginCard(std::string(S(Str::step_contact)).c_str());
  const std::string nl(S(Str::field_name)), pl(S(Str::field_phone)), el(S(Str::field_email)), ph(S(Str::hint_phone));
  const std::string nerr = ErrorFor(w, e, cw::Field::customer_name), perr = ErrorFor(w, e, cw::Field::customer_phone),
                    eerr = ErrorFor(w, e, cw::Field::customer_email);
  FieldOpts n;
  n.kind = InputKind::Name;
  n.max_chars = (int)cw::kNameMax;
  n.error = nerr.c_str();
  if (TextField("name", nl.c_str(), f.name, n)) Changed(cw::Field::customer_name);
  FieldOpts p;
  p.placeholder = ph.c_str();
  p.error = perr.c_str();
  if (PhoneField("phone", pl.c_str(), f.phone, p)) {
    Changed(cw::Field::customer_phone);
    Changed(cw::Field::customer_reply_method);  // "SMS needs a mobile" depends on the number
  }
  FieldOpts m;
  m.kind = InputKind::Email;
  m.placeholder = "name@example.com";
  m.max_chars = 254;
  m.enter = EnterKey::Done;
  m.error = eerr.c_str();
  if (TextField("email", el.c_str(), f.email, m)) Changed(cw::Field::customer_email);
  EndCard();

  BeginCard(std::string(S(Str::field_reply_method)).c_str());
  if (ChipsFor("reply_method", Options<cw::ReplyMethod>("reply_methods", "rm_"), f.reply_method)) {
    Changed(cw::Field::customer_reply_method);
    Changed(cw::Field::customer_email);  // "e-mail needs an address" depends on the method
  }
  ChipGroupError(ErrorFor(w, e, cw::Field::customer_reply_method, true));
  EndCard();
}

std::string SizeText(double bytes) {
  char buf[32];
  if (bytes >= 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024 * 1024));
  else std::snprintf(buf, sizeof buf, "%.0f KB", std::max(1.0, bytes / 1024));
  return buf;
}

void StepEvidence(const cw::FieldErrors& e) {
  Wizard& w = W();
  const Theme& t = T();
  BeginCard(std::string(S(Str::evidence_title)).c_str());
  Hint(S(Str::evidence_hint));
  Space(4);
  int good = 0;
  for (const PickedFile& p : w.files) good += !p.bad;
  const std::string remove(S(Str::evidence_remove));
  int gone = -1;
  std::size_t wire = 0;  // the file's place in the filing's `evidence` (bad files are not sent)
  for (std::size_t i = 0; i < w.files.size(); ++i) {
    const PickedFile& p = w.files[i];
    RowOpts ro;
    std::string detail = SizeText(p.size) + " · ";
    // The server refused this one file of the filing (evidence[n]: upload.not_found, ...).
    const auto refused = p.bad ? w.server_errors.end()
                               : w.server_errors.find(cw::item_path(cw::Field::evidence, wire));
    if (!p.bad) ++wire;
    if (p.bad) {
      detail += std::string(S(p.problem));
      ro.detail_color = t.error;
    } else if (refused != w.server_errors.end()) {
      detail += std::string(cw::message(refused->second, Ctx().lang));
      ro.detail_color = t.error;
    } else {
      detail += std::string(S(p.state == FileState::Sent      ? Str::evidence_sent
                              : p.state == FileState::Sending ? Str::evidence_sending
                                                              : Str::evidence_ready));
      if (p.state == FileState::Sent) ro.detail_color = t.success;
    }
    ro.detail = detail;
    ro.action = w.submit_call.active() ? nullptr : remove.c_str();
    ro.divider = i > 0;
    if (ListRow(p.key.c_str(), p.name, ro) == RowHit::Action) gone = (int)i;
  }
  if (gone >= 0) {
    Call<cw::ClientMethod::forget_file>({w.files[(std::size_t)gone].key}).Forget();
    w.files.erase(w.files.begin() + gone);
    w.files_full = false;
    std::erase_if(w.server_errors, [](const auto& kv) { return cw::names(kv.first, cw::Field::evidence); });
  }
  if (w.files_full) Hint(S(Str::evidence_full), t.error);
  const std::string err = ErrorFor(w, e, cw::Field::evidence);
  if (!err.empty()) Hint(err, t.error);
  // A refused file's message is on its row; said once more under the list, where the step's errors are.
  for (const auto& [path, code] : w.server_errors)
    if (cw::item_of(path, cw::Field::evidence)) Hint(cw::message(code, Ctx().lang), t.error);
  if (w.files.empty()) Hint(S(Str::evidence_none));
  Space(4);
  FilePickButton(std::string(S(Str::evidence_add)).c_str(), "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf",
                 good < (int)cw::kEvidenceMax && !w.submit_call.active());
  EndCard();
}

void ReviewRow(int step, Str title, const std::string& detail, bool divider) {
  RowOpts ro;
  ro.detail = detail;
  const std::string edit(S(Str::review_edit));
  ro.action = W().submit_call.active() ? nullptr : edit.c_str();
  ro.divider = divider;
  if (ListRow(("review" + std::to_string(step)).c_str(), S(title), ro) == RowHit::Action) {
    W().from_review = true;
    Navigate(Route{Screen::File, step, {}, {}});
  }
}

void StepReview(const cw::FieldErrors& e) {
  Wizard& w = W();
  const Form& f = w.form;
  const cw::Complaint c = Build(w, false);
  BeginCard();
  std::string type = f.business_type.empty() ? "—" : Label("business_types", "bt_", f.business_type);
  if (!f.category.empty()) type += " · " + Label("categories", "cat_", f.category);
  if (!c.service_number.empty()) type += " · " + c.service_number;
  if (c.occurred_at) type += " · " + TimeText(*c.occurred_at);
  ReviewRow(1, Str::step_type, type, false);
  std::string problem = c.problem;
  if (problem.size() > 120) {
    std::size_t cut = 120;
    while (cut > 0 && ((unsigned char)problem[cut] & 0xC0) == 0x80) --cut;
    problem = problem.substr(0, cut) + "…";
  }
  ReviewRow(2, Str::step_problem, problem + (c.demand.empty() ? "" : "\n" + std::string(S(Str::field_demand)) + "：" + c.demand),
            true);
  std::string contact = c.customer.name + " · " + c.customer.phone;
  if (!c.customer.email.empty()) contact += " · " + c.customer.email;
  if (c.customer.reply_method) contact += " · " + Label("reply_methods", "rm_", f.reply_method);
  ReviewRow(3, Str::step_contact, contact, true);
  std::string files =
      c.evidence.empty() ? std::string(S(Str::evidence_none)) : Fmt(Str::review_files, {std::to_string(c.evidence.size())});
  if (w.submit_call.active() && !c.evidence.empty()) {
    // The client uploads the files one by one before the filing ("op-done" per upload), the bytes
    // of the current one reported by "upload-progress".
    const double n = (double)c.evidence.size();
    const double done = std::min<double>((double)w.uploads_done + w.upload_part, n);
    w.upload_pct = (int)(100 * done / n);
    files += " · " + Fmt(Str::evidence_uploading, {std::to_string(w.upload_pct)});
  } else {
    w.upload_pct = -1;
  }
  ReviewRow(4, Str::step_evidence, files, true);
  EndCard();

  BeginCard();
  if (Checkbox(std::string(S(Str::consent_label)).c_str(), &w.form.consent)) Changed(cw::Field::consent);
  const std::string err = ErrorFor(w, e, cw::Field::consent);
  if (!err.empty()) Hint(err, T().error);
  Announce(err, true);  // spoken once when it appears (nothing when empty)
  Hint(S(Str::review_privacy));
  if (Link(std::string(S(Str::consent_link)).c_str())) w.show_notice = !w.show_notice;
  if (w.show_notice) {
    const std::string url = cw::str_of(Ctx().meta, "privacy_notice_url");
    Hint(Fmt(Str::privacy_summary, {url.empty() ? std::string_view("—") : std::string_view(url)}), T().text2);
  }
  EndCard();
  const int bad = (int)e.size();
  if (w.show_errors[kFileSteps] && bad > 0) Hint(Fmt(Str::msg_fix_fields, {std::to_string(bad)}), T().error);
  if (!w.server_message.empty()) Text(w.server_message, kFontBody, T().error);
  Announce(w.server_message, true);
}

}  // namespace ui::wizard
