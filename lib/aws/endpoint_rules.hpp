#pragma once
// Where Partner Central Selling lives, as the model's endpoint rule set ("smithy.rules#endpointRuleSet" on the
// service shape) says: hand-coded from the rules, with a small partition table. Pure: no DNS, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace pcs::aws {

struct EndpointParams {
  std::optional<std::string> region;    // AWS::Region
  bool use_fips = false;                // AWS::UseFIPS
  // AWS::UseDualStack. The service is dual-stack only (aws.endpoints#dualStackOnlyEndpoints): its rule set
  // has no such parameter and every endpoint it resolves is dual-stack, so this changes nothing. Kept so
  // configuration that names it is accepted, like the SDKs do.
  bool use_dual_stack = false;
  std::optional<std::string> endpoint;  // SDK::Endpoint, an operator's override URL, used as given
};

// The partition a region belongs to, as the rules engine's aws.partition function finds it.
struct Partition {
  std::string_view name;                  // "aws", "aws-cn", ...
  std::string_view dns_suffix;            // "amazonaws.com"
  std::string_view dual_stack_dns_suffix; // "api.aws"
};
// Exact region names first, then each partition's region pattern; anything else falls back to "aws", as the
// rules engine does.
Partition partition_of(std::string_view region);

// The endpoint URL ("https://partnercentral-selling.us-east-1.api.aws"), or an Error of kind config whose
// message is the rule set's own ("Invalid Configuration: Missing Region", "Invalid Configuration: FIPS and
// custom endpoint are not supported"). One local addition: a region that is not a DNS host label is refused
// instead of being pasted into a URL.
Result<std::string> resolve_endpoint(const EndpointParams& params);

}  // namespace pcs::aws
