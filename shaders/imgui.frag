#version 300 es
// shaders/imgui.frag — single-channel atlas: coverage in .r, colour from the vertex.
// The atlas is GL_R8 (4x less upload than RGBA); white pixels are coverage 1.
precision mediump float;
uniform sampler2D u_tex;
in vec2 v_uv;
in vec4 v_color;
out vec4 o_color;
void main() {
  float a = texture(u_tex, v_uv).r;
  o_color = vec4(v_color.rgb, v_color.a * a);
}
