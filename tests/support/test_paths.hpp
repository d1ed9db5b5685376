#pragma once
// Where tests find the source tree, the build tree and the shared AWS material. The macros the tests use
// (PCSYNC_SOURCE_DIR, PCSYNC_BINARY_DIR, PCSYNC_SIGV4_SUITE_DIR, PCSYNC_API_MODEL) expand to these calls, so
// only test_paths.cpp carries the checkout's absolute paths and every other test source compiles the same
// (and hits ccache) in any clone.

#include <string>

namespace pcs::test {
const char* source_dir();
const char* binary_dir();
const char* sigv4_suite_dir();
const char* api_model_path();
// config/pcsyncd.yaml, the installed default and the README's example: the tests that need "the shipped rules"
// read them here instead of keeping a copy. Empty when the file is missing (the test then fails on it).
std::string shipped_config_text();
}  // namespace pcs::test
