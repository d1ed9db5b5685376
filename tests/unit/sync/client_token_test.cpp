#include "sync/client_token.hpp"

#include <gtest/gtest.h>

namespace pcs::sync {
namespace {

TEST(ClientToken, IsDeterministicAndFitsTheModelPattern) {
  const std::string a = make_client_token("AWS", "engi-0123456789abc");
  EXPECT_EQ(a, make_client_token("AWS", "engi-0123456789abc"));
  ASSERT_EQ(a.size(), 64u);  // the model's ClientToken: ^[!-~]{1,64}$
  for (char c : a) EXPECT_TRUE(c >= '!' && c <= '~') << a;
  EXPECT_EQ(a.rfind("pcsyncd-", 0), 0u);
}

TEST(ClientToken, KnownVector) {
  // The first 56 hex digits of `printf 'AWS/engi-1' | sha256sum`, computed outside this code.
  EXPECT_EQ(make_client_token("AWS", "engi-1"), "pcsyncd-f790fb4ae1fe20af222c35f77f8c9c356c73968d9aaa853b1b3b540a");
}

TEST(ClientToken, DependsOnCatalogAndId) {
  EXPECT_NE(make_client_token("AWS", "engi-1"), make_client_token("Sandbox", "engi-1"));
  EXPECT_NE(make_client_token("AWS", "engi-1"), make_client_token("AWS", "engi-2"));
  // The "/" separator keeps a catalog/id boundary shift from colliding.
  EXPECT_NE(make_client_token("AWS", "x"), make_client_token("AWSx", ""));
}

TEST(ClientToken, AttemptOneIsTheLegacyTokenLaterAttemptsDiffer) {
  const std::string first = make_client_token("AWS", "engi-1");
  EXPECT_EQ(make_client_token("AWS", "engi-1", 1), first);  // decisions recorded before attempts existed
  const std::string second = make_client_token("AWS", "engi-1", 2);
  EXPECT_NE(second, first);
  EXPECT_EQ(second, make_client_token("AWS", "engi-1", 2));
  EXPECT_NE(second, make_client_token("AWS", "engi-1", 3));
  ASSERT_EQ(second.size(), 64u);
  // The first 56 hex digits of `printf 'AWS/engi-1/2' | sha256sum`.
  EXPECT_EQ(second.substr(8), "ba459906c9c57924808a5f590bf7d424f1ecae5bf9adce4fd8a3c950");
}

}  // namespace
}  // namespace pcs::sync
