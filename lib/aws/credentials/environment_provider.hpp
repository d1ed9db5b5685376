#pragma once
// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: the first link of the chain.

#include "aws/config/environment.hpp"
#include "aws/credentials/provider.hpp"

namespace pcs::aws {

// Pure: what the variables say. Code "CredentialsNotFound" when neither key is set (the chain moves on);
// "IncompleteCredentials" when only one of the two is (an operator mistake worth stopping for).
Result<Credentials> credentials_from_environment(const Environment& env);

class EnvironmentCredentialsProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentCredentialsProvider(const Environment& env) : env_(env) {}
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "environment"; }

 private:
  const Environment& env_;
};

}  // namespace pcs::aws
