#pragma once
// ECS/EKS container credentials:
// - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: http://169.254.170.2<relative uri> (ECS task role);
// - AWS_CONTAINER_CREDENTIALS_FULL_URI: any https URL, or plain http only to loopback, the ECS address
//   169.254.170.2 or the EKS Pod Identity addresses 169.254.170.23 / [fd00:ec2::23] (nothing else, so a
//   hostile URL cannot harvest the authorization token over the network);
// - Authorization header from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read every time: EKS rotates it),
//   else AWS_CONTAINER_AUTHORIZATION_TOKEN.
// Neither URI set: "CredentialsNotFound" (the chain moves on).

#include "aws/config/environment.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"

namespace pcs::aws {

// The URL to call, or CredentialsNotFound, or a config error for a full URI that is not allowed. Pure.
Result<std::string> container_credentials_url(const Environment& env);

// The Authorization value ("" when none is configured). Reads the token file; refuses CR/LF in the token.
Result<std::string> container_authorization(const Environment& env);

class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  ContainerCredentialsProvider(const Environment& env, TransportFactory factory);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "container"; }

 private:
  const Environment& env_;
  TransportFactory factory_;
};

}  // namespace pcs::aws
