#include "aws/config/settings.hpp"

#include <charconv>

#include "aws/endpoint_rules.hpp"
#include "core/printable.hpp"

namespace pcs::aws {
namespace {

Error bad_setting(const std::string& where, const std::string& what) {
  return make_error(ErrorKind::config, "InvalidAwsSetting", where + ": " + what);
}

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
        return bad_setting("profile " + printable(profile->name, 64) + " " + key,
                           "must be true or false; fix the shared config file");
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
  // Names and values from the shared files are escaped wherever they reach a message: an error is logged as it
  // is, and a file's bytes must not start a new log line.
  const std::string profile_label = "profile " + printable(out.profile, 64);

  // Region.
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
    out.region_source = profile_label;
  } else {
    out.region = "us-east-1";
    out.region_source = "default";
  }

  // FIPS and dual-stack.
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

  // Endpoint URL.
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
      out.endpoint_source = profile_label + " services " + printable(*profile->get("services"), 64);
    } else if (auto pe = profile ? profile->get("endpoint_url") : std::nullopt) {
      out.endpoint_override = *pe;
      out.endpoint_source = profile_label;
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

  // CA bundle.
  if (explicit_settings.ca_bundle && !explicit_settings.ca_bundle->empty()) {
    out.ca_bundle = expand_home(env, *explicit_settings.ca_bundle);
  } else if (auto ca = env.get_nonempty("AWS_CA_BUNDLE")) {
    out.ca_bundle = expand_home(env, *ca);
  } else if (auto pca = profile ? profile->get("ca_bundle") : std::nullopt) {
    out.ca_bundle = expand_home(env, *pca);
  }

  // Retries.
  std::optional<std::string> attempts_text;
  std::string attempts_where;
  if (auto a = env.get_nonempty("AWS_MAX_ATTEMPTS")) {
    attempts_text = a;
    attempts_where = "AWS_MAX_ATTEMPTS";
  } else if (auto pa = profile ? profile->get("max_attempts") : std::nullopt) {
    attempts_text = pa;
    attempts_where = profile_label + " max_attempts";
  }
  if (attempts_text) {
    int n = 0;
    const char* first = attempts_text->data();
    const char* last = first + attempts_text->size();
    auto [ptr, ec] = std::from_chars(first, last, n);
    if (ec != std::errc{} || ptr != last || n < 1) {
      return bad_setting(attempts_where,
                         "must be a whole number of at least 1 (\"" + printable(*attempts_text, 64) + "\")");
    }
    out.max_attempts = n;
  }
  std::optional<std::string> mode;
  std::string mode_where;
  if (auto m = env.get_nonempty("AWS_RETRY_MODE")) {
    mode = m;
    mode_where = "AWS_RETRY_MODE";
  } else if (auto pm = profile ? profile->get("retry_mode") : std::nullopt) {
    mode = pm;
    mode_where = profile_label + " retry_mode";
  }
  if (mode) {
    if (*mode != "standard" && *mode != "adaptive" && *mode != "legacy") {
      return bad_setting(mode_where, "must be standard, adaptive or legacy (\"" + printable(*mode, 64) + "\")");
    }
    out.retry_mode = mode;
  }
  return out;
}

}  // namespace pcs::aws
