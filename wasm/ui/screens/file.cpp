// wasm/ui/screens/file.cpp — the filing wizard (issue 7 §2, DESIGN §3/§5, spec 二(二)3–4): business
// & category → problem & demand → contact & reply method → evidence → review with the privacy consent
// → receipt. The core validates each step (the same rules as the server); the draft is saved as the
// customer types; offline, the receipt says "queued" and turns into the real one when it is sent.
//
// This file: the state and its data (the choices, the filing built and checked, draft load/save,
// submit, client events) and the screen's entry; the steps are in wizard_steps.cpp, the receipt in
// receipt.cpp, what they share in wizard.h.
//
// [SECTION] state, choices
// [SECTION] the filing: build, validate, draft
// [SECTION] data: draft load/save, submit, client events
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

namespace ui {
namespace wizard {

Wizard& W() { return ScreenState<Wizard>(); }

const cw::Json* JObj(const cw::Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it != j.end() && (it->is_object() || it->is_array()) ? &*it : nullptr;
}

// -----------------------------------------------------------------------------------------------
// [SECTION] choices (labels and times: format.h)
// -----------------------------------------------------------------------------------------------
int IndexOf(const std::vector<Option>& options, const std::string& id) {
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].id == id) return (int)i;
  return -1;
}

// Chips over options bound to a wire id. Returns true when the choice changed.
bool ChipsFor(const char* id, const std::vector<Option>& options, std::string& value) {
  std::vector<const char*> labels;
  for (const Option& o : options) labels.push_back(o.label.c_str());
  int sel = IndexOf(options, value);
  if (!Chips(id, labels.data(), (int)labels.size(), &sel)) return false;
  value = options[(std::size_t)sel].id;
  return true;
}

std::string Fmt(Str key, std::initializer_list<std::string_view> args) { return cw::format(S(key), args); }

// -----------------------------------------------------------------------------------------------
// [SECTION] the filing: build, validate, draft
// -----------------------------------------------------------------------------------------------
cw::Timestamp NowTs() { return cw::Timestamp(std::chrono::seconds(Now())); }

// The filing as the core and the wire know it. `evidence` holds the picked files' keys ("file:…",
// swapped for the files by the element) or, for validation, stand-in upload ids.
cw::Complaint Build(const Wizard& w, bool for_wire) {
  cw::Complaint c = cw::to_complaint(w.form, NowTs(), Files_Evidence(w.files, for_wire));
  if (!for_wire) {
    // The client adds both when it files; the core requires them, so stand-ins pass the check.
    c.client_ref = "00000000-0000-4000-8000-000000000000";
    c.channel = cw::Channel::web;
  }
  return c;
}

// The wizard step that asks for a field (an item's path, "evidence[0]", is its list's step).
int StepOf(std::string_view path) {
  using cw::Field;
  switch (cw::field_of(path).value_or(Field::consent)) {
    case Field::business_type: case Field::category: case Field::occurred_at: case Field::service_number:
    case Field::network: case Field::network_place: case Field::network_address: case Field::network_time_of_day:
    case Field::network_frequency:
      return 1;
    case Field::problem: case Field::demand:
      return 2;
    case Field::customer_name: case Field::customer_phone: case Field::customer_email:
    case Field::customer_reply_method: case Field::customer_contact_time:
      return 3;
    case Field::evidence:
      return 4;
    default:
      return 5;
  }
}

cw::FieldErrors Validate(const Wizard& w) {
  cw::FieldErrors e = cw::validate_filing(Build(w, false), NowTs());
  if (!cw::occurred_at(w.form, NowTs())) e[cw::path_str(cw::Field::occurred_at)] = cw::Errc::validation_date_invalid;
  return e;
}

int ErrorsInStep(const cw::FieldErrors& e, int step) {
  int n = 0;
  for (const auto& [path, code] : e) n += StepOf(path) == step;
  return n;
}

