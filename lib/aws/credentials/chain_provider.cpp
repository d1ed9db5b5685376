#include "aws/credentials/chain_provider.hpp"

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224; Asio's frame operator new/delete are matched). Silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include "aws/credentials/container_provider.hpp"
#include "aws/credentials/environment_provider.hpp"
#include "aws/credentials/imds_provider.hpp"
#include "aws/credentials/profile_provider.hpp"
#include "aws/credentials/web_identity_provider.hpp"

namespace pcs::aws {

ChainCredentialsProvider::ChainCredentialsProvider(std::vector<std::unique_ptr<CredentialsProvider>> links)
    : links_(std::move(links)) {}

boost::asio::awaitable<Result<Credentials>> ChainCredentialsProvider::resolve() {
  std::string reasons;
  for (auto& link : links_) {
    auto r = co_await link->resolve();
    if (r) co_return r;
    if (r.error().code != "CredentialsNotFound") co_return r;
    if (!reasons.empty()) reasons += "; ";
    reasons += std::string(link->name()) + ": " + r.error().message;
  }
  co_return make_error(ErrorKind::config, "NoCredentials",
                       "no AWS credentials found (" + reasons +
                           "); set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile with credentials, or run "
                           "with an instance or task role");
}

std::unique_ptr<CredentialsProvider> make_default_chain(const Environment& env, TransportFactory factory,
                                                        const Clock& clock, DefaultChainOptions options) {
  std::vector<std::unique_ptr<CredentialsProvider>> links;
  links.push_back(std::make_unique<EnvironmentCredentialsProvider>(env));
  links.push_back(std::make_unique<EnvironmentWebIdentityProvider>(env, options.region, factory, clock));
  if (!options.profiles) options.profiles = std::make_shared<ProfileSet>();
  links.push_back(std::make_unique<ProfileCredentialsProvider>(
      options.profiles, env, factory, clock,
      ProfileProviderOptions{options.profile_name.empty() ? std::string("default") : options.profile_name,
                             options.region, options.process}));
  links.push_back(std::make_unique<ContainerCredentialsProvider>(env, factory));
  links.push_back(std::make_unique<ImdsCredentialsProvider>(env, factory));
  return std::make_unique<ChainCredentialsProvider>(std::move(links));
}

}  // namespace pcs::aws
