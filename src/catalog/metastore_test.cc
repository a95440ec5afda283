#include "catalog/metastore.h"

#include <gtest/gtest.h>

#include "catalog/catalog_backend_fixture.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_json.h"
#include "catalog/catalog_service.h"
#include "catalog/catalog_test_util.h"
#include "catalog/schema_fingerprint.h"
#include "catalog/schema_migrations.h"
#include "common/ids.h"

namespace lakehouse {
namespace {

using testing::CatalogBackend;
using testing::CatalogBackendName;
using testing::FreshCatalogUrl;
using testing::InMemoryObjectStore;
using testing::MakeColumn;
using testing::MakeCreateRequest;
using testing::OpenMetastore;
using testing::TempDir;
using testing::WriteDataFile;

class MetastoreTest : public ::testing::TestWithParam<CatalogBackend> {
 protected:
  void SetUp() override {
    url_ = FreshCatalogUrl(GetParam());
    metastore_ = OpenMetastore(dir_.path(), clock_, url_);
  }
  void Restart() {
    metastore_.reset();
    metastore_ = OpenMetastore(dir_.path(), clock_, url_);
  }
  CommitRequest Append(const Dataset& d, std::vector<DataFile> files) {
    CommitRequest request;
    request.dataset_id = d.id;
    request.expected_version = d.current_version;
    request.operation = VersionOperation::kAppend;
    request.files_added = std::move(files);
    request.actor = "ingest";
    return request;
  }

  TempDir dir_;
  std::string url_;
  ManualClock clock_;
  InMemoryObjectStore store_;
  std::unique_ptr<Metastore> metastore_;
};

TEST_P(MetastoreTest, CreateGetListAndReadBackAfterRestart) {
  CreateDatasetRequest request = MakeCreateRequest("orders");
  request.tags = {"sales", "daily"};
  request.primary_key = std::vector<std::string>{"id"};
  request.lineage = Lineage{"postgres", "postgres://u:pw@db/x", "job-7", {"raw_orders"}};
  auto created = metastore_->CreateDataset(request);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_TRUE(IsValidUuid(created->id));
  EXPECT_EQ(created->current_version, 1);
  EXPECT_EQ(created->tags, (std::vector<std::string>{"daily", "sales"}));
  EXPECT_EQ(created->lineage.source_uri, "postgres://u:***@db/x");
  EXPECT_EQ(created->schema_fingerprint, SchemaFingerprint(request.columns));
  EXPECT_FALSE(created->last_ingest_at.has_value());

  auto fetched = metastore_->GetDataset("ORDERS");  // names are case-insensitive
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(*fetched, *created);

  clock_.Advance(1000);
  auto v2 = metastore_->Commit(Append(*created, {WriteDataFile(store_, created->id, 5)}));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  auto before = metastore_->GetDataset("orders");
  auto versions_before = metastore_->ListVersions("orders");
  ASSERT_TRUE(before.ok() && versions_before.ok());

  Restart();
  auto after = metastore_->GetDataset("orders");
  auto versions_after = metastore_->ListVersions("orders");
  ASSERT_TRUE(after.ok() && versions_after.ok());
  EXPECT_EQ(*after, *before);
  EXPECT_EQ(*versions_after, *versions_before);
  auto list = metastore_->ListDatasets();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0], *before);
}

TEST_P(MetastoreTest, DuplicateNameIsAlreadyExistsInAnyCase) {
  ASSERT_TRUE(metastore_->CreateDataset(MakeCreateRequest("Orders")).ok());
  auto again = metastore_->CreateDataset(MakeCreateRequest("orders"));
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  auto list = metastore_->ListDatasets();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 1u);
}

