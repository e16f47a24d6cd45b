# cmake/EmbedShaders.cmake — run as `cmake -DOUT=... -DINPUTS=a;b -P EmbedShaders.cmake`.
# Writes one `static const char kShader_<name>_<ext>[]` raw string per input file.
set(text "// Generated from shaders/ by cmake/EmbedShaders.cmake. Do not edit.\n#pragma once\n")
foreach(input IN LISTS INPUTS)
  get_filename_component(name ${input} NAME_WE)
  get_filename_component(ext ${input} EXT)
  string(REPLACE "." "" ext "${ext}")
  file(READ ${input} body)
  string(APPEND text "static const char kShader_${name}_${ext}[] = R\"cw_glsl(${body})cw_glsl\";\n")
endforeach()
file(WRITE ${OUT}.tmp "${text}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
