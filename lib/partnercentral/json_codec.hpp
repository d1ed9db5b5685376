#pragma once
// The awsJson1_0 bodies of the six operations, both directions, with Boost.JSON.
//
// Requests and responses are encoded and decoded both ways: the client encodes requests and decodes responses,
// and tests round-trip both. (The simulator builds its answers itself and checks requests with
// validate_request, which reads the same shape tables.)
// Decoding is forgiving where the service may evolve (unknown members ignored, unknown enum values kept, null
// treated as absent) and strict where pcsyncd would otherwise act on garbage or unbounded input (a missing
// required member, a member of the wrong JSON type, a string over its @length max or a list over its length
// is an Error of kind protocol naming the field path, never the value). Nothing here throws.
// Both directions are generic over the shape tables in shape_tables.cpp (see shape_spec.hpp).

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "core/result.hpp"
#include "partnercentral/shape_spec.hpp"
#include "partnercentral/types.hpp"

namespace pcs::pc {

// Parses a whole body; malformed, truncated or non-object JSON gives an Error of kind protocol. The value's
// memory comes from `storage` (the default heap when none is given).
Result<boost::json::value> parse_json_body(std::string_view body, boost::json::storage_ptr storage = {});

// The request of each of the six operations; each names its response (Request::Response).
using Requests = std::tuple<ListEngagementInvitationsRequest, GetEngagementInvitationRequest,
                            StartEngagementByAcceptingInvitationTaskRequest, RejectEngagementInvitationRequest,
                            ListEngagementByAcceptingInvitationTasksRequest, ListOpportunityFromEngagementTasksRequest>;

namespace detail {
template <class T, class Tuple>
struct is_body;
template <class T, class... R>
struct is_body<T, std::tuple<R...>>
    : std::bool_constant<((std::is_same_v<T, R> || std::is_same_v<T, typename R::Response>) || ...)> {};

// The generic engine (json_codec.cpp), driven by the shape tables (shape_tables.cpp).
boost::json::object encode_structure(const ShapeSpec& shape, const void* in);
std::optional<Error> decode(const ShapeSpec& shape, const boost::json::value& v, void* out);
// decode_body's fast path (json_stream_decode.cpp): the body read into `out` straight from the parser's events.
// True only when the DOM engine would decode the body to the same value; false, with `out` partly written, when
// it declines (on any error, and on what only the DOM engine reads the same way) and the DOM engine must decide.
bool stream_decode(const ShapeSpec& shape, std::string_view body, void* out);
}  // namespace detail

// A request or a response of one of the six operations.
template <class T>
concept Body = detail::is_body<T, Requests>::value;

// Encoding, in the model's member order: set optionals, non-empty optional lists, required members always.
template <Body T>
boost::json::object to_json(const T& body) {
  return detail::encode_structure(shape_of<T>(), &body);
}

// Decoding, straight from the DOM into the struct.
template <Body T>
Result<T> from_json(const boost::json::value& v) {
  T out{};
  if (auto error = detail::decode(shape_of<T>(), v, &out)) return std::move(*error);
  return out;
}

// parse_json_body + from_json<T>, with the same result and the same errors. A body that the streaming decoder
// reads (every well-formed answer) is decoded without a DOM; otherwise the DOM is built in one monotonic arena
// sized from the body (a few allocations per body instead of one per value and string, all released at once),
// read into T, and words the error.
template <Body T>
Result<T> decode_body(std::string_view body) {
  if (T out{}; detail::stream_decode(shape_of<T>(), body, &out)) return out;
  boost::json::monotonic_resource arena(2 * body.size() + 1024);
  auto v = parse_json_body(body, &arena);
  if (!v) return v.error();
  return from_json<T>(*v);
}

}  // namespace pcs::pc
