// Target: the ListEngagementByAcceptingInvitationTasks response body -> decode_body (see response_decoder.hpp).
#include "response_decoder.hpp"

PCS_FUZZ_DECODER(ListEngagementByAcceptingInvitationTasksRequest)
