#include "aws/credentials/sso_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <cerrno>
#include <cstring>

#include "aws/credentials/profile_provider.hpp"
#include "aws/credentials/sso_client.hpp"
#include "aws/credentials/sso_token.hpp"
#include "core/file_text.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {

bool is_sso_profile(const Profile& p) {
  for (const char* key : {"sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"})
    if (p.has(key)) return true;
  return false;
}

Result<SsoProfile> sso_profile_of(const ProfileSet& profiles, const Profile& p) {
  SsoProfile s;
  s.profile = p.name;
  std::string missing;
  for (const char* key : {"sso_account_id", "sso_role_name"})
    if (!p.has(key)) missing += std::string(missing.empty() ? "" : ", ") + key;
  if (auto session = p.get("sso_session")) {
    const Profile* section = profiles.find_sso_session(*session);
    if (section == nullptr)
      return invalid_profile(p.name, "sso_session " + *session + " has no [sso-session " + *session + "] section in " +
                                         profiles.config_file);
    for (const char* key : {"sso_start_url", "sso_region"}) {
      if (!section->has(key))
        return invalid_profile(p.name, "[sso-session " + *session + "] has no " + key);
      // The SDKs refuse a profile that repeats a session setting with another value.
      if (auto own = p.get(key); own && *own != *section->get(key))
        return invalid_profile(p.name, std::string(key) + " differs from the one of [sso-session " + *session + "]");
    }
    s.session_name = *session;
    s.start_url = *section->get("sso_start_url");
    s.sso_region = *section->get("sso_region");
  } else {
    for (const char* key : {"sso_start_url", "sso_region"})
      if (!p.has(key)) missing += std::string(missing.empty() ? "" : ", ") + key;
    if (missing.empty()) {
      s.start_url = *p.get("sso_start_url");
      s.sso_region = *p.get("sso_region");
    }
  }
  if (!missing.empty()) return invalid_profile(p.name, "is an SSO profile without " + missing);
  s.account_id = *p.get("sso_account_id");
  s.role_name = *p.get("sso_role_name");
  return s;
}

SsoCredentialsProvider::SsoCredentialsProvider(SsoProfile sso, const Environment& env, TransportFactory factory,
                                               const Clock& clock)
    : sso_(std::move(sso)), env_(env), factory_(std::move(factory)), clock_(clock) {}

std::string SsoCredentialsProvider::source() const {
  return "sso profile " + sso_.profile + (sso_.session_name ? " (session " + *sso_.session_name + ")" : "") +
         ", account " + sso_.account_id + ", role " + sso_.role_name;
}

Error SsoCredentialsProvider::login_needed(const std::string& code, const std::string& why) const {
  return make_error(ErrorKind::config, code,
                    "SSO profile " + sso_.profile + ": " + why + "; run `aws sso login --profile " + sso_.profile +
                        "` as the user pcsyncd runs as (with its HOME), then pcsyncd picks the new token up by itself");
}

boost::asio::awaitable<Result<Credentials>> SsoCredentialsProvider::resolve() {
  const std::string key = sso_.session_name ? *sso_.session_name : sso_.start_url;
  const auto path = sso_cache_file(env_, key);
  if (!path) co_return login_needed("SsoTokenMissing", "HOME is not set, so there is no ~/.aws/sso/cache to read");
  const auto text = read_file_text(*path);
  if (!text) {
    const std::string why = errno == ENOENT ? "no cached SSO token at " + *path
                                            : "the cached SSO token " + *path + " cannot be read (" +
                                                  std::strerror(errno) + ")";
    co_return login_needed("SsoTokenMissing", why);
  }
  auto token = parse_sso_token(*text, *path);
  if (!token) co_return token.error();

  const WallTime now = clock_.wall_now();
  if (sso_token_due(*token, now) && sso_.session_name && sso_token_refreshable(*token, now)) {
    auto request = build_create_token(*token);
    auto answer = co_await send_sso_request(factory_, sso_oidc_endpoint(env_, sso_.sso_region), std::move(request),
                                            "SSO OIDC CreateToken");
    Result<SsoTokenRefresh> fresh = answer ? parse_create_token(*answer) : Result<SsoTokenRefresh>(answer.error());
    if (fresh) {
      *token = refreshed_sso_token(*token, *fresh, clock_.wall_now());
      // Saved for the next start and for the AWS CLI; a cache that cannot be written costs a refresh later.
      (void)write_file_atomically(*path, token->document);
    } else if (sso_token_expired(*token, now)) {
      co_return login_needed("SsoTokenExpired", "the SSO token expired at " + format_iso8601(token->expires_at) +
                                                    " and could not be refreshed (" + fresh.error().describe() + ")");
    }
  }
  if (sso_token_expired(*token, clock_.wall_now()))
    co_return login_needed("SsoTokenExpired", "the SSO token in " + *path + " expired at " +
                                                  format_iso8601(token->expires_at) +
                                                  (sso_.session_name ? " and cannot be refreshed" : ""));

  auto request = build_get_role_credentials(sso_.account_id, sso_.role_name, token->access_token);
  auto answer = co_await send_sso_request(factory_, sso_portal_endpoint(env_, sso_.sso_region), std::move(request),
                                          "SSO GetRoleCredentials");
  if (!answer) co_return answer.error();
  auto credentials = parse_role_credentials(*answer);
  if (!credentials) {
    Error e = credentials.error();
    e.message = "SSO profile " + sso_.profile + ": " + e.message;
    co_return e;
  }
  credentials->source = source();
  co_return credentials;
}

}  // namespace pcs::aws
