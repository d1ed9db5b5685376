#pragma once
// Credentials of an SSO profile, from the token `aws sso login` cached, as the SDKs resolve them:
// - the sso-session form: the profile names `sso_session`, whose "[sso-session NAME]" section has sso_start_url
//   and sso_region (and sso_registration_scopes, for the CLI's login); the profile has sso_account_id and
//   sso_role_name. The cache file is keyed by the session name, and a token due for a refresh (within 5
//   minutes of expiring) is refreshed through SSO OIDC CreateToken when it has a refresh token and a valid
//   client registration; the cache is then rewritten atomically, owner-only. A failed refresh keeps a token
//   that has not yet expired, as the SDKs do.
// - the legacy form: sso_start_url, sso_region, sso_account_id and sso_role_name in the profile; the cache is
//   keyed by the start URL and never refreshed (the CLI's legacy login leaves nothing to refresh with).
// Then the portal's GetRoleCredentials turns the token into role credentials (an hour or so; the caching
// provider refreshes them, re-reading the cache each time, so a new `aws sso login` is picked up).
// A missing or expired token says to run `aws sso login --profile NAME` as the user pcsyncd runs as.

#include <optional>
#include <string>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

struct SsoProfile {
  std::string profile;                      // the profile's name, for messages and `aws sso login --profile`
  std::optional<std::string> session_name;  // the sso-session form
  std::string start_url;
  std::string sso_region;
  std::string account_id;
  std::string role_name;
};

// Whether the profile is an SSO profile (names sso_session or any of the legacy sso_* keys).
bool is_sso_profile(const Profile& profile);
// The profile's SSO settings, checked: errors are kind config, code "InvalidProfile", naming what is missing or
// contradicts the sso-session section.
Result<SsoProfile> sso_profile_of(const ProfileSet& profiles, const Profile& profile);

class SsoCredentialsProvider final : public CredentialsProvider {
 public:
  SsoCredentialsProvider(SsoProfile sso, const Environment& env, TransportFactory factory, const Clock& clock);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "sso"; }

 private:
  std::string source() const;
  Error login_needed(const std::string& code, const std::string& why) const;

  SsoProfile sso_;
  const Environment& env_;
  TransportFactory factory_;
  const Clock& clock_;
};

}  // namespace pcs::aws