TEST_P(MetastoreTest, GetUnknownIsNotFound) {
  EXPECT_EQ(metastore_->GetDataset("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(metastore_->ListVersions("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(metastore_->UpdateMetadata("nope", {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(metastore_->DeleteDataset("nope", "x").status().code(), StatusCode::kNotFound);
}

// Issue #16 item 10: row_count counted physical rows, ignoring upserts and tombstones. A writer
// that counted the view's rows passes them; the dataset's row_count is then what a query sees.
TEST_P(MetastoreTest, CommitTakesTheLiveRowCountTheWriterCounted) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("upserted"));
  ASSERT_TRUE(d.ok());
  auto v2 = metastore_->Commit(Append(*d, {WriteDataFile(store_, d->id, 10)}));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  CommitRequest upsert =
      Append(*metastore_->GetDataset("upserted"), {WriteDataFile(store_, d->id, 4)});
  upsert.operation = VersionOperation::kUpsert;
  upsert.live_rows = 12;  // 2 of the 4 rows replaced existing keys
  auto v3 = metastore_->Commit(upsert);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ(v3->rows_added, 4) << "the version log stays physical";
  EXPECT_EQ(metastore_->GetDataset("upserted")->row_count, 12);

  CommitRequest negative =
      Append(*metastore_->GetDataset("upserted"), {WriteDataFile(store_, d->id, 1)});
  negative.live_rows = -1;
  EXPECT_EQ(metastore_->Commit(negative).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(metastore_->GetDataset("upserted")->current_version, 3);
}

TEST_P(MetastoreTest, CommitUpdatesCountsFreshnessAndChecksVersion) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("events"));
  ASSERT_TRUE(d.ok());
  DataFile a = WriteDataFile(store_, d->id, 10);
  DataFile b = WriteDataFile(store_, d->id, 20);
  clock_.Advance(5'000'000);
  auto v2 = metastore_->Commit(Append(*d, {a, b}));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->rows_added, 30);

  // A writer still based on version 1 loses.
  auto stale = metastore_->Commit(Append(*d, {WriteDataFile(store_, d->id, 1)}));
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);

  auto now = metastore_->GetDataset("events");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->current_version, 2);
  EXPECT_EQ(now->row_count, 30);
  EXPECT_EQ(now->size_bytes, a.size_bytes + b.size_bytes);
  EXPECT_EQ(now->last_ingest_at, clock_.NowMicros());
  EXPECT_EQ(now->updated_at, clock_.NowMicros());

  // Compact: rows must balance.
  CommitRequest compact;
  compact.dataset_id = d->id;
  compact.expected_version = 2;
  compact.operation = VersionOperation::kCompact;
  compact.files_removed = {a.path, b.path};
  compact.files_added = {WriteDataFile(store_, d->id, 29)};
  EXPECT_EQ(metastore_->Commit(compact).status().code(), StatusCode::kInvalidArgument);
  compact.files_added = {WriteDataFile(store_, d->id, 30)};
  auto v3 = metastore_->Commit(compact);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ(v3->rows_removed, 30);
  EXPECT_EQ(v3->files_removed.size(), 2u);

  // Replace removes every live file.
  CommitRequest replace;
  replace.dataset_id = d->id;
  replace.expected_version = 3;
  replace.operation = VersionOperation::kReplace;
  replace.files_added = {WriteDataFile(store_, d->id, 7)};
  auto v4 = metastore_->Commit(replace);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->rows_removed, 30);
  EXPECT_EQ(metastore_->GetDataset("events")->row_count, 7);

  auto versions = metastore_->ListVersions("events");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 4u);
  EXPECT_EQ((*versions)[0].operation, VersionOperation::kCreate);
  EXPECT_EQ((*versions)[1], *v2);
  EXPECT_EQ((*versions)[2], *v3);
  EXPECT_EQ((*versions)[3], *v4);
}

