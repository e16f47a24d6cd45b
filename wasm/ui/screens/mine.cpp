// wasm/ui/screens/mine.cpp — placeholder until this screen is built (issue 7).
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

void MineScreen() {
  ScreenOpts so;
  const std::string title(S(cw::Str::home_mine));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##mine", so)) Navigate(Route{});
  EndScreen();
}

}  // namespace ui
