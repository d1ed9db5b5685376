#include "partnercentral/client.hpp"

#include <boost/json/serialize.hpp>
#include <exception>

#include "partnercentral/error_mapping.hpp"
#include "partnercentral/json_codec.hpp"
#include "partnercentral/validation.hpp"

namespace pcs::pc {

namespace json = boost::json;
namespace asio = boost::asio;

net::HttpRequest build_http_request(std::string_view operation, const json::value& body, std::string_view host) {
  net::HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.set_header("Host", std::string(host));
  request.set_header("Content-Type", std::string(kJsonContentType));
  request.set_header("X-Amz-Target", std::string(kTargetPrefix) + std::string(operation));
  request.body = json::serialize(body);
  return request;
}

PartnerCentralClient::PartnerCentralClient(net::HttpTransport& transport, aws::CredentialsProvider& credentials,
                                           ClientOptions options, const Clock& clock)
    : transport_(transport), credentials_(credentials), options_(std::move(options)), clock_(clock) {}

asio::awaitable<Result<json::value>> PartnerCentralClient::call(std::string operation, json::value body) {
  if (!is_known_operation(operation)) {
    co_return make_error(ErrorKind::validation, "UnknownOperation",
                         "pcsyncd does not know the operation \"" + operation +
                             "\"; use one of ListEngagementInvitations, GetEngagementInvitation, "
                             "StartEngagementByAcceptingInvitationTask, RejectEngagementInvitation, "
                             "ListEngagementByAcceptingInvitationTasks, ListOpportunityFromEngagementTasks");
  }
  if (auto errors = validate_request(operation, body); !errors.empty())
    co_return make_validation_error(operation, errors);

  auto credentials = co_await credentials_.resolve();
  if (!credentials) co_return credentials.error();
  if (credentials->empty()) {
    co_return make_error(ErrorKind::config, "MissingCredentials",
                         "the credentials provider returned no access key; configure AWS credentials");
  }

  net::HttpRequest request = build_http_request(operation, body, options_.host);
  try {
    aws::SigningParams params;
    params.region = options_.region;
    params.service = options_.signing_name;
    params.time = clock_.wall_now();
    aws::sign_request(request, *credentials, params, key_cache_);
  } catch (const std::exception& e) {
    co_return make_error(ErrorKind::config, "SigningFailed", std::string("cannot sign the request: ") + e.what());
  }

  auto response = co_await transport_.send(std::move(request));
  if (!response) co_return response.error();

  if (response->status < 200 || response->status >= 300) co_return parse_error_response(*response);

  auto parsed = parse_json_body(response->body);
  if (!parsed) {
    Error e = parsed.error();
    e.http_status = response->status;
    if (const auto* id = response->header("x-amzn-RequestId")) e.request_id = *id;
    co_return e;
  }
  co_return std::move(parsed).value();
}

namespace {

// Shared tail of the typed methods: decode and keep the request id/status on a protocol error.
template <class T>
Result<T> decode_result(Result<json::value> raw) {
  if (!raw) return raw.error();
  return from_json<T>(*raw);
}

}  // namespace

asio::awaitable<Result<ListEngagementInvitationsResponse>> PartnerCentralClient::list_engagement_invitations(
    ListEngagementInvitationsRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<ListEngagementInvitationsResponse>(std::move(raw));
}

asio::awaitable<Result<GetEngagementInvitationResponse>> PartnerCentralClient::get_engagement_invitation(
    GetEngagementInvitationRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<GetEngagementInvitationResponse>(std::move(raw));
}

asio::awaitable<Result<StartEngagementByAcceptingInvitationTaskResponse>>
PartnerCentralClient::start_engagement_by_accepting_invitation_task(
    StartEngagementByAcceptingInvitationTaskRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<StartEngagementByAcceptingInvitationTaskResponse>(std::move(raw));
}

asio::awaitable<Result<RejectEngagementInvitationResponse>> PartnerCentralClient::reject_engagement_invitation(
    RejectEngagementInvitationRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<RejectEngagementInvitationResponse>(std::move(raw));
}

asio::awaitable<Result<ListEngagementByAcceptingInvitationTasksResponse>>
PartnerCentralClient::list_engagement_by_accepting_invitation_tasks(
    ListEngagementByAcceptingInvitationTasksRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<ListEngagementByAcceptingInvitationTasksResponse>(std::move(raw));
}

asio::awaitable<Result<ListOpportunityFromEngagementTasksResponse>>
PartnerCentralClient::list_opportunity_from_engagement_tasks(ListOpportunityFromEngagementTasksRequest request) {
  auto raw = co_await call(std::string(request.operation), to_json(request));
  co_return decode_result<ListOpportunityFromEngagementTasksResponse>(std::move(raw));
}

}  // namespace pcs::pc
