#include "catalog/catalog_json.h"

#include <gtest/gtest.h>

#include <set>

#include "catalog/catalog_test_util.h"

namespace lakehouse {
namespace {

std::set<std::string> Keys(const Json& obj) {
  std::set<std::string> keys;
  for (auto it = obj.begin(); it != obj.end(); ++it) keys.insert(it.key());
  return keys;
}

Dataset SampleDataset() {
  Dataset d;
  d.id = "3f2b0c1e-0000-4000-8000-000000000001";
  d.name = "people";
  d.declared_sensitivity = Sensitivity::kPublic;
  d.tags = {"hr"};
  Column email = testing::MakeColumn("email", "VARCHAR");
  email.pii = PiiTag{PiiKind::kEmail, 0.6};
  d.columns = {testing::MakeColumn("id", "BIGINT"), email};
  d.created_at = d.updated_at = 1'700'000'000'000'000;
  d.bucket = "primary";
  d.current_version = 3;
  return d;
}

TEST(CatalogJsonTest, DatasetHasExactlyTheContractFields) {
  Json json = DatasetToJson(SampleDataset());
  EXPECT_EQ(Keys(json),
            (std::set<std::string>{
                "id", "name", "description", "owner", "sensitivity", "tags", "columns", "lineage",
                "created_at", "updated_at", "last_ingest_at", "row_count", "size_bytes",
                "schema_fingerprint", "bucket", "primary_key", "current_version"}));
  EXPECT_EQ(json["sensitivity"], "confidential");  // raised by the email column
  EXPECT_TRUE(json["last_ingest_at"].is_null());
  EXPECT_TRUE(json["primary_key"].is_null());
  EXPECT_EQ(json["created_at"], "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(json["current_version"], 3);
  EXPECT_EQ(Keys(json["lineage"]), (std::set<std::string>{"source_system", "source_uri",
                                                          "ingest_job_id", "parent_datasets"}));
}

TEST(CatalogJsonTest, ColumnShape) {
  Json json = DatasetToJson(SampleDataset());
  const Json& id = json["columns"][0];
  EXPECT_EQ(Keys(id), (std::set<std::string>{"name", "type", "nullable", "description",
                                             "sensitivity", "pii"}));
  EXPECT_TRUE(id["pii"].is_null());
  EXPECT_EQ(id["sensitivity"], "public");
  const Json& email = json["columns"][1];
  EXPECT_EQ(email["pii"]["kind"], "email");
  EXPECT_DOUBLE_EQ(email["pii"]["confidence"].get<double>(), 0.6);
  EXPECT_EQ(email["sensitivity"], "confidential");
}

TEST(CatalogJsonTest, OverrideLowersColumnButDeclaredFloorStays) {
  Dataset d = SampleDataset();
  d.columns[1].sensitivity_override = Sensitivity::kPublic;
  d.declared_sensitivity = Sensitivity::kInternal;
  Json json = DatasetToJson(d);
  EXPECT_EQ(json["columns"][1]["sensitivity"], "public");
  EXPECT_EQ(json["sensitivity"], "internal");
}

TEST(CatalogJsonTest, ListsVersionsAndStats) {
  EXPECT_EQ(DatasetListToJson({SampleDataset()})["datasets"].size(), 1u);
  DatasetVersion v;
  v.version = 2;
  v.operation = VersionOperation::kAppend;
  v.files_added = {DataFile{"datasets/x/a.parquet", "primary", 10, 100}};
  v.rows_added = 10;
  Json versions = VersionListToJson({v});
  const Json& first = versions["versions"][0];
  EXPECT_EQ(first["operation"], "append");
  EXPECT_EQ(first["files_added"][0]["row_count"], 10);
  EXPECT_TRUE(first["files_removed"].is_array());
  EXPECT_TRUE(first["detail"].is_null());

  CatalogStats stats;
  stats.dataset_count = 2;
  stats.by_sensitivity[Sensitivity::kRestricted] = 2;
  Json s = CatalogStatsToJson(stats);
  EXPECT_EQ(s["datasets"], 2);
  EXPECT_EQ(s["by_sensitivity"]["restricted"], 2);
  EXPECT_EQ(s["by_sensitivity"]["public"], 0);
}

}  // namespace
}  // namespace lakehouse
