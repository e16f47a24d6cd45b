// wasm/ui/screens/wizard.h — what the filing wizard's files share (internal to the wizard):
// its state, the choices, the filing it builds and checks, and the steps. file.cpp owns the state
// and its data (draft load/save, submit, client events), wizard_steps.cpp draws the five steps,
// receipt.cpp the receipt. The draft model itself is core's (core/draft.h).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/draft.h"
#include "core/field_path.h"
#include "core/i18n.h"
#include "core/validation.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/evidence.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"

namespace ui::wizard {

using cw::Str;

// -----------------------------------------------------------------------------------------------
// [SECTION] state
// -----------------------------------------------------------------------------------------------
using cw::kWhenNone;
using cw::kWhenOther;
using Form = cw::Draft;  // the wizard's model (core/draft.h)


struct Receipt : cw::Receipt {  // core/draft.h, and what the screen adds
  bool shown = false;
  bool copied = false;
};

struct Wizard {
  Pending<cw::Json> load_call;
  bool loaded = false;        // the draft answer arrived (or failed): saving may start
  unsigned prefill_gen = 0;   // Ctx().prefill_gen applied to the form
  bool has_draft = false;     // the saved draft holds something typed (home shows "continue")
  bool restored = false;      // "we restored…" until the customer changes something
  bool show_notice = false;   // the privacy notice's summary is open on the review
  bool draft_saved = false;   // the last draft save succeeded ("草稿已自动保存")
  bool from_review = false;   // a step opened by "修改" on the review: its action returns there
  Form form;
  PickedFiles files;  // step 4 (evidence.h, shared with the track screen's supplement)
  bool show_errors[kFileSteps + 1] = {};
  cw::FieldErrors server_errors;  // from a failed filing, until the field changes
  std::optional<cw::CallError> submit_error;  // the failed filing, worded when drawn (data.h)
  std::string saved;          // the draft JSON last saved (or loaded)
  Pending<cw::NoAnswer> save_call;
  Pending<cw::Sent> submit_call;
  int uploads_done = 0;
  float upload_part = 0;  // of the file being uploaded now, 0..1 ("upload-progress")
  int upload_pct = -1;    // of all the files, while they upload; -1 otherwise
  Receipt receipt;
  Pending<cw::Json> receipt_call;  // loadDraft("receipt") after a reload on #/file/done
};

// The wizard's one state (file.cpp).
Wizard& W();

// -----------------------------------------------------------------------------------------------
// [SECTION] choices, text
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

int IndexOf(const std::vector<Option>& options, const std::string& id);
// Chips over options bound to a wire id. Returns true when the choice changed.
bool ChipsFor(const char* id, const std::vector<Option>& options, std::string& value);
std::string Fmt(Str key, std::initializer_list<std::string_view> args);

// -----------------------------------------------------------------------------------------------
// [SECTION] the filing (file.cpp)
// -----------------------------------------------------------------------------------------------
cw::Timestamp NowTs();
// The filing as the core and the wire know it (for_wire: the picked files' keys; else stand-ins).
cw::Complaint Build(const Wizard& w, bool for_wire);
// The wizard step that asks for a field (an item's path, "evidence[0]", is its list's step).
int StepOf(std::string_view path);
cw::FieldErrors Validate(const Wizard& w);
int ErrorsInStep(const cw::FieldErrors& e, int step);
// The message shown beside a field: the core's check once the customer tried to move on, else the
// server's answer to the last filing.
std::string ErrorFor(const Wizard& w, const cw::FieldErrors& local, cw::Field field, bool choice = false);
void Prefill(Form& f);
void SaveReceipt();
void SaveDraft();
void StartOver();
void Submit();
const cw::Json* JObj(const cw::Json& j, const char* key);

// -----------------------------------------------------------------------------------------------
// [SECTION] the steps (wizard_steps.cpp) and the receipt (receipt.cpp)
// -----------------------------------------------------------------------------------------------
// A changed field drops the server's complaint about it (the customer is fixing it).
void Changed(cw::Field field);
void StepType(const cw::FieldErrors& e);
void StepProblem(const cw::FieldErrors& e);
void StepContact(const cw::FieldErrors& e);
void StepEvidence(const cw::FieldErrors& e);
void StepReview(const cw::FieldErrors& e);
void ReceiptScreen();

}  // namespace ui::wizard
