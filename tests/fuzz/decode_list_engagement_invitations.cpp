// Target: the ListEngagementInvitations response body -> decode_body (see response_decoder.hpp).
#include "response_decoder.hpp"

PCS_FUZZ_DECODER(ListEngagementInvitationsRequest)
