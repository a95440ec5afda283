// Integration: registering existing Parquet objects, resyncing tampered manifests, and
// Metastore::ApplyResync's transaction rules — real buckets, real metastore, real Parquet.
#include "table/resync_service.h"

#include <gtest/gtest.h>

#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

class ResyncServiceTest : public TableTest {
 protected:
  // A dataset over two existing objects: 300 rows (id, email) and 200 rows (id, email, score).
  Dataset RegisterEvents(const std::string& name = "events") {
    WriteParquet("landing/" + name + "/part-1.parquet",
                 "SELECT i AS id, 'u' || i || '@example.com' AS email FROM range(300) t(i)");
    WriteParquet("landing/" + name + "/part-2.parquet",
                 "SELECT i AS id, 'u' || i || '@example.com' AS email, i * 1.5::DOUBLE AS score "
                 "FROM range(200) t(i)");
    CreateDatasetRequest request;
    request.name = name;
    request.owner = "data-team";
    request.actor = "tester";
    Result<Dataset> dataset =
        resync_->RegisterWithFiles(request, {{"primary", "landing/" + name + "/part-1.parquet"},
                                             {"primary", "landing/" + name + "/part-2.parquet"}});
    EXPECT_TRUE(dataset.ok()) << dataset.status().ToString();
    return dataset.value_or(Dataset{});
  }

  std::vector<DataFile> LiveFiles(const std::string& name) {
    Result<SnapshotPin> pin = metastore_->PinSnapshot(name, std::nullopt);
    EXPECT_TRUE(pin.ok()) << pin.status().ToString();
    return pin.ok() ? pin->files() : std::vector<DataFile>{};
  }

  Dataset Get(const std::string& name) {
    Result<Dataset> dataset = metastore_->GetDataset(name);
    EXPECT_TRUE(dataset.ok()) << dataset.status().ToString();
    return dataset.value_or(Dataset{});
  }
};

TEST_F(ResyncServiceTest, RegisterWithFilesTakesFactsFromFooters) {
  Dataset d = RegisterEvents();
  EXPECT_EQ(d.row_count, 500);
  EXPECT_EQ(d.size_bytes,
            FileSize("landing/events/part-1.parquet") + FileSize("landing/events/part-2.parquet"));
  ASSERT_EQ(d.columns.size(), 3u);
  EXPECT_EQ(d.columns[0].name, "id");
  EXPECT_EQ(d.columns[0].type, "BIGINT");
  EXPECT_EQ(d.columns[1].name, "email");
  ASSERT_TRUE(d.columns[1].pii.has_value()) << "name-based PII detection runs on register";
  EXPECT_EQ(d.columns[1].pii->kind, PiiKind::kEmail);
  EXPECT_EQ(d.columns[2].name, "score");
  EXPECT_EQ(d.columns[2].type, "DOUBLE");
  EXPECT_EQ(d.current_version, 1);

  std::vector<DataFile> files = LiveFiles("events");
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], (DataFile{"landing/events/part-1.parquet", "primary", 300,
                                FileSize("landing/events/part-1.parquet"), "data", 1}));
  EXPECT_EQ(files[1].row_count, 200);
  EXPECT_EQ(Get("events"), d);
}

TEST_F(ResyncServiceTest, RegisterWithFilesKeepsColumnsTheClientGave) {
  WriteParquet("landing/one.parquet", "SELECT 7 AS id");
  CreateDatasetRequest request;
  request.name = "given";
  Column id;
  id.name = "id";
  id.type = "INTEGER";
  id.description = "from the client";
  request.columns = {id};
  LH_ASSERT_OK_AND_ASSIGN(
      Dataset d, resync_->RegisterWithFiles(request, {{"primary", "landing/one.parquet"}}));
  ASSERT_EQ(d.columns.size(), 1u);
  EXPECT_EQ(d.columns[0].description, "from the client");
  EXPECT_EQ(d.row_count, 1);
}

