#include "http/path_pattern.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

struct MatchCase {
  const char* pattern;
  const char* path;
  bool matches;
  std::map<std::string, std::string> params;
};

class PathPatternMatchTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(PathPatternMatchTest, Matches) {
  const MatchCase& c = GetParam();
  auto p = PathPattern::Parse(c.pattern);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::map<std::string, std::string> params;
  EXPECT_EQ(p->Match(c.path, &params), c.matches) << c.pattern << " vs " << c.path;
  if (c.matches) {
    EXPECT_EQ(params, c.params);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PathPatternMatchTest,
    ::testing::Values(
        MatchCase{"/", "/", true, {}}, MatchCase{"/health", "/health", true, {}},
        MatchCase{"/health", "/health/", false, {}}, MatchCase{"/health", "/healthz", false, {}},
        MatchCase{"/catalog/datasets/by-name/{name}",
                  "/catalog/datasets/by-name/sales",
                  true,
                  {{"name", "sales"}}},
        MatchCase{"/catalog/datasets/by-name/{name}", "/catalog/datasets/by-name/", false, {}},
        MatchCase{"/catalog/datasets/by-name/{name}", "/catalog/datasets/by-name/a/b", false, {}},
        MatchCase{"/x/{name}", "/x/a%20b", true, {{"name", "a b"}}},
        MatchCase{"/x/{name}", "/x/a%2", false, {}},
        MatchCase{"/b/{bucket}/objects/{key...}",
                  "/b/primary/objects/a/b/c.parquet",
                  true,
                  {{"bucket", "primary"}, {"key", "a/b/c.parquet"}}},
        MatchCase{"/b/{bucket}/objects/{key...}",
                  "/b/primary/objects/a%2Fb",
                  true,
                  {{"bucket", "primary"}, {"key", "a/b"}}},
        MatchCase{"/b/{bucket}/objects/{key...}", "/b/primary/objects", false, {}},
        MatchCase{"/b/{bucket}/objects/{key...}", "/b/primary/objects/", false, {}}));

TEST(PathPatternTest, RejectsMalformedPatterns) {
  EXPECT_FALSE(PathPattern::Parse("health").ok());
  EXPECT_FALSE(PathPattern::Parse("/a/{}").ok());
  EXPECT_FALSE(PathPattern::Parse("/a/{rest...}/b").ok());
  EXPECT_FALSE(PathPattern::Parse("/a//b").ok());
}

TEST(PathPatternTest, OpenApiFormAndParams) {
  auto p = PathPattern::Parse("/b/{bucket}/objects/{key...}");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->OpenApiPath(), "/b/{bucket}/objects/{key}");
  EXPECT_EQ(p->ParamNames(), (std::vector<std::string>{"bucket", "key"}));
}

}  // namespace
}  // namespace lakehouse
