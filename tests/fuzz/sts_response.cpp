// Target: STS's XML answers. A response (status, headers, body; the framing of fuzz_support.hpp) ->
// parse_sts_response() for AssumeRole and AssumeRoleWithWebIdentity, and the XML reader under it.
// Properties: errors are typed and loggable; credentials come with both keys, a token and an expiration;
// xml_unescape(xml_escape(s)) == s.
#include "aws/credentials/sts_client.hpp"
#include "aws/credentials/xml_extract.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pcs;
  const net::HttpResponse response = fuzz::parse_framed_response(fuzz::as_text(data, size), 200);

  for (std::string_view action : {"AssumeRole", "AssumeRoleWithWebIdentity"}) {
    auto parsed = aws::parse_sts_response(response, action);
    if (!parsed) {
      fuzz::check_error(parsed.error());
      continue;
    }
    FUZZ_CHECK(response.status == 200);
    FUZZ_CHECK(!parsed->access_key_id.empty() && !parsed->secret_access_key.empty());
    FUZZ_CHECK(!parsed->session_token.empty());
    FUZZ_CHECK(parsed->expiration.has_value());
  }
  // A deeper path than STS uses, so the walk goes past the elements the fixed paths reach.
  auto deep = aws::xml_find_text(response.body, {"a", "b", "c", "d", "e", "f"});
  if (!deep) fuzz::check_error(deep.error());

  FUZZ_CHECK(aws::xml_unescape(aws::xml_escape(response.body)) == response.body);
  return 0;
}
