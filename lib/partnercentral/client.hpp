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
#include <string>
#include <string_view>

#include "aws/credentials/provider.hpp"
#include "aws/sigv4.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "net/transport.hpp"
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

class PartnerCentralClient {
 public:
  PartnerCentralClient(net::HttpTransport& transport, aws::CredentialsProvider& credentials, ClientOptions options,
                       const Clock& clock);

  // The untyped entry point (pcsyncctl call, tools): validate, sign, send, parse. The body is the operation's
  // JSON input; the result is the response JSON object.
  boost::asio::awaitable<Result<boost::json::value>> call(std::string operation, boost::json::value body);

  boost::asio::awaitable<Result<ListEngagementInvitationsResponse>> list_engagement_invitations(
      ListEngagementInvitationsRequest request);
  boost::asio::awaitable<Result<GetEngagementInvitationResponse>> get_engagement_invitation(
      GetEngagementInvitationRequest request);
  boost::asio::awaitable<Result<StartEngagementByAcceptingInvitationTaskResponse>>
  start_engagement_by_accepting_invitation_task(StartEngagementByAcceptingInvitationTaskRequest request);
  boost::asio::awaitable<Result<RejectEngagementInvitationResponse>> reject_engagement_invitation(
      RejectEngagementInvitationRequest request);
  boost::asio::awaitable<Result<ListEngagementByAcceptingInvitationTasksResponse>>
  list_engagement_by_accepting_invitation_tasks(ListEngagementByAcceptingInvitationTasksRequest request);
  boost::asio::awaitable<Result<ListOpportunityFromEngagementTasksResponse>> list_opportunity_from_engagement_tasks(
      ListOpportunityFromEngagementTasksRequest request);

  // Overloads by request type, for generic code such as the paginators.
  auto send(ListEngagementInvitationsRequest r) { return list_engagement_invitations(std::move(r)); }
  auto send(GetEngagementInvitationRequest r) { return get_engagement_invitation(std::move(r)); }
  auto send(StartEngagementByAcceptingInvitationTaskRequest r) {
    return start_engagement_by_accepting_invitation_task(std::move(r));
  }
  auto send(RejectEngagementInvitationRequest r) { return reject_engagement_invitation(std::move(r)); }
  auto send(ListEngagementByAcceptingInvitationTasksRequest r) {
    return list_engagement_by_accepting_invitation_tasks(std::move(r));
  }
  auto send(ListOpportunityFromEngagementTasksRequest r) { return list_opportunity_from_engagement_tasks(std::move(r)); }

  const ClientOptions& options() const { return options_; }

 private:
  net::HttpTransport& transport_;
  aws::CredentialsProvider& credentials_;
  ClientOptions options_;
  const Clock& clock_;
  aws::SigningKeyCache key_cache_;
};

}  // namespace pcs::pc
