// Target: the simulator's NextToken. The input is tried three ways: as a token as a client might send it; as
// the 26 characters of a token's payload wrapped with "v1" and the right checksum (so the fuzzer reaches past
// the checksum); and as a cursor to encode.
// Properties: a token that decodes re-encodes to exactly itself (one cursor, one spelling); every cursor
// encodes to a token that decodes back to it.
#include <cstring>

#include "fuzz_support.hpp"
#include "sim/page_token.hpp"

namespace {

using namespace pcs;
constexpr std::uint64_t kKey = 42;  // the demo scenario's seed: its tokens are seeds here

void check_token(const std::string& token) {
  const auto cursor = sim::decode_page_token(token, kKey);
  if (cursor) FUZZ_CHECK(sim::encode_page_token(*cursor, kKey) == token);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(fuzz::as_text(data, size));
  check_token(input);
  if (input.size() >= 26) {
    const std::string payload = input.substr(0, 26);
    check_token("v1" + payload + sim::page_token_checksum(payload, kKey));
  }
  if (size >= 14) {
    sim::PageCursor cursor;
    cursor.list = "ITO"[data[0] % 3];
    cursor.descending = data[1] & 1;
    std::memcpy(&cursor.last, data + 2, sizeof cursor.last);
    std::memcpy(&cursor.filter_hash, data + 6, sizeof cursor.filter_hash);
    const auto back = sim::decode_page_token(sim::encode_page_token(cursor, kKey), kKey);
    FUZZ_CHECK(back.has_value());
    FUZZ_CHECK(back->list == cursor.list && back->descending == cursor.descending && back->last == cursor.last &&
               back->filter_hash == cursor.filter_hash);
  }
  return 0;
}
