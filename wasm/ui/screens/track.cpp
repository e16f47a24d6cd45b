// wasm/ui/screens/track.cpp — placeholder until this screen is built (issue 7).
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

void TrackScreen() {
  ScreenOpts so;
  const std::string title(S(cw::Str::home_track));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##track", so)) Navigate(Route{});
  EndScreen();
}

}  // namespace ui
