#include "catalog/dataset_cache.h"

#include <gtest/gtest.h>

#include "catalog/catalog_test_util.h"

namespace lakehouse {
namespace {

using testing::InMemoryObjectStore;
using testing::MakeCreateRequest;
using testing::OpenMetastore;
using testing::TempDir;
using testing::WriteDataFile;

class DatasetCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { metastore_ = OpenMetastore(dir_.path(), clock_); }

  TempDir dir_;
  ManualClock clock_;
  InMemoryObjectStore store_;
  std::unique_ptr<Metastore> metastore_;
};

TEST_F(DatasetCacheTest, AnswersFromMemoryUntilAnyWriteCommits) {
  auto created = metastore_->CreateDataset(MakeCreateRequest("orders"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  DatasetCache cache(metastore_.get());

  auto first = cache.Get("orders");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(**first, *created);
  auto again = cache.Get("ORDERS");  // case-insensitive, like the metastore
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get()) << "no write since: the cached dataset";

  const uint64_t writes = metastore_->write_count();
  CommitRequest commit;
  commit.dataset_id = created->id;
  commit.expected_version = created->current_version;
  commit.operation = VersionOperation::kAppend;
  commit.files_added = {WriteDataFile(store_, created->id, 5)};
  commit.actor = "test";
  ASSERT_TRUE(metastore_->Commit(commit).ok());
  EXPECT_GT(metastore_->write_count(), writes);

  auto after = cache.Get("orders");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ((*after)->current_version, created->current_version + 1);
  EXPECT_EQ((*after)->row_count, 5);

  // A write to another table (metadata here) invalidates too: the cache does not know which
  // tables a write touched.
  MetadataPatch patch;
  patch.description = "daily orders";
  ASSERT_TRUE(metastore_->UpdateMetadata("orders", patch).ok());
  auto patched = cache.Get("orders");
  ASSERT_TRUE(patched.ok());
  EXPECT_EQ((*patched)->description, "daily orders");
}

TEST_F(DatasetCacheTest, FailedWritesDoNotCountAndMissingDatasetsAreNotFound) {
  DatasetCache cache(metastore_.get());
  EXPECT_EQ(cache.Get("nope").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(metastore_->CreateDataset(MakeCreateRequest("orders")).ok());
  const uint64_t writes = metastore_->write_count();
  EXPECT_FALSE(metastore_->CreateDataset(MakeCreateRequest("ORDERS")).ok());  // duplicate name
  EXPECT_EQ(metastore_->write_count(), writes);
  auto found = cache.Get("orders");
  ASSERT_TRUE(found.ok()) << found.status().ToString();

  ASSERT_TRUE(metastore_->DeleteDataset("orders", "test").ok());
  EXPECT_EQ(cache.Get("orders").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
