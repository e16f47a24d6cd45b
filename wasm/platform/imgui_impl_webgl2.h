// wasm/platform/imgui_impl_webgl2.h — ImGui renderer for WebGL2 with a single-channel (R8) atlas.
// Shaders come from shaders/ through the generated cw_shaders.h; compile errors print the info log.
#pragma once

struct ImDrawData;

bool ImGui_ImplWebGL2_Init();
void ImGui_ImplWebGL2_Shutdown();
// (Re)creates GL objects and uploads the font atlas; after a context loss call it again.
bool ImGui_ImplWebGL2_CreateDeviceObjects();
void ImGui_ImplWebGL2_DestroyDeviceObjects();
// Uploads a changed rectangle of the atlas (glyphs rasterized on demand).
void ImGui_ImplWebGL2_UpdateFontTexture(int x, int y, int w, int h);
void ImGui_ImplWebGL2_RenderDrawData(ImDrawData* draw_data, int fb_width, int fb_height,
                                     float clear_r, float clear_g, float clear_b);
