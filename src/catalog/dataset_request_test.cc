#include "catalog/dataset_request.h"

#include <gtest/gtest.h>

#include "catalog/dataset_validation.h"

namespace lakehouse {
namespace {

Json Body(const char* text) { return *ParseJson(text); }

void ExpectInvalid(const char* body, const std::string& mentions) {
  auto parsed = ParseCreateDatasetRequest(Body(body));
  ASSERT_FALSE(parsed.ok()) << body;
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parsed.status().message().find(mentions), std::string::npos)
      << parsed.status().message();
}

TEST(DatasetRequestTest, ParsesFullCreateRequest) {
  auto parsed = ParseCreateDatasetRequest(Body(R"({
    "name": "orders", "description": "all orders", "owner": "sales",
    "sensitivity": "confidential", "tags": ["Finance", "daily", "finance"], "bucket": "hot",
    "primary_key": ["id"],
    "columns": [{"name": "id", "type": "BIGINT", "nullable": false},
                {"name": "note", "type": "VARCHAR", "description": "free text",
                 "sensitivity": "restricted"}],
    "lineage": {"source_system": "postgres", "source_uri": "postgres://u:pw@db/sales",
                "ingest_job_id": "job-1", "parent_datasets": ["raw_orders"]}})"));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->name, "orders");
  EXPECT_EQ(parsed->sensitivity, Sensitivity::kConfidential);
  EXPECT_EQ(parsed->tags, (std::vector<std::string>{"daily", "finance"}));
  EXPECT_EQ(parsed->bucket, "hot");
  ASSERT_EQ(parsed->columns.size(), 2u);
  EXPECT_FALSE(parsed->columns[0].nullable);
  EXPECT_EQ(parsed->columns[1].sensitivity_override, Sensitivity::kRestricted);
  EXPECT_EQ(parsed->lineage.source_uri, "postgres://u:***@db/sales");
  EXPECT_EQ(parsed->lineage.parent_datasets, std::vector<std::string>{"raw_orders"});
  EXPECT_EQ(parsed->primary_key, std::vector<std::string>{"id"});
}

TEST(DatasetRequestTest, Defaults) {
  auto parsed = ParseCreateDatasetRequest(Body(R"({"name": "t"})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->sensitivity, Sensitivity::kInternal);
  EXPECT_EQ(parsed->bucket, "primary");
  EXPECT_FALSE(parsed->primary_key.has_value());
  EXPECT_TRUE(parsed->columns.empty());
}

TEST(DatasetRequestTest, RejectsBadFieldsNamingThem) {
  ExpectInvalid(R"({})", "name");
  ExpectInvalid(R"({"name": "1abc"})", "name");
  ExpectInvalid(R"({"name": "select"})", "reserved");
  ExpectInvalid(R"({"name": "t", "sensitivity": "secret"})", "sensitivity");
  ExpectInvalid(R"({"name": "t", "tags": "x"})", "tags");
  ExpectInvalid(R"({"name": "t", "tags": ["bad tag!"]})", "tags");
  ExpectInvalid(R"({"name": "t", "columns": [{"name": "a"}]})", "columns[0]");
  ExpectInvalid(R"({"name": "t", "columns": [{"name": "a", "type": "INT"},
                                            {"name": "A", "type": "INT"}]})",
                "columns[1]");
  ExpectInvalid(R"({"name": "t", "primary_key": ["nope"]})", "primary_key");
  ExpectInvalid(R"({"name": "t", "lineage": {"source_uri": 5}})", "lineage");
  ExpectInvalid(R"({"name": "t", "descripton": "typo"})", "descripton");
  ExpectInvalid(R"({"name": "t", "columns": [{"name": "a", "type": "INT", "pii": {}}]})",
                "columns[0].pii");
}

