#include "sync/client_token.hpp"

#include <openssl/evp.h>

#include <array>

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

  static constexpr char kHex[] = "0123456789abcdef";
  std::string token = "pcsyncd-";
  for (unsigned int i = 0; i < length && token.size() < 64; ++i) {
    token.push_back(kHex[digest[i] >> 4]);
    if (token.size() < 64) token.push_back(kHex[digest[i] & 0x0f]);
  }
  return token;
}

}  // namespace pcs::sync
