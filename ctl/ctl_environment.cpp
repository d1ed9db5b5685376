#include "ctl_environment.hpp"

namespace pcs::ctl {
namespace {

std::string env_or(const GetEnv& getenv, const char* name, std::string fallback = {}) {
  const char* v = getenv(name);
  return v && *v ? std::string(v) : fallback;
}

}  // namespace

CtlEnvironment read_environment(const GetEnv& getenv) {
  CtlEnvironment e;
  e.region = env_or(getenv, "AWS_REGION", env_or(getenv, "AWS_DEFAULT_REGION", "us-east-1"));
  e.endpoint_url = env_or(getenv, "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING", env_or(getenv, "AWS_ENDPOINT_URL"));
  if (e.endpoint_url.empty()) e.endpoint_url = "https://partnercentral-selling." + e.region + ".api.aws";
  e.ca_file = env_or(getenv, "AWS_CA_BUNDLE");
  return e;
}

Result<std::unique_ptr<aws::CredentialsProvider>> make_credentials_provider(const GetEnv& getenv) {
  aws::Credentials c;
  c.access_key_id = env_or(getenv, "AWS_ACCESS_KEY_ID");
  c.secret_access_key = env_or(getenv, "AWS_SECRET_ACCESS_KEY");
  c.session_token = env_or(getenv, "AWS_SESSION_TOKEN");
  c.source = "environment";
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return make_error(ErrorKind::config, "MissingCredentials",
                      "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
                      "temporary credentials)");
  }
  return std::unique_ptr<aws::CredentialsProvider>(std::make_unique<aws::StaticCredentialsProvider>(std::move(c)));
}

}  // namespace pcs::ctl
