// The real binary with an s3 bucket on a real S3 server (Swift with s3api): a CSV ingested into
// the s3 bucket is queried (DuckDB reads it through the node's read cache), compacted,
// tombstoned, and everything survives a restart (which starts with a cold cache). A bucket added
// at runtime (POST /storage/buckets) with a wrong secret is refused naming SignatureDoesNotMatch.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/swift_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse::testing {
namespace {

class S3E2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto swift = SwiftServer::Start();
    ASSERT_TRUE(swift.ok()) << swift.status().ToString();
    swift_ = swift->release();
  }
  static void TearDownTestSuite() {
    delete swift_;
    swift_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(swift_, nullptr);
    ASSERT_TRUE(swift_->CreateBucket("lake-e2e").ok());
    {
      std::ofstream secret(dir_.Join("s3.secret"));
      secret << SwiftServer::kSecretKey << "\n";
    }
    config_ = dir_.Join("lakehouse.toml");
    std::ofstream toml(config_);
    toml << "[[storage.buckets]]\nname = \"lake\"\nbackend = \"s3\"\nendpoint = \""
         << swift_->endpoint()
         << "\"\ns3_bucket = \"lake-e2e\"\naccess_key_id = \"test:tester\"\n"
            "secret_access_key_file = \""
         << dir_.Join("s3.secret") << "\"\n";
    toml.close();
    ServerProcessOptions options;
    options.extra_args = {"--config", config_};
    options.api_key = "s3-e2e-key";
    auto server = ServerProcess::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }
  HttpClient& c() { return server_->client(); }
  Result<ClientResponse> Ingest(const std::string& name, const std::string& csv) {
    std::vector<MultipartItem> items = {{"dataset", "orders", "", "", ""},
                                        {"key", "id", "", "", ""},
                                        {"mode", "upsert", "", "", ""},
                                        {"file", csv, name, "", ""}};
    return c().PostMultipart("/ingest/file", items, {{"X-Lakehouse-Bucket", "lake"}});
  }
  Json Sql(const std::string& sql) {
    auto r = c().PostJson("/query/sql", {{"sql", sql}});
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? Body(r) : Json();
  }

  static SwiftServer* swift_;
  TempDir dir_;
  std::string config_;
  std::unique_ptr<ServerProcess> server_;
};

SwiftServer* S3E2E::swift_ = nullptr;

TEST_F(S3E2E, IngestQueryCompactTombstoneAndRestartOnAnS3Bucket) {
  auto buckets = Body(c().Get("/storage/buckets"));
  bool listed = false;
  for (const Json& b : buckets["buckets"]) {
    if (b["name"] == "lake") {
      listed = true;
      EXPECT_EQ(b["backend"], "s3");
      EXPECT_EQ(b["s3_bucket"], "lake-e2e");
      EXPECT_EQ(b.dump().find(SwiftServer::kSecretKey), std::string::npos) << "secret leaked";
    }
  }
  EXPECT_TRUE(listed) << buckets.dump();

  auto first = Ingest("a.csv", "id,item,qty\n1,apple,3\n2,pear,5\n3,fig,7\n");
  ASSERT_TRUE(first.ok() && first->status == 200) << (first.ok() ? first->body : "");
  auto second = Ingest("b.csv", "id,item,qty\n3,fig,8\n4,kiwi,1\n");
  ASSERT_TRUE(second.ok() && second->status == 200) << (second.ok() ? second->body : "");
  auto dataset = Body(c().Get("/catalog/datasets/by-name/orders"));
  EXPECT_EQ(dataset["bucket"], "lake") << dataset.dump();

  // The data files are objects in the remote bucket, not files in the data directory.
  auto objects = Body(c().Get("/storage/buckets/lake/objects?prefix=datasets/"));
  EXPECT_GE(objects["objects"].size(), 2u) << objects.dump();

  const std::string digest = "SELECT count(*), sum(qty) FROM orders";
  EXPECT_EQ(Sql(digest)["rows"], Json::parse("[[4, 17]]"));

  auto compacted = c().PostJson("/query/compact", {{"dataset", "orders"}});
  ASSERT_TRUE(compacted.ok() && compacted->status == 200)
      << (compacted.ok() ? compacted->body : "");
  EXPECT_EQ(Body(compacted)["compacted"], true);
  EXPECT_EQ(Sql(digest)["rows"], Json::parse("[[4, 17]]"));

  auto tomb = c().PostJson("/catalog/datasets/by-name/orders/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({"2"})}});
  ASSERT_TRUE(tomb.ok() && tomb->status == 200) << (tomb.ok() ? tomb->body : "");
  EXPECT_EQ(Sql(digest)["rows"], Json::parse("[[3, 12]]"));

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Sql(digest)["rows"], Json::parse("[[3, 12]]"));
  EXPECT_EQ(Sql("SELECT item FROM orders WHERE id = 3")["rows"], Json::parse("[[\"fig\"]]"));
}

