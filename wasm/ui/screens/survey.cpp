// wasm/ui/screens/survey.cpp — placeholder until this screen is built (issue 7).
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/widgets.h"

namespace ui {

void SurveyScreen() {
  ScreenOpts so;
  const std::string title(S(cw::Str::survey_title));
  so.title = title.c_str();
  so.back = true;
  if (BeginScreen("##survey", so)) Navigate(Route{});
  EndScreen();
}

}  // namespace ui
