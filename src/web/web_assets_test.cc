#include "web/web_assets.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lakehouse {
namespace {

TEST(WebAssetsTest, EveryFileIsEmbeddedWithItsTypeAndATag) {
  const WebAsset* index = FindWebAsset("index.html");
  ASSERT_NE(index, nullptr);
  EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
  EXPECT_NE(index->bytes.find("<!doctype html>"), std::string_view::npos);
  const WebAsset* editor = FindWebAsset("vendor/codemirror.js");
  ASSERT_NE(editor, nullptr);
  EXPECT_EQ(editor->content_type, "text/javascript; charset=utf-8");
  EXPECT_GT(editor->bytes.size(), 100'000u);
  ASSERT_NE(FindWebAsset("vendor/uPlot.min.css"), nullptr);
  EXPECT_EQ(FindWebAsset("vendor/uPlot.min.css")->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(FindWebAsset("missing.js"), nullptr);
  EXPECT_EQ(FindWebAsset("/index.html"), nullptr);

  std::set<std::string> tags;
  for (const WebAsset& asset : WebAssets()) {
    EXPECT_FALSE(asset.bytes.empty()) << asset.path;
    EXPECT_EQ(asset.etag.size(), 22u) << asset.path;  // 20 hex digits, quoted
    EXPECT_TRUE(asset.etag.starts_with('"') && asset.etag.ends_with('"'));
    tags.insert(std::string(asset.etag));
  }
  EXPECT_EQ(tags.size(), WebAssets().size());  // distinct contents, distinct tags
}

TEST(WebAssetsTest, IfNoneMatchFollowsRfc9110) {
  EXPECT_TRUE(IfNoneMatchHits("\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchHits("\"x\", \"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchHits("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchHits("*", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchHits("\"abd\"", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchHits("abc", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchHits("", "\"abc\""));
}

}  // namespace
}  // namespace lakehouse
