#include "partnercentral/client.hpp"

#include <boost/json/serialize.hpp>
#include <exception>

#include "core/printable.hpp"
#include "core/time_format.hpp"
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

void PartnerCentralClient::correct_after(const net::HttpResponse& response, Error& error) {
  if (error.code == "ExpiredTokenException") {
    error.kind = ErrorKind::expired_token;
    error.retryable = is_retryable_kind(error.kind);
    credentials_.invalidate();
    return;
  }
  if (response.status < 400 || response.status >= 500) return;
  const auto* date = response.header("Date");
  auto server_time = date ? parse_http_date(*date) : std::nullopt;
  // A Date outside 1970..2199 is no clock to sign by (parse_http_date clamps far years to what WallTime holds,
  // and the offset from such a date overflowed its nanoseconds).
  if (server_time && (*server_time < WallTime{} || *server_time >= kLatestServiceDate)) server_time.reset();
  const bool says_clock = error.code == "InvalidSignatureException" &&
                          (error.message.find("Signature expired") != std::string::npos ||
                           error.message.find("not yet current") != std::string::npos);
  const auto ours = clock_.wall_now() + clock_offset_;
  const bool skewed = server_time && (*server_time - ours > kClockSkewTolerance || ours - *server_time > kClockSkewTolerance);
  if (!skewed && !says_clock) return;
  if (server_time) clock_offset_ = *server_time - clock_.wall_now();
  error.kind = ErrorKind::clock_skew;
  error.retryable = is_retryable_kind(error.kind);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(clock_offset_).count();
  error.message += "; the system clock is " + std::to_string(seconds < 0 ? -seconds : seconds) + " s " +
                   (seconds < 0 ? "ahead of" : "behind") +
                   " the service's: pcsyncd signs with the service's time from now on, but fix NTP (timedatectl)";
}

namespace {

Error with_answer_ids(Error error, const net::HttpResponse& response) {
  error.http_status = response.status;
  // Escaped like every other text of the answer: a header value may hold tabs and any byte over 0x7F.
  if (const auto* id = response.header("x-amzn-RequestId")) error.request_id = printable(*id, 128);
  return error;
}

}  // namespace

Error PartnerCentralClient::with_response(Error error, const net::HttpResponse& response) {
  return with_answer_ids(std::move(error), response);
}

asio::awaitable<Result<json::value>> PartnerCentralClient::call(std::string operation, json::value body,
                                                                CallOptions call_options) {
  auto response = co_await exchange(std::move(operation), std::move(body), call_options);
  if (!response) co_return response.error();
  co_return read_answer(*response);
}

asio::awaitable<Result<net::HttpResponse>> PartnerCentralClient::exchange(std::string operation, json::value body,
                                                                         CallOptions call_options) {
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
    params.time = clock_.wall_now() + clock_offset_;
    aws::sign_request(request, *credentials, params, key_cache_);
  } catch (const std::exception& e) {
    co_return make_error(ErrorKind::config, "SigningFailed", std::string("cannot sign the request: ") + e.what());
  }

  request.deadline = call_options.deadline;
  auto response = co_await transport_.send(std::move(request));
  if (!response) co_return response.error();

  if (response->status < 200 || response->status >= 300) {
    Error e = parse_error_response(*response);
    correct_after(*response, e);
    co_return e;
  }
  co_return response;
}

Result<json::value> read_answer(const net::HttpResponse& response) {
  if (response.status < 200 || response.status >= 300) return parse_error_response(response);
  auto parsed = parse_json_body(response.body);
  if (!parsed) return with_answer_ids(parsed.error(), response);
  return parsed;
}

}  // namespace pcs::pc
