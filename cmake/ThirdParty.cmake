# cmake/ThirdParty.cmake — targets for third-party code installed by scripts/setup (never committed):
# nlohmann_json (header-only), imgui (Debian's 1.86 source, ImWchar32), cw_gtest (Debian's source).

# nlohmann: natively from /usr/include; with emcc through a private folder, because
# -I/usr/include breaks the emscripten sysroot (TOOLCHAIN.md).
add_library(cw_json INTERFACE)
if(EMSCRIPTEN)
  target_include_directories(cw_json SYSTEM INTERFACE ${CW_THIRD_PARTY}/include)
endif()
target_compile_definitions(cw_json INTERFACE JSON_NOEXCEPTION=1 JSON_USE_IMPLICIT_CONVERSIONS=0)

set(CW_IMGUI_DIR ${CW_THIRD_PARTY}/imgui)
add_library(imgui STATIC
  ${CW_IMGUI_DIR}/imgui.cpp
  ${CW_IMGUI_DIR}/imgui_draw.cpp
  ${CW_IMGUI_DIR}/imgui_tables.cpp
  ${CW_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${CW_IMGUI_DIR})
# ImWchar32: characters beyond the BMP (rare name characters such as 𠮷) must render.
target_compile_definitions(imgui PUBLIC
  IMGUI_USE_WCHAR32 IMGUI_DISABLE_FILE_FUNCTIONS IMGUI_DISABLE_OBSOLETE_FUNCTIONS
  IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_DEBUG_TOOLS)
set_target_properties(imgui PROPERTIES POSITION_INDEPENDENT_CODE ON)

if(CW_BUILD_TESTS)
  set(CW_GTEST_DIR /usr/src/googletest/googletest)
  add_library(cw_gtest STATIC ${CW_GTEST_DIR}/src/gtest-all.cc ${CW_GTEST_DIR}/src/gtest_main.cc)
  target_include_directories(cw_gtest SYSTEM PUBLIC ${CW_GTEST_DIR}/include PRIVATE ${CW_GTEST_DIR})
  if(EMSCRIPTEN)
    # EXPECT_THROW aborts without exceptions; kept to the test binaries (TOOLCHAIN.md).
    target_compile_options(cw_gtest PUBLIC -fexceptions)
    target_compile_definitions(cw_gtest PUBLIC GTEST_HAS_PTHREAD=0)
  else()
    find_package(Threads REQUIRED)
    target_link_libraries(cw_gtest PUBLIC Threads::Threads)
  endif()
endif()
