// wasm/ui/screens/settings.cpp — placeholder until this screen is built (issue 7).
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

void SettingsScreen() {
  ScreenOpts so;
  const std::string title(S(cw::Str::settings_title));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##settings", so)) Navigate(Route{});
  EndScreen();
}

}  // namespace ui
