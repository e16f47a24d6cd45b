// wasm/main.cpp — entry point of complaint-widget: sets up ImGui on the host's canvas and draws
// frames only when asked (input, data, resize) plus two settling frames; no continuous loop.
#include <emscripten/emscripten.h>
#include <imgui.h>

#include <cstdio>

#include "wasm/platform/imgui_impl_html5.h"
#include "wasm/platform/imgui_impl_webgl2.h"

extern "C" {
void cw_js_emit(const char* type, const char* detail_json);
}

namespace {

struct App {
  bool ready_sent = false;
  int settling_frames = 0;
  unsigned long frames = 0;
};

App g_app;

void draw_ui() {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::Begin("home", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
  ImGui::TextUnformatted("Complaint self-service");
  ImGui::Separator();
  ImGui::Button("File a complaint", ImVec2(-1, 44));
  ImGui::Button("Track a complaint", ImVec2(-1, 44));
  ImGui::End();
}

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void cw_emsc_frame(double now_ms) {
  ImGui_ImplHtml5_NewFrame(now_ms);
  ImGui::NewFrame();
  draw_ui();
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  float dpr = 1;
  ImGui_ImplHtml5_GetFramebuffer(&fb_w, &fb_h, &dpr);
  ImGui_ImplWebGL2_RenderDrawData(ImGui::GetDrawData(), fb_w, fb_h, 0.96f, 0.97f, 0.98f);
  ++g_app.frames;
  if (!g_app.ready_sent) {
    g_app.ready_sent = true;
    cw_js_emit("ready", "{}");
  }
  // Two settling frames after any input: ImGui needs them for hover and release to show.
  if (ImGui_ImplHtml5_WantsFrame()) g_app.settling_frames = 2;
  if (g_app.settling_frames > 0) {
    --g_app.settling_frames;
    ImGui_ImplHtml5_RequestFrame();
  }
}

int main() {
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ImGui::StyleColorsLight();
  if (!ImGui_ImplHtml5_Init()) {
    std::fprintf(stderr, "complaint-widget: WebGL2 is not available\n");
    cw_js_emit("error", "{\"code\":\"webgl.unavailable\",\"message\":\"WebGL2 is not available\"}");
    return 0;
  }
  ImGui_ImplWebGL2_Init();
  g_app.settling_frames = 2;
  return 0;
}
