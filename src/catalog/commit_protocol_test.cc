// The commit protocol: data objects are written first (invisible), published by one Commit
// transaction, collected as orphans if the commit never happens, and deleted only when no pinned
// reader can still need them.
#include <gtest/gtest.h>

#include <memory>

#include "catalog/catalog_backend_fixture.h"
#include "catalog/catalog_test_util.h"
#include "catalog/file_reaper.h"
#include "catalog/orphan_collector.h"
#include "common/ids.h"
#include "storage/fault_injecting_object_store.h"

namespace lakehouse {
namespace {

using testing::CatalogBackend;
using testing::CatalogBackendName;
using testing::FreshCatalogUrl;
using testing::InMemoryObjectStore;
using testing::MakeCreateRequest;
using testing::OpenMetastore;
using testing::TempDir;
using testing::WriteDataFile;

class CommitProtocolTest : public ::testing::TestWithParam<CatalogBackend> {
 protected:
  void SetUp() override {
    memory_ = std::make_shared<InMemoryObjectStore>();
    store_ = std::make_shared<FaultInjectingObjectStore>(memory_);
    url_ = FreshCatalogUrl(GetParam());
    metastore_ = OpenMetastore(dir_.path(), clock_, url_);
  }
  CommitRequest Request(const Dataset& d, VersionOperation op, std::vector<DataFile> added,
                        std::vector<std::string> removed = {}) {
    CommitRequest request;
    request.dataset_id = d.id;
    request.expected_version = d.current_version;
    request.operation = op;
    request.files_added = std::move(added);
    request.files_removed = std::move(removed);
    request.actor = "writer";
    return request;
  }
  Dataset Reload(const std::string& name) { return *metastore_->GetDataset(name); }

  TempDir dir_;
  std::string url_;
  ManualClock clock_;
  std::shared_ptr<InMemoryObjectStore> memory_;
  std::shared_ptr<FaultInjectingObjectStore> store_;
  std::unique_ptr<Metastore> metastore_;
};

TEST_P(CommitProtocolTest, CrashBetweenWriteAndCommitLeavesPreviousVersionAndOrphanIsCollected) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("orders"));
  ASSERT_TRUE(d.ok());
  DataFile first = WriteDataFile(*store_, d->id, 10);
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {first})).ok());
  auto other = metastore_->CreateDataset(MakeCreateRequest("other"));
  ASSERT_TRUE(other.ok());
  DataFile other_file = WriteDataFile(*store_, other->id, 3);
  ASSERT_TRUE(metastore_->Commit(Request(*other, VersionOperation::kAppend, {other_file})).ok());
  Dataset before = Reload("orders");
  auto versions_before = *metastore_->ListVersions("orders");
  Dataset other_before = Reload("other");

  // The next data file lands, then the process dies before it can commit.
  store_->CrashAfterWrite("datasets/" + d->id);
  std::string orphan_key = NewDataFileKey(d->id);
  EXPECT_FALSE(store_->Put(orphan_key, "parquet bytes").ok());
  EXPECT_TRUE(store_->crashed());
  EXPECT_TRUE(memory_->Contains(orphan_key));

  // Restart: new Metastore on the same file, storage back up, orphan collection at startup.
  metastore_.reset();
  store_->ClearFaults();
  store_->Restart();
  metastore_ = OpenMetastore(dir_.path(), clock_, url_);
  auto report = CollectOrphans(*metastore_, "primary", *store_, clock_);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->deleted, 1);
  EXPECT_EQ(report->scanned, 3);

  EXPECT_FALSE(memory_->Contains(orphan_key));
  EXPECT_TRUE(memory_->Contains(first.path));
  EXPECT_TRUE(memory_->Contains(other_file.path));
  EXPECT_EQ(Reload("orders"), before);
  EXPECT_EQ(*metastore_->ListVersions("orders"), versions_before);
  EXPECT_EQ(Reload("other"), other_before);
}

TEST_P(CommitProtocolTest, OrphanCollectorRespectsMinAgeAndOtherBuckets) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("t"));
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(store_->Put(NewDataFileKey(d->id), "x").ok());  // modified tick 1
  ASSERT_TRUE(store_->Put("uploads/keep-me.csv", "x").ok());  // outside datasets/
  DataFile cold = WriteDataFile(*store_, d->id, 1, "cold");   // committed in another bucket
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {cold})).ok());

  ManualClock tick_clock(3);  // the in-memory store stamps objects 1, 2, 3
  OrphanCollectorOptions young;
  young.min_age_micros = 10;
  auto kept = CollectOrphans(*metastore_, "primary", *store_, tick_clock, young);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->deleted, 0);
  EXPECT_EQ(kept->kept_too_young, 2);

  // For bucket "primary" the "cold" file row is no reference: both dataset objects go.
  auto swept = CollectOrphans(*metastore_, "primary", *store_, tick_clock);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->deleted, 2);
  EXPECT_TRUE(memory_->Contains("uploads/keep-me.csv"));
}

