#include "aws/credentials/json_credentials.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/printable.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

Error malformed(std::string_view origin, const std::string& what) {
  return make_error(ErrorKind::protocol, "MalformedCredentials", std::string(origin) + " returned " + what);
}

// A required (or optional) string member; nullopt-with-no-error is "absent".
Result<std::optional<std::string>> string_member(const boost::json::object& o, std::string_view key,
                                                 std::string_view origin) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return std::optional<std::string>{};
  if (!it->value().is_string()) return malformed(origin, "\"" + std::string(key) + "\" that is not a string");
  return std::optional<std::string>{std::string(it->value().as_string())};
}

Result<boost::json::object> parse_object(std::string_view json, std::string_view origin) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  // The text is not quoted back: it could hold a secret key.
  if (ec) return malformed(origin, "output that is not valid JSON (" + ec.message() + ")");
  if (!v.is_object()) return malformed(origin, "JSON that is not an object");
  return std::move(v.as_object());
}

Result<Credentials> fill(const boost::json::object& o, std::string_view origin, std::string_view token_key,
                         bool expiration_required) {
  Credentials c;
  auto id = string_member(o, "AccessKeyId", origin);
  if (!id) return id.error();
  auto secret = string_member(o, "SecretAccessKey", origin);
  if (!secret) return secret.error();
  auto token = string_member(o, token_key, origin);
  if (!token) return token.error();
  auto exp = string_member(o, "Expiration", origin);
  if (!exp) return exp.error();
  if (!id->has_value() || (*id)->empty()) return malformed(origin, "no \"AccessKeyId\"");
  if (!secret->has_value() || (*secret)->empty()) return malformed(origin, "no \"SecretAccessKey\"");
  c.access_key_id = **id;
  c.secret_access_key = **secret;
  c.session_token = token->value_or("");
  if (exp->has_value()) {
    c.expiration = parse_iso8601(**exp);
    if (!c.expiration) return malformed(origin, "an \"Expiration\" that is not an ISO 8601 date-time");
  } else if (expiration_required) {
    return malformed(origin, "no \"Expiration\"");
  }
  return c;
}

}  // namespace

Result<Credentials> parse_metadata_credentials(std::string_view json, std::string_view origin) {
  auto o = parse_object(json, origin);
  if (!o) return o.error();
  if (auto code = o->find("Code"); code != o->end() && code->value().is_string() &&
                                    code->value().as_string() != "Success") {
    return make_error(ErrorKind::access_denied, "CredentialsUnavailable",
                      std::string(origin) + " reported \"" + printable(code->value().as_string(), 64) +
                          "\" instead of credentials; check the instance profile or task role");
  }
  return fill(*o, origin, "Token", true);
}

Result<Credentials> parse_process_credentials(std::string_view json, std::string_view origin) {
  auto o = parse_object(json, origin);
  if (!o) return o.error();
  auto v = o->find("Version");
  if (v == o->end() || !v->value().is_int64() || v->value().as_int64() != 1) {
    return malformed(origin, "JSON without \"Version\": 1 (the only version the credential_process format has)");
  }
  return fill(*o, origin, "SessionToken", false);
}

}  // namespace pcs::aws
