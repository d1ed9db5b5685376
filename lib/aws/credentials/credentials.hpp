#pragma once
// AWS credentials as a value. The secret and the token are never printed: use redacted() in messages.

#include <optional>
#include <string>

#include "core/clock.hpp"

namespace pcs::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;          // empty for long-term keys
  std::optional<WallTime> expiration; // empty for credentials that do not expire
  std::string source;                 // which provider found them ("environment", "profile default", "imds", ...)

  bool empty() const { return access_key_id.empty() || secret_access_key.empty(); }
  // "AKIA****WXYZ from environment": safe to log.
  std::string redacted() const;
};

}  // namespace pcs::aws
