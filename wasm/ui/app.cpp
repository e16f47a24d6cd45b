// wasm/ui/app.cpp — the host's options (DESIGN §6 attributes and handle methods), hash routing and
// the screen switch. The screens themselves are in wasm/ui/screens/.
#include "wasm/ui/app.h"

#include <cstdlib>
#include <ctime>
#include <string>

#include "core/acceptance_no.h"
#include "wasm/ui/data.h"
#include "wasm/ui/gallery.h"
#include "wasm/ui/screens/screens.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

struct AppState {
  unsigned brand = 0x0A6CFF;
  bool theme_changed = true;
  Host* host = nullptr;
};

AppState g_app;

Screen ScreenFor(std::string_view mode) {
  if (mode == "file") return Screen::File;
  if (mode == "track") return Screen::Track;
  if (mode == "survey") return Screen::Survey;
  if (mode == "gallery") return Screen::Gallery;
  return Screen::Home;
}

bool IsRouteChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
}

std::string RouteSafe(std::string_view v, std::size_t max) {
  std::string out;
  for (char c : v) {
    if (out.size() >= max) break;
    if (IsRouteChar(c)) out.push_back(c);
  }
  return out;
}

std::int64_t DeviceNow() {
  return Ctx().fixed_now ? Ctx().fixed_now : static_cast<std::int64_t>(std::time(nullptr));
}

void LoadMeta() {
  Ctx_& c = Ctx();
  if (c.meta_call.active() || !c.meta.is_null()) return;
  c.meta_call = Call<cw::ClientMethod::meta>();
}

// A failure leaves meta null: LoadMeta asks again on the next screen change.
void PollMeta() {
  Ctx_& c = Ctx();
  auto r = c.meta_call.Take();
  if (!r || !r->ok || !r->value.is_object()) return;
  c.meta = std::move(r->value);
  const auto t = c.meta.find("server_time");
  if (t != c.meta.end() && t->is_string()) {
    const cw::Result<cw::Timestamp> st = cw::parse_iso8601(t->get<std::string>());
    if (st.ok()) c.server_offset_s = st->time_since_epoch().count() - DeviceNow();
  }
}

}  // namespace

std::int64_t Now() { return DeviceNow() + Ctx().server_offset_s; }

Ctx_& Ctx() {
  static Ctx_ c;
  return c;
}

// Between frames only: a screen holds a reference to its state while it draws.
void ResetScreens() { Ctx().screen_states.clear(); }

Route ParseRoute(std::string_view h) {
  Route r;
  if (!h.empty() && h[0] == '#') h.remove_prefix(1);
  if (!h.empty() && h[0] == '/') h.remove_prefix(1);
  std::string_view query;
  if (const size_t q = h.find('?'); q != std::string_view::npos) {
    query = h.substr(q + 1);
    h = h.substr(0, q);
  }
  const size_t slash = h.find('/');
  const std::string_view head = h.substr(0, slash);
  const std::string_view rest = slash == std::string_view::npos ? std::string_view() : h.substr(slash + 1);
  if (head == "file") {
    r.screen = Screen::File;
    r.step = 1;
    if (rest == "done") r.step = kFileReceipt;
    else if (rest.size() == 1 && rest[0] >= '1' && rest[0] < '1' + kFileSteps) r.step = rest[0] - '0';
  } else if (head == "track") {
    r.screen = Screen::Track;
    r.no = RouteSafe(rest, 32);
  } else if (head == "survey") {
    r.screen = Screen::Survey;
    r.no = RouteSafe(rest, 32);
    for (size_t i = 0; i < query.size();) {
      size_t amp = query.find('&', i);
      if (amp == std::string_view::npos) amp = query.size();
      const std::string_view kv = query.substr(i, amp - i);
      if (kv.substr(0, 2) == "t=") r.token = RouteSafe(kv.substr(2), 128);
      i = amp + 1;
    }
  } else if (head == "mine") {
    r.screen = Screen::Mine;
    if (rest == "phone") r.step = kMineByPhone;
  } else if (head == "settings") {
    r.screen = Screen::Settings;
  } else if (head == "gallery") {
    r.screen = Screen::Gallery;
  }
  return r;
}

std::string RouteHash(const Route& r) {
  switch (r.screen) {
    case Screen::Home: return "#/";
    case Screen::File:
      return r.step == kFileReceipt ? "#/file/done" : "#/file/" + std::to_string(r.step < 1 ? 1 : r.step);
    case Screen::Track: return r.no.empty() ? "#/track" : "#/track/" + r.no;
    case Screen::Survey: return "#/survey/" + r.no + (r.token.empty() ? "" : "?t=" + r.token);
    case Screen::Mine: return r.step == kMineByPhone ? "#/mine/phone" : "#/mine";
    case Screen::Settings: return "#/settings";
    case Screen::Gallery: return "#/gallery";
  }
  return "#/";
}

