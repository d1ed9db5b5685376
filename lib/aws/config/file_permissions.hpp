#pragma once
// Permission warnings for the shared AWS files, as the operator should hear them once at start and from
// `pcsyncctl doctor`: a credentials file (or a config file holding keys) readable by group or others leaks
// the keys; either file writable by group or others lets them change the credentials or the
// credential_process command pcsyncd runs. Warnings, not errors: the AWS CLI and SDKs accept such files too.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/config/environment.hpp"

namespace pcs::aws {

// Pure. mode: st_mode (only the permission bits are read). holds_secrets: the file holds keys (always assumed
// for the credentials file). The text names the path, the mode and the chmod to run; nullopt when fine.
std::optional<std::string> shared_file_permission_warning(std::string_view path, unsigned mode, bool holds_secrets);

// Checks ~/.aws/credentials and ~/.aws/config (or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE) as they are
// now. A missing or unreadable file gives no warning here (load_profile_set reports an unreadable one).
std::vector<std::string> shared_file_warnings(const Environment& env);

}  // namespace pcs::aws
