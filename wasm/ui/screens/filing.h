// wasm/ui/screens/filing.h — what the filing side shares with home, "my complaints" and settings:
// the saved draft and "my complaints" (labels and times: format.h).
#pragma once

#include <string>
#include <string_view>

#include "core/iso_time.h"
#include "core/json.h"

namespace ui {

// Asks the client for the saved draft once (home and the wizard both call it; the first wins).
void Filing_LoadDraft();
// True when the saved draft holds something the customer chose or typed (not only the prefill).
bool Filing_HasDraft();
// A card "you have a complaint you have not submitted · continue" when there is a draft.
void DraftCard();
// After "clear this device's data": the wizard starts empty and nothing is saved again.
void Filing_ForgetAll();

// "My complaints" on this device (mine.cpp): refreshed on entry to home or the list, and when the
// client reports a filing sent, queued or changed.
void Mine_Refresh();
int Mine_Count();             // -1 until the first answer
std::string Mine_Latest();    // "TS-… · 处理中" of the newest one, or ""

}  // namespace ui
