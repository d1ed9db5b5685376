#pragma once
// The body of every response-decoder target: one operation's response body, as the service might send it, read
// by decode_body<Response>() (tests/fuzz/decode_*.cpp instantiate it, one operation each).
// Properties, beyond not crashing:
// - a failure is a typed Error (kind protocol, code InvalidResponse, one loggable line);
// - what decodes is within the model's bounds: walking the re-encoded value against the shape tables, no
//   string has more code points and no list more items than the member's @length max;
// - decoding is stable: decode(encode(v)) succeeds and encodes to the same JSON as v;
// - decode_body's streaming fast path agrees with the DOM engine: whatever it decodes, parse_json_body +
//   from_json decode to the same JSON (a difference, or a value the DOM engine refuses, is a crash).

#include <boost/json/serialize.hpp>
#include <cstdint>

#include "fuzz_support.hpp"
#include "partnercentral/json_codec.hpp"

namespace pcs::fuzz {

inline std::int64_t code_points(std::string_view s) {
  std::int64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

inline void check_within_model(const pc::ShapeSpec& shape, const boost::json::value& v) {
  switch (shape.kind) {
    case pc::ShapeKind::string:
      FUZZ_CHECK(v.is_string());
      if (shape.max) FUZZ_CHECK(code_points(v.get_string()) <= *shape.max);
      break;
    case pc::ShapeKind::list:
      FUZZ_CHECK(v.is_array());
      if (shape.max) FUZZ_CHECK(static_cast<std::int64_t>(v.get_array().size()) <= *shape.max);
      for (const auto& item : v.get_array()) check_within_model(*shape.element, item);
      break;
    case pc::ShapeKind::structure:
    case pc::ShapeKind::union_:
      FUZZ_CHECK(v.is_object());
      for (const auto& m : shape.members)
        if (const auto* member = v.get_object().if_contains(m.name)) check_within_model(*m.shape, *member);
      break;
    case pc::ShapeKind::integer:
      FUZZ_CHECK(v.is_int64());
      break;
    case pc::ShapeKind::timestamp:
      FUZZ_CHECK(v.is_string() || v.is_number());
      break;
  }
}

template <class Response>
void check_stream_agrees_with_dom(std::string_view body) {
  Response streamed{};
  if (!pc::detail::stream_decode(pc::shape_of<Response>(), body, &streamed)) return;  // the DOM engine decides
  auto parsed = pc::parse_json_body(body);
  FUZZ_CHECK(parsed.ok());
  auto dom = pc::from_json<Response>(*parsed);
  FUZZ_CHECK(dom.ok());
  FUZZ_CHECK(boost::json::value(pc::to_json(streamed)) == boost::json::value(pc::to_json(*dom)));
}

template <class Request>
int decode_response(const std::uint8_t* data, std::size_t size) {
  using Response = typename Request::Response;
  check_stream_agrees_with_dom<Response>(as_text(data, size));
  auto decoded = pc::decode_body<Response>(as_text(data, size));
  if (!decoded) {
    check_error(decoded.error());
    FUZZ_CHECK(decoded.error().kind == ErrorKind::protocol);
    return 0;
  }
  const boost::json::value encoded = pc::to_json(*decoded);
  check_within_model(pc::shape_of<Response>(), encoded);
  auto again = pc::from_json<Response>(encoded);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(boost::json::value(pc::to_json(*again)) == encoded);
  return 0;
}

}  // namespace pcs::fuzz

#define PCS_FUZZ_DECODER(Request)                                                    \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
    return ::pcs::fuzz::decode_response<::pcs::pc::Request>(data, size);            \
  }
