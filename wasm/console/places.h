// wasm/console/places.h — the workbench's places besides the queue (DESIGN §5b, the rail): intake of
// a complaint from another channel (intake.cpp), the statistics (stats_pane.cpp) and the failed
// notifications with retry (failed_pane.cpp). Each draws into the main area beside the rail and
// keeps its state across visits; console.cpp switches between them.
#pragma once

#include <imgui.h>

#include <string>

namespace console {

// Intake (POST /staff/complaints): the form with the core's checks and messages, the answer's number.
void Intake_Draw(ImVec2 pos, ImVec2 size);
// The acceptance number filed last, once, for the queue to open it ("" when none).
std::string Intake_TakeFiled();
// True once when the staff member asked to see the filed case in the queue.
bool Intake_TakeShowInQueue();
void Intake_Reset();

// Statistics (GET /staff/stats): supervisors and managers; an agent sees the place disabled.
void Stats_Draw(ImVec2 pos, ImVec2 size);
void Stats_Reset();

// Failed notifications (GET /staff/notifications?state=failed) and their retry (supervisor).
void Failed_Draw(ImVec2 pos, ImVec2 size);
// Asks the list again (entering the place).
void Failed_Refresh();
// The rail's count: the failed messages listed last (-1 before the first answer); an answer that
// came is taken first.
int Failed_Count();
void Failed_Reset();

// The place's title bar across the main area: the title at the left; returns the bar's height.
float PlaceBar(ImVec2 pos, float w, std::string_view title);

}  // namespace console
