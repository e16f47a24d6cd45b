// wasm/platform/html5_host.h — ui::Host for the browser: the DOM text agent (<input>/<textarea>
// over the active field, IME and mobile keyboards), clipboard and frame requests.
#pragma once

#include "wasm/ui/host.h"

class Html5Host final : public ui::Host {
 public:
  void ShowTextAgent(const ui::AgentField& f) override;
  void HideTextAgent() override;
  void SetClipboardText(std::string_view utf8) override;
  void RequestFrame() override;
  bool FocusesOnTap() const override { return true; }
};
