#include "aws/credentials/profile_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <charconv>

#include "aws/credentials/container_provider.hpp"
#include "aws/credentials/environment_provider.hpp"
#include "aws/credentials/imds_provider.hpp"
#include "aws/credentials/sso_provider.hpp"
#include "aws/credentials/sts_client.hpp"
#include "aws/credentials/web_identity_provider.hpp"

namespace pcs::aws {
namespace {


bool has_static_keys(const Profile& p) { return p.has("aws_access_key_id") && p.has("aws_secret_access_key"); }

Result<Credentials> static_keys(const Profile& p) {
  if (p.has("aws_access_key_id") != p.has("aws_secret_access_key")) {
    return invalid_profile(p.name, std::string("has ") +
                                     (p.has("aws_access_key_id") ? "aws_access_key_id" : "aws_secret_access_key") +
                                     " without its pair");
  }
  Credentials c;
  c.access_key_id = *p.get("aws_access_key_id");
  c.secret_access_key = *p.get("aws_secret_access_key");
  c.session_token = p.get("aws_session_token").value_or("");
  c.source = "profile " + p.name;
  return c;
}

}  // namespace

ProfileCredentialsProvider::ProfileCredentialsProvider(std::shared_ptr<const ProfileSet> profiles,
                                                       const Environment& env, TransportFactory factory,
                                                       const Clock& clock, ProfileProviderOptions options)
    : profiles_(std::move(profiles)), env_(env), factory_(std::move(factory)), clock_(clock),
      options_(std::move(options)) {}

boost::asio::awaitable<Result<Credentials>> ProfileCredentialsProvider::resolve() {
  std::set<std::string> visited;  // named: GCC 12 mishandles braced temporaries inside co_await
  auto result = co_await resolve_profile(options_.profile_name, std::move(visited));
  co_return result;
}

boost::asio::awaitable<Result<Credentials>> ProfileCredentialsProvider::from_credential_source(
    const Profile& profile, const std::string& source) {
  if (source == "Environment") co_return credentials_from_environment(env_);
  if (source == "Ec2InstanceMetadata") {
    ImdsCredentialsProvider imds(env_, factory_);
    co_return co_await imds.resolve();
  }
  if (source == "EcsContainer") {
    ContainerCredentialsProvider container(env_, factory_);
    co_return co_await container.resolve();
  }
  co_return invalid_profile(profile.name, "credential_source \"" + source +
                                            "\" is not one of Environment, Ec2InstanceMetadata, EcsContainer");
}

boost::asio::awaitable<Result<Credentials>> ProfileCredentialsProvider::resolve_profile(std::string name,
                                                                                       std::set<std::string> visited) {
  const Profile* p = profiles_->find(name);
  if (p == nullptr) {
    co_return make_error(ErrorKind::config, visited.empty() ? "CredentialsNotFound" : "InvalidProfile",
                         "profile " + name + " is not in " + profiles_->config_file + " or " +
                             profiles_->credentials_file);
  }
  visited.insert(name);

  if (auto role_arn = p->get("role_arn")) {
    if (p->has("mfa_serial")) {
      // The CLI would prompt for a code; a daemon has nobody to ask, and silently assuming the role without
      // MFA would only fail at STS with a less helpful message.
      co_return make_error(ErrorKind::config, "MfaNotSupported",
                           "profile " + name + " has mfa_serial: pcsyncd runs unattended and cannot prompt for an "
                           "MFA code; give pcsyncd a role whose trust policy does not require MFA, or use "
                           "credential_process with a tool that supplies MFA-backed session credentials");
    }
    auto source_profile = p->get("source_profile");
    auto credential_source = p->get("credential_source");
    auto token_file = p->get("web_identity_token_file");
    if (source_profile && credential_source) {
      co_return invalid_profile(name, "has both source_profile and credential_source; keep one");
    }
    if (!source_profile && !credential_source) {
      if (token_file) {
        WebIdentityConfig wc;
        wc.token_file = *token_file;
        wc.role_arn = *role_arn;
        wc.role_session_name = p->get("role_session_name").value_or("");
        wc.sts_endpoint_url = sts_endpoint_url(env_, options_.region);
        wc.region = options_.region;
        WebIdentityCredentialsProvider web(std::move(wc), factory_, clock_);
        co_return co_await web.resolve();
      }
      co_return invalid_profile(name, "has role_arn without source_profile, credential_source or "
                                    "web_identity_token_file");
    }

    Result<Credentials> source = make_error(ErrorKind::config, "InvalidProfile", "unset");
    if (source_profile) {
      if (*source_profile == name && has_static_keys(*p)) {
        source = static_keys(*p);  // a profile naming itself means "assume the role with my own keys"
      } else if (visited.contains(*source_profile)) {
        co_return invalid_profile(name, "source_profile " + *source_profile + " leads back to itself (a cycle)");
      } else {
        source = co_await resolve_profile(*source_profile, visited);
      }
    } else {
      source = co_await from_credential_source(*p, *credential_source);
    }
    if (!source) {
      Error e = source.error();
      e.message = "source credentials of profile " + name + ": " + e.message;
      if (e.code == "CredentialsNotFound") e.code = "InvalidProfile";  // configured but missing: stop the chain
      co_return e;
    }

    AssumeRoleParams params;
    params.role_arn = *role_arn;
    params.role_session_name = p->get("role_session_name").value_or("");
    params.external_id = p->get("external_id");
    if (auto d = p->get("duration_seconds")) {
      int secs = 0;
      auto [ptr, ec] = std::from_chars(d->data(), d->data() + d->size(), secs);
      if (ec != std::errc{} || ptr != d->data() + d->size() || secs < 900 || secs > 43200) {
        co_return invalid_profile(name, "duration_seconds must be a whole number from 900 to 43200");
      }
      params.duration_seconds = secs;
    }
    StsClient sts(factory_, sts_endpoint_url(env_, options_.region), options_.region, clock_);
    auto assumed = co_await sts.assume_role(*source, std::move(params));
    if (assumed) assumed->source = "profile " + name + " (" + assumed->source + ")";
    co_return assumed;
  }

  if (is_sso_profile(*p)) {
    auto sso = sso_profile_of(*profiles_, *p);
    if (!sso) co_return sso.error();
    SsoCredentialsProvider provider(std::move(*sso), env_, factory_, clock_);
    co_return co_await provider.resolve();
  }

  if (auto command = p->get("credential_process")) {
    ProcessCredentialsProvider process(*command, name, options_.process);
    co_return co_await process.resolve();
  }

  if (p->has("aws_access_key_id") || p->has("aws_secret_access_key")) co_return static_keys(*p);

  co_return make_error(ErrorKind::config, visited.size() == 1 ? "CredentialsNotFound" : "InvalidProfile",
                       "profile " + name + " has no credentials (no keys, role_arn, sso_* or credential_process)");
}

Error invalid_profile(const std::string& profile, const std::string& what) {
  return make_error(ErrorKind::config, "InvalidProfile",
                    "profile " + profile + ": " + what + "; fix the shared config file");
}

}  // namespace pcs::aws