TEST_P(MetastoreTest, CommitRejectsInvalidRequests) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("t"));
  ASSERT_TRUE(d.ok());
  CommitRequest outside = Append(*d, {DataFile{"elsewhere/x.parquet", "primary", 1, 1}});
  EXPECT_EQ(metastore_->Commit(outside).status().code(), StatusCode::kInvalidArgument);
  CommitRequest create = Append(*d, {});
  create.operation = VersionOperation::kCreate;
  EXPECT_EQ(metastore_->Commit(create).status().code(), StatusCode::kInvalidArgument);
  CommitRequest remove_unknown = Append(*d, {});
  remove_unknown.operation = VersionOperation::kDelete;
  remove_unknown.files_removed = {"datasets/" + d->id + "/ghost.parquet"};
  EXPECT_EQ(metastore_->Commit(remove_unknown).status().code(), StatusCode::kInvalidArgument);
  DataFile f = WriteDataFile(store_, d->id, 3);
  ASSERT_TRUE(metastore_->Commit(Append(*d, {f})).ok());
  CommitRequest again = Append(*d, {f});
  again.expected_version = 2;
  EXPECT_EQ(metastore_->Commit(again).status().code(), StatusCode::kAlreadyExists);
  CommitRequest missing = Append(*d, {});
  missing.dataset_id = "00000000-0000-4000-8000-000000000000";
  EXPECT_EQ(metastore_->Commit(missing).status().code(), StatusCode::kNotFound);
  // Nothing of the failed commits is visible.
  EXPECT_EQ(metastore_->GetDataset("t")->current_version, 2);
  EXPECT_EQ(metastore_->ListVersions("t")->size(), 2u);
}

