#pragma once
// Small helpers shared by the partnercentral tests: run one awaitable to completion, an in-memory transport,
// and canned service answers.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <deque>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/transport.hpp"

namespace pcs::pc::test {

// co_spawn wants a default-constructible result; Result<T> is not, std::optional is.
template <class T>
boost::asio::awaitable<std::optional<T>> as_optional(boost::asio::awaitable<T> aw) {
  co_return co_await std::move(aw);
}

// Runs an awaitable on a private io_context until it completes; rethrows what it threw (a test failure).
template <class T>
T run(boost::asio::awaitable<T> aw) {
  boost::asio::io_context ctx;
  std::optional<T> out;
  std::exception_ptr error;
  boost::asio::co_spawn(ctx, as_optional(std::move(aw)), [&](std::exception_ptr e, std::optional<T> v) {
    error = e;
    if (!e) out = std::move(v);
  });
  ctx.run();
  if (error) std::rethrow_exception(error);
  if (!out) throw std::runtime_error("awaitable did not complete");
  return std::move(*out);
}

class FakeTransport final : public net::HttpTransport {
 public:
  std::vector<net::HttpRequest> requests;
  std::deque<Result<net::HttpResponse>> responses;

  void push(int status, std::string body, std::vector<net::Header> headers = {}) {
    net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.set_header("x-amzn-RequestId", "req-" + std::to_string(responses.size() + 1));
    responses.emplace_back(std::move(r));
  }

  boost::asio::awaitable<Result<net::HttpResponse>> send(net::HttpRequest request) override {
    requests.push_back(std::move(request));
    if (responses.empty()) co_return make_error(ErrorKind::transport, "NoCannedResponse", "the test queued no answer");
    auto r = std::move(responses.front());
    responses.pop_front();
    co_return r;
  }
};

// A full GetEngagementInvitation answer, every member set, plus one member the model does not have.
inline const char* kGetInvitationJson = R"({
  "Arn": "arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/engi-0000000000001",
  "PayloadType": "OpportunityInvitation",
  "Id": "engi-0000000000001",
  "EngagementId": "eng-00000000000001",
  "EngagementTitle": "Migration of ERP",
  "Status": "PENDING",
  "InvitationDate": "2025-03-01T10:00:00.123Z",
  "ExpirationDate": "2025-03-16T10:00:00Z",
  "SenderAwsAccountId": "123456789012",
  "SenderCompanyName": "AWS",
  "Receiver": {"Account": {"Alias": "acme", "AwsAccountId": "210987654321"}},
  "Catalog": "AWS",
  "RejectionReason": "Customer not a fit",
  "Payload": {"OpportunityInvitation": {
    "SenderContacts": [{"Email": "pdm@example.com", "FirstName": "Ana", "LastName": "Lee",
                        "BusinessTitle": "PDM", "Phone": "+14155550100"}],
    "ReceiverResponsibilities": ["Services Partner", "Reseller"],
    "Customer": {"Industry": "Financial Services", "CompanyName": "Example Bank", "WebsiteUrl": "https://bank.example",
                 "CountryCode": "US"},
    "Project": {"Title": "ERP to AWS", "BusinessProblem": "Their on-premises ERP is out of support.",
                "TargetCompletionDate": "2025-12-31",
                "ExpectedCustomerSpend": [{"Amount": "12000.50", "CurrencyCode": "USD", "Frequency": "Monthly",
                                           "TargetCompany": "AWS", "EstimationUrl": "https://calc.example/1"}]}
  }},
  "InvitationMessage": "Please help",
  "EngagementDescription": "ERP migration",
  "ExistingMembers": [{"CompanyName": "AWS", "WebsiteUrl": "https://aws.amazon.com"}],
  "SomeFutureMember": {"x": 1}
})";

}  // namespace pcs::pc::test
