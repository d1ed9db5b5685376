// Target: SigV4 canonicalization. A request ("METHOD target" line, headers, body; the framing of
// fuzz_support.hpp) -> compute_signature() with Partner Central's settings and with S3's (single encoding, no
// normalization); then sign_request() and the simulator's verify_signature().
// Properties: signing is deterministic and the key cache changes nothing; the order of distinct headers does not
// matter; the canonical URI holds only unreserved characters, '/' and %XX escapes (and starts with '/' once
// normalized); the canonical query is a fixed point; the Authorization value parses back to what was signed;
// and the simulator accepts every request pcsyncd signs when its header names are tokens.
#include <algorithm>
#include <set>

#include "aws/sigv4.hpp"
#include "fuzz_support.hpp"
#include "sim/signature_check.hpp"

namespace {

using namespace pcs;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const auto nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl - pos));
    if (nl == std::string::npos) return out;
    pos = nl + 1;
  }
}

bool hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// `rooted`: normalization makes every path start with '/'; S3's single encoding keeps the path as sent.
void check_canonical_uri(const std::string& uri, bool rooted) {
  if (rooted) FUZZ_CHECK(!uri.empty() && uri.front() == '/');
  for (std::size_t i = 0; i < uri.size(); ++i) {
    const char c = uri[i];
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) continue;
    FUZZ_CHECK(c == '%' && i + 2 < uri.size() && hex(uri[i + 1]) && hex(uri[i + 2]));
    i += 2;
  }
}

bool token_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("-_.!#$%&'*+^`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const fuzz::Framed in = fuzz::parse_framed(fuzz::as_text(data, size));
  net::HttpRequest request;
  const auto space = in.first_line.find(' ');
  request.method = in.first_line.substr(0, space);
  request.target = space == std::string::npos ? "/" : in.first_line.substr(space + 1);
  request.headers = in.headers;
  request.body = in.body;

  aws::Credentials credentials;
  credentials.access_key_id = "AKIDEXAMPLE";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  aws::SigningParams params;
  params.region = "us-east-1";
  params.service = std::string(sim::kServiceName);
  params.time = WallTime{std::chrono::seconds{1'750'000'000}};

  const aws::SigningStages stages = aws::compute_signature(request, credentials, params);
  const aws::SigningStages again = aws::compute_signature(request, credentials, params);
  FUZZ_CHECK(stages.canonical_request == again.canonical_request && stages.signature == again.signature);
  aws::SigningKeyCache cache;
  FUZZ_CHECK(aws::compute_signature(request, credentials, params, cache).authorization == stages.authorization);

  const std::vector<std::string> canonical = lines_of(stages.canonical_request);
  FUZZ_CHECK(canonical.size() >= 6);
  check_canonical_uri(canonical[1], true);

  // A query already in canonical form canonicalizes to itself.
  net::HttpRequest requery = request;
  requery.target = "/?" + canonical[2];
  FUZZ_CHECK(lines_of(aws::compute_signature(requery, credentials, params).canonical_request)[2] == canonical[2]);

  std::set<std::string> names;
  bool all_tokens = true;
  for (const auto& h : request.headers) {
    names.insert(lower(h.name));
    all_tokens = all_tokens && token_name(h.name);
  }
  if (names.size() == request.headers.size()) {
    net::HttpRequest reversed = request;
    std::reverse(reversed.headers.begin(), reversed.headers.end());
    FUZZ_CHECK(aws::compute_signature(reversed, credentials, params).canonical_request == stages.canonical_request);
  }

  aws::SigningParams s3 = params;
  s3.normalize_path = false;
  s3.double_encode_path = false;
  check_canonical_uri(lines_of(aws::compute_signature(request, credentials, s3).canonical_request)[1], false);

  if (const auto* authorization = request.header("Authorization")) (void)aws::parse_authorization(*authorization);

  // What pcsyncd signs, the simulator verifies.
  if (!all_tokens || !request.header("Host")) return 0;
  credentials.session_token = "session-token";
  net::HttpRequest signed_request = request;
  const aws::SigningStages signed_stages = aws::sign_request(signed_request, credentials, params);
  const auto parsed = aws::parse_authorization(signed_stages.authorization);
  FUZZ_CHECK(parsed.has_value());
  FUZZ_CHECK(parsed->signature == signed_stages.signature);
  sim::ScenarioCredentials accepted{credentials.access_key_id, credentials.secret_access_key,
                                    credentials.session_token};
  const auto failure = sim::verify_signature(signed_request, accepted, params.region, params.time);
  if (failure) std::fprintf(stderr, "simulator refused: %s (%s)\n", failure->type.c_str(), failure->detail.c_str());
  FUZZ_CHECK(!failure.has_value());
  return 0;
}