TEST_F(S3E2E, RuntimeBucketWithAWrongSecretIsRefusedAndAGoodOneWorks) {
  ASSERT_TRUE(swift_->CreateBucket("runtime-e2e").ok());
  Json body{{"name", "extra"},
            {"backend", "s3"},
            {"endpoint", swift_->endpoint()},
            {"s3_bucket", "runtime-e2e"},
            {"access_key_id", "test:tester"},
            {"secret_access_key", "wrong-secret-Kx9"}};
  auto refused = c().PostJson("/storage/buckets", body);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_NE(refused->body.find("SignatureDoesNotMatch"), std::string::npos) << refused->body;
  EXPECT_EQ(refused->body.find("wrong-secret-Kx9"), std::string::npos) << "secret leaked";

  body["secret_access_key"] = SwiftServer::kSecretKey;
  auto added = c().PostJson("/storage/buckets", body);
  ASSERT_TRUE(added.ok());
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(Body(added)["backend"], "s3");
  EXPECT_EQ(added->body.find(SwiftServer::kSecretKey), std::string::npos) << "secret leaked";
  auto put = c().Send(HttpMethod::kPut, "/storage/buckets/extra/objects/notes/a.txt", "hello",
                      "application/octet-stream");
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->status, 201) << put->body;
  auto got = c().Get("/storage/buckets/extra/objects/notes/a.txt");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "hello");
  // A failed operation on the s3 bucket lands in the error journal (kept in the primary bucket).
  auto missing = c().Get("/storage/buckets/extra/objects/notes/none.txt");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404) << missing->body;
  auto errors = Body(c().Get("/storage/errors?bucket=extra"));
  ASSERT_GE(errors["errors"].size(), 1u) << errors.dump();
  EXPECT_NE(errors.dump().find("notes/none.txt"), std::string::npos) << errors.dump();
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  got = c().Get("/storage/buckets/extra/objects/notes/a.txt");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->body, "hello") << "the runtime s3 bucket is reopened after a restart";
}

// Figures for docs/PERFORMANCE.md, not a pass/fail check: run with LAKEHOUSE_S3_BENCH=1. The same
// 1M-row dataset in the s3 bucket and in the local primary bucket; first query after a restart
// (the s3 read cache starts empty) and again warm.
TEST_F(S3E2E, ColdAndWarmFirstQueryTimings) {
  if (std::getenv("LAKEHOUSE_S3_BENCH") == nullptr) GTEST_SKIP() << "set LAKEHOUSE_S3_BENCH=1";
  std::string csv = "id,grp,amount\n";
  csv.reserve(24 << 20);
  for (int i = 0; i < 1000000; ++i) {
    csv += std::to_string(i) + "," + std::to_string(i % 97) + "," + std::to_string(i * 7 % 1000) +
           "\n";
  }
  const auto elapsed_ms = [](std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since)
        .count();
  };
  // Views are built at start-up, and building an s3 dataset's view fills the read cache: the cold
  // fetch shows up in the restart, measured once with only the local dataset and once with both.
  for (const char* bucket : {"primary", "lake"}) {
    const std::string name = std::string("big_") + bucket;
    std::vector<MultipartItem> items = {{"dataset", name, "", "", ""},
                                        {"file", csv, "big.csv", "", ""}};
    auto r = c().PostMultipart("/ingest/file", items, {{"X-Lakehouse-Bucket", bucket}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : "");
    auto restart_start = std::chrono::steady_clock::now();
    ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
    std::printf("[s3-bench] restart with %-20s %8.1f ms\n",
                bucket == std::string("primary") ? "big_primary" : "big_primary+big_lake",
                elapsed_ms(restart_start));
    const std::string sql =
        "SELECT grp, count(*), sum(amount) FROM " + name + " GROUP BY grp ORDER BY grp";
    for (const char* phase : {"first after restart", "warm", "warm"}) {
      const auto start = std::chrono::steady_clock::now();
      Json rows = Sql(sql)["rows"];
      EXPECT_EQ(rows.size(), 97u);
      std::printf("[s3-bench] %-8s %-20s %8.1f ms\n", bucket, phase, elapsed_ms(start));
    }
  }
  auto files = Body(c().Get("/storage/buckets/lake/objects?prefix=datasets/"));
  for (const Json& f : files["objects"]) {
    std::printf("[s3-bench] s3 object %s %lld bytes\n", f["key"].get<std::string>().c_str(),
                static_cast<long long>(f["size_bytes"].get<int64_t>()));
  }
}

}  // namespace
}  // namespace lakehouse::testing
