#pragma once
// EC2 instance metadata credentials, IMDSv2 first:
//   PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds: 21600) -> token
//   GET /latest/meta-data/iam/security-credentials/        (X-aws-ec2-metadata-token) -> role name
//   GET /latest/meta-data/iam/security-credentials/<role>  -> {"AccessKeyId", "SecretAccessKey", "Token", ...}
// A 401 on a GET means the token went stale: a new one is fetched once. When the token PUT is refused with
// 403/404/405 (IMDSv2 unsupported or hop limit) the provider falls back to IMDSv1 unless
// AWS_EC2_METADATA_V1_DISABLED=true. AWS_EC2_METADATA_DISABLED=true turns the provider off; the endpoint is
// AWS_EC2_METADATA_SERVICE_ENDPOINT, else AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 ([fd00:ec2::254]),
// else 169.254.169.254. No answer at all is "CredentialsNotFound" (not on EC2): the chain's last link.
// The factory should give the transport short deadlines (the SDKs use 1 s): IMDS is local or absent.

#include "aws/config/environment.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"

namespace pcs::aws {

std::string imds_endpoint_url(const Environment& env);

class ImdsCredentialsProvider final : public CredentialsProvider {
 public:
  ImdsCredentialsProvider(const Environment& env, TransportFactory factory);
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "imds"; }

 private:
  const Environment& env_;
  TransportFactory factory_;
};

}  // namespace pcs::aws