TEST(DatasetRequestTest, DatasetNameRules) {
  EXPECT_TRUE(ValidateDatasetName("_private").ok());
  EXPECT_TRUE(ValidateDatasetName("Orders_2024").ok());
  EXPECT_TRUE(ValidateDatasetName(std::string(128, 'a')).ok());
  EXPECT_FALSE(ValidateDatasetName(std::string(129, 'a')).ok());
  EXPECT_FALSE(ValidateDatasetName("").ok());
  EXPECT_FALSE(ValidateDatasetName("has-dash").ok());
  EXPECT_FALSE(ValidateDatasetName("Table").ok());
  EXPECT_FALSE(ValidateDatasetName("duckdb_tables").ok());
  EXPECT_TRUE(ValidateDatasetName("tables").ok());
}

TEST(DatasetRequestTest, RefusesOnlyNamesThatCollideInTheQueryDatabase) {
  // Natural names that merely start like a system prefix are fine.
  for (const char* name : {"pg_orders", "PG_Customers", "sqlite_exports", "pgsql_dump", "mainline",
                           "embeddings_raw", "columns", "schemata", "lh_hot"}) {
    EXPECT_TRUE(ValidateDatasetName(name).ok())
        << name << ": " << ValidateDatasetName(name).ToString();
  }
  struct Case {
    const char* name;
    const char* reason;
  };
  for (const Case& c :
       {Case{"select", "reserved SQL keyword"}, Case{"Main", "catalog or schema"},
        Case{"information_schema", "catalog or schema"}, Case{"pg_catalog", "catalog or schema"},
        Case{"embeddings", "catalog or schema"}, Case{"system", "catalog or schema"},
        Case{"pg_class", "built-in view"}, Case{"sqlite_master", "built-in view"},
        Case{"duckdb_settings", "'duckdb_' are reserved"},
        Case{"__lh_hot_1234", "'__lh_' are reserved"}}) {
    Status status = ValidateDatasetName(c.name);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(status.message().find(c.reason), std::string::npos) << status.message();
    EXPECT_NE(status.message().find(c.name), std::string::npos) << status.message();
  }
}

TEST(DatasetRequestTest, ParsesPatch) {
  auto patch = ParseMetadataPatch(Body(R"({
    "description": "d", "sensitivity": "public", "add_tags": ["New"], "remove_tags": ["old"],
    "columns": {"email": {"description": "contact", "sensitivity": null},
                "ssn": {"sensitivity": "restricted"}}})"));
  ASSERT_TRUE(patch.ok()) << patch.status().ToString();
  EXPECT_EQ(patch->description, "d");
  EXPECT_FALSE(patch->owner.has_value());
  EXPECT_EQ(patch->sensitivity, Sensitivity::kPublic);
  EXPECT_FALSE(patch->tags.has_value());
  EXPECT_EQ(patch->add_tags, std::vector<std::string>{"new"});
  ASSERT_EQ(patch->columns.size(), 2u);
  const ColumnMetadataPatch& email = patch->columns.at("email");
  ASSERT_TRUE(email.sensitivity.has_value());
  EXPECT_FALSE(email.sensitivity->has_value());  // null clears the override
  EXPECT_EQ(patch->columns.at("ssn").sensitivity,
            std::optional<Sensitivity>(Sensitivity::kRestricted));
  EXPECT_FALSE(patch->columns.at("ssn").description.has_value());
}

TEST(DatasetRequestTest, RejectsBadPatch) {
  auto unknown = ParseMetadataPatch(Body(R"({"nmae": 1})"));
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  auto bad_column = ParseMetadataPatch(Body(R"({"columns": {"a": {"sensitivity": "x"}}})"));
  ASSERT_FALSE(bad_column.ok());
  EXPECT_NE(bad_column.status().message().find("columns.a"), std::string::npos);
  EXPECT_FALSE(ParseMetadataPatch(Body(R"({"columns": []})")).ok());
  EXPECT_FALSE(ParseMetadataPatch(Body(R"([])")).ok());
}

}  // namespace
}  // namespace lakehouse
