// The simulator's NextToken: one cursor, one spelling.
#include <gtest/gtest.h>

#include "sim/page_token.hpp"

namespace pcs::sim {
namespace {

constexpr std::uint64_t kKey = 42;

// A token around `payload` with the right checksum, as only the simulator (or someone with the seed) makes.
std::string wrap(const std::string& payload) { return "v1" + payload + page_token_checksum(payload, kKey); }

TEST(PageToken, RoundTripsEveryCursor) {
  for (const PageCursor c : {PageCursor{'I', true, 0, 0}, PageCursor{'T', false, 19, 0x9ae16a3b2f90404fULL},
                             PageCursor{'O', true, 0xffffffffu, ~0ULL}}) {
    const std::string token = encode_page_token(c, kKey);
    EXPECT_EQ(token.size(), 36u);
    auto back = decode_page_token(token, kKey);
    ASSERT_TRUE(back.has_value()) << token;
    EXPECT_EQ(back->list, c.list);
    EXPECT_EQ(back->descending, c.descending);
    EXPECT_EQ(back->last, c.last);
    EXPECT_EQ(back->filter_hash, c.filter_hash);
    EXPECT_EQ(wrap(token.substr(2, 26)), token);
  }
}

TEST(PageToken, RefusesGarbledAndForeignTokens) {
  const std::string token = encode_page_token(PageCursor{'I', true, 7, 99}, kKey);
  EXPECT_FALSE(decode_page_token(token, kKey + 1).has_value());  // another scenario's seed
  std::string flipped = token;
  flipped[5] = flipped[5] == '0' ? '1' : '0';
  EXPECT_FALSE(decode_page_token(flipped, kKey).has_value());  // the checksum no longer fits
  EXPECT_FALSE(decode_page_token(token.substr(1), kKey).has_value());
  EXPECT_FALSE(decode_page_token("v2" + token.substr(2), kKey).has_value());
}

// Found by fuzzing (tests/fuzz/regressions/page_token): with a valid checksum, std::stoul let other spellings
// of a position through ("-0000001" read as 0xffffffff), and any byte passed as the list.
TEST(PageToken, OnlyTheSpellingTheEncoderWritesDecodes) {
  ASSERT_TRUE(decode_page_token(wrap("ID0000000f0000000000000063"), kKey).has_value());
  for (const char* payload : {
           "ID0000000F0000000000000063",  // capitals
           "ID-00000010000000000000063",  // a sign
           "ID+000000f0000000000000063",
           "ID 000000f0000000000000063",  // a blank
           "ID0x00000f0000000000000063",  // a prefix
           "ID0000000f000000000000006G",  // not hex
           "[D0000000f0000000000000063",  // no such list
           "IX0000000f0000000000000063",  // no such order
       }) {
    EXPECT_FALSE(decode_page_token(wrap(payload), kKey).has_value()) << payload;
  }
}

}  // namespace
}  // namespace pcs::sim
