#include "core/hash64.hpp"

// Debian builds libxxhash's x86 dispatcher (SSE2, AVX2 or AVX-512 chosen at run time) on x86 only; elsewhere
// XXH3_64bits is already the vector code the architecture guarantees (NEON on arm64).
#if defined(__x86_64__) || defined(__i386__)
#define XXH_DISPATCH_DISABLE_REPLACE
#include <immintrin.h>
#include <xxh_x86dispatch.h>

namespace pcs::core {
namespace {

// The dispatcher returns with the upper halves of the vector registers still in use (no VZEROUPPER). Until
// they are cleared, every legacy-SSE instruction after it pays a transition penalty: Boost.JSON's parser ran
// 1.7 times slower after each hash, and the first 100k mirror took 0.93 s of CPU instead of 0.72 s.
__attribute__((target("avx"))) void clear_upper_halves() { _mm256_zeroupper(); }

const bool kHasAvx = __builtin_cpu_supports("avx");

}  // namespace

std::uint64_t hash64(std::string_view bytes) {
  // An empty view may have no data pointer; XXH3 reads nothing for a length of 0.
  const std::uint64_t h = XXH3_64bits_dispatch(bytes.data(), bytes.size());
  if (kHasAvx) clear_upper_halves();
  return h;
}

}  // namespace pcs::core

#else
#include <xxhash.h>

namespace pcs::core {

std::uint64_t hash64(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace pcs::core
#endif
