// Integration: merge-on-read dataset views over real Parquet files, commits made directly through
// the Metastore — schema evolution, upserts by primary key, tombstones and their versions.
#include "table/dataset_view.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "catalog/dataset_layout.h"
#include "catalog/file_reaper.h"
#include "table/compactor.h"
#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

class DatasetViewTest : public TableTest {
 protected:
  void SetUp() override {
    TableTest::SetUp();
    views_ = std::make_unique<DatasetViewRegistry>(db_.get(), metastore_.get(), buckets_.get());
  }

  static Column Col(std::string name, std::string type) {
    Column column;
    column.name = std::move(name);
    column.type = std::move(type);
    return column;
  }

  Dataset Create(const std::string& name, std::vector<Column> columns,
                 std::optional<std::vector<std::string>> key) {
    CreateDatasetRequest request;
    request.name = name;
    request.columns = std::move(columns);
    request.primary_key = std::move(key);
    request.actor = "tester";
    Result<Dataset> d = metastore_->CreateDataset(request);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.value_or(Dataset{});
  }

  // Writes `select` as a file of dataset `d` and commits it (with the schema `columns` if given).
  void Commit(const std::string& name, const std::string& select, std::string kind = "data",
              std::optional<std::vector<Column>> columns = std::nullopt,
              VersionOperation op = VersionOperation::kAppend) {
    Dataset d = metastore_->GetDataset(name).value();
    std::string key = DatasetKeyPrefix(d.id) + "part-" + std::to_string(++files_) + ".parquet";
    WriteParquet(key, select);
    LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool_->Acquire(std::chrono::seconds(5)));
    LH_ASSERT_OK_AND_ASSIGN(QueryResult counted,
                            lease->Query("SELECT count(*) FROM (" + select + ")"));
    CommitRequest request;
    request.dataset_id = d.id;
    request.expected_version = d.current_version;
    request.operation = op;
    request.files_added = {
        DataFile{key, "primary", counted.FetchScalar().get<int64_t>(), FileSize(key), kind}};
    request.columns = std::move(columns);
    request.actor = "tester";
    Result<DatasetVersion> v = metastore_->Commit(request);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    views_->OnCommit(metastore_->GetDataset(name).value(), *v);
  }

  std::string WorkDir() {
    std::filesystem::create_directories(dir_.Sub("work"));
    return dir_.Sub("work");
  }

  Json Scalar(const std::string& sql) {
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(5));
    EXPECT_TRUE(lease.ok());
    Result<QueryResult> result = (*lease)->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    return result.ok() ? result->FetchScalar() : Json();
  }

  std::unique_ptr<DatasetViewRegistry> views_;
  int files_ = 0;
};

TEST_F(DatasetViewTest, UpsertsTombstonesAndSchemaEvolutionMergeOnRead) {
  Create("people", {Col("id", "BIGINT"), Col("name", "VARCHAR")}, std::vector<std::string>{"id"});
  LH_ASSERT_OK(views_->BuildAll());
  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 0) << "an empty dataset is an empty view";

  // v2: ids 0..9 written as INTEGER (widened to BIGINT by the view).
  Commit("people", "SELECT i::INTEGER AS id, 'a' || i AS name FROM range(10) t(i)");
  // v3: upsert ids 5..14 and add a column.
  Commit("people", "SELECT i AS id, 'b' || i AS name, i * 1.5 AS score FROM range(5, 15) t(i)",
         "data",
         std::vector<Column>{Col("id", "BIGINT"), Col("name", "VARCHAR"), Col("score", "DOUBLE")},
         VersionOperation::kUpsert);
  // v4: tombstones for 3, 7 and 12.
  Commit("people",
         "SELECT k AS key, 'tester' AS actor, 'gdpr' AS reason, now() AS deleted_at "
         "FROM (VALUES ('3'), ('7'), ('12')) v(k)",
         "delete");
  // v5: 7 comes back.
  Commit("people", "SELECT 7::BIGINT AS id, 'c7' AS name, 0.5 AS score");

  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 13);
  EXPECT_EQ(Scalar("SELECT string_agg(id || ':' || name || ':' || coalesce(score::VARCHAR, '-'), "
                   "',' ORDER BY id) FROM people"),
            "0:a0:-,1:a1:-,2:a2:-,4:a4:-,5:b5:7.5,6:b6:9.0,7:c7:0.5,8:b8:12.0,9:b9:13.5,"
            "10:b10:15.0,11:b11:16.5,13:b13:19.5,14:b14:21.0");
  EXPECT_EQ(Scalar("SELECT string_agg(column_name || ' ' || column_type, ', ') FROM "
                   "(DESCRIBE people)"),
            "id BIGINT, name VARCHAR, score DOUBLE")
      << "exactly the catalog's columns and types";

  // A fresh registry (a restart) builds the same view from the catalog alone.
  DatasetViewRegistry restarted(db_.get(), metastore_.get(), buckets_.get());
  LH_ASSERT_OK(restarted.BuildAll());
  EXPECT_EQ(Scalar("SELECT count(*) FROM people"), 13);
}

