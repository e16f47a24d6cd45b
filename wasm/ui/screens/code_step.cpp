// wasm/ui/screens/code_step.cpp — see code_step.h.
#include "wasm/ui/screens/code_step.h"

#include "wasm/ui/data.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

CodeAction CodeInput(const char* id, std::string& code, const std::string& error, std::int64_t resend_at,
                     bool sending, cw::Str change) {
  using cw::Str;
  const std::string label(S(Str::track_code_label)), placeholder(S(Str::track_code_placeholder));
  FieldOpts fo;
  fo.placeholder = placeholder.c_str();
  fo.kind = InputKind::Number;
  fo.max_chars = static_cast<int>(kCodeDigits);
  fo.enter = EnterKey::Go;
  fo.error = error.c_str();
  TextField(id, label.c_str(), code, fo);
  CodeAction action = CodeAction::None;
  const std::int64_t wait = resend_at - Now();
  if (wait > 0) {
    OutlineButton(cw::format(S(Str::track_resend_in), {std::to_string(wait)}).c_str(), false);
    RequestFrameIn(1000);  // the countdown ticks once a second while it runs
  } else if (OutlineButton(std::string(S(Str::track_resend)).c_str(), !sending)) {
    action = CodeAction::Resend;
  }
  if (OutlineButton(std::string(S(change)).c_str())) action = CodeAction::Change;
  return action;
}

}  // namespace ui