TEST_P(CommitProtocolTest, ReaperWaitsForPinnedReaders) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("events"));
  ASSERT_TRUE(d.ok());
  DataFile a = WriteDataFile(*store_, d->id, 5);
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {a})).ok());
  a.version_added = 2;  // the metastore reports the committing version on every read

  auto pin = metastore_->PinSnapshot("events", std::nullopt);  // reader on version 2
  ASSERT_TRUE(pin.ok()) << pin.status().ToString();
  EXPECT_EQ(pin->version(), 2);
  EXPECT_EQ(pin->files(), std::vector<DataFile>{a});

  DataFile b = WriteDataFile(*store_, d->id, 5);
  ASSERT_TRUE(
      metastore_->Commit(Request(Reload("events"), VersionOperation::kCompact, {b}, {a.path}))
          .ok());  // version 3 removes a
  b.version_added = 3;

  FileReaper reaper(*metastore_, {{"primary", store_.get()}});
  auto held = reaper.ReapOnce();
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->deleted, 0);
  EXPECT_TRUE(memory_->Contains(a.path));  // the version-2 reader still reads it
  EXPECT_EQ(metastore_->Stats()->pending_reap_files, 1);

  // Time travel to version 2 is still possible while its files exist.
  auto old_pin = metastore_->PinSnapshot("events", 2);
  ASSERT_TRUE(old_pin.ok());
  EXPECT_EQ(old_pin->files(), std::vector<DataFile>{a});
  EXPECT_EQ(metastore_->pinned_snapshot_count(), 2);

  { SnapshotPin released = std::move(*pin); }
  EXPECT_EQ(reaper.ReapOnce()->deleted, 0);  // old_pin still holds version 2
  { SnapshotPin released = std::move(*old_pin); }
  EXPECT_EQ(metastore_->pinned_snapshot_count(), 0);

  auto reaped = reaper.ReapOnce();
  ASSERT_TRUE(reaped.ok());
  EXPECT_EQ(reaped->deleted, 1);
  EXPECT_EQ(reaped->bytes_reclaimed, a.size_bytes);
  EXPECT_FALSE(memory_->Contains(a.path));
  EXPECT_TRUE(memory_->Contains(b.path));
  EXPECT_EQ(metastore_->Stats()->pending_reap_files, 0);

  // Version 2 is gone for good; the current version stays readable.
  EXPECT_EQ(metastore_->PinSnapshot("events", 2).status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(metastore_->PinSnapshot("events", 9).status().code(), StatusCode::kNotFound);
  auto current = metastore_->PinSnapshot("events", std::nullopt);
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->files(), std::vector<DataFile>{b});
}

TEST_P(CommitProtocolTest, PinOnNewerVersionDoesNotHoldOlderRemovals) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("t"));
  ASSERT_TRUE(d.ok());
  DataFile a = WriteDataFile(*store_, d->id, 1);
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {a})).ok());
  ASSERT_TRUE(metastore_
                  ->Commit(Request(Reload("t"), VersionOperation::kReplace,
                                   {WriteDataFile(*store_, d->id, 2)}))
                  .ok());                                 // version 3 removes a
  auto pin = metastore_->PinSnapshot("t", std::nullopt);  // version 3 does not need a
  ASSERT_TRUE(pin.ok());
  FileReaper reaper(*metastore_, {{"primary", store_.get()}});
  EXPECT_EQ(reaper.ReapOnce()->deleted, 1);
  EXPECT_FALSE(memory_->Contains(a.path));
}

TEST_P(CommitProtocolTest, FailedDeleteIsLeftForTheOrphanCollector) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("t"));
  ASSERT_TRUE(d.ok());
  DataFile a = WriteDataFile(*store_, d->id, 1);
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {a})).ok());
  ASSERT_TRUE(metastore_->DeleteDataset("t", "admin").ok());

  store_->FailOnce(StoreOp::kDelete, a.path, Unavailable("disk gone"));
  FileReaper reaper(*metastore_, {{"primary", store_.get()}});
  auto first = reaper.ReapOnce();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->failed, 1);
  EXPECT_TRUE(memory_->Contains(a.path));
  EXPECT_EQ(reaper.ReapOnce()->deleted, 0);  // already claimed

  auto swept = CollectOrphans(*metastore_, "primary", *store_, clock_);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->deleted, 1);
  EXPECT_FALSE(memory_->Contains(a.path));
}

TEST_P(CommitProtocolTest, ReaperLeavesUnknownBucketsAlone) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("t"));
  ASSERT_TRUE(d.ok());
  DataFile cold = WriteDataFile(*store_, d->id, 1, "cold");
  ASSERT_TRUE(metastore_->Commit(Request(*d, VersionOperation::kAppend, {cold})).ok());
  ASSERT_TRUE(metastore_->DeleteDataset("t", "admin").ok());
  FileReaper reaper(*metastore_, {{"primary", store_.get()}});
  EXPECT_EQ(reaper.ReapOnce()->deleted, 0);
  EXPECT_EQ(metastore_->Stats()->pending_reap_files, 1);
}

TEST_P(CommitProtocolTest, CreateWithInitialFilesIsAtomic) {
  CreateDatasetRequest request = MakeCreateRequest("loaded");
  request.id = NewUuid();
  request.initial_files = {WriteDataFile(*store_, request.id, 12)};
  auto d = metastore_->CreateDataset(request);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->row_count, 12);
  EXPECT_TRUE(d->last_ingest_at.has_value());
  auto duplicate = metastore_->CreateDataset(request);
  EXPECT_EQ(duplicate.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(metastore_->Stats()->live_file_count, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CommitProtocolTest, testing::kCatalogBackends,
                         CatalogBackendName);

}  // namespace
}  // namespace lakehouse
