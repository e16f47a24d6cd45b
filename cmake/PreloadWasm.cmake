# cmake/PreloadWasm.cmake — points the pages' <link rel="preload"> of the widget's .wasm at its
# current content-hashed name (HashWasm.cmake gives it), so that the browser fetches the module
# while it still parses the page, not after the glue has run. web/*.html name `cw_widget.wasm`.
# cmake -DDIR=<dist/web> -DNAME=cw_widget -P PreloadWasm.cmake
file(GLOB hashed RELATIVE ${DIR} ${DIR}/${NAME}.*.wasm)
list(LENGTH hashed n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "PreloadWasm: expected one ${DIR}/${NAME}.<hash>.wasm, found: ${hashed}")
endif()
file(GLOB_RECURSE pages LIST_DIRECTORIES false ${DIR}/*.html)
foreach(page ${pages})
  file(READ ${page} html)
  string(REGEX REPLACE "${NAME}(\\.[0-9a-f]+)?\\.wasm\"" "${hashed}\"" out "${html}")
  if(NOT out STREQUAL html)
    file(WRITE ${page} "${out}")
  endif()
endforeach()
