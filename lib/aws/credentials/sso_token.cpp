#include "aws/credentials/sso_token.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <random>

#include "core/hex.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

namespace json = boost::json;

Error invalid(std::string_view path, const std::string& what) {
  return make_error(ErrorKind::config, "SsoTokenInvalid",
                    "the SSO token cache " + std::string(path) + " " + what +
                        "; run `aws sso login` for the profile again to rewrite it");
}

std::optional<std::string> string_member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().get_string());
}

}  // namespace

std::string sha1_hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  return core::hex_lower(digest, length);
}

std::optional<std::string> sso_cache_file(const Environment& env, std::string_view key) {
  auto home = home_directory(env);
  if (!home) return std::nullopt;
  return *home + "/.aws/sso/cache/" + sha1_hex(key) + ".json";
}

Result<SsoToken> parse_sso_token(std::string_view text, std::string_view path) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return invalid(path, "is not a JSON object");
  const json::object& o = v.get_object();
  SsoToken t;
  auto access = string_member(o, "accessToken");
  if (!access || access->empty()) return invalid(path, "has no accessToken");
  t.access_token = std::move(*access);
  auto expires = string_member(o, "expiresAt");
  if (!expires) return invalid(path, "has no expiresAt");
  auto at = parse_iso8601(*expires);
  if (!at) return invalid(path, "has an expiresAt that is not an RFC 3339 time");
  t.expires_at = *at;
  t.refresh_token = string_member(o, "refreshToken").value_or("");
  t.client_id = string_member(o, "clientId").value_or("");
  t.client_secret = string_member(o, "clientSecret").value_or("");
  if (auto reg = string_member(o, "registrationExpiresAt")) {
    t.registration_expires_at = parse_iso8601(*reg);
    if (!t.registration_expires_at) return invalid(path, "has a registrationExpiresAt that is not an RFC 3339 time");
  }
  t.region = string_member(o, "region").value_or("");
  t.start_url = string_member(o, "startUrl").value_or("");
  t.document = std::string(text);
  return t;
}

bool sso_token_expired(const SsoToken& token, WallTime now) { return now >= token.expires_at; }

bool sso_token_due(const SsoToken& token, WallTime now) {
  return now + kSsoTokenRefreshWindow >= token.expires_at;
}

bool sso_token_refreshable(const SsoToken& token, WallTime now) {
  if (token.refresh_token.empty() || token.client_id.empty() || token.client_secret.empty()) return false;
  return !token.registration_expires_at || now < *token.registration_expires_at;
}

SsoToken refreshed_sso_token(const SsoToken& old, const SsoTokenRefresh& fresh, WallTime now) {
  SsoToken t = old;
  t.access_token = fresh.access_token;
  t.expires_at = now + fresh.expires_in;
  if (!fresh.refresh_token.empty()) t.refresh_token = fresh.refresh_token;
  boost::system::error_code ec;
  json::value v = json::parse(old.document, ec);
  json::object o = !ec && v.is_object() ? v.get_object() : json::object{};
  o["accessToken"] = t.access_token;
  o["expiresAt"] = format_iso8601(t.expires_at);
  if (!t.refresh_token.empty()) o["refreshToken"] = t.refresh_token;
  t.document = json::serialize(o);
  return t;
}

Status write_file_atomically(const std::string& path, std::string_view text) {
  auto fail = [&](const char* doing) {
    return make_error(ErrorKind::config, "SsoCacheNotWritable",
                      "cannot " + std::string(doing) + " the SSO token cache " + path + " (" + std::strerror(errno) +
                          "); the refreshed token is used but not saved: make the directory writable by this user");
  };
  std::random_device random;
  const std::string temporary = path + ".tmp-" + std::to_string(random());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return fail("create a temporary file beside");
  bool ok = ::fchmod(fd, 0600) == 0;  // the mode given to open() is filtered by the umask
  for (std::size_t done = 0; ok && done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += std::size_t(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    if (!ok) errno = saved;
    const Error e = fail(ok ? "replace" : "write");
    ::unlink(temporary.c_str());
    return e;
  }
  return Ok{};
}

}  // namespace pcs::aws
