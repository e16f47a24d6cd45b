// wasm/ui/app.cpp — routes the host's mode to a screen. Home is the real entry screen; file, track
// and survey show where the customer screens (next issue) plug in, reusing the widget kit.
#include "wasm/ui/app.h"

#include <string>

#include "wasm/ui/gallery.h"
#include "wasm/ui/theme.h"
#include "wasm/ui/widgets.h"

namespace ui {
namespace {

enum class Screen { Home, File, Track, Survey, Gallery };

struct AppState {
  Screen screen = Screen::Home;
  std::string api_base = "/api/v1", lang = "zh-CN", acceptance_no, survey_token;
  std::string prefill_name, prefill_phone;
  unsigned brand = 0x0A6CFF;
  bool care = false;
  bool theme_changed = true;
};

AppState g_app;

Screen ScreenFor(std::string_view mode) {
  if (mode == "file") return Screen::File;
  if (mode == "track") return Screen::Track;
  if (mode == "survey") return Screen::Survey;
  if (mode == "gallery") return Screen::Gallery;
  return Screen::Home;
}

void HomeScreen() {
  ScreenOpts so;
  so.title = "投诉服务";
  BeginScreen("##home", so);
  BeginCard("自助投诉");
  Text("遇到话费、网络或服务问题？在这里提交投诉，随时查看处理进度。", kFontBody, T().text2);
  if (PrimaryButton("我要投诉")) g_app.screen = Screen::File;
  if (OutlineButton("查询进度")) g_app.screen = Screen::Track;
  if (OutlineButton("我的投诉")) g_app.screen = Screen::Track;
  EndCard();
  BeginCard("处理时限");
  TimelineRow("24 小时内确认受理", "提交后即生成受理编号", Stage::Current, false);
  TimelineRow("调查核实", "一般问题 3 个工作日内", Stage::Todo, false);
  TimelineRow("15 日内答复", "按您选择的方式答复", Stage::Todo, true);
  EndCard();
  EndScreen();
}

void PendingScreen(const char* title, const char* body) {
  ScreenOpts so;
  so.title = title;
  so.back = true;
  if (BeginScreen("##pending", so)) g_app.screen = Screen::Home;
  BeginCard();
  Text(body, kFontBody, T().text2);
  if (!g_app.acceptance_no.empty()) KeyValue("受理编号", g_app.acceptance_no, 0, kFontBodyBold);
  EndCard();
  EndScreen();
}

}  // namespace

bool App_SetOption(std::string_view key, std::string_view v) {
  AppState& a = g_app;
  if (key == "mode") {
    a.screen = ScreenFor(v);
  } else if (key == "api-base") {
    a.api_base.assign(v);
  } else if (key == "lang") {
    a.lang.assign(v);
  } else if (key == "acceptance-no") {
    a.acceptance_no.assign(v);
  } else if (key == "theme-color") {
    unsigned rgb = 0;
    if (ParseHexColor(v, &rgb) && rgb != a.brand) {
      a.brand = rgb;
      a.theme_changed = true;
    }
  } else if (key == "care-mode") {
    const bool care = !(v == "0" || v == "false");
    if (care != a.care) {
      a.care = care;
      a.theme_changed = true;
    }
  } else if (key == "prefill.name") {
    a.prefill_name.assign(v);
  } else if (key == "prefill.phone") {
    a.prefill_phone.assign(v);
  } else if (key == "file") {
    a.screen = Screen::File;
  } else if (key == "track") {
    a.acceptance_no.assign(v);
    a.screen = Screen::Track;
  } else if (key == "survey") {  // "NO\tTOKEN"
    const size_t tab = v.find('\t');
    a.acceptance_no.assign(v.substr(0, tab));
    a.survey_token.assign(tab == std::string_view::npos ? std::string_view() : v.substr(tab + 1));
    a.screen = Screen::Survey;
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
bool App_CareMode() { return g_app.care; }

void App_Draw() {
  switch (g_app.screen) {
    case Screen::Home: HomeScreen(); break;
    case Screen::Gallery: GalleryScreen(); break;
    case Screen::File: PendingScreen("我要投诉", "投诉填写页面即将上线。"); break;
    case Screen::Track: PendingScreen("投诉进度", "进度查询页面即将上线。"); break;
    case Screen::Survey: PendingScreen("满意度回访", "满意度回访页面即将上线。"); break;
  }
}

const char* App_Strings() {
  return "投诉服务自助遇到话费网络或服务问题？在这里提交，随时查看处理进度。我要查询我的时限小内确认受理提交后即生成编号"
         "调查核实一般个工作日答复按您选择方式返回页面即将上线满意度回访0123456789"
         "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-·，。：“”（）《》、*";
}

}  // namespace ui
