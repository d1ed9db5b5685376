#include "core/hash64.hpp"

#include <gtest/gtest.h>
#include <xxhash.h>

#include <set>
#include <string>

namespace pcs::core {
namespace {

// XXH3 (64 bits, seed 0) as libxxhash's portable XXH3_64bits computes it ("" is the value xxHash's own tests
// give): the dispatched code (AVX2 or AVX-512 here) must agree with it on every length class XXH3 treats apart
// (0, 1-3, 4-8, 9-16, 17-128, 129-240, then stripes of 64 bytes in blocks of 1,024 and the tail).
TEST(Hash64, IsXxh3) {
  EXPECT_EQ(hash64(""), 0x2D06800538D394C2ULL);
  EXPECT_EQ(hash64(std::string_view()), 0x2D06800538D394C2ULL);  // no data pointer at all
  EXPECT_EQ(hash64("a"), 0xE6C632B61E964E1FULL);
  EXPECT_EQ(hash64("abc"), 0x78AF5F94892F3950ULL);
  EXPECT_EQ(hash64("0123456789abcdef0123456789abcdef0123456789"), 0x0A3EB458DA3883FFULL);
  std::string bytes;
  for (int i = 0; i < 3; ++i)
    for (int b = 0; b < 256; ++b) bytes.push_back(char(b));
  EXPECT_EQ(hash64(bytes), 0x4066A57F4496584AULL);
  std::string page;
  for (int i = 0; i < 300; ++i)
    for (int b = 0; b < 256; ++b) page.push_back(char(b ^ i));
  EXPECT_EQ(hash64(page), 0xB32AB05B52F2CFDFULL);
}

// The dispatched code (AVX2 or AVX-512 here, with its own paths for each length class and for the stripes and
// blocks of long inputs) agrees with the portable XXH3 at every length up to four blocks, at any alignment.
TEST(Hash64, EveryLengthAndAlignmentIsThePortableXxh3) {
  std::string bytes(4096 + 64, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = char((i * 2654435761u) >> 13);
  for (std::size_t offset : {0u, 1u, 7u}) {
    for (std::size_t length = 0; length + offset <= 4096; length += (length < 300 ? 1 : 37)) {
      const std::string_view view(bytes.data() + offset, length);
      ASSERT_EQ(hash64(view), XXH3_64bits(view.data(), view.size())) << "offset " << offset << ", " << length;
    }
  }
}

// What the listing memo relies on: any one byte changed, at any position of a page-sized body, changes the hash.
TEST(Hash64, AnyOneByteChangedChangesIt) {
  std::string page(4099, 'x');
  for (std::size_t i = 0; i < page.size(); ++i) page[i] = char('a' + (i * 7) % 26);
  const auto original = hash64(page);
  std::set<std::uint64_t> seen{original};
  for (std::size_t i = 0; i < page.size(); ++i) {
    page[i] ^= 0x20;
    EXPECT_TRUE(seen.insert(hash64(page)).second) << "position " << i;
    page[i] ^= 0x20;
  }
  EXPECT_EQ(hash64(page), original);
}

}  // namespace
}  // namespace pcs::core
