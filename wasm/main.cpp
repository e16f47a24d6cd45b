// wasm/main.cpp — entry point of complaint-widget: the shared shell (wasm/platform/shell.h) with the
// customer's screens (wasm/ui/app.h).
#include "wasm/platform/shell.h"
#include "wasm/ui/app.h"

int main() {
  static const ShellApp kWidget{
      "complaint-widget", ui::App_Draw,       ui::App_StartText, ui::App_SetOption, ui::App_TakeThemeChanged,
      ui::App_BrandRgb,   ui::App_CareMode, ui::App_SetHost};
  return Shell_Main(kWidget);
}