TEST_P(MetastoreTest, SchemaChangeCarriesMetadataAndRecordsDiff) {
  CreateDatasetRequest request = MakeCreateRequest("people");
  request.columns[1].description = "money";
  request.primary_key = std::vector<std::string>{"id"};
  auto d = metastore_->CreateDataset(request);
  ASSERT_TRUE(d.ok());
  CommitRequest commit = Append(*d, {WriteDataFile(store_, d->id, 1)});
  commit.columns = std::vector<Column>{MakeColumn("id", "BIGINT"), MakeColumn("amount", "DECIMAL"),
                                       MakeColumn("email", "VARCHAR")};
  auto v2 = metastore_->Commit(commit);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  const Json& diff = v2->detail["schema_diff"];
  EXPECT_EQ(diff["added"][0]["name"], "email");
  EXPECT_EQ(diff["type_changed"][0]["to"], "DECIMAL");
  auto now = metastore_->GetDataset("people");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->columns.size(), 3u);
  EXPECT_EQ(now->columns[1].description, "money");
  EXPECT_EQ(now->schema_fingerprint, SchemaFingerprint(*commit.columns));
  EXPECT_NE(now->schema_fingerprint, d->schema_fingerprint);

  CommitRequest drop_key = Append(*now, {});
  drop_key.columns = std::vector<Column>{MakeColumn("amount", "DECIMAL")};
  EXPECT_EQ(metastore_->Commit(drop_key).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(MetastoreTest, UpdateMetadataPatchesFieldsTagsAndColumns) {
  CreateDatasetRequest request = MakeCreateRequest("staff");
  request.tags = {"hr", "old"};
  Column ssn = MakeColumn("ssn", "VARCHAR");
  ssn.pii = PiiTag{PiiKind::kSsn, 0.6};
  request.columns.push_back(ssn);
  auto d = metastore_->CreateDataset(request);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->EffectiveSensitivity(), Sensitivity::kRestricted);

  MetadataPatch patch;
  patch.owner = "people-ops";
  patch.sensitivity = Sensitivity::kPublic;
  patch.add_tags = {"pii"};
  patch.remove_tags = {"old"};
  patch.columns["SSN"] =
      ColumnMetadataPatch{"tax id", std::optional<Sensitivity>(Sensitivity::kInternal)};
  clock_.Advance(77);
  auto patched = metastore_->UpdateMetadata("staff", patch);
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->owner, "people-ops");
  EXPECT_EQ(patched->tags, (std::vector<std::string>{"hr", "pii"}));
  EXPECT_EQ(patched->columns[2].description, "tax id");
  EXPECT_EQ(patched->EffectiveSensitivity(), Sensitivity::kInternal);
  EXPECT_EQ(patched->updated_at, clock_.NowMicros());
  EXPECT_EQ(patched->current_version, 1);  // metadata is not a data version
  Restart();
  EXPECT_EQ(*metastore_->GetDataset("staff"), *patched);

  MetadataPatch clear;
  clear.columns["ssn"] = ColumnMetadataPatch{std::nullopt, std::optional<Sensitivity>()};
  auto cleared = metastore_->UpdateMetadata("staff", clear);
  ASSERT_TRUE(cleared.ok());
  EXPECT_EQ(cleared->EffectiveSensitivity(), Sensitivity::kRestricted);  // detection again

  MetadataPatch unknown;
  unknown.columns["nope"] = ColumnMetadataPatch{"x", std::nullopt};
  EXPECT_EQ(metastore_->UpdateMetadata("staff", unknown).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_P(MetastoreTest, DeleteFilesKeepTheirKindAndVersionAndCarryNoRows) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("kinds"));
  ASSERT_TRUE(d.ok());
  DataFile data = WriteDataFile(store_, d->id, 10);
  DataFile tombstones = WriteDataFile(store_, d->id, 3);
  tombstones.kind = "delete";
  auto v2 = metastore_->Commit(Append(*d, {data}));
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(v2->files_added[0].version_added, 2);
  CommitRequest deletes = Append(*d, {tombstones});
  deletes.expected_version = 2;
  auto v3 = metastore_->Commit(deletes);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ(v3->rows_added, 0) << "tombstones are not rows";

  Restart();
  auto pin = metastore_->PinSnapshot("kinds", std::nullopt);
  ASSERT_TRUE(pin.ok());
  ASSERT_EQ(pin->files().size(), 2u);
  EXPECT_EQ(pin->files()[0].kind, "data");
  EXPECT_EQ(pin->files()[0].version_added, 2);
  EXPECT_EQ(pin->files()[1].kind, "delete");
  EXPECT_EQ(pin->files()[1].version_added, 3);
  EXPECT_EQ(metastore_->GetDataset("kinds")->row_count, 10);
  auto versions = metastore_->ListVersions("kinds");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->back().files_added[0].kind, "delete");

  // A compaction that applies tombstones may shrink the rows, never grow them.
  CommitRequest compact;
  compact.dataset_id = d->id;
  compact.expected_version = 3;
  compact.operation = VersionOperation::kCompact;
  compact.files_removed = {data.path, tombstones.path};
  compact.files_added = {WriteDataFile(store_, d->id, 11)};
  EXPECT_EQ(metastore_->Commit(compact).status().code(), StatusCode::kInvalidArgument);
  compact.files_added = {WriteDataFile(store_, d->id, 7)};
  auto v4 = metastore_->Commit(compact);
  ASSERT_TRUE(v4.ok()) << v4.status().ToString();
  EXPECT_EQ(metastore_->GetDataset("kinds")->row_count, 7);

  DataFile odd = WriteDataFile(store_, d->id, 1);
  odd.kind = "index";
  CommitRequest bad = Append(*d, {odd});
  bad.expected_version = 4;
  EXPECT_EQ(metastore_->Commit(bad).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(MetastoreTest, DeleteTombstonesAndFreesTheName) {
  auto d = metastore_->CreateDataset(MakeCreateRequest("tmp"));
  ASSERT_TRUE(d.ok());
  DataFile f = WriteDataFile(store_, d->id, 4);
  ASSERT_TRUE(metastore_->Commit(Append(*d, {f})).ok());
  f.version_added = 2;
  auto deleted = metastore_->DeleteDataset("tmp", "admin");
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_EQ(deleted->version, 3);
  EXPECT_EQ(deleted->operation, VersionOperation::kDelete);
  EXPECT_EQ(deleted->files_removed, std::vector<DataFile>{f});
  EXPECT_EQ(metastore_->GetDataset("tmp").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(metastore_->Commit(Append(*d, {})).status().code(), StatusCode::kNotFound);
  auto recreated = metastore_->CreateDataset(MakeCreateRequest("tmp"));
  ASSERT_TRUE(recreated.ok());
  EXPECT_NE(recreated->id, d->id);
  EXPECT_EQ(metastore_->ListVersions("tmp")->size(), 1u);
}

TEST_P(MetastoreTest, StatsCountLiveDatasets) {
  CreateDatasetRequest a = MakeCreateRequest("a");
  a.sensitivity = Sensitivity::kPublic;
  auto da = metastore_->CreateDataset(a);
  CreateDatasetRequest b = MakeCreateRequest("b");
  Column card = MakeColumn("card", "VARCHAR");
  card.pii = PiiTag{PiiKind::kCreditCard, 0.9};
  b.columns.push_back(card);
  auto db = metastore_->CreateDataset(b);
  ASSERT_TRUE(da.ok() && db.ok());
  ASSERT_TRUE(metastore_->Commit(Append(*da, {WriteDataFile(store_, da->id, 10)})).ok());
  ASSERT_TRUE(metastore_->CreateDataset(MakeCreateRequest("c")).ok());
  ASSERT_TRUE(metastore_->DeleteDataset("c", "x").ok());
  auto stats = metastore_->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->dataset_count, 2);
  EXPECT_EQ(stats->total_rows, 10);
  EXPECT_EQ(stats->total_bytes, 18);
  EXPECT_EQ(stats->version_count, 3);
  EXPECT_EQ(stats->live_file_count, 1);
  EXPECT_EQ(stats->by_sensitivity.at(Sensitivity::kPublic), 1);
  EXPECT_EQ(stats->by_sensitivity.at(Sensitivity::kRestricted), 1);
  EXPECT_EQ(stats->by_sensitivity.at(Sensitivity::kInternal), 0);
}

TEST_P(MetastoreTest, ServiceDetectsPiiOnCreateAndCommit) {
  PiiDetector detector;
  CatalogService service(*metastore_, detector);
  CreateDatasetRequest request = MakeCreateRequest("customers");
  request.sensitivity = Sensitivity::kPublic;
  request.columns.push_back(MakeColumn("customer_email", "VARCHAR"));
  request.columns.push_back(MakeColumn("notes", "VARCHAR"));
  auto d = service.CreateDataset(request);
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE(d->columns[2].pii.has_value());
  EXPECT_EQ(d->columns[2].pii->kind, PiiKind::kEmail);
  EXPECT_EQ(d->EffectiveSensitivity(), Sensitivity::kConfidential);

  CommitRequest commit = Append(*d, {WriteDataFile(store_, d->id, 3)});
  ColumnSamples samples = {{"notes", {"123-45-6789", "234-56-7890", "345-67-8901"}}};
  auto v2 = service.Commit(commit, samples);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  auto now = service.GetDataset("customers");
  ASSERT_TRUE(now.ok());
  ASSERT_TRUE(now->columns[3].pii.has_value());
  EXPECT_EQ(now->columns[3].pii->kind, PiiKind::kSsn);
  EXPECT_EQ(DatasetToJson(*now)["sensitivity"], "restricted");
  auto stats = service.Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->by_sensitivity.at(Sensitivity::kRestricted), 1);
}

