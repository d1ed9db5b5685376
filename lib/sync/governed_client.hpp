#pragma once
// Every Partner Central call of the daemon goes through here: the governor admits, paces and retries it,
// and the cycle's counters see every attempt (the service meters retries too). Each attempt is bounded by
// request_timeout and by the call's deadline (call_timeout, across attempts), whichever comes first.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <type_traits>

#include "governor/governor.hpp"
#include "partnercentral/client.hpp"

namespace pcs::sync {

struct CallCounters {
  std::int64_t read_calls = 0;
  std::int64_t detail_reads = 0;  // GetEngagementInvitation: paid once per new invitation, not per poll
  std::int64_t write_calls = 0;
  std::int64_t throttled = 0;
};

// Which quota meters an operation: writes are the two that change state.
constexpr gov::QuotaClass quota_class_of(std::string_view operation) {
  return operation == "StartEngagementByAcceptingInvitationTask" || operation == "RejectEngagementInvitation"
             ? gov::QuotaClass::write
             : gov::QuotaClass::read;
}

class GovernedClient {
 public:
  GovernedClient(pc::PartnerCentralClient& client, gov::Governor& governor, const Clock& clock)
      : client_(client), governor_(governor), clock_(clock) {}

  // The request is built once and captured, so a retry resends it unchanged (same ClientToken).
  template <class Request>
  boost::asio::awaitable<Result<typename Request::Response>> send(Request request) {
    using Response = typename Request::Response;
    constexpr auto cls = quota_class_of(Request::operation);
    // Named, not a temporary in the co_await expression: GCC 12 destroys such temporaries twice.
    gov::Governor::Attempt<Response> attempt =
        [this, request = std::move(request)](SteadyTime call_deadline) -> boost::asio::awaitable<Result<Response>> {
      ++(cls == gov::QuotaClass::write ? counters_.write_calls : counters_.read_calls);
      if constexpr (std::is_same_v<Request, pc::GetEngagementInvitationRequest>) ++counters_.detail_reads;
      pc::CallOptions options;
      options.deadline = std::min(call_deadline, clock_.steady_now() + request_timeout_);
      auto result = co_await client_.send(request, options);
      if (!result && result.error().kind == ErrorKind::throttling) ++counters_.throttled;
      co_return result;
    };
    co_return co_await governor_.run<Response>(cls, Request::operation, std::move(attempt));
  }

  const CallCounters& counters() const { return counters_; }
  void reset_counters() { counters_ = {}; }
  // Live: a reload's request_timeout applies from the next cycle on.
  void set_request_timeout(std::chrono::nanoseconds timeout) { request_timeout_ = timeout; }

 private:
  pc::PartnerCentralClient& client_;
  gov::Governor& governor_;
  const Clock& clock_;
  std::chrono::nanoseconds request_timeout_ = std::chrono::seconds{10};
  CallCounters counters_;
};

}  // namespace pcs::sync
