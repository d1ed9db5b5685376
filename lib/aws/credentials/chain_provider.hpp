#pragma once
// The default credential chain, in the SDKs' order:
//   environment -> web identity (env) -> shared files profile -> container -> EC2 instance metadata.
// A link that is not configured answers "CredentialsNotFound" and the chain tries the next; any other error
// (a configured source that is broken) stops the chain, as the CLI does, so a typo is not silently replaced by
// other credentials.

#include <memory>
#include <vector>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/credentials/process_provider.hpp"
#include "aws/credentials/provider.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

class ChainCredentialsProvider final : public CredentialsProvider {
 public:
  explicit ChainCredentialsProvider(std::vector<std::unique_ptr<CredentialsProvider>> links);
  // When nothing is found: kind config, code "NoCredentials", listing each link's reason.
  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "chain"; }

 private:
  std::vector<std::unique_ptr<CredentialsProvider>> links_;
};

struct DefaultChainOptions {
  std::shared_ptr<const ProfileSet> profiles;  // load_profile_set(env)
  std::string profile_name;                    // AwsSettings::profile
  std::string region;                          // AwsSettings::region (for STS)
  ProcessOptions process;
};

// env, factory and clock must outlive the provider.
std::unique_ptr<CredentialsProvider> make_default_chain(const Environment& env, TransportFactory factory,
                                                        const Clock& clock, DefaultChainOptions options);

}  // namespace pcs::aws