TEST_F(DatasetViewTest, NarrowedToKeysTheSelectShowsThoseKeysRowsAsTheFullViewDoes) {
  Create("people", {Col("id", "BIGINT"), Col("name", "VARCHAR")}, std::vector<std::string>{"id"});
  LH_ASSERT_OK(views_->BuildAll());
  Commit("people", "SELECT i AS id, 'a' || i AS name FROM range(10) t(i)");
  Commit("people", "SELECT i AS id, 'b' || i AS name FROM range(5, 15) t(i)", "data", std::nullopt,
         VersionOperation::kUpsert);
  Commit("people",
         "SELECT k AS key, 'tester' AS actor, 'gdpr' AS reason, now() AS deleted_at "
         "FROM (VALUES ('3'), ('7')) v(k)",
         "delete");
  Commit("people", "SELECT 7::BIGINT AS id, 'c7' AS name");
  Dataset d = metastore_->GetDataset("people").value();
  LH_ASSERT_OK_AND_ASSIGN(SnapshotPin pin, metastore_->PinSnapshot("people", d.current_version));
  std::vector<ViewFile> files;
  for (const DataFile& file : pin.files()) {
    LH_ASSERT_OK_AND_ASSIGN(std::string local, buckets_->ReadPath(file.bucket, file.path));
    files.push_back(ViewFile{local, file.version_added, file.is_delete(), nullptr});
  }
  // The journal's comparison (ingest/keyed_changes.cc) reads only the keys an upsert adds.
  LH_ASSERT_OK_AND_ASSIGN(
      std::string narrowed,
      BuildDatasetSelectSql(d, files, {"id", "name"},
                            "SELECT k FROM (VALUES ('2'), ('3'), ('7'), ('12'), ('99')) v(k)"));
  const std::string rows = "SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM ";
  EXPECT_EQ(Scalar(rows + "(" + narrowed + ")"), "2:a2,7:c7,12:b12");
  EXPECT_EQ(Scalar(rows + "people WHERE id IN (2, 3, 7, 12, 99)"), "2:a2,7:c7,12:b12");
}

TEST_F(DatasetViewTest, WithoutKeyRowsAppendAndMissingColumnsAreNull) {
  Create("events", {Col("id", "BIGINT")}, std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  Commit("events", "SELECT i AS id FROM range(3) t(i)");
  Commit("events", "SELECT i AS id, 'x' AS tag FROM range(3) t(i)", "data",
         std::vector<Column>{Col("id", "BIGINT"), Col("tag", "VARCHAR")});
  EXPECT_EQ(Scalar("SELECT count(*) FROM events"), 6);
  EXPECT_EQ(Scalar("SELECT count(*) FROM events WHERE tag IS NULL"), 3);
}

TEST_F(DatasetViewTest, SyncDropsDeletedDatasetsAndBuildsNewOnes) {
  LH_ASSERT_OK(views_->BuildAll());
  Create("gone", {Col("id", "BIGINT")}, std::nullopt);
  Commit("gone", "SELECT 1::BIGINT AS id");
  LH_ASSERT_OK(views_->Sync());
  EXPECT_EQ(Scalar("SELECT count(*) FROM gone"), 1);
  LH_ASSERT_OK(metastore_->DeleteDataset("gone", "tester").status());
  LH_ASSERT_OK(views_->Sync());
  LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool_->Acquire(std::chrono::seconds(5)));
  EXPECT_EQ(lease->Query("SELECT * FROM gone").status().code(), StatusCode::kNotFound);
}

