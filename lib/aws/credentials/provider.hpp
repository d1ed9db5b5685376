#pragma once
// One interface for every credential source (environment, profile, process, web identity, container, IMDS),
// a chain that tries them in the SDKs' order, and a cache that refreshes before expiry.

#include <boost/asio/awaitable.hpp>
#include <string_view>

#include "aws/credentials/credentials.hpp"
#include "core/result.hpp"

namespace pcs::aws {

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Completes with usable credentials or an Error of kind config (nothing found, malformed source) or the
  // kind of the failed call. Never throws; never puts a secret in the error.
  virtual boost::asio::awaitable<Result<Credentials>> resolve() = 0;
  virtual std::string_view name() const = 0;
  // The service refused the credentials as expired (ExpiredTokenException): forget any cached ones, so the
  // next resolve() fetches fresh ones. A provider without a cache has nothing to forget.
  virtual void invalidate() {}
};

// Fixed credentials (tests, and the environment provider's result).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : credentials_(std::move(c)) {}
  boost::asio::awaitable<Result<Credentials>> resolve() override { co_return credentials_; }
  std::string_view name() const override { return "static"; }

 private:
  Credentials credentials_;
};

}  // namespace pcs::aws
