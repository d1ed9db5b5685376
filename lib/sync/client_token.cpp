#include "sync/client_token.hpp"

#include <openssl/evp.h>

#include <array>
#include "core/hex.hpp"

namespace pcs::sync {

std::string make_client_token(std::string_view catalog, std::string_view id, int attempt) {
  std::string input;
  input.reserve(catalog.size() + 1 + id.size() + 4);
  input.append(catalog).append("/").append(id);
  if (attempt > 1) input.append("/").append(std::to_string(attempt));

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  // EVP_Digest only fails on allocation failure; an empty digest would still give a valid, if weaker, token.
  EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr);

  return ("pcsyncd-" + core::hex_lower(digest.data(), length)).substr(0, 64);  // the model's 64-character cap
}

}  // namespace pcs::sync
