// wasm/ui/screens/file.cpp — placeholder until this screen is built (issue 7).
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

void FileScreen() {
  ScreenOpts so;
  const std::string title(S(cw::Str::step_type));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##file", so)) Navigate(Route{});
  EndScreen();
}

}  // namespace ui
