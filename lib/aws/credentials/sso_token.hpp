#pragma once
// The SSO token cache that `aws sso login` writes (~/.aws/sso/cache/<SHA-1 of the key>.json, the key being the
// sso-session name, or the start URL for a legacy profile), read, judged and written back as the SDKs do:
// - accessToken and expiresAt are required; refreshToken, clientId, clientSecret, registrationExpiresAt,
//   region and startUrl are optional; any other member is kept when the file is rewritten;
// - a token within 5 minutes of expiresAt is due for a refresh (the service may end it a little early);
// - it can be refreshed (SSO OIDC CreateToken, grant refresh_token) only with a refresh token and a client
//   registration (clientId, clientSecret) that has not expired.
// Parsing and judging are pure; the file is read and written here. Tokens never reach a message.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/config/environment.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace pcs::aws {

inline constexpr std::chrono::minutes kSsoTokenRefreshWindow{5};

struct SsoToken {
  std::string access_token;  // secret
  WallTime expires_at{};
  std::string refresh_token;  // secret
  std::string client_id;
  std::string client_secret;  // secret
  std::optional<WallTime> registration_expires_at;
  std::string region;
  std::string start_url;
  std::string document;  // the file's JSON as read: rewriting keeps the members pcsyncd does not know
};

// "~/.aws/sso/cache/<lowercase hex SHA-1 of key>.json" with HOME expanded; nullopt without HOME.
std::optional<std::string> sso_cache_file(const Environment& env, std::string_view key);
std::string sha1_hex(std::string_view text);

// Errors: kind config, code "SsoTokenInvalid", naming `path` and the member (never a value).
Result<SsoToken> parse_sso_token(std::string_view json, std::string_view path);

// Due for a refresh at `now` (within kSsoTokenRefreshWindow of expiring, or expired).
bool sso_token_due(const SsoToken& token, WallTime now);
bool sso_token_expired(const SsoToken& token, WallTime now);
// Has what CreateToken needs, with a registration still valid at `now`.
bool sso_token_refreshable(const SsoToken& token, WallTime now);

// What SSO OIDC CreateToken answered.
struct SsoTokenRefresh {
  std::string access_token;
  std::chrono::seconds expires_in{0};
  std::string refresh_token;  // empty: keep the old one
};
// The token after a refresh at `now`, its document rewritten (accessToken, expiresAt, refreshToken) with every
// other member kept.
SsoToken refreshed_sso_token(const SsoToken& old, const SsoTokenRefresh& fresh, WallTime now);

// Replaces `path` with `text` atomically (a temporary file in the same directory, fsync, rename), owner-only
// (0600) whatever the umask, as the SDKs rewrite the cache. Errors: kind config, code "SsoCacheNotWritable".
Status write_file_atomically(const std::string& path, std::string_view text);

}  // namespace pcs::aws
