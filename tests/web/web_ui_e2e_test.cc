// The web UI's files through the real server (issue #22): served at / and /ui/<path> with an
// ETag, Cache-Control and a 304 on If-None-Match; public like /docs, while the API behind them
// keeps its key and its cross-origin protections.
#include <gtest/gtest.h>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::ServerProcess;

TEST(WebUiE2eTest, PageAndFilesAreServedWithValidators) {
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  HttpClient& c = (*server)->client();

  auto page = c.Get("/");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("/ui/app.js"), std::string::npos);
  EXPECT_EQ(page->Header("Cache-Control"), "no-cache");
  EXPECT_NE(page->Header("Content-Security-Policy").value_or("").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(page->Header("X-Frame-Options"), "DENY");
  const std::string etag = page->Header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());

  auto again = c.Get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->Header("ETag"), etag);
  EXPECT_EQ(c.Get("/", {{"If-None-Match", "\"other\""}})->status, 200);

  auto script = c.Get("/ui/app.js");
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->status, 200);
  EXPECT_EQ(script->Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(script->Header("ETag"), etag);
  EXPECT_EQ(c.Get("/ui/app.js", {{"If-None-Match", *script->Header("ETag")}})->status, 304);
  auto editor = c.Get("/ui/vendor/codemirror.js");
  ASSERT_TRUE(editor.ok());
  EXPECT_EQ(editor->status, 200);
  EXPECT_GT(editor->body.size(), 100'000u);
  EXPECT_EQ(c.Get("/ui/vendor/uPlot.min.css")->Header("Content-Type"), "text/css; charset=utf-8");
  auto head = c.Send(HttpMethod::kHead, "/ui/app.css");
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());

  for (const char* missing : {"/ui/missing.js", "/ui/../lakehouse.toml", "/ui/", "/ui/pages"}) {
    auto r = c.Get(missing);
    ASSERT_TRUE(r.ok()) << missing;
    EXPECT_EQ(r->status, 404) << missing;
    EXPECT_EQ(testing::Body(r)["error"]["code"], "NOT_FOUND") << missing;
  }
}

TEST(WebUiE2eTest, WithKeysThePageIsPublicAndTheApiIsNot) {
  auto server = ServerProcess::Start({.api_key = "web-ui-test-key"});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto anonymous = (*server)->ClientWithKey("");
  EXPECT_EQ(anonymous->Get("/")->status, 200);
  EXPECT_EQ(anonymous->Get("/ui/api.js")->status, 200);
  EXPECT_EQ(anonymous->Get("/catalog/datasets")->status, 401);
  EXPECT_EQ((*server)->client().Get("/catalog/datasets")->status, 200);
}

TEST(WebUiE2eTest, OtherOriginsStillCannotUseTheApi) {
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  HttpClient& c = (*server)->client();
  // The page's own origin may post; another may not, and a rebound Host is refused, page or not.
  auto own = c.Send(HttpMethod::kPost, "/query/sql", "{\"sql\": \"SELECT 1\"}", "application/json",
                    {{"Origin", (*server)->base_url()}});
  EXPECT_EQ(own->status, 200);
  auto other = c.Send(HttpMethod::kPost, "/query/sql", "{\"sql\": \"SELECT 1\"}",
                      "application/json", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(c.Get("/", {{"Host", "evil.example:3100"}})->status, 403);
}

}  // namespace
}  // namespace lakehouse
