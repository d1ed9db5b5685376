# The fuzz build (preset `fuzz`, PCSYNC_FUZZ=ON): libFuzzer targets of tests/fuzz and only the lib modules they
# link, compiled with clang. Every object carries the fuzzer's coverage instrumentation and ASan + UBSan; only
# the targets link libFuzzer's main. Nothing else of the project (daemon, ctl, sim, unit tests) is configured,
# so a cold build compiles what the targets need and no more.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "PCSYNC_FUZZ needs clang (libFuzzer): configure with the `fuzz` preset, or "
                      "-DCMAKE_CXX_COMPILER=clang++-14 (Debian: apt-get install clang libclang-rt-14-dev)")
endif()
# -fno-sanitize=function: clang 14 cannot assemble that check's prologue data for C++20 coroutines ("error:
# Cannot represent a difference across sections" on every awaitable); it guards calls through mistyped function
# pointers, which this code base does not make.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=function -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)

# Static libraries: a target only pulls in the objects it uses. EXCLUDE_FROM_ALL builds a module only when a
# fuzz target links it.
add_subdirectory(lib EXCLUDE_FROM_ALL)
include(CTest)
add_subdirectory(tests/fuzz)
