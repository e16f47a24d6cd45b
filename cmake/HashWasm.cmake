# cmake/HashWasm.cmake — gives a module's .wasm a content-hashed name (DESIGN §6: cached forever;
# the entry modules revalidate) and points the emscripten glue at it.
# cmake -DDIR=<dist/web> -DNAME=cw_widget -P HashWasm.cmake
set(wasm ${DIR}/${NAME}.wasm)
set(glue ${DIR}/${NAME}.js)
if(NOT EXISTS ${wasm})
  return()  # already hashed by an earlier run of this step for the same link
endif()
file(SHA256 ${wasm} sum)
string(SUBSTRING ${sum} 0 16 short)
set(hashed ${NAME}.${short}.wasm)
file(GLOB old ${DIR}/${NAME}.*.wasm)
if(old)
  file(REMOVE ${old})
endif()
file(RENAME ${wasm} ${DIR}/${hashed})
file(READ ${glue} js)
string(FIND "${js}" "\"${NAME}.wasm\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "HashWasm: ${glue} does not name \"${NAME}.wasm\"")
endif()
string(REPLACE "\"${NAME}.wasm\"" "\"${hashed}\"" js "${js}")
file(WRITE ${glue} "${js}")
message(STATUS "${NAME}.wasm -> ${hashed}")
