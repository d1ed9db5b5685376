#pragma once
// PartnerCentralClient: one awaitable method per operation over an HttpTransport.
//
// Each call validates the request against the model's constraints (a bad request fails locally with kind
// validation and is never sent), resolves credentials, signs with SigV4 (a per-client SigningKeyCache), sends
// once, and maps the answer: 2xx -> the decoded response (kind protocol when unreadable), otherwise
// parse_error_response(). The client is policy-free: no retries, no pacing (the governor wraps it), and it
// logs nothing (the caller logs Error::describe(), which never holds a secret).
// Everything runs on one io_context thread; the client is not thread-safe.

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials/provider.hpp"
#include "aws/sigv4.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/transport.hpp"
#include "partnercentral/json_codec.hpp"
#include "partnercentral/types.hpp"

namespace pcs::pc {

struct ClientOptions {
  std::string region = "us-east-1";
  // The Host header: net::Endpoint::host_header() of the endpoint URL ("host" or "host:port").
  std::string host = "partnercentral-selling.us-east-1.api.aws";
  std::string signing_name = "partnercentral-selling";
};

inline constexpr std::string_view kJsonContentType = "application/x-amz-json-1.0";
inline constexpr std::string_view kTargetPrefix = "AWSPartnerCentralSelling.";

// The unsigned request for an operation (pure): POST /, Content-Type, X-Amz-Target, Host, the compact body.
net::HttpRequest build_http_request(std::string_view operation, const boost::json::value& body, std::string_view host);

// What an answer says, before the client's clock and token corrections (pure; the fuzz target reads answers
// through it): 2xx -> the body's JSON object (kind protocol when unreadable), otherwise parse_error_response().
Result<boost::json::value> read_answer(const net::HttpResponse& response);

// Per call: when the whole send must be over (a call's deadline across the governor's retries).
struct CallOptions {
  std::optional<SteadyTime> deadline;
};

// Both are recognised from the answer, never from a local guess: the service's Date header, and its
// ExpiredTokenException. See PartnerCentralClient::call.
inline constexpr std::chrono::minutes kClockSkewTolerance{4};
// A service Date at or after this (2200-01-01T00:00:00Z) is not taken as the service's clock.
inline constexpr WallTime kLatestServiceDate{std::chrono::seconds{7'258'118'400}};

class PartnerCentralClient {
 public:
  PartnerCentralClient(net::HttpTransport& transport, aws::CredentialsProvider& credentials, ClientOptions options,
                       const Clock& clock);

  // The untyped entry point (pcsyncctl call, tools): validate, sign, send, parse. The body is the operation's
  // JSON input; the result is the response JSON object.
  // A refusal because of our clock (InvalidSignatureException "Signature expired"/"not yet current", or any
  // 4xx whose Date header is more than kClockSkewTolerance from our clock) corrects the signing clock by the
  // service's Date and comes back as kind clock_skew; ExpiredTokenException asks the credentials provider for
  // fresh credentials and comes back as kind expired_token. Both are retried once at once by the governor,
  // as the AWS SDKs do.
  boost::asio::awaitable<Result<boost::json::value>> call(std::string operation, boost::json::value body,
                                                         CallOptions options = {});

  // The typed entry point: one overload per request type, for generic code such as the paginators and the
  // governed client. Request::operation names the operation, Request::Response the answer.
  // The answer is decoded straight from the body (decode_body: its parsed form lives only while it is read).
  template <class Request>
  boost::asio::awaitable<Result<typename Request::Response>> send(Request request, CallOptions options = {}) {
    auto response = co_await send_raw(std::move(request), options);
    if (!response) co_return response.error();
    co_return decode<typename Request::Response>(*response);
  }

  // The same call, its 2xx answer as received: for a caller that may not need to read it (a listing page whose
  // bytes it has seen before). decode<Response>() reads it as send() would.
  template <class Request>
  boost::asio::awaitable<Result<net::HttpResponse>> send_raw(Request request, CallOptions options = {}) {
    co_return co_await exchange(std::string(Request::operation), to_json(request), options);
  }
  template <Body Response>
  static Result<Response> decode(const net::HttpResponse& response) {
    auto decoded = decode_body<Response>(response.body);
    if (!decoded) return with_response(decoded.error(), response);
    return decoded;
  }

  // Named spellings of send() for readers who look for the operation.
  auto list_engagement_invitations(ListEngagementInvitationsRequest r) { return send(std::move(r)); }
  auto get_engagement_invitation(GetEngagementInvitationRequest r) { return send(std::move(r)); }
  auto start_engagement_by_accepting_invitation_task(StartEngagementByAcceptingInvitationTaskRequest r) {
    return send(std::move(r));
  }
  auto reject_engagement_invitation(RejectEngagementInvitationRequest r) { return send(std::move(r)); }
  auto list_engagement_by_accepting_invitation_tasks(ListEngagementByAcceptingInvitationTasksRequest r) {
    return send(std::move(r));
  }
  auto list_opportunity_from_engagement_tasks(ListOpportunityFromEngagementTasksRequest r) {
    return send(std::move(r));
  }

  const ClientOptions& options() const { return options_; }
  // What the service's clock is ahead of ours by, as last learnt from a clock-skew refusal (0 until then).
  std::chrono::system_clock::duration clock_offset() const { return clock_offset_; }

 private:
  // Validate, sign, send, map: a 2xx answer as received, or the typed error.
  boost::asio::awaitable<Result<net::HttpResponse>> exchange(std::string operation, boost::json::value body,
                                                            CallOptions options);
  // An answer that cannot be read keeps its status and request id, for the operator to quote.
  static Error with_response(Error error, const net::HttpResponse& response);
  // Recognises a clock or token refusal in an error answer and applies the correction.
  void correct_after(const net::HttpResponse& response, Error& error);

  net::HttpTransport& transport_;
  aws::CredentialsProvider& credentials_;
  ClientOptions options_;
  const Clock& clock_;
  aws::SigningKeyCache key_cache_;
  std::chrono::system_clock::duration clock_offset_{0};
};

}  // namespace pcs::pc
