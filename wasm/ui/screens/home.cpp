// wasm/ui/screens/home.cpp — the entry screen: file a complaint, track one, my complaints, settings.
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {

void HomeScreen() {
  using cw::Str;
  ScreenOpts so;
  const std::string title(S(Str::app_title));
  so.title = title.c_str();
  BeginScreen("##home", so);
  BeginCard();
  Text(S(Str::home_greeting), kFontBody, T().text2);
  if (PrimaryButton(std::string(S(Str::home_file)).c_str())) Navigate(Route{Screen::File, 1, {}, {}});
  if (OutlineButton(std::string(S(Str::home_track)).c_str())) Navigate(Route{Screen::Track, 0, {}, {}});
  if (OutlineButton(std::string(S(Str::home_mine)).c_str())) Navigate(Route{Screen::Mine, 0, {}, {}});
  if (OutlineButton(std::string(S(Str::home_settings)).c_str())) Navigate(Route{Screen::Settings, 0, {}, {}});
  EndCard();
  Hint(S(Str::home_hotline));
  EndScreen();
}

}  // namespace ui
