// wasm/ui/screens/file.cpp — the filing wizard (issue 7 §2, DESIGN §3/§5, spec 二(二)3–4): business
// & category → problem & demand → contact & reply method → evidence → review with the privacy consent
// → receipt. The core validates each step (the same rules as the server); the draft is saved as the
// customer types; offline, the receipt says "queued" and turns into the real one when it is sent.
//
// [SECTION] state
// [SECTION] labels and times (shared through filing.h)
// [SECTION] the filing: build, validate, draft
// [SECTION] data: draft load/save, submit, client events
// [SECTION] steps
// [SECTION] receipt
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
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

using cw::Str;

// -----------------------------------------------------------------------------------------------
// [SECTION] state
// -----------------------------------------------------------------------------------------------
using cw::kWhenNone;
using cw::kWhenOther;
using Form = cw::Draft;  // the wizard's model (core/draft.h)

enum class FileState { Ready, Sending, Sent };
struct PickedFile {
  std::string key, name, type;
  double size = 0;
  FileState state = FileState::Ready;
  Str problem = Str::app_title;  // app_title = none; evidence_too_big / evidence_bad_type
  bool bad = false;
};

struct Receipt : cw::Receipt {  // core/draft.h, and what the screen adds
  bool shown = false;
  bool copied = false;
};

struct Wizard {
  bool subscribed = false;
  Pending<cw::Json> load_call;
  bool loaded = false;        // the draft answer arrived (or failed): saving may start
  unsigned prefill_gen = 0;   // Ctx().prefill_gen applied to the form
  bool has_draft = false;     // the saved draft holds something typed (home shows "continue")
  bool restored = false;      // "we restored…" until the customer changes something
  bool show_notice = false;   // the privacy notice's summary is open on the review
  bool draft_saved = false;   // the last draft save succeeded ("草稿已自动保存")
  bool from_review = false;   // a step opened by "修改" on the review: its action returns there
  Form form;
  std::vector<PickedFile> files;
  bool files_full = false;
  bool show_errors[kFileSteps + 1] = {};
  cw::FieldErrors server_errors;  // from a failed filing, until the field changes
  std::string server_message;
  std::string saved;          // the draft JSON last saved (or loaded)
  Pending<cw::NoAnswer> save_call;
  Pending<cw::Sent> submit_call;
  int uploads_done = 0;
  float upload_part = 0;  // of the file being uploaded now, 0..1 ("upload-progress")
  int upload_pct = -1;    // of all the files, while they upload; -1 otherwise
  Receipt receipt;
  Pending<cw::Json> receipt_call;  // loadDraft("receipt") after a reload on #/file/done
};

Wizard& W() {
  static Wizard w;
  return w;
}

// -----------------------------------------------------------------------------------------------
// [SECTION] choices (labels and times: format.h)
// -----------------------------------------------------------------------------------------------
struct Option {
  std::string id, label;
};

