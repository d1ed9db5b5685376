#include "test_paths.hpp"

namespace pcs::test {
const char* source_dir() { return PCSYNC_SOURCE_DIR_VALUE; }
const char* binary_dir() { return PCSYNC_BINARY_DIR_VALUE; }
const char* sigv4_suite_dir() { return PCSYNC_SIGV4_SUITE_DIR_VALUE; }
const char* api_model_path() { return PCSYNC_API_MODEL_VALUE; }
}  // namespace pcs::test
