// wasm/console/case_pane.h — the case beside the queue (DESIGN §5b): the whole record from
// GET /staff/complaints/{no}, its evidence, the timeline newest first with internal notes marked,
// and every action the core offers this role as a small form; a refusal is worded in the staff
// member's language from the server's error code.
#pragma once

#include <imgui.h>

#include <string>

namespace console {

// Opens the case `no` (read from the server); the same number again reads it anew.
void CasePane_Open(const std::string& no);
void CasePane_Close();
const std::string& CasePane_No();  // "" when no case is open
void CasePane_Draw(ImVec2 pos, ImVec2 size);
// True once after an action was taken: the queue looks again.
bool CasePane_TakeChanged();
void CasePane_Reset();

}  // namespace console
