// wasm/console/main.cpp — entry point of the staff workbench (DESIGN §5b): the widget's shell
// (wasm/platform/shell.h: backends, renderer, glyph cache, text agent, accessibility registry) with
// the workbench's screens (console.h).
#include "wasm/console/console.h"
#include "wasm/platform/shell.h"

int main() {
  static const ShellApp kConsole{"complaint-console",       console::Draw,     console::StartText,
                                 console::SetOption,        console::TakeThemeChanged,
                                 console::BrandRgb,         console::CareMode, console::SetHost,
                                 /*dense=*/true};
  return Shell_Main(kConsole);
}
