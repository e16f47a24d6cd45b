// wasm/platform/imgui_impl_webgl2.cpp — WebGL2 renderer: one program, one VAO, R8 atlas.
// Follows imgui_impl_opengl3's structure, trimmed to what WebGL2 offers (no base vertex).
#include "wasm/platform/imgui_impl_webgl2.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <cstdio>

#include "generated/cw_shaders.h"

namespace {

struct RendererData {
  GLuint program = 0, vao = 0, vbo = 0, ebo = 0, font_texture = 0;
  GLint loc_proj = -1, loc_tex = -1;
  int tex_w = 0, tex_h = 0;
};

RendererData* g_rd = nullptr;

// Status queries are synchronous round trips to the GPU process: the program's link status is
// asked once; only when it failed are the shaders asked which of them did not compile, and why.
GLuint compile(GLenum type, const char* src) {
  GLuint s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  return s;
}

void ReportShader(GLuint s, const char* name) {
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (ok) return;
  char log[1024] = {};
  glGetShaderInfoLog(s, sizeof log, nullptr, log);
  std::fprintf(stderr, "webgl2: shader %s failed to compile:\n%s\n", name, log);
}

}  // namespace

bool ImGui_ImplWebGL2_Init() {
  ImGuiIO& io = ImGui::GetIO();
  g_rd = IM_NEW(RendererData)();
  io.BackendRendererUserData = g_rd;
  io.BackendRendererName = "imgui_impl_webgl2";
  return ImGui_ImplWebGL2_CreateDeviceObjects();
}

void ImGui_ImplWebGL2_Shutdown() {
  ImGui_ImplWebGL2_DestroyDeviceObjects();
  ImGui::GetIO().BackendRendererUserData = nullptr;
  IM_DELETE(g_rd);
  g_rd = nullptr;
}

bool ImGui_ImplWebGL2_CreateDeviceObjects() {
  RendererData* rd = g_rd;
  GLuint vs = compile(GL_VERTEX_SHADER, kShader_imgui_vert);
  GLuint fs = compile(GL_FRAGMENT_SHADER, kShader_imgui_frag);
  rd->program = glCreateProgram();
  glAttachShader(rd->program, vs);
  glAttachShader(rd->program, fs);
  glBindAttribLocation(rd->program, 0, "a_pos");
  glBindAttribLocation(rd->program, 1, "a_uv");
  glBindAttribLocation(rd->program, 2, "a_color");
  glLinkProgram(rd->program);
  GLint ok = 0;
  glGetProgramiv(rd->program, GL_LINK_STATUS, &ok);
  if (!ok) {
    ReportShader(vs, "imgui.vert");
    ReportShader(fs, "imgui.frag");
    char log[1024] = {};
    glGetProgramInfoLog(rd->program, sizeof log, nullptr, log);
    std::fprintf(stderr, "webgl2: program failed to link:\n%s\n", log);
  }
  glDeleteShader(vs);
  glDeleteShader(fs);
  if (!ok) {
    glDeleteProgram(rd->program);
    rd->program = 0;
    return false;
  }
  rd->loc_proj = glGetUniformLocation(rd->program, "u_proj");
  rd->loc_tex = glGetUniformLocation(rd->program, "u_tex");

  glGenVertexArrays(1, &rd->vao);
  glGenBuffers(1, &rd->vbo);
  glGenBuffers(1, &rd->ebo);
  glBindVertexArray(rd->vao);
  glBindBuffer(GL_ARRAY_BUFFER, rd->vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, rd->ebo);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, pos));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, uv));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), (void*)IM_OFFSETOF(ImDrawVert, col));
  glBindVertexArray(0);

  glGenTextures(1, &rd->font_texture);
  glBindTexture(GL_TEXTURE_2D, rd->font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  ImGui::GetIO().Fonts->SetTexID((ImTextureID)(intptr_t)rd->font_texture);
  ImGui_ImplWebGL2_UpdateFontTexture(true, 0, 0);
  return true;
}

void ImGui_ImplWebGL2_ForgetDeviceObjects() {
  // After a context loss every GL name is dead: deleting them would only raise GL errors.
  if (g_rd) *g_rd = RendererData{};
}

void ImGui_ImplWebGL2_DestroyDeviceObjects() {
  RendererData* rd = g_rd;
  if (!rd) return;
  if (rd->font_texture) glDeleteTextures(1, &rd->font_texture);
  if (rd->vbo) glDeleteBuffers(1, &rd->vbo);
  if (rd->ebo) glDeleteBuffers(1, &rd->ebo);
  if (rd->vao) glDeleteVertexArrays(1, &rd->vao);
  if (rd->program) glDeleteProgram(rd->program);
  *rd = RendererData{};
}

