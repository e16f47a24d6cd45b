// wasm/platform/html5_host.h — ui::Host for the browser: the DOM text agent (<input>/<textarea>
// over the active field, IME and mobile keyboards), clipboard and frame requests; and the page's
// messages for the UI (cw_emsc_agent_*, cw_emsc_a11y, cw_emsc_insets, cw_emsc_reduced_motion).
#pragma once

#include "wasm/ui/data.h"
#include "wasm/ui/host.h"

class Html5Host final : public ui::Host {
 public:
  // Applies what the page reported between frames (insets) with the size of the frame about to be
  // built: call after ImGui_ImplHtml5_NewFrame.
  void NewFrame();

  void ShowTextAgent(const ui::AgentField& f) override;
  void HideTextAgent() override;
  void SetClipboardText(std::string_view utf8) override;
  void RequestFrame() override;
  void RequestFrameIn(int ms) override;
  bool FocusesOnTap() const override { return true; }
  void ShowFilePicker(unsigned id, float x, float y, float w, float h, const char* accept,
                      const char* label) override;
  void HideFilePicker() override;
  void SetRoute(std::string_view hash, bool replace) override;
};

// ui::DataPort for the browser: calls go to the element (web/complaint-widget.js), which runs them
// on its headless client; answers come back through cw_emsc_data_result / cw_emsc_data_event.
class Html5DataPort final : public ui::DataPort {
 public:
  void Call(unsigned id, std::string_view method, std::string_view args_json) override;
};
