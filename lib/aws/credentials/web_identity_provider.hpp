#pragma once
// Web identity (EKS IRSA and other OIDC): read the token file (re-read on every resolve: it rotates), then
// STS AssumeRoleWithWebIdentity. Configured by AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN
// (+ AWS_ROLE_SESSION_NAME), or by a profile's web_identity_token_file + role_arn.

#include <string>

#include "aws/config/environment.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::string role_session_name;  // empty: generated
  std::string sts_endpoint_url;   // sts_endpoint_url(env, region)
  std::string region;             // signing region of STS (the call itself is unsigned)
};

// From the environment; CredentialsNotFound when AWS_WEB_IDENTITY_TOKEN_FILE is unset, a config error when
// only one of the token file and AWS_ROLE_ARN is set.
Result<WebIdentityConfig> web_identity_from_environment(const Environment& env, const std::string& region);

class WebIdentityCredentialsProvider final : public CredentialsProvider {
 public:
  WebIdentityCredentialsProvider(WebIdentityConfig config, TransportFactory factory, const Clock& clock);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "web-identity"; }

 private:
  WebIdentityConfig config_;
  TransportFactory factory_;
  const Clock& clock_;
};

// The chain's link: reads the environment at each resolve, so it is inert (CredentialsNotFound) when unset.
class EnvironmentWebIdentityProvider final : public CredentialsProvider {
 public:
  EnvironmentWebIdentityProvider(const Environment& env, std::string region, TransportFactory factory,
                                 const Clock& clock);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "web-identity"; }

 private:
  const Environment& env_;
  std::string region_;
  TransportFactory factory_;
  const Clock& clock_;
};

}  // namespace pcs::aws
