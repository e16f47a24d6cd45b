// wasm/platform/imgui_impl_html5.h — ImGui platform backend for the browser: mouse, touch (tap,
// drag-to-scroll with inertia), wheel, keys, clipboard, size and DPR. Events arrive from
// wasm/js/library_cw.js through the cw_emsc_* exports and are latched per frame. It talks to the
// app only through ImGuiIO and these functions; what is the app's (the text agent, the
// accessibility tree, insets, reduced motion for the UI) goes through the host port
// (wasm/platform/html5_host.h).
#pragma once

// Creates the WebGL2 context on the host canvas and attaches the DOM listeners.
// Returns false when the browser gives no WebGL2 context.
bool ImGui_ImplHtml5_Init();
void ImGui_ImplHtml5_Shutdown();
// prefers-reduced-motion: no scroll inertia.
void ImGui_ImplHtml5_SetReducedMotion(bool reduced);
// Feeds size, DPR, time and the latched input into ImGuiIO. Call before ImGui::NewFrame().
// `repeat` rebuilds the same frame (glyph atlas moved): no new input, no time passes.
void ImGui_ImplHtml5_NewFrame(double now_ms, bool repeat = false);
// True while something (a held button, a tap's release, scroll inertia) wants another frame soon.
bool ImGui_ImplHtml5_WantsFrame();
// Framebuffer size in device pixels and the device pixel ratio.
void ImGui_ImplHtml5_GetFramebuffer(int* w, int* h, float* dpr);
// Asks the browser for one frame (requestAnimationFrame, skipped while hidden).
void ImGui_ImplHtml5_RequestFrame();
// Page scroll for this frame in CSS pixels (wheel, touch drag, inertia); positive scrolls down.
float ImGui_ImplHtml5_TakeScroll();
// The page could not scroll further: stop the inertia.
void ImGui_ImplHtml5_StopScroll();
