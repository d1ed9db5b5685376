#pragma once
// Caches what an inner provider (usually the chain) resolves, and refreshes temporary credentials before they
// expire without making callers wait: while the old credentials are valid every caller gets them at once and
// one background refresh runs; a failed refresh keeps them until they really expire and is retried with
// backoff. Only when nothing valid is cached do callers wait, and concurrent callers share one fetch.
// One io_context thread; not thread-safe. The inner provider's own references (environment, clock) must
// outlive any refresh still running.

#include <memory>
#include <optional>

#include "aws/credentials/provider.hpp"
#include "aws/credentials/refresh_policy.hpp"
#include "core/clock.hpp"

namespace pcs::aws {

class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  CachingCredentialsProvider(std::unique_ptr<CredentialsProvider> inner, const Clock& clock,
                             RefreshOptions options = {});
  ~CachingCredentialsProvider() override;
  CachingCredentialsProvider(const CachingCredentialsProvider&) = delete;
  CachingCredentialsProvider& operator=(const CachingCredentialsProvider&) = delete;

  boost::asio::awaitable<Result<Credentials>> resolve() override;
  std::string_view name() const override { return "cache"; }
  // Drops the cached credentials (unless a refresh is already fetching new ones) and lifts the backoff, so
  // the next resolve() fetches at once.
  void invalidate() override;

  // For tests and pcsyncctl doctor.
  std::optional<Credentials> cached() const;
  bool refreshing() const;
  int consecutive_failures() const;
  std::size_t inner_calls() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace pcs::aws
