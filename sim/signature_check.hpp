#pragma once
// Verifies a request's SigV4 Authorization header the way AWS does, with the error type and message AWS
// answers for each failure. Pure: the real time is a parameter (signatures are checked against the real clock,
// not the sim clock, because clients sign with theirs).

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "net/http_message.hpp"
#include "sim/scenario.hpp"

namespace pcs::sim {

struct AuthFailure {
  std::string type;     // MissingAuthenticationTokenException, IncompleteSignatureException, ...
  std::string message;  // what AWS says
  std::string detail;   // for /__sim/stats: which check failed (never a secret or a signature)
  std::string access_key_id;
};

inline constexpr std::string_view kServiceName = "partnercentral-selling";

std::optional<AuthFailure> verify_signature(const net::HttpRequest& request, const ScenarioCredentials& credentials,
                                            std::string_view region, WallTime real_now);

}  // namespace pcs::sim
