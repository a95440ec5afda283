// End-to-end: the HTTP edge of the real binary against hostile or sloppy clients (issue 15 items
// 3, 4, 8, 13 and issue 16 item 1): every JSON route refuses what it cannot use with a 4xx and
// the server keeps serving.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunCli;
using testing::ServerProcess;
using testing::TempDir;

struct JsonRoute {
  HttpMethod method;
  std::string path;
};

// Every route that takes a JSON body.
const std::vector<JsonRoute>& JsonRoutes() {
  static const std::vector<JsonRoute> routes = {
      {HttpMethod::kPost, "/query/sql"},
      {HttpMethod::kPost, "/query/paged"},
      {HttpMethod::kPost, "/query/compact"},
      {HttpMethod::kPost, "/query/cache/pin"},
      {HttpMethod::kPost, "/query/cache/evict"},
      {HttpMethod::kPost, "/storage/buckets"},
      {HttpMethod::kPost, "/catalog/datasets"},
      {HttpMethod::kPatch, "/catalog/datasets/by-name/notes/metadata"},
      {HttpMethod::kPost, "/catalog/datasets/by-name/notes/tombstone"},
      {HttpMethod::kPost, "/ingest/db"},
      {HttpMethod::kPost, "/vectors/index"},
      {HttpMethod::kPatch, "/vectors/indexes/notes_idx"},
      {HttpMethod::kPost, "/vectors/search"},
      {HttpMethod::kPost, "/vectors/search/batch"},
      {HttpMethod::kPost, "/vectors/rag"},
      {HttpMethod::kPost, "/vectors/refresh/notes"},
      {HttpMethod::kPost, "/ai/embed"},
      {HttpMethod::kPost, "/ai/generate"},
  };
  return routes;
}

std::string Label(const JsonRoute& r) {
  return std::string(HttpMethodName(r.method)) + " " + r.path;
}

class HttpEdgeE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = ServerProcess::Start();
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(*started);
  }

  std::string ErrorMessage(const Result<ClientResponse>& r) {
    Json body = Body(r);
    return body.contains("error") ? body["error"].value("message", "") : r->body;
  }

  void ExpectAlive() { EXPECT_EQ(server_->client().Get("/health")->status, 200) << server_->Log(); }

  std::unique_ptr<ServerProcess> server_;
};

// Issue 15.4: ~66K nested arrays in `params` (a 130 KB body) or in any field of PATCH
// /vectors/indexes/{name} crashed the server (SIGSEGV, stack overflow).
TEST_F(HttpEdgeE2E, DeeplyNestedBodiesAre400) {
  const int kDeep = 66'000;
  const std::string nest = std::string(kDeep, '[') + std::string(kDeep, ']');
  auto sql = server_->client().Send(HttpMethod::kPost, "/query/sql",
                                    R"({"sql": "SELECT ?", "params": )" + nest + "}");
  ASSERT_TRUE(sql.ok()) << server_->Log();
  EXPECT_EQ(sql->status, 400);
  EXPECT_NE(ErrorMessage(sql).find("nested deeper than 64"), std::string::npos) << sql->body;
  auto patch = server_->client().Send(HttpMethod::kPatch, "/vectors/indexes/any",
                                      R"({"hnsw": )" + nest + "}");
  ASSERT_TRUE(patch.ok()) << server_->Log();
  EXPECT_EQ(patch->status, 400);
  for (const JsonRoute& route : JsonRoutes()) {
    auto r = server_->client().Send(route.method, route.path, R"({"x": )" + nest + "}");
    ASSERT_TRUE(r.ok()) << Label(route);
    EXPECT_EQ(r->status, 400) << Label(route) << " " << r->body;
  }
  ExpectAlive();
}

// Issue 15.8: a number outside double range was a 500 on every JSON route.
TEST_F(HttpEdgeE2E, NumberOutOfDoubleRangeIs400Everywhere) {
  for (const JsonRoute& route : JsonRoutes()) {
    auto r = server_->client().Send(route.method, route.path, R"({"limit": 1e400})");
    ASSERT_TRUE(r.ok()) << Label(route);
    EXPECT_EQ(r->status, 400) << Label(route) << " " << r->body;
    EXPECT_EQ(Body(r)["error"]["code"], "INVALID_ARGUMENT") << Label(route);
  }
  ExpectAlive();
}