// The message shown beside a field: the core's check once the customer tried to move on, else the
// server's answer to the last filing.
std::string ErrorFor(const Wizard& w, const cw::FieldErrors& local, cw::Field field, bool choice) {
  const std::string path = cw::path_str(field);
  const int step = StepOf(path);
  if (w.show_errors[step]) {
    const auto it = local.find(path);
    // Nothing chosen yet: "please choose one", not "please fill it in".
    const cw::Errc code = choice && it != local.end() && it->second == cw::Errc::validation_required
                              ? cw::Errc::validation_enum_invalid
                              : it != local.end() ? it->second : cw::Errc::ok;
    if (it != local.end()) return std::string(cw::message(code, Ctx().lang));
  }
  const auto s = w.server_errors.find(path);
  if (s != w.server_errors.end()) return std::string(cw::message(s->second, Ctx().lang));
  return {};
}

void Prefill(Form& f) {
  if (f.name.empty()) f.name = Ctx().prefill_name;
  if (f.phone.empty()) f.phone = Ctx().prefill_phone;
}

// -----------------------------------------------------------------------------------------------
// [SECTION] data: draft load/save, submit, client events
// -----------------------------------------------------------------------------------------------
// The receipt is kept on the device too (the client's draft store, name "receipt"), so a reload on
// #/file/done — or a queued filing the customer comes back to — still shows it.
void SaveReceipt() {
  const cw::Receipt& r = W().receipt;
  Call<cw::ClientMethod::save_draft>({cw::to_json(r), "receipt"}).Forget();
}

void OnEvent(cw::ClientEvent type, const cw::Json& d) {
  Wizard& w = W();
  if (type == cw::ClientEvent::files && d.is_array()) {
    // The picker that gave them is on the screen shown (the track screen has one too).
    if (Ctx().route.screen != Screen::File) return;
    Files_Add(w.files, d);
    std::erase_if(w.server_errors, [](const auto& kv) { return cw::names(kv.first, cw::Field::evidence); });
  } else if (type == cw::ClientEvent::upload_progress && w.submit_call.active()) {
    const auto loaded = d.find("loaded"), total = d.find("total");
    if (loaded != d.end() && total != d.end() && loaded->is_number() && total->is_number() && total->get<double>() > 0)
      w.upload_part = (float)std::clamp(loaded->get<double>() / total->get<double>(), 0.0, 1.0);
  } else if (type == cw::ClientEvent::op_done && cw::str_of(d, "kind") == "upload" && w.submit_call.active()) {
    // Uploads go one by one before the filing: mark the files in order.
    ++w.uploads_done;
    w.upload_part = 0;
    Files_MarkSent(w.files, w.uploads_done);
  } else if (type == cw::ClientEvent::submitted) {
    Receipt& r = w.receipt;
    if (r.shown && r.queued && !r.client_ref.empty() && cw::str_of(d, "client_ref") == r.client_ref) {
      r.queued = false;
      r.acceptance_no = cw::str_of(d, "acceptance_no");
      if (const cw::Json* resp = JObj(d, "response")) {
        const cw::Result<cw::Sent> answer = cw::sent_from_json(*resp);
        if (answer.ok() && r.acceptance_no.empty()) r.acceptance_no = answer->acceptance_no;
        if (answer.ok() && answer->deadlines) r.deadlines = *answer->deadlines;
      }
      SaveReceipt();
    }
  }
}

void Start() { Filing_LoadDraft(); }

void PollLoad() {
  Wizard& w = W();
  const auto r = w.load_call.Take();
  if (!r) return;
  if (r->ok && r->value.is_object() && !cw::meaningful(w.form)) {
    w.form = cw::draft_from_json(r->value);
    w.has_draft = cw::meaningful(w.form);
    w.restored = w.has_draft;
  }
  Prefill(w.form);
  w.prefill_gen = Ctx().prefill_gen;
  w.saved = cw::dump_json(cw::to_json(w.form));
  w.loaded = true;
}

