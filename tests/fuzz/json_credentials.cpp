// Target: the credential JSON documents (IMDS and container endpoints, credential_process output) ->
// parse_metadata_credentials() and parse_process_credentials(). Properties: errors are typed and loggable and
// never show the secret key; parsed credentials have both keys.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "aws/credentials/json_credentials.hpp"
#include "fuzz_support.hpp"

namespace {

using pcs::Result;
using pcs::aws::Credentials;

using Parser = Result<Credentials> (*)(std::string_view, std::string_view);

struct Secret {
  std::string value;           // the document's SecretAccessKey, when it is a string of 8 characters or more
  std::string same_document;   // the document as Boost.JSON writes it back
  std::string other_document;  // ... and the same with another SecretAccessKey
};

Secret secret_in(std::string_view json) {
  boost::system::error_code ec;
  auto v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return {};
  auto* secret = v.get_object().if_contains("SecretAccessKey");
  if (!secret || !secret->is_string() || secret->get_string().size() < 8) return {};
  Secret out{std::string(secret->get_string()), boost::json::serialize(v), {}};
  *secret = "an-entirely-different-secret";
  out.other_document = boost::json::serialize(v);
  return out;
}

void check(Parser parse, std::string_view json, const Secret& secret) {
  const auto parsed = parse(json, "the credentials source");
  if (parsed) {
    FUZZ_CHECK(!parsed->access_key_id.empty());
    FUZZ_CHECK(!parsed->secret_access_key.empty());
    return;
  }
  pcs::fuzz::check_error(parsed.error());
  if (secret.value.empty()) return;
  // Shown for this secret and not for another one: the message quotes it. (Text an error shows whatever the
  // secret is is ours; the fuzzer does learn our messages and puts them in the secret.) The other document is
  // written back by Boost.JSON, which may change what the parser sees (a number past a double's range comes
  // back as 1e99999, which pcsyncd refuses): it is compared only when the document written back unchanged
  // fails the same way as the original.
  const std::string line = parsed.error().describe();
  const auto same = parse(secret.same_document, "the credentials source");
  if (same.ok() || same.error().describe() != line) return;
  const auto other = parse(secret.other_document, "the credentials source");
  const bool ours = !other.ok() && other.error().describe().find(secret.value) != std::string::npos;
  FUZZ_CHECK_ABOUT(line.find(secret.value) == std::string::npos || ours, line);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = pcs::fuzz::as_text(data, size);
  const Secret secret = secret_in(json);
  check(&pcs::aws::parse_metadata_credentials, json, secret);
  check(&pcs::aws::parse_process_credentials, json, secret);
  return 0;
}
