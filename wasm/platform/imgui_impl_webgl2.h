// wasm/platform/imgui_impl_webgl2.h — ImGui renderer for WebGL2 with a single-channel (R8) atlas.
// Shaders come from shaders/ through the generated cw_shaders.h; compile errors print the info log.
#pragma once

struct ImDrawData;

bool ImGui_ImplWebGL2_Init();
void ImGui_ImplWebGL2_Shutdown();
// (Re)creates GL objects and uploads the font atlas; after a context loss call it again.
bool ImGui_ImplWebGL2_CreateDeviceObjects();
void ImGui_ImplWebGL2_DestroyDeviceObjects();
// After a WebGL context loss: drops the dead GL names without deleting them.
void ImGui_ImplWebGL2_ForgetDeviceObjects();
// Uploads the atlas: whole when `full` or its size changed, else rows [y0, y1) (texSubImage2D).
void ImGui_ImplWebGL2_UpdateFontTexture(bool full, int y0, int y1);
void ImGui_ImplWebGL2_RenderDrawData(ImDrawData* draw_data, int fb_width, int fb_height,
                                     float clear_r, float clear_g, float clear_b);