TEST_F(DatasetViewTest, CompactionAppliesUpsertsAndTombstonesPhysically) {
  Create("people", {Col("id", "BIGINT"), Col("name", "VARCHAR")}, std::vector<std::string>{"id"});
  LH_ASSERT_OK(views_->BuildAll());
  Commit("people", "SELECT i AS id, 'a' || i AS name FROM range(10) t(i)");
  Commit("people", "SELECT i AS id, 'b' || i AS name FROM range(5, 15) t(i)", "data", std::nullopt,
         VersionOperation::kUpsert);
  Commit("people", "SELECT '3' AS key, 'tester' AS actor, 'x' AS reason, now() AS deleted_at",
         "delete");
  const std::string digest = "SELECT string_agg(id || name, ',' ORDER BY id) FROM people";
  Json before = Scalar(digest);
  ASSERT_EQ(Scalar("SELECT count(*) FROM people"), 14);

  CommitListeners listeners;
  listeners.Add(views_.get());
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners, WorkDir());
  LH_ASSERT_OK_AND_ASSIGN(CompactionResult done, compactor.Compact("people"));
  EXPECT_TRUE(done.compacted);
  EXPECT_EQ(done.rows, 14);
  EXPECT_EQ(done.files_removed, 3);
  EXPECT_EQ(Scalar(digest), before) << "the view reads the same rows from the new base";
  LH_ASSERT_OK_AND_ASSIGN(SnapshotPin pin, metastore_->PinSnapshot("people", std::nullopt));
  ASSERT_EQ(pin.files().size(), 1u);
  EXPECT_EQ(pin.files()[0].row_count, 14) << "tombstoned and superseded rows are gone physically";
  EXPECT_EQ(metastore_->GetDataset("people")->row_count, 14);
  EXPECT_TRUE(std::filesystem::is_empty(WorkDir())) << "no staged file left behind";
}

