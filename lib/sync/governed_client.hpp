#pragma once
// Every Partner Central call of the daemon goes through here: the governor admits, paces, retries and counts
// it (the service meters retries too). Each attempt is bounded by request_timeout and by the call's deadline
// (call_timeout, across attempts), whichever comes first.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <string_view>

#include "governor/governor.hpp"
#include "partnercentral/client.hpp"
#include "partnercentral/shape_spec.hpp"

namespace pcs::sync {

// Which quota meters an operation: the operation table (lib/partnercentral) says which ones change state.
inline gov::QuotaClass quota_class_of(std::string_view operation) {
  return pc::is_write_operation(operation) ? gov::QuotaClass::write : gov::QuotaClass::read;
}

class GovernedClient {
 public:
  GovernedClient(pc::PartnerCentralClient& client, gov::Governor& governor, const Clock& clock)
      : client_(client), governor_(governor), clock_(clock) {}

  // The request is built once and captured, so a retry resends it unchanged (same ClientToken).
  template <class Request>
  boost::asio::awaitable<Result<typename Request::Response>> send(Request request) {
    using Response = typename Request::Response;
    // Named, not a temporary in the co_await expression: GCC 12 destroys such temporaries twice.
    gov::Governor::Attempt<Response> attempt =
        [this, request = std::move(request)](SteadyTime call_deadline) -> boost::asio::awaitable<Result<Response>> {
      pc::CallOptions options;
      options.deadline = std::min(call_deadline, clock_.steady_now() + request_timeout_);
      co_return co_await client_.send(request, options);
    };
    co_return co_await governor_.run<Response>(quota_class_of(Request::operation), Request::operation,
                                               std::move(attempt));
  }

  // The same, with the answer read by `read` inside the governed attempt (as send() decodes it there): what
  // `read` refuses is that attempt's failure, classified and counted like a decode failure of send(). `read`
  // may take the body over.
  template <class Request, class T>
  boost::asio::awaitable<Result<T>> send_raw(Request request, std::function<Result<T>(net::HttpResponse&)> read) {
    gov::Governor::Attempt<T> attempt = [this, request = std::move(request),
                                         read = std::move(read)](SteadyTime call_deadline)
        -> boost::asio::awaitable<Result<T>> {
      pc::CallOptions options;
      options.deadline = std::min(call_deadline, clock_.steady_now() + request_timeout_);
      auto response = co_await client_.send_raw(request, options);
      if (!response) co_return response.error();
      co_return read(*response);
    };
    co_return co_await governor_.run<T>(quota_class_of(Request::operation), Request::operation, std::move(attempt));
  }

  // The governor's counts of the class since start: a cycle reads them before and after its work.
  const gov::CallCounts& counts(gov::QuotaClass cls) const { return governor_.counts(cls); }
  // Live: a reload's request_timeout applies from the next cycle on.
  void set_request_timeout(std::chrono::nanoseconds timeout) { request_timeout_ = timeout; }

 private:
  pc::PartnerCentralClient& client_;
  gov::Governor& governor_;
  const Clock& clock_;
  std::chrono::nanoseconds request_timeout_ = std::chrono::seconds{10};
};

}  // namespace pcs::sync
