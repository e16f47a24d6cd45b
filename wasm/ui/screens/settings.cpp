// wasm/ui/screens/settings.cpp — language (zh-CN / en), care mode (关怀模式), and clearing what this
// device keeps (drafts, the outbox, "my complaints"; the server's complaints stay).
#include <string>

#include "core/i18n.h"
#include "wasm/ui/data.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

struct SettingsState {
  bool confirm = false;
  Pending<cw::NoAnswer> clear_call;
  bool cleared = false;
  std::optional<cw::CallError> error;  // worded when drawn (data.h)
};

SettingsState& St() { return ScreenState<SettingsState>(); }

}  // namespace

void SettingsScreen() {
  using cw::Str;
  SettingsState& s = St();
  const Theme& t = T();
  if (const auto r = s.clear_call.Take()) {
    s.cleared = r->ok;
    if (r->ok) s.error.reset();
    else s.error = r->error;
    if (r->ok) {
      Filing_ForgetAll();
      Mine_Refresh();
    }
  }
  ScreenOpts so;
  const std::string title(S(Str::settings_title));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##settings", so)) {
    s.confirm = false;
    Navigate(Route{});
  }

  BeginCard(std::string(S(Str::settings_language)).c_str());
  // Each language is offered by its own name (a customer who cannot read the other one finds it).
  const std::string zh(cw::tr(Str::settings_lang_zh, cw::Lang::zh_CN)), en(cw::tr(Str::settings_lang_en, cw::Lang::en));
  const char* const langs[] = {zh.c_str(), en.c_str()};
  int lang = Ctx().lang == cw::Lang::en ? 1 : 0;
  if (Chips("lang", langs, 2, &lang)) SetAppOption("lang", lang == 1 ? "en" : "zh-CN");
  EndCard();

  BeginCard();
  bool care = Ctx().care;
  if (Checkbox(std::string(S(Str::settings_care_mode)).c_str(), &care)) SetAppOption("care-mode", care ? "1" : "0");
  EndCard();

  BeginCard(std::string(S(Str::settings_clear_title)).c_str());
  Hint(S(Str::settings_clear_confirm), t.text2);
  Space(6);
  if (s.confirm) {
    if (PrimaryButton(std::string(S(Str::btn_confirm)).c_str(), !s.clear_call.active())) {
      s.clear_call = Call<cw::ClientMethod::clear_device>();
      s.confirm = false;
    }
    if (OutlineButton(std::string(S(Str::btn_cancel)).c_str())) s.confirm = false;
  } else if (OutlineButton(std::string(S(Str::settings_clear)).c_str(), !s.clear_call.active())) {
    s.confirm = true;
    s.cleared = false;
  }
  if (s.cleared) Hint(S(Str::settings_cleared), t.success);
  if (const std::string error = ErrorText(s.error, Ctx().lang); !error.empty()) Hint(error, t.error);
  EndCard();
  EndScreen();
}

}  // namespace ui
