// Integration: compaction under contention (issue #15 items 7 and 11) — a compaction rebases over
// appends that landed while it copied, writers and background compaction both make progress, and
// a compaction that keeps failing (a full disk) backs off and is journaled.
#include "table/compactor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "catalog/dataset_layout.h"
#include "storage/fault_injecting_object_store.h"
#include "table/dataset_view.h"
#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

class CompactorTest : public TableTest {
 protected:
  void SetUp() override {
    TableTest::SetUp();
    views_ = std::make_unique<DatasetViewRegistry>(db_.get(), metastore_.get(), buckets_.get());
    listeners_.Add(views_.get());
  }

  // Reopens the registry with the primary bucket behind a FaultInjectingObjectStore.
  void UseFaultyPrimary() {
    ObjectStoreFactory factory =
        [this](const BucketInfo& bucket) -> Result<std::shared_ptr<ObjectStore>> {
      LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, OpenBucketStore(bucket));
      faulty_ = std::make_shared<FaultInjectingObjectStore>(store);
      return std::shared_ptr<ObjectStore>(faulty_);
    };
    views_.reset();
    LH_ASSERT_OK_AND_ASSIGN(buckets_,
                            BucketRegistry::Open(StorageOptions{}, data_dir_, clock_, factory));
    LH_ASSERT_OK_AND_ASSIGN(store_, buckets_->Get("primary"));
    views_ = std::make_unique<DatasetViewRegistry>(db_.get(), metastore_.get(), buckets_.get());
    listeners_ = CommitListeners();
    listeners_.Add(views_.get());
  }

  void Create(const std::string& name, std::optional<std::vector<std::string>> key) {
    CreateDatasetRequest request;
    request.name = name;
    Column id;
    id.name = "id";
    id.type = "BIGINT";
    Column v;
    v.name = "v";
    v.type = "VARCHAR";
    request.columns = {id, v};
    request.primary_key = std::move(key);
    request.actor = "tester";
    LH_ASSERT_OK(metastore_->CreateDataset(request).status());
  }

  // Writes rows [from, from + n) as one file (v = tag || id) and commits it, re-reading and
  // retrying on conflict the way IngestService does. Tells `compactor` (if any) about the
  // commit; `*version` receives the committed version. A kDelete writes a delete file
  // (tombstones of those ids).
  Status Write(const std::string& name, int64_t from, int64_t n, VersionOperation op,
               Compactor* compactor = nullptr, const std::string& tag = "r",
               int64_t* version = nullptr) {
    LH_ASSIGN_OR_RETURN(Dataset d, metastore_->GetDataset(name));
    const std::string key =
        DatasetKeyPrefix(d.id) + "part-" + std::to_string(files_.fetch_add(1)) + ".parquet";
    const std::string staged = dir_.Sub("staged-" + std::to_string(files_.fetch_add(1)));
    {
      LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(std::chrono::seconds(30)));
      const std::string range =
          "range(" + std::to_string(from) + ", " + std::to_string(from + n) + ") t(i)";
      LH_RETURN_IF_ERROR(lease->Execute(
          op == VersionOperation::kDelete ? "COPY (SELECT CAST(i AS VARCHAR) AS key FROM " + range +
                                                ") TO '" + staged + "' (FORMAT parquet)"
                                          : "COPY (SELECT i AS id, '" + tag + "' || i AS v FROM " +
                                                range + ") TO '" + staged + "' (FORMAT parquet)"));
    }
    const int64_t size = static_cast<int64_t>(std::filesystem::file_size(staged));
    LH_RETURN_IF_ERROR(store_->PutFile(key, staged));
    for (int attempt = 0; attempt < 200; ++attempt) {
      LH_ASSIGN_OR_RETURN(d, metastore_->GetDataset(name));
      CommitRequest request;
      request.dataset_id = d.id;
      request.expected_version = d.current_version;
      request.operation = op;
      request.files_added = {DataFile{key, "primary", n, size}};
      if (op == VersionOperation::kDelete) request.files_added[0].kind = kDeleteFileKind;
      request.actor = "tester";
      Result<DatasetVersion> v = catalog_->Commit(request);
      if (v.ok()) {
        if (version != nullptr) *version = v->version;
        LH_ASSIGN_OR_RETURN(Dataset after, metastore_->GetDataset(name));
        listeners_.Notify(after, *v);
        if (compactor != nullptr) compactor->OnCommit(after, *v);
        return Status::Ok();
      }
      if (v.status().code() != StatusCode::kConflict) return v.status();
      std::this_thread::sleep_for(std::chrono::milliseconds(1 + attempt % 5));
    }
    return Conflict("writer starved");
  }

  int64_t Count(const std::string& name) {
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(30));
    EXPECT_TRUE(lease.ok()) << lease.status().ToString();
    if (!lease.ok()) return -1;
    Result<QueryResult> r = (*lease)->Query("SELECT count(*) FROM " + name);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->FetchScalar().get<int64_t>() : -1;
  }

  // id → v of every visible row, and whether an id is visible twice.
  std::map<int64_t, std::string> Rows(const std::string& name, bool* duplicates) {
    std::map<int64_t, std::string> out;
    *duplicates = false;
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(30));
    EXPECT_TRUE(lease.ok()) << lease.status().ToString();
    if (!lease.ok()) return out;
    Result<QueryResult> dups = (*lease)->Query("SELECT count(*) - count(DISTINCT id) FROM " + name);
    EXPECT_TRUE(dups.ok()) << dups.status().ToString();
    if (!dups.ok()) return out;
    *duplicates = dups->FetchScalar().get<int64_t>() != 0;
    Result<QueryResult> r = (*lease)->Query(
        "SELECT coalesce(string_agg(id::VARCHAR || '=' || v, ';' ORDER BY id), '') FROM " + name);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok()) return out;
    const std::string all = r->FetchScalar().get<std::string>();
    size_t at = 0;
    while (at < all.size()) {
      size_t end = all.find(';', at);
      if (end == std::string::npos) end = all.size();
      const std::string item = all.substr(at, end - at);
      const size_t eq = item.find('=');
      out[std::stoll(item.substr(0, eq))] = item.substr(eq + 1);
      at = end + 1;
    }
    return out;
  }

  size_t LiveDataFiles(const std::string& name) {
    Result<SnapshotPin> pin = metastore_->PinSnapshot(name, std::nullopt);
    EXPECT_TRUE(pin.ok()) << pin.status().ToString();
    size_t n = 0;
    if (!pin.ok()) return n;
    for (const DataFile& f : pin->files()) n += f.is_delete() ? 0 : 1;
    return n;
  }

  int64_t Compactions(const std::string& name) {
    Result<std::vector<DatasetVersion>> versions = metastore_->ListVersions(name);
    EXPECT_TRUE(versions.ok()) << versions.status().ToString();
    int64_t n = 0;
    if (!versions.ok()) return n;
    for (const DatasetVersion& v : *versions) n += v.operation == VersionOperation::kCompact;
    return n;
  }

  std::string WorkDir() {
    std::filesystem::create_directories(dir_.Sub("work"));
    return dir_.Sub("work");
  }

  CommitListeners listeners_;
  std::unique_ptr<DatasetViewRegistry> views_;
  std::shared_ptr<FaultInjectingObjectStore> faulty_;
  std::atomic<int> files_{0};
};

