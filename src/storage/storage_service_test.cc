#include "storage/storage_service.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "storage/fault_injecting_object_store.h"
#include "storage/storage_test_util.h"

namespace lakehouse {
namespace {

// A registry with buckets primary, archive and rescue (the rescue bucket), each wrapped in a
// FaultInjectingObjectStore the test can reach by name.
class StorageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StorageOptions options;
    options.buckets = {{"archive", "local", ""}, {"rescue", "local", ""}};
    options.rescue_bucket = "rescue";
    ObjectStoreFactory factory =
        [this](const BucketInfo& bucket) -> Result<std::shared_ptr<ObjectStore>> {
      LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, OpenBucketStore(bucket));
      faults_[bucket.name] = std::make_shared<FaultInjectingObjectStore>(store);
      return std::shared_ptr<ObjectStore>(faults_[bucket.name]);
    };
    auto opened = BucketRegistry::Open(options, dir_.Sub("data"), clock_, factory);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    registry_ = std::move(opened).value();
    StorageServiceOptions service_options;
    service_options.allow_bucket_admin = true;
    service_options.owned_by_catalog = [this](std::string_view bucket,
                                              std::string_view key) -> Result<bool> {
      if (catalog_down_) return Unavailable("catalog unreachable");
      return owned_.contains(std::string(bucket) + ":" + std::string(key));
    };
    service_ = std::make_unique<StorageService>(*registry_, clock_, service_options);
  }

  ScopedTempDir dir_;
  ManualClock clock_;
  std::map<std::string, std::shared_ptr<FaultInjectingObjectStore>> faults_;
  std::unique_ptr<BucketRegistry> registry_;
  std::unique_ptr<StorageService> service_;
  std::set<std::string> owned_;  // "bucket:key" the fake catalog references
  bool catalog_down_ = false;
};

TEST_F(StorageServiceTest, ObjectRoundTrip) {
  ASSERT_TRUE(service_->PutObject("archive", "a//b.txt", "hello world").ok());
  Result<ReadResult> read = service_->GetObject("archive", "a/b.txt");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->data, "hello world");
  EXPECT_FALSE(read->rescue_used);
  EXPECT_EQ(service_->GetObjectRange("archive", "a/b.txt", 6, 5)->data, "world");
  EXPECT_EQ(service_->StatObject("archive", "a/b.txt")->info.size_bytes, 11);
  Result<std::vector<ObjectInfo>> listed = service_->ListObjects("archive", "a/");
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "a/b.txt");
  ASSERT_TRUE(service_->DeleteObject("archive", "a/b.txt").ok());
  EXPECT_EQ(service_->DeleteObject("archive", "a/b.txt").code(), StatusCode::kNotFound);
}

TEST_F(StorageServiceTest, PutObjectFileMovesTheUploadIn) {
  WriteLocalFile(dir_.Sub("spool/upload"), "big upload");
  ASSERT_TRUE(service_->PutObjectFile("archive", "uploads/1", dir_.Sub("spool/upload")).ok());
  EXPECT_EQ(service_->GetObject("archive", "uploads/1")->data, "big upload");
}

TEST_F(StorageServiceTest, InvalidInputNeverReachesAStore) {
  EXPECT_EQ(service_->PutObject("archive", "../x", "v").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->GetObject("archive", "/etc/passwd").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->GetObjectRange("archive", "k", -1, 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->ListObjects("archive", "a/../..").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->GetObject("nope", "k").status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(service_->RecentErrors(10, "")->empty());
}

TEST_F(StorageServiceTest, RescueServesObjectsMissingFromTheBucket) {
  ASSERT_TRUE(service_->PutObject("rescue", "doc", "from rescue").ok());
  Result<ReadResult> read = service_->GetObject("primary", "doc");
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->data, "from rescue");
  EXPECT_TRUE(read->rescue_used);

  Result<ReadResult> range = service_->GetObjectRange("archive", "doc", 5, 100);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->data, "rescue");
  EXPECT_TRUE(range->rescue_used);

  Result<StatResult> stat = service_->StatObject("primary", "doc");
  ASSERT_TRUE(stat.ok());
  EXPECT_TRUE(stat->rescue_used);
  EXPECT_EQ(stat->info.size_bytes, 11);
}

