// wasm/ui/screens/home.cpp — the entry screen: file a complaint (or continue the unsent draft), track
// one, my complaints on this device (count and the latest), settings.
#include <string>

#include "core/i18n.h"
#include "wasm/ui/screens/filing.h"
#include "wasm/ui/screens/format.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {

void HomeScreen() {
  using cw::Str;
  const Theme& t = T();
  Mine_Refresh();
  ScreenOpts so;
  const std::string title(S(Str::app_title));
  so.title = title.c_str();
  BeginScreen("##home", so);

  BeginCard();
  Heading(S(Str::home_greeting));
  Hint(S(Str::home_file_hint));
  Space(6);
  if (PrimaryButton(std::string(S(Str::home_file)).c_str())) Navigate(Route{Screen::File, 1, {}, {}});
  EndCard();

  DraftCard();

  BeginCard();
  RowOpts track;
  track.detail = S(Str::home_track_hint);
  if (ListRow("track", S(Str::home_track), track) == RowHit::Row) Navigate(Route{Screen::Track, 0, {}, {}});
  RowOpts mine;
  const int count = Mine_Count();
  std::string detail;
  if (count == 0) detail = S(Str::home_mine_empty);
  else if (count > 0) detail = cw::format(S(Str::home_mine_latest), {Mine_Latest()});
  const std::string badge = count > 0 ? cw::format(S(Str::home_mine_count), {std::to_string(count)}) : std::string();
  mine.detail = detail;
  mine.badge = badge;
  mine.divider = true;
  if (ListRow("mine", S(Str::home_mine), mine) == RowHit::Row) Navigate(Route{Screen::Mine, 0, {}, {}});
  RowOpts settings;
  settings.divider = true;
  if (ListRow("settings", S(Str::home_settings), settings) == RowHit::Row) Navigate(Route{Screen::Settings, 0, {}, {}});
  EndCard();

  TextCentered(WithOperator(Str::home_hotline), kFontHint, t.hint);
  EndScreen();
}

// Keep in step with HomeScreen and DraftCard (tests/ui/start_glyphs_test.cpp draws the screen and
// names what is missing). The draft row and the count show only on some visits: a few glyphs more.
std::string HomeStartText(FontId font) {
  using cw::Str;
  std::string s;
  switch (font) {
    case kFontHeading:
      for (Str k : {Str::app_title, Str::home_greeting}) s += S(k);
      break;
    case kFontBodyBold: s = S(Str::home_file); break;
    case kFontBody:
      for (Str k : {Str::home_track, Str::home_mine, Str::home_settings, Str::home_draft}) s += S(k);
      break;
    case kFontHint:
      for (Str k : {Str::home_file_hint, Str::home_track_hint, Str::home_mine_empty, Str::home_draft_continue})
        s += S(k);
      s += WithOperator(Str::home_hotline);
      s += cw::format(S(Str::home_mine_count), {"0123456789"});
      s += cw::format(S(Str::home_mine_latest), {""});
      break;
    default: break;  // faces the home screen does not use: no font lookup before the first frame
  }
  return s;
}

}  // namespace ui
