#include "core/hash64.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace pcs::core {
namespace {

// XXH64 with seed 0, as the reference implementation (libxxhash 0.8.1) computes it: every path through the code
// (under 4, 8 and 32 bytes, the 32-byte stripes and their tail).
TEST(Hash64, IsXxh64) {
  EXPECT_EQ(hash64(""), 0xEF46DB3751D8E999ULL);
  EXPECT_EQ(hash64(std::string_view()), 0xEF46DB3751D8E999ULL);  // no data pointer at all
  EXPECT_EQ(hash64("a"), 0xD24EC4F1A98C6E5BULL);
  EXPECT_EQ(hash64("abc"), 0x44BC2CF5AD770999ULL);
  EXPECT_EQ(hash64("0123456789abcdef0123456789abcdef0123456789"), 0xA76190C3ACF08A1CULL);
  std::string bytes;
  for (int i = 0; i < 3; ++i)
    for (int b = 0; b < 256; ++b) bytes.push_back(char(b));
  EXPECT_EQ(hash64(bytes), 0x8E03C838C596036FULL);
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
