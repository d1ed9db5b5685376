#include "aws/credentials/web_identity_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <fstream>
#include <sstream>

#include "aws/credentials/sts_client.hpp"

namespace pcs::aws {

Result<WebIdentityConfig> web_identity_from_environment(const Environment& env, const std::string& region) {
  auto pair = variable_pair(env, "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "set both for web identity, or neither");
  if (!pair) return pair.error();
  if (!*pair) return make_error(ErrorKind::config, "CredentialsNotFound", "AWS_WEB_IDENTITY_TOKEN_FILE is not set");
  WebIdentityConfig c;
  c.token_file = std::move((*pair)->first);
  c.role_arn = std::move((*pair)->second);
  c.role_session_name = env.get_nonempty("AWS_ROLE_SESSION_NAME").value_or("");
  c.region = region;
  c.sts_endpoint_url = sts_endpoint_url(env, region);
  return c;
}

WebIdentityCredentialsProvider::WebIdentityCredentialsProvider(WebIdentityConfig config, TransportFactory factory,
                                                               const Clock& clock)
    : config_(std::move(config)), factory_(std::move(factory)), clock_(clock) {}

boost::asio::awaitable<Result<Credentials>> WebIdentityCredentialsProvider::resolve() {
  std::ifstream in(config_.token_file, std::ios::binary);
  if (!in) {
    co_return make_error(ErrorKind::config, "UnreadableTokenFile",
                         "the web identity token file " + config_.token_file +
                             " cannot be read; check the projected service account token is mounted");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string token = ss.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.pop_back();
  if (token.empty()) {
    co_return make_error(ErrorKind::config, "UnreadableTokenFile",
                         "the web identity token file " + config_.token_file + " is empty");
  }
  StsClient sts(factory_, config_.sts_endpoint_url, config_.region, clock_);
  // A named object, not a braced temporary, in the co_await: GCC 12 destroys such temporaries twice.
  WebIdentityParams params;
  params.role_arn = config_.role_arn;
  params.role_session_name = config_.role_session_name;
  params.web_identity_token = std::move(token);
  auto result = co_await sts.assume_role_with_web_identity(std::move(params));
  co_return result;
}

EnvironmentWebIdentityProvider::EnvironmentWebIdentityProvider(const Environment& env, std::string region,
                                                               TransportFactory factory, const Clock& clock)
    : env_(env), region_(std::move(region)), factory_(std::move(factory)), clock_(clock) {}

boost::asio::awaitable<Result<Credentials>> EnvironmentWebIdentityProvider::resolve() {
  auto config = web_identity_from_environment(env_, region_);
  if (!config) co_return config.error();
  WebIdentityCredentialsProvider inner(std::move(config).value(), factory_, clock_);
  co_return co_await inner.resolve();
}

}  // namespace pcs::aws