// Issue 15.13: unknown fields were ignored on 11 routes; bytes after a NUL were ignored.
TEST_F(HttpEdgeE2E, UnknownFieldsAreRejectedByNameOnEveryJsonRoute) {
  for (const JsonRoute& route : JsonRoutes()) {
    auto r = server_->client().Send(route.method, route.path, R"({"bogus_field": 1})");
    ASSERT_TRUE(r.ok()) << Label(route);
    EXPECT_EQ(r->status, 400) << Label(route) << " " << r->body;
    EXPECT_NE(ErrorMessage(r).find("'bogus_field'"), std::string::npos)
        << Label(route) << " " << r->body;
  }
  // A known body with one misspelt option.
  auto typo = server_->client().PostJson("/query/sql", {{"sql", "SELECT 1"}, {"limt", 5}});
  EXPECT_EQ(typo->status, 400);
  EXPECT_NE(ErrorMessage(typo).find("'limt'"), std::string::npos);
  EXPECT_EQ(server_->client().PostJson("/query/sql", {{"sql", "SELECT 1"}, {"limit", 5}})->status,
            200);
}

TEST_F(HttpEdgeE2E, BytesAfterANulAreRefused) {
  using std::string_literals::operator""s;
  auto r = server_->client().Send(HttpMethod::kPost, "/query/sql",
                                  "{\"sql\": \"SELECT 1\"}\0{\"sql\": \"SELECT 2\"}"s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(ErrorMessage(r).find("NUL"), std::string::npos);
}

TEST_F(HttpEdgeE2E, HeadIsServedForGetRoutes) {
  for (const std::string path : {"/health", "/catalog/datasets", "/jobs", "/openapi.json"}) {
    auto r = server_->client().Send(HttpMethod::kHead, path);
    ASSERT_TRUE(r.ok()) << path;
    EXPECT_EQ(r->status, 200) << path;
    EXPECT_TRUE(r->body.empty()) << path;
  }
  EXPECT_EQ(server_->client().Send(HttpMethod::kHead, "/catalog/datasets/by-name/none")->status,
            404);
  EXPECT_EQ(server_->client().Send(HttpMethod::kHead, "/query/sql")->status, 405);
}

// Issue 15.3: a default server (no API key) must not be usable from a web page.
TEST_F(HttpEdgeE2E, DefaultServerRefusesWebPages) {
  HttpClient& c = server_->client();
  // text/plain JSON is a CORS "simple" request: no preflight protects it.
  auto plain = c.Send(HttpMethod::kPost, "/query/sql", R"({"sql": "SELECT 1"})", "text/plain");
  EXPECT_EQ(plain->status, 415) << plain->body;
  auto cross = c.Send(HttpMethod::kPost, "/query/sql", R"({"sql": "SELECT 1"})", "application/json",
                      {{"Origin", "http://evil.example"}});
  EXPECT_EQ(cross->status, 403) << cross->body;
  EXPECT_FALSE(cross->Header("Access-Control-Allow-Origin").has_value());
  auto preflight =
      c.Send(HttpMethod::kOptions, "/storage/buckets", "", "",
             {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_FALSE(preflight->Header("Access-Control-Allow-Methods").has_value());
  EXPECT_FALSE(preflight->Header("Access-Control-Allow-Origin").has_value());
  auto rebound = c.Get("/catalog/datasets", {{"Host", "attacker.example:3100"}});
  EXPECT_EQ(rebound->status, 403) << rebound->body;
  auto bucket = c.Send(HttpMethod::kPost, "/storage/buckets", R"({"name": "b", "root": "/tmp"})",
                       "text/plain", {{"Origin", "http://evil.example"}});
  EXPECT_EQ(bucket->status / 100, 4);
  EXPECT_EQ(Body(c.Get("/storage/buckets"))["buckets"].size(), 1u);  // still only primary
  // The CLI's own requests (application/json, loopback Host) keep working.
  EXPECT_EQ(c.PostJson("/query/sql", {{"sql", "SELECT 1"}})->status, 200);
}

// Issue 16.1: cpp-httplib set SO_REUSEPORT, so a second `lakehouse serve --port P` bound too and
// the kernel split connections between the two servers.
TEST_F(HttpEdgeE2E, SecondServerOnTakenPortExitsWith2) {
  TempDir other_dir;
  const std::string port = std::to_string(server_->port());
  // `timeout` bounds the test if the second server does bind.
  auto [code, out] = RunCli(
      "serve --host 127.0.0.1 --port " + port + " --data-dir " + other_dir.path(), "timeout 30");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("already in use"), std::string::npos) << out;
  EXPECT_NE(out.find(port), std::string::npos) << out;
  ExpectAlive();
}

}  // namespace
}  // namespace lakehouse
