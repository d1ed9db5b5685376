# Every project target gets the same warnings; PCSYNC_WERROR turns them into errors (CI sets it).
add_library(pcs_warnings INTERFACE)
target_compile_options(pcs_warnings INTERFACE -Wall -Wextra -Wpedantic -Wnon-virtual-dtor)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(pcs_warnings INTERFACE -Wshadow=local)
  # GCC 12 reports Asio's coroutine frame allocator (awaitable_frame_base::operator new/delete) as mismatched
  # in optimised builds: a known false positive (GCC PR 109224), not a bug in our code.
  target_compile_options(pcs_warnings INTERFACE -Wno-mismatched-new-delete)
elseif(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  # Clang (the fuzz build) has no -Wshadow=local; this is its nearest: a local shadowing a local.
  target_compile_options(pcs_warnings INTERFACE -Wshadow-uncaptured-local)
endif()
if(PCSYNC_WERROR)
  target_compile_options(pcs_warnings INTERFACE -Werror)
endif()
if(PCSYNC_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# pcs_module(NAME SOURCES... DEPS ...) declares one lib/ folder as a static library.
function(pcs_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${M_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/lib)
  target_link_libraries(${name} PUBLIC ${M_DEPS} PRIVATE pcs_warnings)
endfunction()

# pcs_test(NAME SOURCES... DEPS ... [LABELS ...]) declares one test binary, registered with CTest.
function(pcs_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;DEPS;LABELS;BINARIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} pcs_test_support GTest::gtest GTest::gtest_main pcs_warnings)
  # The paths are function calls into tests/support/test_paths.cpp, not string literals on every command
  # line: test sources then compile identically in any checkout and ccache serves them across clones.
  # result_printers.hpp: how gtest prints Error, Result and ErrorKind, and ASSERT_OK/EXPECT_OK, everywhere.
  target_compile_definitions(${name} PRIVATE
    "PCSYNC_SIGV4_SUITE_DIR=(::pcs::test::sigv4_suite_dir())"
    "PCSYNC_API_MODEL=(::pcs::test::api_model_path())"
    "PCSYNC_SOURCE_DIR=(::pcs::test::source_dir())"
    "PCSYNC_BINARY_DIR=(::pcs::test::binary_dir())")
  target_compile_options(${name} PRIVATE "SHELL:-include test_paths.hpp" "SHELL:-include result_printers.hpp")
  # BINARIES: the shipped programs the test runs as processes, built before it and named by
  # PCSYNC_DAEMON_BINARY (pcsyncd), PCSYNC_CTL_BINARY (pcsyncctl) and PCSYNC_SIM_BINARY (pcsync-sim).
  foreach(binary ${T_BINARIES})
    if(binary STREQUAL "pcsyncd")
      set(macro PCSYNC_DAEMON_BINARY)
    elseif(binary STREQUAL "pcsyncctl")
      set(macro PCSYNC_CTL_BINARY)
    elseif(binary STREQUAL "pcsync-sim")
      set(macro PCSYNC_SIM_BINARY)
    else()
      message(FATAL_ERROR "pcs_test(${name}): BINARIES names pcsyncd, pcsyncctl or pcsync-sim, not ${binary}")
    endif()
    target_compile_definitions(${name} PRIVATE ${macro}="$<TARGET_FILE:${binary}>")
    add_dependencies(${name} ${binary})
  endforeach()
  set(labels unit)
  if(T_LABELS)
    set(labels ${T_LABELS})
  endif()
  # Each test case ends within 120 s unless its binary says otherwise (TIMEOUT, seconds: the long runs).
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES LABELS "${labels}" TIMEOUT ${T_TIMEOUT})
endfunction()
