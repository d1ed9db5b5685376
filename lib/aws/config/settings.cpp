#include "aws/config/settings.hpp"

#include <charconv>

#include "aws/endpoint_rules.hpp"
#include "aws/user_agent.hpp"
#include "core/printable.hpp"

namespace pcs::aws {
namespace {

Error bad_setting(const std::string& where, const std::string& what) {
  return make_error(ErrorKind::config, "InvalidAwsSetting", where + ": " + what);
}

// Names and values from the shared files are escaped wherever they reach a message: an error is logged as it is,
// and a file's bytes must not start a new log line.
std::string profile_label(const std::string& profile_name) { return "profile " + printable(profile_name, 64); }

// A boolean from the environment first, then the profile; nullopt when neither says.
Result<std::optional<bool>> bool_setting(const Environment& env, const char* var, const Profile* profile,
                                         const char* key) {
  if (auto v = env.get_nonempty(var)) {
    auto b = parse_bool_setting(*v);
    if (!b) return bad_setting(var, "must be true or false; fix or unset the variable");
    return std::optional<bool>{*b};
  }
  if (profile != nullptr) {
    if (auto v = profile->get(key)) {
      auto b = parse_bool_setting(*v);
      if (!b) {
        return bad_setting(profile_label(profile->name) + " " + key, "must be true or false; fix the shared config file");
      }
      return std::optional<bool>{*b};
    }
  }
  return std::optional<bool>{};
}

// The endpoint_url of "[services NAME]" named by the profile's "services" property.
std::optional<std::string> services_endpoint(const ProfileSet& set, const Profile* profile) {
  if (profile == nullptr) return std::nullopt;
  auto services_name = profile->get("services");
  if (!services_name) return std::nullopt;
  const IniSection* section = set.find_services(*services_name);
  if (section == nullptr) return std::nullopt;
  auto it = section->properties.find(kServicesKey);
  if (it == section->properties.end()) return std::nullopt;
  auto sub = it->second.sub_properties.find("endpoint_url");
  if (sub == it->second.sub_properties.end() || sub->second.empty()) return std::nullopt;
  return sub->second;
}

// A setting read from the environment first, then the selected profile: its text and where it came from.
struct Found {
  std::string value;
  std::string where;  // "AWS_MAX_ATTEMPTS" or "profile dev max_attempts", for messages and the doctor
};
std::optional<Found> env_or_profile(const Environment& env, const char* var, const Profile* profile, const char* key) {
  if (auto v = env.get_nonempty(var)) return Found{*v, var};
  if (auto p = profile ? profile->get(key) : std::nullopt) return Found{*p, profile_label(profile->name) + " " + key};
  return std::nullopt;
}

// explicit > AWS_REGION > AWS_DEFAULT_REGION > profile region > us-east-1
void resolve_region(const Environment& env, const ExplicitAwsSettings& explicit_settings, const Profile* profile,
                    AwsSettings& out) {
  if (explicit_settings.region && !explicit_settings.region->empty()) {
    out.region = *explicit_settings.region;
    out.region_source = "config";
  } else if (auto r = env.get_nonempty("AWS_REGION")) {
    out.region = *r;
    out.region_source = "AWS_REGION";
  } else if (auto dr = env.get_nonempty("AWS_DEFAULT_REGION")) {
    out.region = *dr;
    out.region_source = "AWS_DEFAULT_REGION";
  } else if (auto pr = profile ? profile->get("region") : std::nullopt) {
    out.region = *pr;
    out.region_source = profile_label(out.profile);
  } else {
    out.region = "us-east-1";
    out.region_source = "default";
  }
}

Status resolve_fips_and_dual_stack(const Environment& env, const ExplicitAwsSettings& explicit_settings,
                                   const Profile* profile, AwsSettings& out) {
  if (explicit_settings.use_fips_endpoint) {
    out.use_fips_endpoint = *explicit_settings.use_fips_endpoint;
  } else {
    auto fips = bool_setting(env, "AWS_USE_FIPS_ENDPOINT", profile, "use_fips_endpoint");
    if (!fips) return fips.error();
    out.use_fips_endpoint = fips->value_or(false);
  }
  auto dual = bool_setting(env, "AWS_USE_DUALSTACK_ENDPOINT", profile, "use_dualstack_endpoint");
  if (!dual) return dual.error();
  out.use_dual_stack_endpoint = dual->value_or(false);
  return Ok{};
}

// The configured override (explicit, then the environment and the profile unless they are to be ignored), then
// the endpoint rules over region, FIPS and dual-stack.
Status resolve_endpoint_url(const Environment& env, const ProfileSet& profiles,
                            const ExplicitAwsSettings& explicit_settings, const Profile* profile, AwsSettings& out) {
  auto ignore = bool_setting(env, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", profile, "ignore_configured_endpoint_urls");
  if (!ignore) return ignore.error();
  if (explicit_settings.endpoint_url && !explicit_settings.endpoint_url->empty()) {
    out.endpoint_override = *explicit_settings.endpoint_url;
    out.endpoint_source = "config";
  } else if (!ignore->value_or(false)) {
    if (auto e = env.get_nonempty(kEndpointEnvVar)) {
      out.endpoint_override = *e;
      out.endpoint_source = kEndpointEnvVar;
    } else if (auto g = env.get_nonempty("AWS_ENDPOINT_URL")) {
      out.endpoint_override = *g;
      out.endpoint_source = "AWS_ENDPOINT_URL";
    } else if (auto s = services_endpoint(profiles, profile)) {
      out.endpoint_override = *s;
      out.endpoint_source = profile_label(out.profile) + " services " + printable(*profile->get("services"), 64);
    } else if (auto pe = profile ? profile->get("endpoint_url") : std::nullopt) {
      out.endpoint_override = *pe;
      out.endpoint_source = profile_label(out.profile);
    }
  }
  EndpointParams params;
  params.region = out.region;
  params.use_fips = out.use_fips_endpoint;
  params.use_dual_stack = out.use_dual_stack_endpoint;
  params.endpoint = out.endpoint_override;
  auto url = resolve_endpoint(params);
  if (!url) {
    Error e = url.error();
    e.message += " (region from " + out.region_source +
                 (out.endpoint_override ? ", endpoint from " + out.endpoint_source : std::string()) + ")";
    return e;
  }
  out.endpoint_url = std::move(url).value();
  if (!out.endpoint_override) out.endpoint_source = "endpoint rules";
  return Ok{};
}

// explicit > AWS_CA_BUNDLE > profile ca_bundle; "~" expanded.
void resolve_ca_bundle(const Environment& env, const ExplicitAwsSettings& explicit_settings, const Profile* profile,
                       AwsSettings& out) {
  if (explicit_settings.ca_bundle && !explicit_settings.ca_bundle->empty())
    out.ca_bundle = expand_home(env, *explicit_settings.ca_bundle);
  else if (auto ca = env_or_profile(env, "AWS_CA_BUNDLE", profile, "ca_bundle"))
    out.ca_bundle = expand_home(env, ca->value);
}

// AWS_MAX_ATTEMPTS > profile max_attempts; AWS_RETRY_MODE > profile retry_mode.
Status resolve_retries(const Environment& env, const Profile* profile, AwsSettings& out) {
  if (auto attempts = env_or_profile(env, "AWS_MAX_ATTEMPTS", profile, "max_attempts")) {
    int n = 0;
    const char* first = attempts->value.data();
    const char* last = first + attempts->value.size();
    auto [ptr, ec] = std::from_chars(first, last, n);
    if (ec != std::errc{} || ptr != last || n < 1)
      return bad_setting(attempts->where, "must be a whole number of at least 1 (\"" + printable(attempts->value, 64) + "\")");
    out.max_attempts = n;
  }
  if (auto mode = env_or_profile(env, "AWS_RETRY_MODE", profile, "retry_mode")) {
    if (mode->value != "standard" && mode->value != "adaptive" && mode->value != "legacy")
      return bad_setting(mode->where, "must be standard, adaptive or legacy (\"" + printable(mode->value, 64) + "\")");
    out.retry_mode = mode->value;
  }
  return Ok{};
}

// AWS_SDK_UA_APP_ID > profile sdk_ua_app_id: the app/ component of the User-Agent, at most 50 characters.
Status resolve_app_id(const Environment& env, const Profile* profile, AwsSettings& out) {
  auto id = env_or_profile(env, "AWS_SDK_UA_APP_ID", profile, "sdk_ua_app_id");
  if (!id) return Ok{};
  if (id->value.size() > kMaxAppIdLength)
    return bad_setting(id->where, "must be at most " + std::to_string(kMaxAppIdLength) + " characters (it has " +
                                      std::to_string(id->value.size()) + "); shorten it");
  out.app_id = id->value;
  out.app_id_source = id->where;
  return Ok{};
}

}  // namespace

Result<AwsSettings> resolve_aws_settings(const Environment& env, const ProfileSet& profiles,
                                         const ExplicitAwsSettings& explicit_settings) {
  AwsSettings out;
  out.profile = selected_profile_name(env, explicit_settings.profile);
  const Profile* profile = profiles.find(out.profile);
  const bool chosen = (explicit_settings.profile && !explicit_settings.profile->empty()) ||
                      env.get_nonempty("AWS_PROFILE") || env.get_nonempty("AWS_DEFAULT_PROFILE");
  if (profile == nullptr && chosen && out.profile != "default") {
    return make_error(ErrorKind::config, "ProfileNotFound",
                      "the config profile (" + printable(out.profile, 64) + ") could not be found in " +
                          profiles.config_file + " or " + profiles.credentials_file +
                          "; add it or choose another profile");
  }
  resolve_region(env, explicit_settings, profile, out);
  if (auto s = resolve_fips_and_dual_stack(env, explicit_settings, profile, out); !s) return s.error();
  if (auto s = resolve_endpoint_url(env, profiles, explicit_settings, profile, out); !s) return s.error();
  resolve_ca_bundle(env, explicit_settings, profile, out);
  if (auto s = resolve_retries(env, profile, out); !s) return s.error();
  if (auto s = resolve_app_id(env, profile, out); !s) return s.error();
  return out;
}

}  // namespace pcs::aws
