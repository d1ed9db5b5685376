#include "test_paths.hpp"

#include <fstream>
#include <sstream>

namespace pcs::test {
const char* source_dir() { return PCSYNC_SOURCE_DIR_VALUE; }
const char* binary_dir() { return PCSYNC_BINARY_DIR_VALUE; }
const char* sigv4_suite_dir() { return PCSYNC_SIGV4_SUITE_DIR_VALUE; }
const char* api_model_path() { return PCSYNC_API_MODEL_VALUE; }

std::string shipped_config_text() {
  std::ifstream in(std::string(source_dir()) + "/config/pcsyncd.yaml", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace pcs::test
