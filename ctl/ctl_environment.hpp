#pragma once
// Where pcsyncctl finds its endpoint, region, CA bundle and credentials. Reading the environment is kept
// apart from using it (a getenv function is passed in) so tests can drive it without touching the process.

#include <functional>
#include <memory>
#include <string>

#include "aws/credentials/provider.hpp"
#include "core/result.hpp"

namespace pcs::ctl {

using GetEnv = std::function<const char*(const char*)>;

struct CtlEnvironment {
  std::string region;        // AWS_REGION, AWS_DEFAULT_REGION, else us-east-1
  std::string endpoint_url;  // AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_ENDPOINT_URL, else the regional one
  std::string ca_file;       // AWS_CA_BUNDLE
};

CtlEnvironment read_environment(const GetEnv& getenv);

// The one place that decides where credentials come from. Today: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN as a static provider; swap this line for the full default chain when lib/aws has it.
Result<std::unique_ptr<aws::CredentialsProvider>> make_credentials_provider(const GetEnv& getenv);

}  // namespace pcs::ctl
