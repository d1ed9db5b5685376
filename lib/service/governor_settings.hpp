#pragma once
// The governor's configuration from pcsyncd.yaml and the AWS settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE and
// their profile keys apply when the config file leaves them unset).

#include "aws/config/settings.hpp"
#include "config/daemon_config.hpp"
#include "core/result.hpp"
#include "governor/governor_config.hpp"

namespace pcs::service {

Result<gov::GovernorConfig> governor_config_from(const config::DaemonConfig& config, const aws::AwsSettings& aws);

}  // namespace pcs::service
