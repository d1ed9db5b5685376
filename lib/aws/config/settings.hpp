#pragma once
// pcsyncd's AWS client settings, resolved the way the AWS CLI/SDKs resolve them: pcsyncd's own config file
// first, then the environment, then the selected profile of the shared files, then the defaults.
// Pure: takes the environment and the already-loaded profiles.

#include <optional>
#include <string>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "core/result.hpp"

namespace pcs::aws {

// What pcsyncd's own configuration file says (each optional: unset means "ask the environment").
struct ExplicitAwsSettings {
  std::optional<std::string> profile;
  std::optional<std::string> region;
  std::optional<std::string> endpoint_url;  // wins over everything, even AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
  std::optional<bool> use_fips_endpoint;
  std::optional<std::string> ca_bundle;
};

struct AwsSettings {
  std::string profile;           // the profile name used ("default" when none was chosen)
  std::string region;            // never empty
  std::string region_source;     // "config", "AWS_REGION", "AWS_DEFAULT_REGION", "profile dev", "default"
  bool use_fips_endpoint = false;
  bool use_dual_stack_endpoint = false;
  std::optional<std::string> endpoint_override;  // the configured endpoint_url, if any
  std::string endpoint_url;      // the final URL: the override, or what the endpoint rules resolve
  std::string endpoint_source;   // "config", "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING", ..., "endpoint rules"
  std::string ca_bundle;         // empty: the system trust store
  std::optional<int> max_attempts;
  std::optional<std::string> retry_mode;  // "standard", "adaptive" or "legacy"
  std::string app_id;         // the User-Agent's app/ component; empty: none
  std::string app_id_source;  // "AWS_SDK_UA_APP_ID" or "profile dev sdk_ua_app_id"
};

// The service's key in "[services NAME]" sections and the suffix of AWS_ENDPOINT_URL_<ID>.
inline constexpr const char* kServicesKey = "partnercentral_selling";
inline constexpr const char* kEndpointEnvVar = "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING";

// Precedences:
//   region:        explicit > AWS_REGION > AWS_DEFAULT_REGION > profile region > "us-east-1"
//   FIPS:          explicit > AWS_USE_FIPS_ENDPOINT > profile use_fips_endpoint > false (dual-stack likewise)
//   endpoint URL:  explicit > AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING > AWS_ENDPOINT_URL >
//                  profile's services section "partnercentral_selling = endpoint_url = ..." >
//                  profile endpoint_url; all but the explicit one ignored when
//                  AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls) is true
//   ca_bundle:     explicit > AWS_CA_BUNDLE > profile ca_bundle
//   max_attempts:  AWS_MAX_ATTEMPTS > profile max_attempts;  retry_mode: AWS_RETRY_MODE > profile retry_mode
//   app id:        AWS_SDK_UA_APP_ID > profile sdk_ua_app_id (at most 50 characters)
// A profile named explicitly or by AWS_PROFILE that does not exist is an error (as the CLI says
// "The config profile (x) could not be found"); a missing "default" is not.
// Errors: kind config, with the offending variable or file named.
Result<AwsSettings> resolve_aws_settings(const Environment& env, const ProfileSet& profiles,
                                         const ExplicitAwsSettings& explicit_settings = {});

}  // namespace pcs::aws
