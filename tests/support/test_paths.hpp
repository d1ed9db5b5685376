#pragma once
// Where tests find the source tree, the build tree and the shared AWS material. The macros the tests use
// (PCSYNC_SOURCE_DIR, PCSYNC_BINARY_DIR, PCSYNC_SIGV4_SUITE_DIR, PCSYNC_API_MODEL) expand to these calls, so
// only test_paths.cpp carries the checkout's absolute paths and every other test source compiles the same
// (and hits ccache) in any clone.

namespace pcs::test {
const char* source_dir();
const char* binary_dir();
const char* sigv4_suite_dir();
const char* api_model_path();
}  // namespace pcs::test