// The choices of an enumeration in the core's order (the wire ids it validates), labelled by /meta
// when it arrived (the operator may relabel them), else by the core's catalog (offline at first).
template <class E>
std::vector<Option> Options(const char* meta_list, std::string_view prefix) {
  std::vector<Option> out;
  for (std::string_view id : cw::enum_names<E>()) out.push_back({std::string(id), Label(meta_list, prefix, id)});
  return out;
}

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
  std::vector<std::string> evidence;
  int n = 0;
  for (const PickedFile& p : w.files) {
    if (!p.bad) evidence.push_back(for_wire ? p.key : "picked-" + std::to_string(++n));
  }
  cw::Complaint c = cw::to_complaint(w.form, NowTs(), std::move(evidence));
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
      return 1;
    case Field::problem: case Field::demand:
      return 2;
    case Field::customer_name: case Field::customer_phone: case Field::customer_email:
    case Field::customer_reply_method:
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
std::string ErrorFor(const Wizard& w, const cw::FieldErrors& local, cw::Field field, bool choice = false) {
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

void OnEvent(std::string_view type, const cw::Json& d) {
  Wizard& w = W();
  if (type == "files" && d.is_array()) {
    for (const cw::Json& f : d) {
      PickedFile p;
      p.key = cw::str_of(f, "key");
      p.name = cw::str_of(f, "name");
      p.type = cw::str_of(f, "type");
      const auto size = f.find("size");
      p.size = size != f.end() && size->is_number() ? size->get<double>() : 0;
      if (p.key.empty()) continue;
      if (w.files.size() >= cw::kEvidenceMax) {
        w.files_full = true;
        Call<cw::ClientMethod::forget_file>({p.key}).Forget();
        continue;
      }
      std::string ext = p.name.substr(p.name.find_last_of('.') == std::string::npos ? p.name.size()
                                                                                       : p.name.find_last_of('.'));
      for (char& c : ext) c = (char)std::tolower((unsigned char)c);
      const bool type_ok = p.type == "image/jpeg" || p.type == "image/png" || p.type == "application/pdf" ||
                           (p.type.empty() && (ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".pdf"));
      if (!type_ok) {
        p.bad = true;
        p.problem = Str::evidence_bad_type;
      } else if (p.size > (double)cw::kUploadMaxBytes) {
        p.bad = true;
        p.problem = Str::evidence_too_big;
      }
      w.files.push_back(std::move(p));
    }
    std::erase_if(w.server_errors, [](const auto& kv) { return cw::names(kv.first, cw::Field::evidence); });
  } else if (type == "upload-progress" && w.submit_call.active()) {
    const auto loaded = d.find("loaded"), total = d.find("total");
    if (loaded != d.end() && total != d.end() && loaded->is_number() && total->is_number() && total->get<double>() > 0)
      w.upload_part = (float)std::clamp(loaded->get<double>() / total->get<double>(), 0.0, 1.0);
  } else if (type == "op-done" && cw::str_of(d, "kind") == "upload" && w.submit_call.active()) {
    // Uploads go one by one before the filing: mark the files in order.
    ++w.uploads_done;
    w.upload_part = 0;
    int n = 0;
    for (PickedFile& p : w.files)
      if (!p.bad && ++n <= w.uploads_done) p.state = FileState::Sent;
  } else if (type == "submitted") {
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

void Start() {
  Wizard& w = W();
  if (!w.subscribed) {
    Data_Subscribe(OnEvent);
    w.subscribed = true;
  }
  Filing_LoadDraft();
}

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
  for (const PickedFile& p : w.files) Call<cw::ClientMethod::forget_file>({p.key}).Forget();
  w.form = Form{};
  Prefill(w.form);
  w.files.clear();
  w.files_full = false;
  for (bool& b : w.show_errors) b = false;
  w.server_errors.clear();
  w.server_message.clear();
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
  w.server_message.clear();
  w.server_errors.clear();
  w.uploads_done = 0;
  w.upload_part = 0;
  for (PickedFile& p : w.files)
    if (!p.bad) p.state = FileState::Sending;
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
  for (PickedFile& p : w.files) p.state = FileState::Ready;
  for (const auto& [path, id] : r->error.fields) {
    w.server_errors[path] = cw::errc_from_id(id).value_or(cw::Errc::validation_enum_invalid);
  }
  w.server_message = ErrorText(r->error, Ctx().lang, S(Str::submit_failed));
  int earliest = kFileSteps;
  for (const auto& [path, c] : w.server_errors) earliest = std::min(earliest, StepOf(path));
  if (earliest < kFileSteps) Navigate(Route{Screen::File, earliest, {}, {}});
}

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
  if (PhoneField("phone", pl.c_str(), f.phone, p)) Changed(cw::Field::customer_phone);
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
  TextCentered(S(Str::home_hotline), kFontHint, t.hint);
  EndScreen();

  BeginBottomBar();
  if (r.queued) {
    if (PrimaryButton(std::string(S(Str::receipt_home)).c_str())) Navigate(Route{});
  } else if (PrimaryButton(std::string(S(Str::receipt_view)).c_str())) {
    Navigate(Route{Screen::Track, 0, r.acceptance_no, {}});
  }
  EndBottomBar();
}

}  // namespace

// -----------------------------------------------------------------------------------------------
// shared with home, "my complaints" and settings (filing.h)
// -----------------------------------------------------------------------------------------------
void Filing_LoadDraft() {
  Wizard& w = W();
  if (!w.subscribed) {
    Data_Subscribe(OnEvent);
    w.subscribed = true;
  }
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

void Filing_ResetForTest() {
  W() = Wizard{};
  Mine_ResetForTest();
}

void Filing_ForgetAll() {
  Wizard& w = W();
  StartOver();
  w.receipt = Receipt{};
}

const cw::Json* JObj(const cw::Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it != j.end() && (it->is_object() || it->is_array()) ? &*it : nullptr;
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
