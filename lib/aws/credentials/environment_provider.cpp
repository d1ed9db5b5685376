#include "aws/credentials/environment_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace pcs::aws {

Result<Credentials> credentials_from_environment(const Environment& env) {
  auto keys = variable_pair(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "set both or neither");
  if (!keys) return keys.error();
  if (!*keys)
    return make_error(ErrorKind::config, "CredentialsNotFound", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
  Credentials c;
  c.access_key_id = std::move((*keys)->first);
  c.secret_access_key = std::move((*keys)->second);
  c.session_token = env.get_nonempty("AWS_SESSION_TOKEN").value_or("");
  c.source = "environment";
  return c;
}

boost::asio::awaitable<Result<Credentials>> EnvironmentCredentialsProvider::resolve() {
  co_return credentials_from_environment(env_);
}

}  // namespace pcs::aws
