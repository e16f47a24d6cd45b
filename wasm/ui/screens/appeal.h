// wasm/ui/screens/appeal.h — the track screen's cards for a complaint the customer may take further:
// why it was not accepted (spec 二(三)) and the regulator's path (DESIGN §3, MIIT order No. 35 art. 10).
#pragma once

#include "core/model.h"

namespace ui {

// The reason worded from the catalog by its code, in the current language, then the staff's note as
// written (issue 19 item 7).
void RejectionCard(const cw::CustomerView& v);
// Drawn when the core gave the view a regulator_path: why, the appeal centre, and the acceptance
// number with the dates the appeal asks for. The screen decides nothing about when.
void RegulatorCard(const cw::CustomerView& v);

}  // namespace ui