TEST_F(StorageServiceTest, RescueServesWhenTheBucketFails) {
  ASSERT_TRUE(service_->PutObject("primary", "doc", "primary copy").ok());
  ASSERT_TRUE(service_->PutObject("rescue", "doc", "rescue copy").ok());
  faults_["primary"]->FailAlways(StoreOp::kGet, "doc", Unavailable("disk offline"));
  Result<ReadResult> read = service_->GetObject("primary", "doc");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->data, "rescue copy");
  EXPECT_TRUE(read->rescue_used);
  // The failure that triggered the fallback is journaled.
  Result<std::vector<ErrorRecord>> errors = service_->RecentErrors(10, "primary");
  ASSERT_EQ(errors->size(), 1u);
  EXPECT_EQ((*errors)[0].code, "UNAVAILABLE");
  EXPECT_EQ((*errors)[0].key, "doc");
}

TEST_F(StorageServiceTest, AbsentEverywhereIsNotFoundWithTheBucketsError) {
  Result<ReadResult> read = service_->GetObject("archive", "ghost");
  ASSERT_EQ(read.status().code(), StatusCode::kNotFound);
  EXPECT_NE(read.status().message().find("bucket 'archive'"), std::string::npos);

  faults_["archive"]->FailAlways(StoreOp::kGet, "", Unavailable("archive down"));
  EXPECT_EQ(service_->GetObject("archive", "ghost").status(), Unavailable("archive down"));
  // Both the bucket's and the rescue's failures were journaled, newest first.
  Result<std::vector<ErrorRecord>> errors = service_->RecentErrors(10, "");
  ASSERT_EQ(errors->size(), 4u);
  EXPECT_EQ((*errors)[0].bucket, "rescue");
  EXPECT_EQ((*errors)[1].bucket, "archive");
  EXPECT_EQ((*errors)[1].code, "UNAVAILABLE");
  EXPECT_EQ(service_->RecentErrors(1, "")->size(), 1u);
  EXPECT_EQ(service_->RecentErrors(10, "Bad!").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(StorageServiceTest, ReadsOfTheRescueBucketDoNotFallBack) {
  Result<ReadResult> read = service_->GetObject("rescue", "ghost");
  EXPECT_EQ(read.status().code(), StatusCode::kNotFound);
}

TEST_F(StorageServiceTest, BucketEndpoints) {
  ASSERT_TRUE(service_->CreateBucket({"scratch", "local", ""}).ok());
  std::vector<BucketInfo> buckets = service_->ListBuckets();
  ASSERT_EQ(buckets.size(), 4u);
  EXPECT_EQ(buckets[3].name, "scratch");
  EXPECT_EQ(buckets[3].ToJson()["source"], "runtime");
  EXPECT_EQ(service_->DeleteBucket("primary").code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(service_->DeleteBucket("scratch").ok());
  EXPECT_EQ(service_->ListBuckets().size(), 3u);
}

TEST_F(StorageServiceTest, HealthReportsEachBucket) {
  ASSERT_TRUE(service_->PutObject("archive", "x", "1").ok());
  ASSERT_TRUE(service_->PutObject("archive", "y", "2").ok());
  faults_["rescue"]->FailAlways(StoreOp::kPut, "_health/", PermissionDenied("read-only disk"));

  std::vector<BucketHealth> health = service_->CheckBucketHealth(/*count_objects=*/true);
  ASSERT_EQ(health.size(), 3u);
  EXPECT_EQ(health[0].bucket, "archive");
  EXPECT_TRUE(health[0].reachable) << health[0].error;
  EXPECT_EQ(health[0].object_count, 2);
  EXPECT_GT(health[0].free_bytes, 0);
  EXPECT_EQ(health[2].bucket, "rescue");
  EXPECT_FALSE(health[2].reachable);
  EXPECT_NE(health[2].error.find("read-only disk"), std::string::npos);
  EXPECT_EQ(health[2].ToJson()["reachable"], false);

  // Probes leave nothing behind.
  EXPECT_TRUE(service_->ListObjects("archive", "_health/")->empty());
  std::vector<BucketHealth> quick = service_->CheckBucketHealth(/*count_objects=*/false);
  EXPECT_EQ(quick[0].object_count, -1);
  EXPECT_FALSE(quick[0].ToJson().contains("object_count"));
}

// Issue #15 item 6: the object API cannot overwrite or delete what the catalog owns, nor write
// under the server's reserved prefixes; reads still work.
TEST_F(StorageServiceTest, CatalogOwnedObjectsAndReservedPrefixesAreReadOnly) {
  ASSERT_TRUE(faults_["archive"]->Put("registered/sales.parquet", "PAR1").ok());
  ASSERT_TRUE(faults_["primary"]->Put("datasets/d1/f.parquet", "PAR1").ok());
  owned_ = {"archive:registered/sales.parquet", "primary:datasets/d1/f.parquet"};

  for (const auto& [bucket, key] : std::vector<std::pair<std::string, std::string>>{
           {"archive", "registered/sales.parquet"},
           {"archive", "registered//./sales.parquet"},  // the same object, spelled differently
           {"primary", "datasets/d1/f.parquet"},
           {"primary", "datasets/d1/new.parquet"},
           {"archive", "datasets/anything"},
           {"primary", "_errors/2026-01-01.jsonl"},
           {"primary", "_health/probe-x"}}) {
    EXPECT_EQ(service_->PutObject(bucket, key, "x").code(), StatusCode::kConflict) << key;
    EXPECT_EQ(service_->DeleteObject(bucket, key).code(), StatusCode::kConflict) << key;
    ScopedTempDir spool;
    WriteLocalFile(spool.Sub("body"), "x");
    EXPECT_EQ(service_->PutObjectFile(bucket, key, spool.Sub("body")).code(), StatusCode::kConflict)
        << key;
  }
  EXPECT_EQ(*faults_["archive"]->Get("registered/sales.parquet"), "PAR1") << "unchanged";
  EXPECT_EQ(*faults_["primary"]->Get("datasets/d1/f.parquet"), "PAR1") << "unchanged";
  EXPECT_FALSE(faults_["primary"]->Stat("datasets/d1/new.parquet").ok());
  EXPECT_EQ(service_->GetObject("archive", "registered/sales.parquet")->data, "PAR1");

  // Not owned: ordinary objects, and the same key in another bucket.
  EXPECT_TRUE(service_->PutObject("primary", "registered/sales.parquet", "x").ok());
  EXPECT_TRUE(service_->PutObject("archive", "my-datasets/x", "x").ok());
  EXPECT_TRUE(service_->DeleteObject("archive", "my-datasets/x").ok());
  // When ownership cannot be checked, the write is refused (closed), not let through.
  catalog_down_ = true;
  EXPECT_EQ(service_->PutObject("archive", "other", "x").code(), StatusCode::kUnavailable);
}

TEST_F(StorageServiceTest, BucketAdministrationNeedsToBeAllowed) {
  StorageService locked(*registry_, clock_);
  Result<BucketInfo> created = locked.CreateBucket({"scratch", "local", ""});
  EXPECT_EQ(created.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(created.status().message().find("api_keys"), std::string::npos);
  EXPECT_EQ(locked.DeleteBucket("archive").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(locked.ListBuckets().size(), 3u);
}

}  // namespace
}  // namespace lakehouse
