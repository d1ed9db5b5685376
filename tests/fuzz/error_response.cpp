// Target: the error parser. A non-2xx answer (status, headers, body; the framing of fuzz_support.hpp) ->
// pc::parse_error_response(). Properties: always a typed, loggable Error; the status is carried over; the
// class follows the type named in the body or x-amzn-ErrorType; the service's text is cut short.
#include "fuzz_support.hpp"
#include "partnercentral/error_mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pcs;
  const net::HttpResponse response = fuzz::parse_framed_response(fuzz::as_text(data, size), 500);
  if (response.status < 300 || response.status > 599) return -1;  // not an error answer: not in the corpus

  const Error e = pc::parse_error_response(response);
  fuzz::check_error(e);
  FUZZ_CHECK(e.http_status == response.status);
  FUZZ_CHECK(e.code == "HttpError" + std::to_string(response.status) ||
             pc::classify_error_type(e.code, response.status) == e.kind);
  // 512 characters of the service's message, 1024 of validation details (core::printable: at most 4 bytes each,
  // a 4-byte UTF-8 character or an \xNN escape, then "…"), and our own words around them.
  FUZZ_CHECK(e.message.size() < 4 * (512 + 1024) + 512);
  FUZZ_CHECK(e.request_id.size() <= 4 * 128 + 3);
  return 0;
}
