#pragma once
// A fast 64-bit hash of a byte string, for telling whether bytes seen before are the same again (the listing
// memo compares 55 MB of pages this way at every reconcile). Not for security: anyone can make two inputs
// collide on purpose. It is XXH64 (seed 0), written out from the algorithm's description: four independent lanes
// of 8 bytes instead of one chain, twice as fast as std::hash's MurmurHash2 (1,000 pages of 55,820 bytes: 4.7 ms
// against 9.5 ms). Debian's libxxhash has the same function, but no faster here (no AVX2 dispatch).

#include <cstdint>
#include <string_view>

namespace pcs::core {

std::uint64_t hash64(std::string_view bytes);

}  // namespace pcs::core
