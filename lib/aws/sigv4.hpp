#pragma once
// AWS Signature Version 4 for request headers, as pure functions in three visible stages:
// canonical request -> string to sign -> signature/Authorization. The time is an input, never read here.
// The simulator verifies signatures with the same stages.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/credentials/credentials.hpp"
#include "core/clock.hpp"
#include "net/http_message.hpp"

namespace pcs::aws {

struct SigningParams {
  std::string region;   // "us-east-1"
  std::string service;  // "partnercentral-selling"
  WallTime time;
  // S3 is the only service that wants single-encoded, unnormalized paths; everyone else (us included) wants
  // both on. The official suite has cases for both.
  bool normalize_path = true;
  bool double_encode_path = true;
  // Adds X-Amz-Content-Sha256 (S3 style); Partner Central does not need it.
  bool sign_body_header = false;
  // Some services want the token sent but not signed: the header is still added, and left out of
  // SignedHeaders (the suite's post-sts-header-after case).
  bool omit_session_token = false;
};

struct SigningStages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;        // lowercase hex
  std::string signed_headers;   // "content-type;host;x-amz-date"
  std::string authorization;    // the Authorization header value
};

// Lowercase hex SHA-256 of data.
std::string sha256_hex(std::string_view data);

// The four-step derived key, kSecret -> kDate -> kRegion -> kService -> kSigning (32 raw bytes).
std::string derive_signing_key(std::string_view secret, std::string_view date_stamp, std::string_view region,
                               std::string_view service);

// Computes every stage for a request that already carries the X-Amz-Date (and token) headers.
// The request must carry Host. Every header is signed except Authorization and the few that proxies and
// tracing rewrite in flight (User-Agent, X-Amzn-Trace-Id, Expect, Connection, Transfer-Encoding), as the
// AWS SDKs do. The payload hash is the X-Amz-Content-Sha256 header when present, else SHA-256 of the body.
SigningStages compute_signature(const net::HttpRequest& request, const Credentials& credentials,
                                const SigningParams& params);

// Adds X-Amz-Date, X-Amz-Security-Token (when the credentials have one) and Authorization to the request.
// Returns the stages so tests can compare each one.
SigningStages sign_request(net::HttpRequest& request, const Credentials& credentials, const SigningParams& params);

// Caches derived signing keys per (secret, date, region, service) so a daemon signs with one HMAC per
// request instead of five. Not thread-safe: one per event loop.
class KeyedHmac;  // HMAC-SHA256 under one key, keyed once (sigv4.cpp)

class SigningKeyCache {
 public:
  SigningKeyCache();
  SigningKeyCache(const SigningKeyCache&) = delete;  // one copy of a derived key in memory is enough
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;
  ~SigningKeyCache();  // wipes the derived key and the secret it came from

  const std::string& get(std::string_view secret, std::string_view date_stamp, std::string_view region,
                         std::string_view service);
  // The signing key of the last get(), ready to sign with.
  const KeyedHmac& keyed() const { return *mac_; }
  // How many times get() had to derive a key (a miss): lets tests see the cache work.
  std::size_t derivations() const { return derivations_; }

 private:
  // The inputs of signing_key_, compared as they are: hashing them on every request was a tenth of its signing.
  // The secret is kept no longer than the key derived from it, which signs as well for the day.
  std::string secret_, date_stamp_, region_, service_;
  std::string signing_key_;
  std::unique_ptr<KeyedHmac> mac_;  // after signing_key_, which it refers to (destroyed first)
  std::size_t derivations_ = 0;
};

// The same as above, taking the signing key from a cache instead of deriving it each time.
SigningStages compute_signature(const net::HttpRequest& request, const Credentials& credentials,
                                const SigningParams& params, SigningKeyCache& cache);
SigningStages sign_request(net::HttpRequest& request, const Credentials& credentials, const SigningParams& params,
                           SigningKeyCache& cache);

// The parsed Authorization header of a signed request, for the simulator's verification.
struct ParsedAuthorization {
  std::string access_key_id;
  std::string date_stamp;
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};
std::optional<ParsedAuthorization> parse_authorization(std::string_view header_value);

// The signature a verifier expects for `request` (the simulator, the tests' endpoints): recomputed over exactly the
// headers `authorization` says were signed (a client adds some after signing: Content-Length, User-Agent), for its
// region and service, at `signed_at` (the request's X-Amz-Date). Compare it with `authorization.signature`.
std::string expected_signature(const net::HttpRequest& request, const ParsedAuthorization& authorization,
                               const Credentials& credentials, WallTime signed_at);

}  // namespace pcs::aws
