#version 300 es
// shaders/imgui.vert — ImGui vertices: position in CSS pixels, projected to clip space.
precision highp float;
uniform mat4 u_proj;
in vec2 a_pos;
in vec2 a_uv;
in vec4 a_color;
out vec2 v_uv;
out vec4 v_color;
void main() {
  v_uv = a_uv;
  v_color = a_color;
  gl_Position = u_proj * vec4(a_pos, 0.0, 1.0);
}
