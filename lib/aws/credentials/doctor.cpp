#include "aws/credentials/doctor.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <chrono>
#include <filesystem>
#include <memory>

#include "aws/credentials/chain_provider.hpp"
#include "aws/credentials/sso_provider.hpp"
#include "aws/credentials/sso_token.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

DoctorCheck check(std::string name, CheckStatus s, std::string detail) {
  return DoctorCheck{std::move(name), s, std::move(detail)};
}

bool file_exists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

}  // namespace

bool AwsDoctorReport::ok() const {
  for (const auto& c : checks) {
    if (c.status == CheckStatus::failed) return false;
  }
  return true;
}

std::string AwsDoctorReport::render() const {
  std::string out;
  for (const auto& c : checks) {
    const char* tag = c.status == CheckStatus::ok ? "[ok]      " : c.status == CheckStatus::warning ? "[warning] " : "[FAILED]  ";
    out += tag + c.name + ": " + c.detail + "\n";
  }
  return out;
}

AwsDoctorReport build_aws_doctor_report(const Environment& env, const Result<ProfileSet>& profiles,
                                        const std::optional<Result<AwsSettings>>& settings,
                                        const std::optional<Result<Credentials>>& credentials, WallTime now) {
  AwsDoctorReport r;
  if (!profiles) {
    r.checks.push_back(check("config files", CheckStatus::failed, profiles.error().message));
  } else {
    auto describe = [](const std::string& path) { return path + (file_exists(path) ? "" : " (absent)"); };
    r.checks.push_back(check("config files", CheckStatus::ok,
                             describe(profiles->config_file) + ", " + describe(profiles->credentials_file)));
  }
  if (settings) {
    if (!*settings) {
      r.checks.push_back(check("settings", CheckStatus::failed, settings->error().message));
    } else {
      const AwsSettings& s = settings->value();
      const bool profile_known = profiles && profiles->find(s.profile) != nullptr;
      r.checks.push_back(check("profile", CheckStatus::ok, s.profile + (profile_known ? "" : " (not in the files)")));
      if (const Profile* p = profile_known ? profiles->find(s.profile) : nullptr; p && is_sso_profile(*p)) {
        // Where an SSO profile's credentials come from: the session or start URL, and the token cache that
        // `aws sso login` must have written for the user pcsyncd runs as.
        auto sso = sso_profile_of(*profiles, *p);
        if (!sso) {
          r.checks.push_back(check("sso", CheckStatus::failed, sso.error().message));
        } else {
          const auto cache = sso_cache_file(env, sso->session_name ? *sso->session_name : sso->start_url);
          r.checks.push_back(check(
              "sso", CheckStatus::ok,
              (sso->session_name ? "session " + *sso->session_name + ", " : std::string("legacy profile, ")) +
                  "start URL " + sso->start_url + ", region " + sso->sso_region + ", account " + sso->account_id +
                  ", role " + sso->role_name + "; token cache " + cache.value_or("(no HOME)")));
        }
      }
      r.checks.push_back(check("region", CheckStatus::ok, s.region + " (from " + s.region_source + ")"));
      r.checks.push_back(check("endpoint", CheckStatus::ok,
                               s.endpoint_url + " (from " + s.endpoint_source + ")" + (s.use_fips_endpoint ? ", FIPS" : "")));
      if (!s.ca_bundle.empty()) {
        r.checks.push_back(file_exists(s.ca_bundle)
                               ? check("ca bundle", CheckStatus::ok, s.ca_bundle)
                               : check("ca bundle", CheckStatus::failed,
                                       s.ca_bundle + " does not exist; fix AWS_CA_BUNDLE or the profile's ca_bundle"));
      }
    }
  }
  if (credentials) {
    if (!*credentials) {
      r.checks.push_back(check("credentials", CheckStatus::failed, credentials->error().describe()));
    } else {
      const Credentials& c = credentials->value();
      std::string detail = c.redacted();
      CheckStatus st = CheckStatus::ok;
      if (c.expiration) {
        const auto left = std::chrono::duration_cast<std::chrono::minutes>(*c.expiration - now);
        detail += ", expire " + format_iso8601(*c.expiration) + " (in " + std::to_string(left.count()) + " min)";
        if (left < std::chrono::minutes(15)) {
          st = CheckStatus::warning;
          detail += "; they will be refreshed, but a source handing out such short-lived credentials is unusual";
        }
      } else if (c.session_token.empty()) {
        st = CheckStatus::warning;
        detail += ", long-term access keys; prefer a role (instance profile, task role or role_arn)";
      }
      r.checks.push_back(check("credentials", st, detail));
    }
  }
  if (parse_bool_setting(env.get_nonempty("AWS_EC2_METADATA_DISABLED").value_or("false")).value_or(false)) {
    r.checks.push_back(check("instance metadata", CheckStatus::warning,
                             "disabled by AWS_EC2_METADATA_DISABLED; an instance role will not be used"));
  }
  return r;
}

boost::asio::awaitable<AwsDoctorReport> run_aws_doctor(const Environment& env, TransportFactory factory,
                                                       const Clock& clock, ExplicitAwsSettings explicit_settings) {
  Result<ProfileSet> profiles = load_profile_set(env);
  std::optional<Result<AwsSettings>> settings;
  std::optional<Result<Credentials>> credentials;
  if (profiles) {
    settings.emplace(resolve_aws_settings(env, *profiles, explicit_settings));
    if (*settings) {
      DefaultChainOptions options;
      options.profiles = std::make_shared<ProfileSet>(*profiles);
      options.profile_name = (*settings)->profile;
      options.region = (*settings)->region;
      auto chain = make_default_chain(env, std::move(factory), clock, std::move(options));
      auto resolved = co_await chain->resolve();
      credentials.emplace(std::move(resolved));
    }
  }
  co_return build_aws_doctor_report(env, profiles, settings, credentials, clock.wall_now());
}

}  // namespace pcs::aws
