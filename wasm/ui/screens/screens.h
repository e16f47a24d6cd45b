// wasm/ui/screens/screens.h — what the customer screens share: the route (hash routing, DESIGN §5),
// the host's options, the language, /meta, and navigation. Each screen lives in its own file and
// keeps its own state; it reads Ctx() every frame and moves on with Navigate().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/i18n.h"
#include "core/json.h"
#include "wasm/ui/data.h"
#include "wasm/ui/glyph_cache.h"

namespace ui {

enum class Screen { Home, File, Track, Survey, Mine, Settings, Gallery };

// "#/" home · "#/file/1".."#/file/5" wizard steps, "#/file/done" receipt · "#/track",
// "#/track/{no}" · "#/survey/{no}?t=TOKEN" · "#/mine" · "#/mine/phone" · "#/settings" · "#/gallery".
struct Route {
  Screen screen = Screen::Home;
  int step = 0;       // File: 1..5 wizard steps, 6 = receipt; 0 elsewhere
  std::string no;     // acceptance number (track, survey)
  std::string token;  // survey token (?t=)
  bool operator==(const Route& o) const {
    return screen == o.screen && step == o.step && no == o.no && token == o.token;
  }
};

constexpr int kMineByPhone = 1;  // Mine: step 1 is the lookup by phone ("#/mine/phone")
constexpr int kFileSteps = 5;
constexpr int kFileReceipt = 6;

Route ParseRoute(std::string_view hash);  // unknown → home
std::string RouteHash(const Route& r);

struct Ctx_ {
  Route route;
  // Counts the times a screen was entered (a route that differs from the one before): a screen
  // left and entered again between two frames still starts afresh.
  unsigned route_entries = 0;
  cw::Lang lang = cw::Lang::zh_CN;
  std::string api_base = "/api/v1";
  std::string prefill_name, prefill_phone;
  unsigned prefill_gen = 0;  // bumped by every prefill: a wizard already loaded takes a later one
  bool care = false;
  // GET /meta (business types, categories, reply methods, policy, limits, privacy_notice_url);
  // null until it arrives (the screens then use the core's built-in labels).
  cw::Json meta;
  Pending<cw::Json> meta_call;
  std::int64_t server_offset_s = 0;  // server_time − device time, from /meta (countdowns)
  std::int64_t fixed_now = 0;        // tests: the device clock (Unix seconds) when not 0
  // What each screen keeps between frames (its form, its calls in flight), by screen: the app owns
  // it all in one place (ScreenState below), so ResetScreens() starts every screen afresh at once.
  std::map<const void*, std::shared_ptr<void>> screen_states;
};
Ctx_& Ctx();

// The state of the screen whose private type is T, made on first use and held by Ctx().
template <class T>
T& ScreenState() {
  static const char key = 0;  // one per T
  std::shared_ptr<void>& slot = Ctx().screen_states[&key];
  if (!slot) slot = std::make_shared<T>();
  return *static_cast<T*>(slot.get());
}
// Every screen forgets what it kept (forms, drafts in memory, calls in flight): "clear this device's
// data", and tests between cases.
void ResetScreens();

// Unix seconds on the server's clock (device clock corrected by /meta's server_time): deadlines,
// countdowns and overdue marks use it, so a wrong phone clock does not mislead the customer.
std::int64_t Now();

// Moves to `r` and records it in the browser's history (replace: no new history entry).
void Navigate(const Route& r, bool replace = false);
// Draws one more frame after `ms` (a countdown by the second; the minute timer covers the rest).
void RequestFrameIn(int ms);
// The current language's text for a catalog key.
std::string_view S(cw::Str key);
// The app's option changed by a screen (settings): "lang", "care-mode".
void SetAppOption(std::string_view key, std::string_view value);

// Screens (one file each under wasm/ui/screens/).
void HomeScreen();
// What HomeScreen draws in `font`, in the current language (for App_StartText).
std::string HomeStartText(FontId font);
void FileScreen();
void TrackScreen();
// The next view of the complaint opens its escalation form (a dissatisfied survey, spec 五(一)).
void TrackOpenEscalation();
void SurveyScreen();
void MineScreen();
void FindByPhoneScreen();  // find_by_phone.cpp: "#/mine/phone"
void SettingsScreen();

}  // namespace ui
