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
#include <thread>

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
    Launch("");
  }
  // (Re)starts the server on a fresh data directory with `storage_keys` (lines of the [storage]
  // table) and the s3 bucket "lake".
  void Launch(const std::string& storage_keys) {
    server_.reset();
    config_ = dir_.Join("lakehouse.toml");
    std::ofstream toml(config_);
    toml << "[storage]\n"
         << storage_keys
         << "\n[[storage.buckets]]\nname = \"lake\"\nbackend = \"s3\"\nendpoint = \""
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
  Result<ClientResponse> Ingest(const std::string& name, const std::string& csv,
                                const std::string& dataset = "orders",
                                const std::string& bucket = "lake") {
    std::vector<MultipartItem> items = {{"dataset", dataset, "", "", ""},
                                        {"key", "id", "", "", ""},
                                        {"mode", "upsert", "", "", ""},
                                        {"file", csv, name, "", ""}};
    return c().PostMultipart("/ingest/file", items, {{"X-Lakehouse-Bucket", bucket}});
  }
  Json Bucket(const std::string& name) {
    const Json listed = Body(c().Get("/storage/buckets"));
    for (const Json& b : listed["buckets"]) {
      if (b["name"] == name) return b;
    }
    return Json();
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

// Defect: the read cache (LRU) evicted a file that a live view named, and the view failed until
// the next commit or restart. With a 1-byte cache every new file evicted all others; now the
// files of live views are held (never evicted) and /health says the cache is over capacity.
TEST_F(S3E2E, ATinyReadCacheNeverEvictsTheFilesOfLiveViews) {
  Launch("s3_cache_bytes = 1");
  auto first = Ingest("a.csv", "id,item,qty\n1,apple,3\n2,pear,5\n");
  ASSERT_TRUE(first.ok() && first->status == 200) << (first.ok() ? first->body : "");
  // Each later file lands in the cache after the orders file and, past the 1-byte budget,
  // used to evict it.
  for (int i = 0; i < 3; ++i) {
    auto other = Ingest("b" + std::to_string(i) + ".csv",
                        "id,note\n" + std::to_string(i) + ",x" + std::to_string(i) + "\n", "notes");
    ASSERT_TRUE(other.ok() && other->status == 200) << (other.ok() ? other->body : "");
  }
  EXPECT_EQ(Sql("SELECT count(*), sum(qty) FROM orders")["rows"], Json::parse("[[2, 8]]"));
  EXPECT_EQ(Sql("SELECT count(*) FROM notes")["rows"], Json::parse("[[3]]"));
  Json cache = Body(c().Get("/health"))["storage"]["s3_cache"];
  EXPECT_EQ(cache["over_capacity"], true) << cache.dump();
  EXPECT_GE(cache["held_entries"].get<int64_t>(), 4) << cache.dump();
  EXPECT_EQ(cache["capacity_bytes"], 1) << cache.dump();

  // A restart starts with an empty cache; every view refills and holds its files again.
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Sql("SELECT sum(qty), count(*) FROM orders")["rows"], Json::parse("[[8, 2]]"));
  EXPECT_EQ(Sql("SELECT max(note) FROM notes")["rows"], Json::parse("[[\"x2\"]]"));
}

// Defect: the server did not start while a configured s3 bucket was unreachable. Now it starts,
// lists the bucket as unreachable (bucket listing and /health), serves the other buckets, and
// picks the bucket up again when it answers.
TEST_F(S3E2E, StartsWhileAnS3BucketIsDownAndRecoversWhenItReturns) {
  auto first = Ingest("a.csv", "id,item,qty\n1,apple,3\n2,pear,5\n");
  ASSERT_TRUE(first.ok() && first->status == 200) << (first.ok() ? first->body : "");
  swift_->StopProxy();
  struct ProxyBack {
    SwiftServer* swift;
    bool started = false;
    ~ProxyBack() {
      if (!started) (void)swift->StartProxy();
    }
  } proxy_back{swift_};
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();

  Json lake = Bucket("lake");
  EXPECT_EQ(lake["reachable"], false) << lake.dump();
  EXPECT_FALSE(lake.value("error", "").empty()) << lake.dump();
  Json health = Body(c().Get("/health"));
  ASSERT_EQ(health["storage"]["unreachable_buckets"].size(), 1u) << health.dump();
  EXPECT_EQ(health["storage"]["unreachable_buckets"][0]["bucket"], "lake");

  // The local bucket works meanwhile; the s3 dataset's query fails with an error, not a crash.
  auto local = Ingest("l.csv", "id,v\n1,10\n2,20\n", "local_rows", "primary");
  ASSERT_TRUE(local.ok() && local->status == 200) << (local.ok() ? local->body : "");
  EXPECT_EQ(Sql("SELECT sum(v) FROM local_rows")["rows"], Json::parse("[[30]]"));
  auto down = c().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM orders"}});
  ASSERT_TRUE(down.ok());
  EXPECT_NE(down->status, 200) << down->body;

  proxy_back.started = true;
  ASSERT_TRUE(swift_->StartProxy().ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  bool back = false;
  while (!back && std::chrono::steady_clock::now() < deadline) {
    back = Bucket("lake")["reachable"] == true;
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_TRUE(back) << Bucket("lake").dump();
  bool answered = false;
  while (!answered && std::chrono::steady_clock::now() < deadline) {
    auto r = c().PostJson("/query/sql", {{"sql", "SELECT count(*), sum(qty) FROM orders"}});
    answered = r.ok() && r->status == 200 && Body(r)["rows"] == Json::parse("[[2, 8]]");
    if (!answered) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_TRUE(answered) << "the s3 dataset's view is rebuilt once the bucket answers";
  EXPECT_TRUE(Body(c().Get("/health"))["storage"]["unreachable_buckets"].empty());
  auto more = Ingest("c.csv", "id,item,qty\n3,fig,1\n");
  EXPECT_TRUE(more.ok() && more->status == 200) << (more.ok() ? more->body : "");
}

// Defect: an admin could point POST /storage/buckets at any host (SSRF: cloud metadata, internal
// services). Runtime s3 buckets may only use the endpoints of the config file's s3 buckets (or
// storage.s3_allowed_endpoints); others get 403 and nothing is added.
TEST_F(S3E2E, RuntimeS3BucketsOnlyReachAllowedEndpoints) {
  Json body{{"name", "ssrf"},
            {"backend", "s3"},
            {"s3_bucket", "latest"},
            {"access_key_id", "test:tester"},
            {"secret_access_key", SwiftServer::kSecretKey}};
  const std::vector<std::string> endpoints = {
      "http://169.254.169.254", "http://127.0.0.1:1",
      "http://localhost:" + std::to_string(swift_->port()) + "/other", "file:///etc/passwd"};
  for (const std::string& endpoint : endpoints) {
    body["endpoint"] = endpoint;
    auto refused = c().PostJson("/storage/buckets", body);
    ASSERT_TRUE(refused.ok());
    EXPECT_TRUE(refused->status == 403 || refused->status == 400) << endpoint << refused->body;
    EXPECT_TRUE(Body(refused)["error"]["code"].is_string()) << refused->body;
  }
  // A virtual-host bucket name with dots would change the host the request goes to.
  body["endpoint"] = swift_->endpoint();
  body["url_style"] = "virtual";
  body["s3_bucket"] = "169.254.169.254.nip";
  auto dotted = c().PostJson("/storage/buckets", body);
  ASSERT_TRUE(dotted.ok());
  EXPECT_EQ(dotted->status, 403) << dotted->body;
  EXPECT_TRUE(Bucket("ssrf").is_null()) << "nothing was added";
  // The configured endpoint (spelled with a trailing slash) is allowed.
  ASSERT_TRUE(swift_->CreateBucket("allowed-e2e").ok());
  body["endpoint"] = swift_->endpoint() + "/";
  body["url_style"] = "path";
  body["s3_bucket"] = "allowed-e2e";
  auto added = c().PostJson("/storage/buckets", body);
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(added->status, 201) << added->body;
}

// Index parts of a dataset in an s3 bucket live in that bucket (under _indexes/): after the
// node loses its local index directory and read cache, the index loads from the bucket and
// answers searches.
TEST_F(S3E2E, IndexPartsOfAnS3DatasetAreLoadedFromTheBucket) {
  std::string csv = "id,body\n";
  for (int i = 0; i < 60; ++i) {
    csv += std::to_string(i) + ",note w" + std::to_string(i) + " about " +
           (i % 2 == 0 ? "lakes and rivers" : "deserts and dunes") + "\n";
  }
  auto ingested = Ingest("notes.csv", csv, "notes");
  ASSERT_TRUE(ingested.ok() && ingested->status == 200) << (ingested.ok() ? ingested->body : "");
  auto built = c().PostJson("/vectors/refresh/notes?wait=true", {{"index_name", "notes_idx"},
                                                                 {"id_column", "id"},
                                                                 {"text_column", "body"},
                                                                 {"model", "builtin/hash-v1"}});
  ASSERT_TRUE(built.ok() && built->status == 200) << (built.ok() ? built->body : "");
  const Json query{{"index", "notes_idx"}, {"query", "note w7 deserts"}, {"k", 3}};
  auto before = c().PostJson("/vectors/search", query);
  ASSERT_TRUE(before.ok() && before->status == 200) << (before.ok() ? before->body : "");
  const Json hits = Body(before)["results"];
  ASSERT_FALSE(hits.empty());
  auto parts = Body(c().Get("/storage/buckets/lake/objects?prefix=_indexes/notes_idx/"));
  EXPECT_FALSE(parts["objects"].empty()) << parts.dump();

  ASSERT_NE(server_->Terminate(), -1000) << server_->Log();
  std::filesystem::remove_all(server_->data_dir() + "/indexes");
  std::filesystem::remove_all(server_->data_dir() + "/cache");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  Json after;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {  // indexes load in the background
    auto r = c().PostJson("/vectors/search", query);
    if (r.ok() && r->status == 200) {
      after = Body(r)["results"];
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_EQ(after.size(), hits.size()) << after.dump();
  for (size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(after[i]["doc_id"], hits[i]["doc_id"]);
}

// Figures for docs/PERFORMANCE.md, not a pass/fail check: run with LAKEHOUSE_S3_BENCH=1. The same
// 1M-row dataset in the s3 bucket and in the local primary bucket; first query after a restart
// (the s3 read cache starts empty) and again warm.
TEST_F(S3E2E, ColdAndWarmFirstQueryTimings) {
  if (std::getenv("LAKEHOUSE_S3_BENCH") == nullptr) GTEST_SKIP() << "set LAKEHOUSE_S3_BENCH=1";
  // Wide rows: four 32-character hex strings that do not compress (~150 bytes of Parquet a
  // row), so the file is large enough for the fetch to matter.
  std::string csv = "id,grp,amount,a,b,c,d\n";
  csv.reserve(180 << 20);
  uint64_t state = 0x9e3779b97f4a7c15ULL;
  const auto hex = [&state] {
    char out[33];
    for (int half = 0; half < 2; ++half) {
      state += 0x9e3779b97f4a7c15ULL;  // splitmix64
      uint64_t z = state;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      std::snprintf(out + half * 16, 17, "%016llx", static_cast<unsigned long long>(z));
    }
    return std::string(out, 32);
  };
  for (int i = 0; i < 1000000; ++i) {
    csv += std::to_string(i) + "," + std::to_string(i % 97) + "," + std::to_string(i * 7 % 1000);
    for (int col = 0; col < 4; ++col) csv += "," + hex();
    csv += "\n";
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