void ImGui_ImplWebGL2_UpdateFontTexture(bool full, int y0, int y1) {
  // The atlas is filled by wasm/ui/glyph_cache.cpp; TexPixelsAlpha8 is read directly because
  // GetTexDataAsAlpha8() would pull ImGui's TTF builder (stb_truetype) into the bundle.
  RendererData* rd = g_rd;
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  const unsigned char* pixels = atlas->TexPixelsAlpha8;
  const int tw = atlas->TexWidth, th = atlas->TexHeight;
  if (!rd || !rd->font_texture || !pixels) return;
  glBindTexture(GL_TEXTURE_2D, rd->font_texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  if (full || tw != rd->tex_w || th != rd->tex_h) {
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, tw, th, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    rd->tex_w = tw;
    rd->tex_h = th;
  } else if (y1 > y0) {
    // Whole rows: one contiguous upload, no UNPACK_ROW_LENGTH games.
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, y0, tw, y1 - y0, GL_RED, GL_UNSIGNED_BYTE, pixels + (size_t)y0 * tw);
  }
}

void ImGui_ImplWebGL2_RenderDrawData(ImDrawData* dd, int fb_w, int fb_h, float cr, float cg, float cb) {
  RendererData* rd = g_rd;
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(cr, cg, cb, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  if (!dd || fb_w <= 0 || fb_h <= 0) return;
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glEnable(GL_SCISSOR_TEST);

  float L = dd->DisplayPos.x, R = dd->DisplayPos.x + dd->DisplaySize.x;
  float T = dd->DisplayPos.y, B = dd->DisplayPos.y + dd->DisplaySize.y;
  const float proj[4][4] = {
      {2.0f / (R - L), 0.0f, 0.0f, 0.0f},
      {0.0f, 2.0f / (T - B), 0.0f, 0.0f},
      {0.0f, 0.0f, -1.0f, 0.0f},
      {(R + L) / (L - R), (T + B) / (B - T), 0.0f, 1.0f},
  };
  glUseProgram(rd->program);
  glUniformMatrix4fv(rd->loc_proj, 1, GL_FALSE, &proj[0][0]);
  glUniform1i(rd->loc_tex, 0);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(rd->vao);
  glBindBuffer(GL_ARRAY_BUFFER, rd->vbo);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, rd->ebo);

  ImVec2 clip_off = dd->DisplayPos, clip_scale = dd->FramebufferScale;
  for (int n = 0; n < dd->CmdListsCount; ++n) {
    const ImDrawList* cl = dd->CmdLists[n];
    glBufferData(GL_ARRAY_BUFFER, cl->VtxBuffer.Size * (GLsizeiptr)sizeof(ImDrawVert), cl->VtxBuffer.Data, GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, cl->IdxBuffer.Size * (GLsizeiptr)sizeof(ImDrawIdx), cl->IdxBuffer.Data, GL_STREAM_DRAW);
    for (int i = 0; i < cl->CmdBuffer.Size; ++i) {
      const ImDrawCmd* cmd = &cl->CmdBuffer[i];
      if (cmd->UserCallback) {
        cmd->UserCallback(cl, cmd);
        continue;
      }
      ImVec2 cmin((cmd->ClipRect.x - clip_off.x) * clip_scale.x, (cmd->ClipRect.y - clip_off.y) * clip_scale.y);
      ImVec2 cmax((cmd->ClipRect.z - clip_off.x) * clip_scale.x, (cmd->ClipRect.w - clip_off.y) * clip_scale.y);
      if (cmax.x <= cmin.x || cmax.y <= cmin.y) continue;
      glScissor((int)cmin.x, (int)((float)fb_h - cmax.y), (int)(cmax.x - cmin.x), (int)(cmax.y - cmin.y));
      glBindTexture(GL_TEXTURE_2D, (GLuint)(intptr_t)cmd->GetTexID());
      // WebGL2 has no glDrawElementsBaseVertex: ImGui keeps VtxOffset 0 without RendererHasVtxOffset.
      glDrawElements(GL_TRIANGLES, (GLsizei)cmd->ElemCount, sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     (void*)(intptr_t)(cmd->IdxOffset * sizeof(ImDrawIdx)));
    }
  }
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
}
