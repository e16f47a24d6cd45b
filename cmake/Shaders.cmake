# cmake/Shaders.cmake — embeds shaders/*.vert|frag into a generated header in the build folder,
# with a host-side `cmake -P` step (cmake/EmbedShaders.cmake), so GLSL stays real files.
set(CW_SHADER_SOURCES ${CMAKE_SOURCE_DIR}/shaders/imgui.vert ${CMAKE_SOURCE_DIR}/shaders/imgui.frag)
set(CW_SHADER_HEADER ${CMAKE_BINARY_DIR}/generated/cw_shaders.h)
add_custom_command(
  OUTPUT ${CW_SHADER_HEADER}
  COMMAND ${CMAKE_COMMAND} -DOUT=${CW_SHADER_HEADER} "-DINPUTS=${CW_SHADER_SOURCES}"
          -P ${CMAKE_SOURCE_DIR}/cmake/EmbedShaders.cmake
  DEPENDS ${CW_SHADER_SOURCES} ${CMAKE_SOURCE_DIR}/cmake/EmbedShaders.cmake
  COMMENT "Embedding shaders"
  VERBATIM)
add_custom_target(cw_shaders DEPENDS ${CW_SHADER_HEADER})
