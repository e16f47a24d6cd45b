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

// Issue 19 item 8: where and when a network problem happens, as operators' own apps ask it; all
// optional. A place from the list or an address: choosing one clears the other (the core refuses both).
void NetworkCard(const cw::FieldErrors& e) {
  Wizard& w = W();
  Form& f = w.form;
  BeginCard(std::string(S(Str::network_title)).c_str());
  Text(S(Str::field_place), kFontBodyBold, T().text2);
  if (ChipsFor("network_place", Options<cw::NetworkPlace>("network_places", "place_"), f.place)) {
    f.address.clear();
    Changed(cw::Field::network_address);
  }
  FieldOpts a;
  const std::string al(S(Str::field_address)), ah(S(Str::hint_address));
  const std::string aerr = ErrorFor(w, e, cw::Field::network_address);
  a.placeholder = ah.c_str();
  a.max_chars = (int)cw::kAddressMax;
  a.error = aerr.c_str();
  if (TextField("network_address", al.c_str(), f.address, a)) {
    if (!f.address.empty()) f.place.clear();
    Changed(cw::Field::network_address);
  }
  Space(4);
  Text(S(Str::field_time_of_day), kFontBodyBold, T().text2);
  ChipsFor("network_time_of_day", Options<cw::TimeOfDay>("times_of_day", "tod_"), f.time_of_day);
  Space(4);
  Text(S(Str::field_frequency), kFontBodyBold, T().text2);
  ChipsFor("network_frequency", Options<cw::Frequency>("frequencies", "freq_"), f.frequency);
  EndCard();
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
  if (f.category == "network") NetworkCard(e);
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
  // Issue 19 item 8: when to call, for a phone reply only (the draft keeps it if the method changes).
  if (f.reply_method == "phone") {
    BeginCard(std::string(S(Str::field_contact_time)).c_str());
    if (ChipsFor("contact_time", Options<cw::ContactTime>("contact_times", "ct_"), f.contact_time))
      Changed(cw::Field::customer_contact_time);
    ChipGroupError(ErrorFor(w, e, cw::Field::customer_contact_time, true));
    EndCard();
  }
}

void StepEvidence(const cw::FieldErrors& e) {
  Wizard& w = W();
  BeginCard(std::string(S(Str::evidence_title)).c_str());
  Hint(S(Str::evidence_hint));
  Space(4);
  FilesListOpts o;
  o.busy = w.submit_call.active();
  o.server_errors = &w.server_errors;
  if (std::string err = ErrorFor(w, e, cw::Field::evidence); !err.empty()) o.errors.push_back(std::move(err));
  // A refused file's message is on its row; said once more under the list, where the step's errors are.
  for (const auto& [path, code] : w.server_errors)
    if (cw::item_of(path, cw::Field::evidence)) o.errors.emplace_back(cw::message(code, Ctx().lang));
  if (FilesList(w.files, o))
    std::erase_if(w.server_errors, [](const auto& kv) { return cw::names(kv.first, cw::Field::evidence); });
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
  if (c.network) {  // as the filing carries it (network complaints only)
    if (c.network->place) type += " · " + Label("network_places", "place_", f.place);
    if (!c.network->address.empty()) type += " · " + c.network->address;
    if (c.network->time_of_day) type += " · " + Label("times_of_day", "tod_", f.time_of_day);
    if (c.network->frequency) type += " · " + Label("frequencies", "freq_", f.frequency);
  }
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
  if (c.customer.contact_time) contact += " · " + Label("contact_times", "ct_", f.contact_time);
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
  const std::string failed = ErrorText(w.submit_error, Ctx().lang, S(Str::submit_failed));
  if (!failed.empty()) Text(failed, kFontBody, T().error);
  Announce(failed, true);
}

}  // namespace ui::wizard
