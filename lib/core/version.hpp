#pragma once
// The build's identity: the project version from CMake and the git revision it was configured from.
// Shown by `--version`, the User-Agent and the pcsyncd_build_info metric.
#include <string>
#include <string_view>

namespace pcs::core {

// "0.2.0"
std::string_view version();
// Short commit hash, with "-dirty" when the tree had changes, or "unknown" outside a git checkout
// (a source package); PCSYNC_GIT_REVISION overrides it at configure time.
std::string_view git_revision();
// "pcsyncd 0.2.0 (git 1a2b3c4)"
std::string version_line(std::string_view program);

}  // namespace pcs::core
