#pragma once
// The JSON documents credentials arrive in, parsed without ever echoing a value:
// - IMDS and container endpoints: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration", ["Code": "Success"]}
// - credential_process: {"Version": 1, "AccessKeyId", "SecretAccessKey", ["SessionToken"], ["Expiration"]}
// Pure. Errors: kind protocol, code "MalformedCredentials", naming `origin` and the missing/invalid member.

#include <string_view>

#include "aws/credentials/credentials.hpp"
#include "core/result.hpp"

namespace pcs::aws {

Result<Credentials> parse_metadata_credentials(std::string_view json, std::string_view origin);
Result<Credentials> parse_process_credentials(std::string_view json, std::string_view origin);

}  // namespace pcs::aws
