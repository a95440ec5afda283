#include "common/hash.h"

#include <gtest/gtest.h>

#include "common/ids.h"

namespace lakehouse {
namespace {

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, IncrementalEqualsOneShot) {
  Sha256 h;
  h.Update("a");
  h.Update("bc");
  EXPECT_EQ(h.FinishHex(), Sha256Hex("abc"));
}

TEST(IdsTest, UuidsAreV4AndDistinct) {
  std::string a = NewUuid(), b = NewUuid();
  EXPECT_TRUE(IsValidUuid(a)) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_FALSE(IsValidUuid("not-a-uuid"));
  EXPECT_EQ(NewRequestId().size(), 16u);
}

}  // namespace
}  // namespace lakehouse