// The answer to the draft save in flight, if it came.
void PollSave() {
  Wizard& w = W();
  if (const auto r = w.save_call.Take()) w.draft_saved = r->ok;
}

// Saves the draft whenever it differs from the last one saved, one save at a time: the answer of a
// save brings a frame, which saves what was typed meanwhile (debounced without a timer).
void SaveDraft() {
  Wizard& w = W();
  if (!w.loaded) return;
  PollSave();
  if (w.save_call.active()) return;
  std::string now = cw::dump_json(cw::to_json(w.form));
  if (now == w.saved) return;
  w.restored = false;
  w.has_draft = cw::meaningful(w.form);
  w.saved = std::move(now);
  w.save_call = Call<cw::ClientMethod::save_draft>({cw::to_json(w.form)});
}

void StartOver() {
  Wizard& w = W();
  Files_Clear(w.files);
  w.form = Form{};
  Prefill(w.form);
  for (bool& b : w.show_errors) b = false;
  w.server_errors.clear();
  w.submit_error.reset();
  w.saved = cw::dump_json(cw::to_json(w.form));  // the client dropped the draft with the filing
  w.has_draft = false;
  w.restored = false;
  w.draft_saved = false;
}

void Submit() {
  Wizard& w = W();
  const cw::FieldErrors e = Validate(w);
  if (!e.empty()) {
    for (bool& b : w.show_errors) b = true;
    Announce(Fmt(Str::msg_fix_fields, {std::to_string(e.size())}), true);
    int earliest = kFileSteps;
    for (const auto& [path, code] : e) earliest = std::min(earliest, StepOf(path));
    if (earliest < kFileSteps) Navigate(Route{Screen::File, earliest, {}, {}});
    return;
  }
  cw::Json input = cw::to_json(Build(w, true));
  input.erase("client_ref");  // the client makes one per filing (its idempotency key)
  input.erase("channel");     // the element's client knows web or app
  w.submit_error.reset();
  w.server_errors.clear();
  w.uploads_done = 0;
  w.upload_part = 0;
  Files_SetState(w.files, FileState::Sending);
  w.submit_call = Call<cw::ClientMethod::file_complaint>({input});
}

void PollSubmit() {
  Wizard& w = W();
  auto r = w.submit_call.Take();
  if (!r) return;
  // An answer that names neither a number nor a queued filing cannot make a receipt.
  if (r->ok && r->value.acceptance_no.empty() && r->value.client_ref.empty()) {
    r->ok = false;
    r->error.code = "data.bad_answer";
  }
  if (r->ok) {
    const cw::Sent& v = r->value;
    Receipt rc;
    rc.shown = true;
    rc.queued = v.queued;
    rc.client_ref = v.client_ref;
    rc.acceptance_no = v.acceptance_no;
    if (v.deadlines) rc.deadlines = *v.deadlines;
    rc.reply_method = w.form.reply_method;
    w.receipt = rc;
    SaveReceipt();
    StartOver();
    Navigate(Route{Screen::File, kFileReceipt, {}, {}}, true);
    return;
  }
  Files_SetState(w.files, FileState::Ready);
  for (const auto& [path, id] : r->error.fields) {
    w.server_errors[path] = cw::errc_from_id(id).value_or(cw::Errc::validation_enum_invalid);
  }
  w.submit_error = r->error;
  int earliest = kFileSteps;
  for (const auto& [path, c] : w.server_errors) earliest = std::min(earliest, StepOf(path));
  if (earliest < kFileSteps) Navigate(Route{Screen::File, earliest, {}, {}});
}

}  // namespace wizard

using namespace wizard;

