#include "ingest/schema_merge.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

Column Col(std::string name, std::string type, std::string description = "") {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = false;
  c.description = std::move(description);
  return c;
}

TEST(SchemaMergeTest, FilesMergeByNameWithUnifiedTypes) {
  auto merged =
      MergeColumnSpecs({{"id", "INTEGER", false}, {"v", "BIGINT", false}},
                       {{"ID", "BIGINT", false}, {"v", "DOUBLE", true}, {"w", "VARCHAR", false}});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  ASSERT_EQ(merged->size(), 3u);
  EXPECT_EQ((*merged)[0], (ColumnSpec{"id", "BIGINT", false}));
  EXPECT_EQ((*merged)[1], (ColumnSpec{"v", "DOUBLE", true}));
  EXPECT_EQ((*merged)[2], (ColumnSpec{"w", "VARCHAR", true})) << "absent from the first file";
}

TEST(SchemaMergeTest, DatasetColumnsWidenKeepMetadataAndGainNewColumns) {
  std::vector<Column> existing = {Col("id", "BIGINT", "the key"), Col("amount", "BIGINT"),
                                  Col("old", "VARCHAR")};
  auto merged = MergeDatasetColumns(
      existing,
      {{"id", "INTEGER", false}, {"amount", "DOUBLE", false}, {"note", "VARCHAR", false}});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  ASSERT_EQ(merged->size(), 4u);
  EXPECT_EQ((*merged)[0].type, "BIGINT") << "a narrower incoming type keeps the dataset's";
  EXPECT_EQ((*merged)[0].description, "the key");
  EXPECT_EQ((*merged)[1].type, "DOUBLE");
  EXPECT_EQ((*merged)[2].name, "old");
  EXPECT_TRUE((*merged)[2].nullable) << "new files have no value for it";
  EXPECT_EQ((*merged)[3].name, "note");
  EXPECT_TRUE((*merged)[3].nullable);
}

TEST(SchemaMergeTest, IncompatibleTypesFallBackToVarchar) {
  auto merged = MergeDatasetColumns({Col("d", "DOUBLE")}, {{"d", "DATE", false}});
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ((*merged)[0].type, "VARCHAR");
}

TEST(SchemaMergeTest, ColumnNamesCompareCaseInsensitively) {
  EXPECT_TRUE(SameColumnName("Customer_ID", "customer_id"));
  EXPECT_FALSE(SameColumnName("customer_id", "customer_ids"));
}

}  // namespace
}  // namespace lakehouse