void Navigate(const Route& r, bool replace) {
  Ctx_& c = Ctx();
  if (r == c.route) return;
  c.route = r;
  ++c.route_entries;
  A11y_NewPage();  // the accessibility tree moves the keyboard focus to the new page's title
  if (g_app.host) g_app.host->SetRoute(RouteHash(r), replace);
  if (g_app.host) g_app.host->RequestFrame();
}

std::string_view S(cw::Str key) { return cw::tr(key, Ctx().lang); }

void RequestFrameIn(int ms) {
  if (g_app.host) g_app.host->RequestFrameIn(ms);
}

void SetAppOption(std::string_view key, std::string_view value) { App_SetOption(key, value); }

void App_SetHost(Host* host) { g_app.host = host; }

bool App_SetOption(std::string_view key, std::string_view v) {
  AppState& a = g_app;
  Ctx_& c = Ctx();
  if (key == "mode") {
    Route r;
    r.screen = ScreenFor(v);
    if (r.screen == Screen::File) r.step = 1;
    if (r.screen == Screen::Track || r.screen == Screen::Survey) r.no = c.route.no;
    Navigate(r, true);
  } else if (key == "route") {  // the browser's hash (start, back/forward)
    // "" and "#" are home (back to the page's first entry); other anchors are the host's own.
    const std::string_view h = v;
    if (!(h.empty() || h == "#" || h.substr(0, 2) == "#/")) return true;
    const Route r = ParseRoute(h);
    if (!(r == c.route)) ++c.route_entries;  // the echo of our own Navigate() is not a new entry
    c.route = r;
    A11y_NewPage();
  } else if (key == "api-base") {
    c.api_base.assign(v);
  } else if (key == "lang") {
    const cw::Lang l = cw::lang_from_tag(v);
    if (l != c.lang) {
      c.lang = l;
      SetLanguage(l);  // the kit's own strings and the accessibility tree
      a.theme_changed = true;  // other strings to ensure
    }
  } else if (key == "acceptance-no") {
    // On the track or survey screen the number is part of the route: the hash carries it, so a
    // reload (which replays the hash) keeps it. Elsewhere it waits for mode="track|survey".
    // URLs carry the canonical form only (DESIGN §3): "ts 261128 7k3m…" becomes TS-261128-7K3M…-4.
    Route r = c.route;
    const cw::Result<std::string> canonical = cw::parse_acceptance_no(v);
    r.no = canonical.ok() ? canonical.value() : RouteSafe(v, 32);
    if (r.screen == Screen::Track || r.screen == Screen::Survey) Navigate(r, true);
    else c.route.no = r.no;
  } else if (key == "theme-color") {
    unsigned rgb = 0;
    if (ParseHexColor(v, &rgb) && rgb != a.brand) {
      a.brand = rgb;
      a.theme_changed = true;
    }
  } else if (key == "care-mode") {
    const bool care = !(v == "0" || v == "false");
    if (care != c.care) {
      c.care = care;
      a.theme_changed = true;
    }
  } else if (key == "prefill.name") {
    c.prefill_name.assign(v);
    ++c.prefill_gen;
  } else if (key == "prefill.phone") {
    c.prefill_phone.assign(v);
    ++c.prefill_gen;
  } else if (key == "file") {
    Route r;
    r.screen = Screen::File;
    r.step = 1;
    Navigate(r);
  } else if (key == "track") {
    Route r;
    r.screen = Screen::Track;
    r.no = RouteSafe(v, 32);
    Navigate(r);
  } else if (key == "survey") {  // "NO\tTOKEN"
    const size_t tab = v.find('\t');
    Route r;
    r.screen = Screen::Survey;
    r.no = RouteSafe(v.substr(0, tab), 32);
    r.token = RouteSafe(tab == std::string_view::npos ? std::string_view() : v.substr(tab + 1), 128);
    Navigate(r);
  } else {
    return false;
  }
  return true;
}

bool App_TakeThemeChanged() {
  const bool c = g_app.theme_changed;
  g_app.theme_changed = false;
  return c;
}

unsigned App_BrandRgb() { return g_app.brand; }
bool App_CareMode() { return Ctx().care; }

void App_Draw() {
  PollMeta();
  switch (Ctx().route.screen) {
    case Screen::Home: HomeScreen(); break;
    case Screen::Gallery: GalleryScreen(); return;
    case Screen::File: FileScreen(); break;
    case Screen::Track: TrackScreen(); break;
    case Screen::Survey: SurveyScreen(); break;
    case Screen::Mine: Ctx().route.step == kMineByPhone ? FindByPhoneScreen() : MineScreen(); break;
    case Screen::Settings: SettingsScreen(); break;
  }
  LoadMeta();
}

std::string App_StartText(FontId font) { return HomeStartText(font); }

}  // namespace ui
