#pragma once
// The awsJson1_0 bodies of the six operations, both directions, with Boost.JSON.
//
// Requests and responses are encoded and decoded both ways: the client encodes requests and decodes responses,
// the simulator decodes requests and encodes responses, and tests round-trip both.
// Decoding is forgiving where the service may evolve (unknown members ignored, unknown enum values kept, null
// treated as absent) and strict where pcsyncd would otherwise act on garbage (a missing required member or a
// member of the wrong JSON type is an Error of kind protocol naming the field path). Nothing here throws.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/result.hpp"
#include "partnercentral/types.hpp"

namespace pcs::pc {

// Parses a whole body; malformed, truncated or non-object JSON gives an Error of kind protocol.
Result<boost::json::value> parse_json_body(std::string_view body);

// Encoding: every set member, unset optionals and empty optional lists omitted.
boost::json::object to_json(const ListEngagementInvitationsRequest& r);
boost::json::object to_json(const GetEngagementInvitationRequest& r);
boost::json::object to_json(const StartEngagementByAcceptingInvitationTaskRequest& r);
boost::json::object to_json(const RejectEngagementInvitationRequest& r);
boost::json::object to_json(const ListEngagementByAcceptingInvitationTasksRequest& r);
boost::json::object to_json(const ListOpportunityFromEngagementTasksRequest& r);

boost::json::object to_json(const ListEngagementInvitationsResponse& r);
boost::json::object to_json(const GetEngagementInvitationResponse& r);
boost::json::object to_json(const StartEngagementByAcceptingInvitationTaskResponse& r);
boost::json::object to_json(const RejectEngagementInvitationResponse& r);
boost::json::object to_json(const ListEngagementByAcceptingInvitationTasksResponse& r);
boost::json::object to_json(const ListOpportunityFromEngagementTasksResponse& r);

// Decoding: from_json<T>(value) for each request and response type above.
template <class T>
Result<T> from_json(const boost::json::value& v);

template <> Result<ListEngagementInvitationsRequest> from_json(const boost::json::value& v);
template <> Result<GetEngagementInvitationRequest> from_json(const boost::json::value& v);
template <> Result<StartEngagementByAcceptingInvitationTaskRequest> from_json(const boost::json::value& v);
template <> Result<RejectEngagementInvitationRequest> from_json(const boost::json::value& v);
template <> Result<ListEngagementByAcceptingInvitationTasksRequest> from_json(const boost::json::value& v);
template <> Result<ListOpportunityFromEngagementTasksRequest> from_json(const boost::json::value& v);

template <> Result<ListEngagementInvitationsResponse> from_json(const boost::json::value& v);
template <> Result<GetEngagementInvitationResponse> from_json(const boost::json::value& v);
template <> Result<StartEngagementByAcceptingInvitationTaskResponse> from_json(const boost::json::value& v);
template <> Result<RejectEngagementInvitationResponse> from_json(const boost::json::value& v);
template <> Result<ListEngagementByAcceptingInvitationTasksResponse> from_json(const boost::json::value& v);
template <> Result<ListOpportunityFromEngagementTasksResponse> from_json(const boost::json::value& v);

// parse_json_body + from_json<T>.
template <class T>
Result<T> decode_body(std::string_view body) {
  auto v = parse_json_body(body);
  if (!v) return v.error();
  return from_json<T>(*v);
}

}  // namespace pcs::pc