// Dedup hashes and high-water marks are typed commit fields kept in their own tables: read back
// since the last replace, and still shown in the version's detail as before.
TEST_P(MetastoreTest, IngestMarksAreReadBackSinceTheLastReplace) {
  Result<Dataset> d = metastore_->CreateDataset(MakeCreateRequest("marks"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto commit = [&](VersionOperation op, std::vector<std::string> hashes,
                    std::optional<HighWaterMark> mark) {
    Result<Dataset> now = metastore_->GetDataset("marks");
    CommitRequest request = Append(*now, {});
    request.operation = op;
    request.input_sha256 = std::move(hashes);
    request.high_water_mark = std::move(mark);
    Result<DatasetVersion> v = metastore_->Commit(request);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return v.ok() ? v->detail : Json();
  };
  Json detail = commit(VersionOperation::kAppend, {"a", "b"}, HighWaterMark{"ts", "3"});
  EXPECT_EQ(detail["input_sha256"], Json::array({"a", "b"}));
  EXPECT_EQ(detail["incremental"], Json({{"column", "ts"}, {"high_water_mark", "3"}}));
  commit(VersionOperation::kAppend, {"b", "c"}, HighWaterMark{"ts", "5"});
  EXPECT_EQ(*metastore_->IngestedHashes("marks"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(*metastore_->LatestHighWaterMark("marks", "ts"), "5");
  EXPECT_EQ(*metastore_->LatestHighWaterMark("marks", "id"), std::nullopt);

  commit(VersionOperation::kReplace, {"d"}, std::nullopt);
  EXPECT_EQ(*metastore_->IngestedHashes("marks"), std::vector<std::string>{"d"});
  EXPECT_EQ(*metastore_->LatestHighWaterMark("marks", "ts"), std::nullopt) << "reset by replace";
  commit(VersionOperation::kAppend, {}, HighWaterMark{"ts", "9"});
  Restart();
  EXPECT_EQ(*metastore_->LatestHighWaterMark("marks", "ts"), "9");
  EXPECT_EQ(metastore_->IngestedHashes("nope").status().code(), StatusCode::kNotFound);

  Result<Dataset> now = metastore_->GetDataset("marks");
  CommitRequest unnamed = Append(*now, {});
  unnamed.high_water_mark = HighWaterMark{"", "10"};
  EXPECT_EQ(metastore_->Commit(unnamed).status().code(), StatusCode::kInvalidArgument);
}

// A catalog written before schema 5 kept dedup hashes and high-water marks only in the version
// detail; migrating it moves them into the new tables, so dedup and incremental pulls carry on.
TEST_P(MetastoreTest, AnOldCatalogMigratesItsDedupHashesAndHighWaterMarks) {
  if (GetParam() == CatalogBackend::kPostgres) {
    GTEST_SKIP() << "back-fills a SQLite catalog written by an older binary";
  }
  Result<Dataset> d = metastore_->CreateDataset(MakeCreateRequest("old"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  auto old_commit = [&](VersionOperation op, Json detail) {
    Result<Dataset> now = metastore_->GetDataset("old");
    CommitRequest request = Append(*now, {});
    request.operation = op;
    request.detail = std::move(detail);  // as schema-4 binaries wrote it
    ASSERT_TRUE(metastore_->Commit(request).ok());
  };
  old_commit(VersionOperation::kAppend,
             {{"mode", "append"},
              {"input_sha256", {"h1", "h2"}},
              {"incremental", {{"column", "ts"}, {"high_water_mark", "2024-01-01 00:50:00+00"}}}});
  old_commit(VersionOperation::kAppend, {{"mode", "append"}, {"input_sha256", {"h3", 7}}});
  old_commit(VersionOperation::kAppend, {{"input_sha256", "not-an-array"}});
  old_commit(VersionOperation::kAppend,
             {{"incremental", {{"column", "id"}, {"high_water_mark", "12"}}}});
  metastore_.reset();
  {  // Back to schema 4: what an older binary left behind.
    Result<CatalogDb> db =
        CatalogDb::OpenSqlite(Metastore::DatabasePath(dir_.path()), SqliteOpenOptions{});
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    // Step 11 (store_migrations) came later still: undo it too.
    ASSERT_TRUE(db->Execute("DROP TABLE dataset_input_hashes; DROP TABLE dataset_high_water_marks;"
                            "DROP TABLE store_migrations;"
                            "DELETE FROM schema_migrations WHERE version >= 5")
                    .ok());
    ASSERT_TRUE(db->SetUserVersion(4).ok());
  }
  metastore_ = OpenMetastore(dir_.path(), clock_, url_);
  ASSERT_NE(metastore_, nullptr);
  EXPECT_EQ(*metastore_->IngestedHashes("old"), (std::vector<std::string>{"h1", "h2", "h3"}));
  EXPECT_EQ(*metastore_->LatestHighWaterMark("old", "ts"), "2024-01-01 00:50:00+00");
  EXPECT_EQ(*metastore_->LatestHighWaterMark("old", "id"), "12");
  Result<std::vector<DatasetVersion>> versions = metastore_->ListVersions("old");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ((*versions)[1].detail["input_sha256"], Json::array({"h1", "h2"})) << "detail kept";
}

INSTANTIATE_TEST_SUITE_P(Backends, MetastoreTest, testing::kCatalogBackends, CatalogBackendName);

}  // namespace
}  // namespace lakehouse