// Before: the commit found appends that landed during the copy and failed with CONFLICT.
TEST_F(CompactorTest, RebasesOverAppendsThatLandDuringTheCopy) {
  Create("events", std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  for (int i = 0; i < 3; ++i) LH_ASSERT_OK(Write("events", i * 10, 10, VersionOperation::kAppend));
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners_, WorkDir(), /*auto_compact_data_files=*/0);
  compactor.SetFaultPause(std::chrono::milliseconds(250));  // widens the window between steps
  Result<CompactionResult> done = Internal("not run");
  std::thread compaction([&] { done = compactor.Compact("events"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // pinned by now
  LH_ASSERT_OK(Write("events", 30, 5, VersionOperation::kAppend));
  LH_ASSERT_OK(Write("events", 35, 5, VersionOperation::kAppend));
  compaction.join();
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->compacted);
  EXPECT_EQ(done->rows, 30);
  EXPECT_EQ(done->files_removed, 3);
  EXPECT_EQ(LiveDataFiles("events"), 3u) << "the compact file plus the two appends";
  EXPECT_EQ(Count("events"), 40);
  EXPECT_EQ(metastore_->GetDataset("events")->row_count, 40);
  EXPECT_TRUE(std::filesystem::is_empty(WorkDir()));
}

// Before: a keyed compaction gave up with CONFLICT whenever an upsert or a tombstone landed
// during its copy (the background retried with backoff while writers kept landing).
TEST_F(CompactorTest, KeyedCompactionRebasesOverUpsertsAndTombstones) {
  Create("people", std::vector<std::string>{"id"});
  LH_ASSERT_OK(views_->BuildAll());
  for (int i = 0; i < 3; ++i) LH_ASSERT_OK(Write("people", i * 10, 10, VersionOperation::kAppend));
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners_, WorkDir(), /*auto_compact_data_files=*/0);
  compactor.SetFaultPause(std::chrono::milliseconds(250));
  Result<CompactionResult> done = Internal("not run");
  std::thread compaction([&] { done = compactor.Compact("people"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Rewrites ids 0..4 (a compact file committed on top must not make the old rows win again),
  // adds 30..34, and deletes 10..11 (the compact file must not bring them back).
  LH_ASSERT_OK(Write("people", 0, 5, VersionOperation::kUpsert, nullptr, "u"));
  LH_ASSERT_OK(Write("people", 30, 5, VersionOperation::kUpsert, nullptr, "n"));
  LH_ASSERT_OK(Write("people", 10, 2, VersionOperation::kDelete));
  compaction.join();
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->compacted);
  EXPECT_EQ(done->files_removed, 3);
  EXPECT_EQ(done->rows, 30 - 5 - 2) << "the compact file holds only keys no newer file mentions";
  bool duplicates = false;
  std::map<int64_t, std::string> rows = Rows("people", &duplicates);
  EXPECT_FALSE(duplicates);
  EXPECT_EQ(rows.size(), 33u);
  for (int64_t id = 0; id < 35; ++id) {
    if (id == 10 || id == 11) {
      EXPECT_EQ(rows.count(id), 0u) << id;
      continue;
    }
    const std::string tag = id < 5 ? "u" : id >= 30 ? "n" : "r";
    EXPECT_EQ(rows[id], tag + std::to_string(id)) << id;
  }
  EXPECT_EQ(metastore_->GetDataset("people")->row_count, 33);
  EXPECT_TRUE(std::filesystem::is_empty(WorkDir()));
}

// Issue #15 item 7 for keyed datasets: 3 writers upserting overlapping keys (and tombstoning
// some) while background compaction runs. Every write commits, compactions commit too, and each
// key ends with the value of the last commit that wrote it: none lost, none duplicated.
TEST_F(CompactorTest, UpsertersAndKeyedBackgroundCompactionBothMakeProgress) {
  Create("keyed", std::vector<std::string>{"id"});
  LH_ASSERT_OK(views_->BuildAll());
  constexpr int kWriters = 3;
  constexpr int kWritesEach = 15;
  constexpr int64_t kThreshold = 3;
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners_, WorkDir(), kThreshold);
  struct Commit {
    int64_t version, from, n;
    bool tombstone;
    std::string tag;
  };
  std::mutex mu;
  std::vector<Commit> commits;
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kWritesEach; ++i) {
        const int64_t from = (w * 7 + i * 5) % 60;  // overlapping ranges of 10 keys
        const bool tombstone = i % 5 == 4;
        const std::string tag = "w" + std::to_string(w) + "i" + std::to_string(i) + "_";
        int64_t version = 0;
        Status s = Write("keyed", from, tombstone ? 3 : 10,
                         tombstone ? VersionOperation::kDelete : VersionOperation::kUpsert,
                         &compactor, tag, &version);
        if (!s.ok()) {
          ADD_FAILURE() << s.ToString();
          ++failed;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        commits.push_back({version, from, tombstone ? 3 : 10, tombstone, tag});
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  for (int i = 0; i < 2400 && LiveDataFiles("keyed") > static_cast<size_t>(kThreshold); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  compactor.Stop();
  // At least one compaction ran beside the writers (under load the writers may all finish before
  // a second one; the live-file bound above is what shows it kept up).
  EXPECT_GE(Compactions("keyed"), 1);
  EXPECT_LE(LiveDataFiles("keyed"), static_cast<size_t>(kThreshold));
  // The expected table: commits applied in version order.
  std::sort(commits.begin(), commits.end(),
            [](const Commit& a, const Commit& b) { return a.version < b.version; });
  std::map<int64_t, std::string> expected;
  for (const Commit& c : commits) {
    for (int64_t id = c.from; id < c.from + c.n; ++id) {
      if (c.tombstone) {
        expected.erase(id);
      } else {
        expected[id] = c.tag + std::to_string(id);
      }
    }
  }
  bool duplicates = false;
  EXPECT_EQ(Rows("keyed", &duplicates), expected);
  EXPECT_FALSE(duplicates);
}

// Issue #15 item 7, bounded: 4 writers appending while background compaction runs. Every append
// commits, compactions commit too, and the live file count stays near the threshold.
TEST_F(CompactorTest, WritersAndBackgroundCompactionBothMakeProgress) {
  Create("stream", std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  constexpr int kWriters = 4;
  constexpr int kAppendsEach = 20;
  constexpr int64_t kThreshold = 4;
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners_, WorkDir(), kThreshold);
  std::atomic<int> failed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kAppendsEach; ++i) {
        Status s =
            Write("stream", (w * kAppendsEach + i) * 10, 10, VersionOperation::kAppend, &compactor);
        if (!s.ok()) {
          ADD_FAILURE() << s.ToString();
          ++failed;
        }
      }
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  for (int i = 0; i < 400 && LiveDataFiles("stream") > static_cast<size_t>(kThreshold); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_LE(LiveDataFiles("stream"), static_cast<size_t>(kThreshold));
  EXPECT_GE(Compactions("stream"), 2);
  EXPECT_EQ(Count("stream"), kWriters * kAppendsEach * 10);
  compactor.Stop();
}

// Issue #15 item 11: with the disk full, the background compaction backs off instead of retrying
// at every commit, and its failure is journaled as INSUFFICIENT_STORAGE.
TEST_F(CompactorTest, FailingBackgroundCompactionBacksOffAndIsJournaled) {
  UseFaultyPrimary();
  Create("disk", std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  faulty_->FailAlways(StoreOp::kPutFile, "compact-",
                      InsufficientStorage("write: No space left on device"));
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners_, WorkDir(), /*auto_compact_data_files=*/2);
  const auto started = std::chrono::steady_clock::now();
  int commits = 0;
  while (std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1800)) {
    LH_ASSERT_OK(Write("disk", commits * 10, 10, VersionOperation::kAppend, &compactor));
    ++commits;
    std::this_thread::sleep_for(std::chrono::milliseconds(60));
  }
  compactor.Stop();
  EXPECT_GE(commits, 10);
  // Attempts at ~0 s and ~1 s (backoff 1 s, then 2 s), not one per commit.
  EXPECT_GE(faulty_->injected_failures(), 1);
  EXPECT_LE(faulty_->injected_failures(), 3) << commits << " commits";
  Result<std::vector<ErrorRecord>> errors = buckets_->journal().Recent(100);
  ASSERT_TRUE(errors.ok());
  int compact_records = 0;
  for (const ErrorRecord& r : *errors) {
    if (r.op == "compact") {
      ++compact_records;
      EXPECT_EQ(r.code, "INSUFFICIENT_STORAGE");
    }
  }
  EXPECT_GE(compact_records, 1);
  EXPECT_EQ(Count("disk"), commits * 10) << "nothing lost";
}

}  // namespace
}  // namespace lakehouse