TEST_F(DatasetViewTest, ManyFilesCompactAutomaticallyInTheBackground) {
  Create("logs", {Col("id", "BIGINT")}, std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  CommitListeners listeners;
  listeners.Add(views_.get());
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners, WorkDir());
  for (int64_t i = 0; i <= Compactor::kAutoCompactDataFiles; ++i) {
    Commit("logs", "SELECT " + std::to_string(i) + "::BIGINT AS id");
    compactor.OnCommit(metastore_->GetDataset("logs").value(), DatasetVersion{});
  }
  for (int i = 0; i < 200; ++i) {
    if (metastore_->PinSnapshot("logs", std::nullopt)->files().size() == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(metastore_->PinSnapshot("logs", std::nullopt)->files().size(), 1u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM logs"), Compactor::kAutoCompactDataFiles + 1);
}

TEST_F(DatasetViewTest, AutoCompactionThresholdIsConfigurableAndZeroTurnsItOff) {
  Create("few", {Col("id", "BIGINT")}, std::nullopt);
  Create("never", {Col("id", "BIGINT")}, std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  CommitListeners listeners;
  listeners.Add(views_.get());
  Compactor after_two(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners, WorkDir(), /*auto_compact_data_files=*/2);
  Compactor off(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                &listeners, WorkDir(), /*auto_compact_data_files=*/0);
  auto files = [&](const std::string& name) {
    return metastore_->PinSnapshot(name, std::nullopt)->files().size();
  };
  for (int64_t i = 0; i < 2; ++i) {
    Commit("few", "SELECT " + std::to_string(i) + "::BIGINT AS id");
    after_two.OnCommit(metastore_->GetDataset("few").value(), DatasetVersion{});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(files("few"), 2u) << "two files are not more than two";
  Commit("few", "SELECT 2::BIGINT AS id");
  after_two.OnCommit(metastore_->GetDataset("few").value(), DatasetVersion{});
  for (int i = 0; i < 200 && files("few") != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(files("few"), 1u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM few"), 3);

  for (int64_t i = 0; i <= Compactor::kAutoCompactDataFiles; ++i) {
    Commit("never", "SELECT " + std::to_string(i) + "::BIGINT AS id");
    off.OnCommit(metastore_->GetDataset("never").value(), DatasetVersion{});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(files("never"), static_cast<size_t>(Compactor::kAutoCompactDataFiles + 1));
}

TEST_F(DatasetViewTest, ConcurrentCompactionsOfOneDatasetRunOneAtATime) {
  Create("pairs", {Col("id", "BIGINT")}, std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  for (int i = 0; i < 4; ++i) Commit("pairs", "SELECT range AS id FROM range(100)");
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      nullptr, WorkDir());
  Result<CompactionResult> a = Internal("not run");
  Result<CompactionResult> b = Internal("not run");
  std::thread first([&] { a = compactor.Compact("pairs"); });
  std::thread second([&] { b = compactor.Compact("pairs"); });
  first.join();
  second.join();
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(a->compacted + b->compacted, 1) << "the second finds one base file and does nothing";
  EXPECT_EQ(metastore_->GetDataset("pairs")->current_version, 6);
  EXPECT_EQ(metastore_->GetDataset("pairs")->row_count, 400);
}

// "Old files removed only after readers are done": a query that started before a compaction may
// still bind the old view, so its files survive the reaper until that query ends.
TEST_F(DatasetViewTest, ReplacedViewFilesAreReapedOnlyAfterEarlierQueriesEnd) {
  Create("ledger", {Col("id", "BIGINT")}, std::nullopt);
  LH_ASSERT_OK(views_->BuildAll());
  for (int i = 0; i < 3; ++i) {
    Commit("ledger", "SELECT range AS id FROM range(" + std::to_string(i * 10) + ", " +
                         std::to_string(i * 10 + 10) + ")");
  }
  std::vector<std::string> old_files;
  {
    LH_ASSERT_OK_AND_ASSIGN(SnapshotPin pin, metastore_->PinSnapshot("ledger", std::nullopt));
    for (const DataFile& f : pin.files()) old_files.push_back(LocalPath(f.path));
  }
  ASSERT_EQ(old_files.size(), 3u);

  ViewReadLeases::Lease early = views_->BeginRead();  // may bind the three-file view
  CommitListeners listeners;
  listeners.Add(views_.get());
  Compactor compactor(metastore_.get(), catalog_.get(), buckets_.get(), views_.get(), pool_.get(),
                      &listeners, WorkDir());
  LH_ASSERT_OK_AND_ASSIGN(CompactionResult done, compactor.Compact("ledger"));
  ASSERT_TRUE(done.compacted);
  ASSERT_EQ(done.files_removed, 3);
  ViewReadLeases::Lease late = views_->BeginRead();  // can only bind the compacted view

  FileReaper reaper(*metastore_, {{"primary", store_.get()}});
  LH_ASSERT_OK_AND_ASSIGN(ReapReport held, reaper.ReapOnce());
  EXPECT_EQ(held.deleted, 0) << "an earlier query may still read the old files";
  for (const std::string& path : old_files) EXPECT_TRUE(std::filesystem::exists(path)) << path;
  EXPECT_EQ(views_->read_leases().retired_pins(), 1);
  EXPECT_EQ(Scalar("SELECT count(*) FROM ledger"), 30);

  early.Release();
  EXPECT_EQ(views_->read_leases().retired_pins(), 0);
  LH_ASSERT_OK_AND_ASSIGN(ReapReport freed, reaper.ReapOnce());
  EXPECT_EQ(freed.deleted, 3) << "a later query does not hold files it cannot see";
  for (const std::string& path : old_files) EXPECT_FALSE(std::filesystem::exists(path)) << path;
  EXPECT_EQ(Scalar("SELECT count(*) FROM ledger"), 30);
  EXPECT_EQ(views_->read_leases().active_leases(), 1);
}

TEST(ViewReadLeasesTest, RetiredPinsWaitForEveryLeaseThatStartedBeforeThem) {
  SnapshotRegistry registry;
  ViewReadLeases leases;
  auto pinned = [&] { return registry.pin_count(); };
  ViewReadLeases::Lease a = leases.Begin();
  leases.Retire(registry.Pin("d", 1, {}));  // a may have read v1
  ViewReadLeases::Lease b = leases.Begin();
  leases.Retire(registry.Pin("d", 2, {}));   // a and b may have read v2
  ViewReadLeases::Lease c = leases.Begin();  // started after both were replaced
  EXPECT_EQ(pinned(), 2);
  b.Release();
  EXPECT_EQ(pinned(), 2) << "a still needs both";
  a.Release();
  EXPECT_EQ(pinned(), 0) << "c cannot have seen either";
  leases.Retire(registry.Pin("d", 3, {}));
  EXPECT_EQ(pinned(), 1);
  ViewReadLeases::Lease moved = std::move(c);
  c.Release();  // a moved-from lease releases nothing
  EXPECT_EQ(pinned(), 1);
  moved = leases.Begin();  // assigning releases the old one (epoch before v3's retirement)
  EXPECT_EQ(pinned(), 0);
  EXPECT_EQ(leases.active_leases(), 1);
  leases.Retire(registry.Pin("d", 4, {}));
  EXPECT_EQ(pinned(), 1) << "moved started before v4 was retired: it may read v4";
  moved.Release();
  EXPECT_EQ(pinned(), 0);
}

TEST(TombstoneKeyExpressionTest, SingleAndCompositeKeys) {
  EXPECT_EQ(TombstoneKeyExpression({"id"}), "CAST(\"id\" AS VARCHAR)");
  EXPECT_EQ(TombstoneKeyExpression({"a", "b"}, "r."),
            "concat_ws(chr(31), coalesce(CAST(r.\"a\" AS VARCHAR), ''), "
            "coalesce(CAST(r.\"b\" AS VARCHAR), ''))");
}

}  // namespace
}  // namespace lakehouse
