#include "common/path_containment.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(PathContainmentTest, SameOrBelowOnlyAtAComponentBoundary) {
  EXPECT_TRUE(IsSameOrUnder("/data/buckets", "/data/buckets"));
  EXPECT_TRUE(IsSameOrUnder("/data/buckets/a/b", "/data/buckets"));
  EXPECT_FALSE(IsSameOrUnder("/data/bucketsX", "/data/buckets"));
  EXPECT_FALSE(IsSameOrUnder("/data", "/data/buckets"));
  EXPECT_FALSE(IsSameOrUnder("/etc", "/data/buckets"));
  EXPECT_TRUE(IsSameOrUnder("/etc", "/"));
}

TEST(PathContainmentTest, TrailingSlashesAreDroppedButRootStays) {
  EXPECT_EQ(WithoutTrailingSlash("/data/buckets//"), "/data/buckets");
  EXPECT_EQ(WithoutTrailingSlash("/data"), "/data");
  EXPECT_EQ(WithoutTrailingSlash("/"), "/");
  EXPECT_EQ(WithoutTrailingSlash("///"), "/");
}

}  // namespace
}  // namespace lakehouse
