// Target: the HTTP response path, end to end without a socket. The input is the bytes a server sends back;
// net::read_http_response() reads them with HttpClient's parser, limits and error mapping, then
// pc::read_answer() maps the response as PartnerCentralClient does, and every operation's decoder reads the JSON.
// Properties: the outcome does not depend on how the bytes were split into reads (one read, or a byte at a
// time: the same response, or errors of the same kind); a failure at any step is a typed, loggable Error
// (transport for the wire, the service's kinds for an error answer, protocol for an unreadable body) carrying
// the HTTP status once there is one; a body never exceeds the limit; an answer to HEAD has no body.
#include <tuple>

#include "fuzz_support.hpp"
#include "net/http_client.hpp"
#include "net/http_response_reader.hpp"
#include "partnercentral/client.hpp"

namespace {

using namespace pcs;

void check_same(const Result<net::ReadResponse>& a, const Result<net::ReadResponse>& b) {
  FUZZ_CHECK_ABOUT(a.ok() == b.ok(), a ? b.error().describe() : a.error().describe());
  if (!a) {
    // The kind is what callers act on. The code may differ: garbage cut short by EOF reads as a bad start line
    // when it arrives whole, as a connection closed mid-response when it arrives a byte at a time.
    FUZZ_CHECK_ABOUT(a.error().kind == b.error().kind, a.error().describe() + " | " + b.error().describe());
    return;
  }
  FUZZ_CHECK(a->response.status == b->response.status);
  FUZZ_CHECK(a->response.body == b->response.body);
  FUZZ_CHECK(a->reusable == b->reusable);
  FUZZ_CHECK(a->response.headers.size() == b->response.headers.size());
  for (std::size_t i = 0; i < a->response.headers.size(); ++i) {
    FUZZ_CHECK(a->response.headers[i].name == b->response.headers[i].name);
    FUZZ_CHECK(a->response.headers[i].value == b->response.headers[i].value);
  }
}

void check_read(const Result<net::ReadResponse>& read, std::size_t limit) {
  if (!read) {
    fuzz::check_error(read.error());
    FUZZ_CHECK(read.error().kind == ErrorKind::transport);
    return;
  }
  FUZZ_CHECK(read->response.body.size() <= limit);
}

template <class Request>
void decode_as(const boost::json::value& answer) {
  auto decoded = pc::from_json<typename Request::Response>(answer);
  if (!decoded) {
    fuzz::check_error(decoded.error());
    FUZZ_CHECK(decoded.error().kind == ErrorKind::protocol);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view wire = fuzz::as_text(data, size);
  const std::size_t limit = net::HttpClientOptions{}.max_response_bytes;

  const auto whole = net::read_http_response(wire, limit, false, 64 * 1024);
  check_read(whole, limit);
  check_same(whole, net::read_http_response(wire, limit, false, 1));

  constexpr std::size_t small_limit = 64;
  check_read(net::read_http_response(wire, small_limit, false, 64 * 1024), small_limit);
  const auto head = net::read_http_response(wire, limit, true, 64 * 1024);
  check_read(head, limit);
  if (head) FUZZ_CHECK(head->response.body.empty());

  if (!whole) return 0;
  const net::HttpResponse& response = whole->response;
  auto answer = pc::read_answer(response);
  if (!answer) {
    fuzz::check_error(answer.error());
    FUZZ_CHECK(answer.error().http_status == response.status);
    return 0;
  }
  FUZZ_CHECK(response.status >= 200 && response.status <= 299);
  std::apply([&](auto... request) { (decode_as<decltype(request)>(*answer), ...); }, pc::Requests{});
  return 0;
}