// -----------------------------------------------------------------------------------------------
// shared with home, "my complaints" and settings (filing.h)
// -----------------------------------------------------------------------------------------------
void Filing_LoadDraft() {
  Wizard& w = W();
  Data_Subscribe(OnEvent);  // once: a second call is a no-op (data.h)
  if (!w.loaded && !w.load_call.active()) w.load_call = Call<cw::ClientMethod::load_draft>();
  PollLoad();
  // The host may learn who is signed in after the draft came (handle.prefill() later): it fills
  // what is still empty, once per prefill, so a name the customer erased stays erased.
  if (w.loaded && w.prefill_gen != Ctx().prefill_gen) {
    Prefill(w.form);
    w.prefill_gen = Ctx().prefill_gen;
  }
}

bool Filing_HasDraft() { return W().has_draft; }

void DraftCard() {
  if (!Filing_HasDraft()) return;
  BeginCard();
  RowOpts ro;
  ro.detail = S(Str::home_draft_continue);
  ro.detail_color = T().brand;
  if (ListRow("draft", S(Str::home_draft), ro) == RowHit::Row) Navigate(Route{Screen::File, 1, {}, {}});
  EndCard();
}

void Filing_ForgetAll() {
  Wizard& w = W();
  StartOver();
  w.receipt = Receipt{};
}

void FileScreen() {
  Start();
  PollSubmit();
  PollSave();
  Wizard& w = W();
  const int step = Ctx().route.step;
  if (step == kFileReceipt) {
    ReceiptScreen();
    return;
  }
  const Str names[] = {Str::step_type, Str::step_problem, Str::step_contact, Str::step_evidence, Str::step_review};
  const int s = std::clamp(step, 1, kFileSteps);
  if (s == kFileSteps) w.from_review = false;  // set again by a "修改" tapped on this frame
  ScreenOpts so;
  const std::string title(S(Str::home_file));
  so.title = title.c_str();
  so.back = true;
  so.bottom_bar = true;
  if (BeginScreen("##file", so)) {
    Navigate(s == 1 ? Route{} : Route{Screen::File, s - 1, {}, {}});
  }
  StepIndicator(s, kFileSteps,
                Fmt(Str::wizard_step_of, {std::to_string(s), std::to_string(kFileSteps)}) + " · " +
                    std::string(S(names[s - 1])));
  if (!w.loaded) {
    Hint(S(Str::msg_loading));
  } else {
    if (w.restored) {
      Hint(S(Str::draft_restored), T().text2);
      if (Link(std::string(S(Str::draft_discard)).c_str())) {
        StartOver();
        Call<cw::ClientMethod::save_draft>({nullptr}).Forget();
        Navigate(Route{Screen::File, 1, {}, {}});
      }
    }
    const cw::FieldErrors e = Validate(w);
    switch (s) {
      case 1: StepType(e); break;
      case 2: StepProblem(e); break;
      case 3: StepContact(e); break;
      case 4: StepEvidence(e); break;
      default: StepReview(e); break;
    }
    if (w.draft_saved && s < kFileSteps) TextCentered(S(Str::draft_saved), kFontHint, T().hint);
  }
  EndScreen();
  BeginBottomBar();
  if (s < kFileSteps) {
    if (PrimaryButton(std::string(S(w.from_review ? Str::btn_to_review : Str::btn_next)).c_str(), w.loaded)) {
      const cw::FieldErrors e = Validate(w);
      w.show_errors[s] = true;
      const int bad = ErrorsInStep(e, s);
      if (bad == 0) Navigate(Route{Screen::File, w.from_review ? kFileSteps : s + 1, {}, {}});
      else Announce(Fmt(Str::msg_fix_fields, {std::to_string(bad)}), true);
    }
  } else {
    const bool busy = w.submit_call.active();
    // While photos upload, the button (where the eye is) counts with them.
    const std::string label = busy && w.upload_pct > 0 && w.upload_pct < 100
                                  ? Fmt(Str::evidence_uploading, {std::to_string(w.upload_pct)})
                                  : std::string(S(busy ? Str::msg_sending : Str::btn_submit));
    if (PrimaryButton(label.c_str(), w.loaded && !busy)) Submit();
  }
  EndBottomBar();
  SaveDraft();
}

}  // namespace ui
