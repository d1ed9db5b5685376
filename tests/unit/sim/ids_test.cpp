#include <gtest/gtest.h>

#include "sim/ids.hpp"

namespace pcs::sim {
namespace {

TEST(SimIds, ScrambleIsABijectionAndUnscrambleInvertsIt) {
  for (std::uint64_t key : {0ULL, 1ULL, 0xdeadbeefcafef00dULL}) {
    for (std::uint64_t x : {0ULL, 1ULL, 2ULL, 99'999ULL, ~0ULL}) {
      EXPECT_EQ(unscramble(scramble(x, key), key), x);
    }
    EXPECT_NE(scramble(1, key), scramble(2, key));
  }
}

TEST(SimIds, EncodeDecodeRoundTripsWithFixedWidth) {
  auto id = encode_id("engi-", ~0ULL, 13);
  EXPECT_EQ(id.size(), 5u + 13u);
  EXPECT_EQ(decode_id(id, "engi-", 13), ~0ULL);
  EXPECT_EQ(encode_id("eng-", 35, 14), "eng-0000000000000z");
  EXPECT_FALSE(decode_id("engi-ABC", "engi-", 13));
  EXPECT_FALSE(decode_id("engi-zzzzzzzzzzzzz", "engi-", 13));  // beyond 64 bits: not one of ours
  EXPECT_FALSE(decode_id("eng-0000000000000z", "engi-", 13));
}

TEST(SimIds, StripArnKeepsTheLastSegment) {
  EXPECT_EQ(strip_arn("arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/engi-1"), "engi-1");
  EXPECT_EQ(strip_arn("engi-1"), "engi-1");
}

TEST(SimIds, RngIsDeterministicPerSeed) {
  Rng a(7), b(7), c(8);
  auto x = a.next();
  EXPECT_EQ(x, b.next());
  EXPECT_NE(x, c.next());
  for (int i = 0; i < 1000; ++i) {
    auto v = a.between(3, 5);
    ASSERT_GE(v, 3);
    ASSERT_LE(v, 5);
  }
}

}  // namespace
}  // namespace pcs::sim
