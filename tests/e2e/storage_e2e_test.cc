// End-to-end: buckets and objects over HTTP against the real binary.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::ServerProcess;

class StorageE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    // A config file with a rescue bucket beside the implicit primary, outside the data directory
    // (so its directory is an allowed root), and an API key so buckets may be added at runtime.
    config_path_ = dir_.Join("lakehouse.toml");
    std::ofstream(config_path_) << "[storage]\nrescue_bucket = \"rescue\"\n"
                                << "allowed_roots = [\"buckets\", \"" << dir_.path() << "\"]\n\n"
                                << "[[storage.buckets]]\nname = \"rescue\"\nbackend = \"local\"\n"
                                << "root = \"" << dir_.Join("rescue-root") << "\"\n";
    testing::ServerProcessOptions options;
    options.extra_args = {"--config", config_path_};
    options.api_key = "storage-test-key";
    auto s = ServerProcess::Start(options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    server_ = std::move(*s);
  }
  HttpClient& c() { return server_->client(); }

  testing::TempDir dir_;
  std::string config_path_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(StorageE2E, ObjectsRoundTripAndList) {
  auto put = c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/a/one.txt", "hello",
                      "text/plain");
  ASSERT_EQ(put->status, 201) << put->body;
  EXPECT_EQ(Body(put)["size_bytes"], 5);
  ASSERT_TRUE(
      c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/b.txt", "bee", "text/plain")
          .ok());
  ASSERT_TRUE(
      c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/other.txt", "x", "text/plain")
          .ok());

  auto get = c().Get("/storage/buckets/primary/objects/raw/a/one.txt");
  EXPECT_EQ(get->status, 200);
  EXPECT_EQ(get->body, "hello");
  auto range = c().Get("/storage/buckets/primary/objects/raw/a/one.txt", {{"Range", "bytes=1-3"}});
  EXPECT_EQ(range->status, 206);
  EXPECT_EQ(range->body, "ell");

  Json list = Body(c().Get("/storage/buckets/primary/objects?prefix=raw/"));
  ASSERT_EQ(list["objects"].size(), 2u);
  EXPECT_EQ(list["objects"][0]["key"], "raw/a/one.txt");
  EXPECT_EQ(list["objects"][1]["key"], "raw/b.txt");

  // Replace, then delete.
  ASSERT_TRUE(
      c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/raw/b.txt", "bee2", "text/plain")
          .ok());
  EXPECT_EQ(c().Get("/storage/buckets/primary/objects/raw/b.txt")->body, "bee2");
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/storage/buckets/primary/objects/raw/b.txt")->status,
            204);
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/storage/buckets/primary/objects/raw/b.txt")->status,
            404);

  // Everything reads back after a restart.
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(c().Get("/storage/buckets/primary/objects/raw/a/one.txt")->body, "hello");
}

TEST_F(StorageE2E, BadKeysAndUnknownBucketsAreClientErrors) {
  for (const char* key : {"a/../../etc/passwd", "..", "a/%2e%2e/%2e%2e/x", "a%00b", "a\\b"}) {
    auto r = c().Send(HttpMethod::kPut, std::string("/storage/buckets/primary/objects/") + key, "x",
                      "text/plain");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 400) << key << ": " << r->body;
    EXPECT_EQ(Body(r)["error"]["code"], "INVALID_ARGUMENT");
  }
  auto unknown = c().Get("/storage/buckets/nope/objects?prefix=");
  EXPECT_EQ(unknown->status, 404);
  std::string message = Body(unknown)["error"]["message"];
  EXPECT_NE(message.find("primary"), std::string::npos) << message;
  EXPECT_NE(message.find("rescue"), std::string::npos) << message;
}

TEST_F(StorageE2E, RescueFallbackSetsHeader) {
  ASSERT_EQ(
      c().Send(HttpMethod::kPut, "/storage/buckets/rescue/objects/doc.txt", "saved", "text/plain")
          ->status,
      201);
  auto r = c().Get("/storage/buckets/primary/objects/doc.txt");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "saved");
  EXPECT_EQ(r->Header("X-Lakehouse-Rescue-Used"), "true");
  auto direct =
      c().Send(HttpMethod::kPut, "/storage/buckets/primary/objects/p.txt", "p", "text/plain");
  EXPECT_FALSE(
      c().Get("/storage/buckets/primary/objects/p.txt")->Header("X-Lakehouse-Rescue-Used"));
}

TEST_F(StorageE2E, FailedOperationsShowInTheErrorJournal) {
  EXPECT_EQ(c().Get("/storage/buckets/primary/objects/missing/thing.bin")->status, 404);
  Json errors = Body(c().Get("/storage/errors?limit=50"));
  bool found = false;
  for (const Json& e : errors["errors"]) {
    if (e.value("key", "") == "missing/thing.bin") found = true;
  }
  EXPECT_TRUE(found) << errors.dump();
}

TEST_F(StorageE2E, BucketsCanBeAddedAndRemovedButNotPrimaryOrRescue) {
  std::string root = dir_.Join("extra-root");
  auto created = c().PostJson("/storage/buckets", {{"name", "extra"}, {"root", root}});
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(c().PostJson("/storage/buckets", {{"name", "extra"}, {"root", root + "2"}})->status,
            409);
  EXPECT_EQ(c().PostJson("/storage/buckets", {{"name", "Bad Name!"}, {"root", root + "3"}})->status,
            400);
  ASSERT_EQ(
      c().Send(HttpMethod::kPut, "/storage/buckets/extra/objects/k", "v", "text/plain")->status,
      201);

  Json buckets = Body(c().Get("/storage/buckets"));
  EXPECT_EQ(buckets["buckets"].size(), 3u);
  Json health = Body(c().Get("/storage/bucket-health"));
  ASSERT_EQ(health["buckets"].size(), 3u);

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(c().Get("/storage/buckets/extra/objects/k")->body, "v") << "runtime bucket persisted";

  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/storage/buckets/primary")->status, 403);
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/storage/buckets/rescue")->status, 403);
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/storage/buckets/extra")->status, 204);
  EXPECT_EQ(c().Get("/storage/buckets/extra/objects/k")->status, 404);
}

}  // namespace
}  // namespace lakehouse
