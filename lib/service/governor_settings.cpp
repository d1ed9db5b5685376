#include "service/governor_settings.hpp"

namespace pcs::service {

Result<gov::GovernorConfig> governor_config_from(const config::DaemonConfig& config, const aws::AwsSettings& aws) {
  gov::GovernorConfig g;
  g.read = gov::QuotaSpec{config.read_quota_per_second, double(config.read_quota_daily)};
  g.write = gov::QuotaSpec{config.write_quota_per_second, double(config.write_quota_daily)};
  g.share = config.quota_share;
  g.max_attempts = config.max_attempts.value_or(aws.max_attempts.value_or(g.max_attempts));
  std::string mode = config.retry_mode.value_or(aws.retry_mode.value_or(std::string(gov::to_string(g.retry_mode))));
  auto parsed = gov::parse_retry_mode(mode);
  if (!parsed)
    return make_error(ErrorKind::config, "InvalidRetryMode",
                      "retry mode '" + mode + "' is not one of standard, adaptive, pcsyncd (check retry_mode in the "
                      "config file, AWS_RETRY_MODE, or retry_mode in ~/.aws/config)");
  g.retry_mode = *parsed;
  g.call_timeout = config.call_timeout;
  if (auto valid = gov::validate(g); !valid) return valid.error();
  return g;
}

}  // namespace pcs::service