TEST_F(ResyncServiceTest, RegisterWithFilesRejectsBadObjects) {
  WriteParquet("landing/good.parquet", "SELECT 1 AS id");
  LH_ASSERT_OK(store_->Put("landing/readme.txt", "this is not a parquet file at all"));
  CreateDatasetRequest request;
  request.name = "bad";

  Result<Dataset> not_parquet = resync_->RegisterWithFiles(
      request, {{"primary", "landing/good.parquet"}, {"primary", "landing/readme.txt"}});
  ASSERT_EQ(not_parquet.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(not_parquet.status().message().find("primary:landing/readme.txt"), std::string::npos)
      << not_parquet.status().ToString();
  EXPECT_EQ(not_parquet.status().message().find(data_dir_), std::string::npos)
      << "server paths must not leak: " << not_parquet.status().ToString();

  EXPECT_EQ(
      resync_->RegisterWithFiles(request, {{"primary", "landing/none.parquet"}}).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(
      resync_->RegisterWithFiles(request, {{"nosuch", "landing/good.parquet"}}).status().code(),
      StatusCode::kNotFound);
  EXPECT_EQ(resync_->RegisterWithFiles(request, {{"primary", "../etc/passwd"}}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(resync_
                ->RegisterWithFiles(request, {{"primary", "landing/good.parquet"},
                                              {"primary", "landing//good.parquet"}})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  WriteParquet("datasets/x/y.parquet", "SELECT 1 AS id");
  EXPECT_EQ(
      resync_->RegisterWithFiles(request, {{"primary", "datasets/x/y.parquet"}}).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(metastore_->GetDataset("bad").status().code(), StatusCode::kNotFound);
}

TEST_F(ResyncServiceTest, ResyncRepairsTamperedFactsWithoutANewVersion) {
  Dataset registered = RegisterEvents();
  MetadataPatch patch;
  patch.columns["id"].description = "event id";
  LH_ASSERT_OK(metastore_->UpdateMetadata("events", patch));
  TamperCatalog(
      "UPDATE data_files SET row_count = 1, size_bytes = 2 "
      "WHERE path = 'landing/events/part-2.parquet';"
      "UPDATE datasets SET row_count = 42, size_bytes = 43, schema_fingerprint = 'x';"
      "UPDATE dataset_columns SET type = 'VARCHAR' WHERE name = 'id';"
      "DELETE FROM dataset_columns WHERE name = 'score';");
  clock_.Advance(1'000'000);

  LH_ASSERT_OK_AND_ASSIGN(ResyncReport report, resync_->ResyncDataset("events"));
  EXPECT_EQ(report.dataset, "events");
  EXPECT_TRUE(report.changed);
  EXPECT_EQ(report.row_count_before, 42);
  EXPECT_EQ(report.row_count_after, 500);
  EXPECT_EQ(report.size_bytes_before, 43);
  EXPECT_EQ(report.size_bytes_after, registered.size_bytes);
  EXPECT_TRUE(report.columns_changed);
  EXPECT_EQ(report.files_checked, 2);
  EXPECT_EQ(report.ToJson(), Json::parse(R"({"dataset":"events","changed":true,
      "row_count_before":42,"row_count_after":500,"size_bytes_before":43,
      "size_bytes_after":)" + std::to_string(registered.size_bytes) +
                                         R"(,"columns_changed":true,"files_checked":2})"));

  Dataset fixed = Get("events");
  EXPECT_EQ(fixed.row_count, 500);
  EXPECT_EQ(fixed.size_bytes, registered.size_bytes);
  EXPECT_EQ(fixed.schema_fingerprint, registered.schema_fingerprint);
  ASSERT_EQ(fixed.columns.size(), 3u);
  EXPECT_EQ(fixed.columns[0].type, "BIGINT");
  EXPECT_EQ(fixed.columns[0].description, "event id") << "metadata of kept columns survives";
  EXPECT_EQ(fixed.columns[1].pii, (PiiTag{PiiKind::kEmail, 1.0}))
      << "reclassified from values (registration had the name only: "
      << registered.columns[1].pii->confidence << ")";
  EXPECT_EQ(fixed.current_version, 1);
  EXPECT_EQ(fixed.updated_at, clock_.NowMicros());
  EXPECT_EQ(LiveFiles("events")[1].row_count, 200);
  EXPECT_EQ(metastore_->ListVersions("events")->size(), 1u);

  clock_.Advance(1'000'000);
  LH_ASSERT_OK_AND_ASSIGN(ResyncReport again, resync_->ResyncDataset("events"));
  EXPECT_FALSE(again.changed);
  EXPECT_FALSE(again.columns_changed);
  EXPECT_EQ(again.row_count_before, 500);
  EXPECT_EQ(again.row_count_after, 500);
  EXPECT_EQ(Get("events").updated_at, fixed.updated_at) << "an unchanged resync writes nothing";
}

TEST_F(ResyncServiceTest, ResyncReclassifiesPiiFromTheValues) {
  // Registered over existing objects, a dataset is classified by column names only; a mail
  // export's "sender" and "body" say nothing by name.
  WriteParquet("landing/mail/part-1.parquet",
               "SELECT i AS id, 'Person ' || i || ' <person.' || i || '@example.com>' AS sender, "
               "CASE WHEN i % 2 = 0 THEN 'Thanks, call me at (713) 853-' || (1000 + i)::VARCHAR "
               "|| ' tomorrow.' ELSE 'See you at the meeting.' END AS body FROM range(50) t(i)");
  CreateDatasetRequest request;
  request.name = "mail";
  LH_ASSERT_OK_AND_ASSIGN(
      Dataset registered,
      resync_->RegisterWithFiles(request, {{"primary", "landing/mail/part-1.parquet"}}));
  ASSERT_EQ(registered.columns.size(), 3u);
  EXPECT_FALSE(registered.columns[1].pii.has_value());
  EXPECT_FALSE(registered.columns[2].pii.has_value());

  LH_ASSERT_OK_AND_ASSIGN(ResyncReport report, resync_->ResyncDataset("mail"));
  EXPECT_TRUE(report.changed);
  EXPECT_TRUE(report.columns_changed);
  Dataset after = Get("mail");
  EXPECT_EQ(after.columns[1].pii, (PiiTag{PiiKind::kEmail, 1.0})) << "'Name <address>' values";
  EXPECT_EQ(after.columns[2].pii, (PiiTag{PiiKind::kPhone, 0.75})) << "half the bodies";
  EXPECT_FALSE(after.columns[0].pii.has_value());
  EXPECT_EQ(after.current_version, registered.current_version) << "no new version";
}

TEST_F(ResyncServiceTest, ResyncOfUnknownDatasetIsNotFound) {
  EXPECT_EQ(resync_->ResyncDataset("nope").status().code(), StatusCode::kNotFound);
}

TEST_F(ResyncServiceTest, MissingLiveFileIsDataLossNamingIt) {
  RegisterEvents();
  LH_ASSERT_OK(store_->Delete("landing/events/part-2.parquet"));
  Result<ResyncReport> report = resync_->ResyncDataset("events");
  ASSERT_EQ(report.status().code(), StatusCode::kDataLoss) << report.status().ToString();
  EXPECT_NE(report.status().message().find("landing/events/part-2.parquet"), std::string::npos)
      << report.status().ToString();
}

TEST_F(ResyncServiceTest, ResyncMissingPicksOnlyIncompleteDatasets) {
  RegisterEvents("complete");
  RegisterEvents("zero_rows");
  RegisterEvents("no_columns");
  TamperCatalog(
      "UPDATE data_files SET row_count = 0 WHERE path LIKE 'landing/zero_rows/%';"
      "DELETE FROM dataset_columns WHERE dataset_id = "
      "(SELECT id FROM datasets WHERE name = 'no_columns');");
  CreateDatasetRequest empty;
  empty.name = "empty";
  LH_ASSERT_OK(catalog_->CreateDataset(empty));

  LH_ASSERT_OK_AND_ASSIGN(std::vector<ResyncReport> reports, resync_->ResyncMissing());
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].dataset, "no_columns");
  EXPECT_TRUE(reports[0].columns_changed);
  EXPECT_EQ(reports[1].dataset, "zero_rows");
  EXPECT_TRUE(reports[1].changed);
  EXPECT_EQ(Get("zero_rows").row_count, 500);
  EXPECT_EQ(Get("no_columns").columns.size(), 3u);

  LH_ASSERT_OK_AND_ASSIGN(std::vector<ResyncReport> none, resync_->ResyncMissing());
  EXPECT_TRUE(none.empty());
}

TEST_F(ResyncServiceTest, ApplyResyncWithStaleVersionConflictsAndChangesNothing) {
  RegisterEvents();
  TamperCatalog("UPDATE datasets SET row_count = 7;");
  Dataset before = Get("events");
  std::vector<DataFile> files = LiveFiles("events");
  files[0].row_count = 999;
  clock_.Advance(1'000'000);
  Result<Dataset> stale =
      metastore_->ApplyResync(before.id, before.current_version + 1, files, before.columns);
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict) << stale.status().ToString();
  EXPECT_EQ(Get("events"), before);
  EXPECT_EQ(LiveFiles("events")[0].row_count, 300);
}

TEST_F(ResyncServiceTest, ApplyResyncRejectsFilesThatAreNotLive) {
  Dataset d = RegisterEvents();
  Result<Dataset> result = metastore_->ApplyResync(
      d.id, d.current_version, {DataFile{"landing/other.parquet", "primary", 1, 1}}, d.columns);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << result.status().ToString();
  EXPECT_EQ(metastore_->ApplyResync("no-such-id", 1, {}, {}).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
