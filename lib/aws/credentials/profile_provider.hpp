#pragma once
// Credentials named by a profile of the shared files, in the SDKs' order within a profile:
//   1. role_arn with source_profile (recursively, cycles refused; a profile may name itself to mean "my own
//      static keys") or credential_source (Environment, Ec2InstanceMetadata, EcsContainer): STS AssumeRole
//      with external_id, role_session_name, duration_seconds;
//   2. role_arn with web_identity_token_file: STS AssumeRoleWithWebIdentity;
//   3. SSO: sso_session, or the legacy sso_start_url/sso_region/sso_account_id/sso_role_name (sso_provider.hpp);
//   4. credential_process;
//   5. aws_access_key_id + aws_secret_access_key (+ aws_session_token).
// A role_arn profile with mfa_serial is refused (MfaNotSupported): a daemon cannot prompt for a code.
// A profile that does not exist, or names no credentials, is "CredentialsNotFound" (the chain moves on);
// a profile that is configured but broken is an error that stops the chain.

#include <memory>
#include <set>
#include <string>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/credentials/process_provider.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

// A profile that is configured but cannot be used (kind config, code "InvalidProfile"): the chain stops there.
Error invalid_profile(const std::string& profile, const std::string& what);

struct ProfileProviderOptions {
  std::string profile_name;  // selected_profile_name(env, ...)
  std::string region;        // STS's region (AwsSettings::region)
  ProcessOptions process;
};

class ProfileCredentialsProvider final : public CredentialsProvider {
 public:
  ProfileCredentialsProvider(std::shared_ptr<const ProfileSet> profiles, const Environment& env,
                             TransportFactory factory, const Clock& clock, ProfileProviderOptions options);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "profile"; }

 private:
  boost::asio::awaitable<Result<Credentials>> resolve_profile(std::string name, std::set<std::string> visited);
  boost::asio::awaitable<Result<Credentials>> from_credential_source(const Profile& profile, const std::string& source);

  std::shared_ptr<const ProfileSet> profiles_;
  const Environment& env_;
  TransportFactory factory_;
  const Clock& clock_;
  ProfileProviderOptions options_;
};

}  // namespace pcs::aws
