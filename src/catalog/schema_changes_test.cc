// Schema evolution: table-driven cases for every change kind, renames and non-renames, type
// widening and unification.
#include "catalog/schema_changes.h"

#include <gtest/gtest.h>

#include "catalog/name_parts.h"
#include "catalog/type_widening.h"

namespace lakehouse {
namespace {

using Columns = std::vector<ColumnSpec>;

TEST(SchemaDiffTest, TableOfChanges) {
  struct Case {
    std::string label;
    Columns existing;
    Columns incoming;
    std::string expected_json;
  };
  const std::vector<Case> cases = {
      {"unchanged, case-insensitive names and type aliases",
       {{"id", "BIGINT"}, {"Name", "VARCHAR"}},
       {{"ID", "INT8"}, {"name", "TEXT"}},
       R"j({"added":[],"removed":[],"type_changed":[],"renamed":[],"compatible":true})j"},
      {"added column",
       {{"id", "BIGINT"}},
       {{"id", "BIGINT"}, {"email", "VARCHAR"}},
       R"j({"added":[{"name":"email","type":"VARCHAR"}],"removed":[],"type_changed":[],
           "renamed":[],"compatible":false})j"},
      {"removed column",
       {{"id", "BIGINT"}, {"legacy_flag", "BOOLEAN"}},
       {{"id", "BIGINT"}},
       R"j({"added":[],"removed":[{"name":"legacy_flag","type":"BOOLEAN"}],"type_changed":[],
           "renamed":[],"compatible":false})j"},
      {"widenings",
       {{"a", "TINYINT"},
        {"b", "INTEGER"},
        {"c", "FLOAT"},
        {"d", "BIGINT"},
        {"e", "DATE"},
        {"g", "HUGEINT"},
        {"h", "DECIMAL(10,2)"},
        {"i", "INTEGER[]"}},
       {{"a", "SMALLINT"},
        {"b", "HUGEINT"},
        {"c", "DOUBLE"},
        {"d", "DOUBLE"},
        {"e", "TIMESTAMP"},
        {"g", "DOUBLE"},
        {"h", "DECIMAL(12,3)"},
        {"i", "BIGINT[]"}},
       R"j({"added":[],"removed":[],"type_changed":[
           {"name":"a","from":"TINYINT","to":"SMALLINT","widening":true},
           {"name":"b","from":"INTEGER","to":"HUGEINT","widening":true},
           {"name":"c","from":"FLOAT","to":"DOUBLE","widening":true},
           {"name":"d","from":"BIGINT","to":"DOUBLE","widening":true},
           {"name":"e","from":"DATE","to":"TIMESTAMP","widening":true},
           {"name":"g","from":"HUGEINT","to":"DOUBLE","widening":true},
           {"name":"h","from":"DECIMAL(10,2)","to":"DECIMAL(12,3)","widening":true},
           {"name":"i","from":"INTEGER[]","to":"BIGINT[]","widening":true}],
           "renamed":[],"compatible":true})j"},
      {"narrower incoming types fit the existing columns: no change",
       {{"a", "VARCHAR"}, {"c", "BIGINT"}, {"d", "DOUBLE"}, {"e", "TIMESTAMP"}},
       {{"a", "INTEGER"}, {"c", "INTEGER"}, {"d", "BIGINT"}, {"e", "DATE"}},
       R"j({"added":[],"removed":[],"type_changed":[],"renamed":[],"compatible":true})j"},
      {"a change of type family is incompatible, VARCHAR included",
       {{"a", "BIGINT"}, {"b", "BIGINT"}, {"f", "BOOLEAN"}, {"t", "TIMESTAMP"}},
       {{"a", "VARCHAR"}, {"b", "DATE"}, {"f", "VARCHAR"}, {"t", "BIGINT"}},
       R"j({"added":[],"removed":[],"type_changed":[
           {"name":"a","from":"BIGINT","to":"VARCHAR","widening":false},
           {"name":"b","from":"BIGINT","to":"DATE","widening":false},
           {"name":"f","from":"BOOLEAN","to":"VARCHAR","widening":false},
           {"name":"t","from":"TIMESTAMP","to":"BIGINT","widening":false}],
           "renamed":[],"compatible":false})j"},
      {"renames: camelCase, abbreviation, prefix",
       {{"customer_name", "VARCHAR"}, {"order_qty", "INTEGER"}, {"email", "VARCHAR"}},
       {{"customerName", "VARCHAR"}, {"order_quantity", "BIGINT"}, {"email_address", "VARCHAR"}},
       R"j({"added":[],"removed":[],"type_changed":[],"renamed":[
           {"from":"customer_name","to":"customerName","confidence":1.0},
           {"from":"order_qty","to":"order_quantity","confidence":0.8},
           {"from":"email","to":"email_address","confidence":0.6666666666666666}],
           "compatible":false})j"},
      {"cust_name is a rename of customer_name",
       {{"customer_name", "VARCHAR"}},
       {{"cust_name", "VARCHAR"}},
       R"j({"added":[],"removed":[],"type_changed":[],"renamed":[
           {"from":"customer_name","to":"cust_name","confidence":0.9}],"compatible":false})j"},
      {"non-renames: one shared part, unrelated names, incompatible types",
       {{"first_name", "VARCHAR"},
        {"created_at", "TIMESTAMP"},
        {"price", "DOUBLE"},
        {"customer_id", "VARCHAR"}},
       {{"last_name", "VARCHAR"},
        {"updated_at", "TIMESTAMP"},
        {"color", "VARCHAR"},
        {"customerId", "BIGINT"}},
       R"j({"added":[{"name":"last_name","type":"VARCHAR"},{"name":"updated_at","type":"TIMESTAMP"},
                    {"name":"color","type":"VARCHAR"},{"name":"customerId","type":"BIGINT"}],
           "removed":[{"name":"first_name","type":"VARCHAR"},
                      {"name":"created_at","type":"TIMESTAMP"},{"name":"price","type":"DOUBLE"},
                      {"name":"customer_id","type":"VARCHAR"}],
           "type_changed":[],"renamed":[],"compatible":false})j"},
      {"best rename wins, each column used once",
       {{"cust_name", "VARCHAR"}},
       {{"customer_name", "VARCHAR"}, {"custName", "VARCHAR"}},
       R"j({"added":[{"name":"customer_name","type":"VARCHAR"}],"removed":[],"type_changed":[],
           "renamed":[{"from":"cust_name","to":"custName","confidence":1.0}],
           "compatible":false})j"},
  };
  for (const Case& c : cases) {
    SchemaChanges changes = DiffSchemas(c.existing, c.incoming);
    EXPECT_EQ(SchemaChangesToJson(changes), Json::parse(c.expected_json)) << c.label;
  }
}

TEST(SchemaDiffTest, TypeChangeKinds) {
  SchemaChanges changes =
      DiffSchemas({{"a", "INTEGER"}, {"b", "BIGINT"}}, {{"a", "BIGINT"}, {"b", "VARCHAR"}});
  ASSERT_EQ(changes.type_changed.size(), 2u);
  EXPECT_EQ(changes.type_changed[0].kind, TypeChangeKind::kWidening);
  EXPECT_EQ(changes.type_changed[1].kind, TypeChangeKind::kIncompatible);
  EXPECT_FALSE(changes.compatible);
  EXPECT_FALSE(changes.empty());
  EXPECT_TRUE(DiffSchemas({{"a", "INT"}}, {{"A", "INTEGER"}}).empty());
}

TEST(NamePartsTest, SplitsOnSeparatorsAndCamelCase) {
  using Parts = std::vector<std::string>;
  EXPECT_EQ(SplitNameParts("customerName"), (Parts{"customer", "name"}));
  EXPECT_EQ(SplitNameParts("cust_name"), (Parts{"cust", "name"}));
  EXPECT_EQ(SplitNameParts("user.address-city"), (Parts{"user", "address", "city"}));
  EXPECT_EQ(SplitNameParts("HTTPStatusCode"), (Parts{"http", "status", "code"}));
  EXPECT_EQ(SplitNameParts("address2Line"), (Parts{"address2", "line"}));
  EXPECT_EQ(SplitNameParts("__ID__"), (Parts{"id"}));
  EXPECT_DOUBLE_EQ(NameSimilarity("customer_name", "CUSTOMER-NAME"), 1.0);
  EXPECT_DOUBLE_EQ(NameSimilarity("first_name", "last_name"), 0.5);
  EXPECT_DOUBLE_EQ(NameSimilarity("", "x"), 0.0);
}

TEST(TypeWideningTest, UnifiedType) {
  struct Case {
    std::string a, b, unified;
  };
  const std::vector<Case> cases = {
      {"INTEGER", "INTEGER", "INTEGER"},
      {"int", "BIGINT", "BIGINT"},
      {"SMALLINT", "TINYINT", "SMALLINT"},
      {"INTEGER", "FLOAT", "DOUBLE"},
      {"FLOAT", "DOUBLE", "DOUBLE"},
      {"DATE", "TIMESTAMP", "TIMESTAMP"},
      {"UINTEGER", "INTEGER", "BIGINT"},
      {"UBIGINT", "BIGINT", "HUGEINT"},
      {"DECIMAL(10,2)", "DECIMAL(8,4)", "DECIMAL(12,4)"},
      {"INTEGER", "DECIMAL(5,2)", "DECIMAL(12,2)"},
      {"BIGINT", "DATE", "VARCHAR"},
      {"BOOLEAN", "INTEGER", "VARCHAR"},
      {"INTEGER[]", "DOUBLE[]", "DOUBLE[]"},
      {"INTEGER[]", "DATE[]", "VARCHAR[]"},
      {"varchar(20)", "VARCHAR", "VARCHAR"},
  };
  for (const Case& c : cases) {
    Result<std::string> unified = UnifiedType(c.a, c.b);
    ASSERT_TRUE(unified.ok()) << c.a << "/" << c.b << ": " << unified.status().ToString();
    EXPECT_EQ(*unified, c.unified) << c.a << " / " << c.b;
    EXPECT_EQ(*UnifiedType(c.b, c.a), c.unified) << c.b << " / " << c.a;
    EXPECT_TRUE(FitsInto(c.a, *unified)) << c.a << " → " << *unified;
    EXPECT_TRUE(FitsInto(c.b, *unified)) << c.b << " → " << *unified;
  }
  // Lossless widenings only: a change of family is never safe, VARCHAR included.
  EXPECT_TRUE(IsSafeWidening("INTEGER", "BIGINT"));
  EXPECT_TRUE(IsSafeWidening("BIGINT", "DOUBLE"));
  EXPECT_TRUE(IsSafeWidening("DATE", "TIMESTAMP"));
  EXPECT_FALSE(IsSafeWidening("BIGINT", "VARCHAR"));
  EXPECT_FALSE(IsSafeWidening("DATE", "VARCHAR"));
  EXPECT_TRUE(FitsInto("BIGINT", "VARCHAR"));
  EXPECT_FALSE(FitsInto("VARCHAR", "BIGINT"));
  EXPECT_EQ(UnifiedType("", "INTEGER").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(UnifiedType("DECIMAL(10,2", "INTEGER").status().code(), StatusCode::kInvalidArgument);
}

// A commit's schema change counts every type change (the version log's diff); a file whose
// values fit the dataset's column is no change (ingest's diff).
TEST(SchemaChangesTest, ASchemaChangeCountsTypesThatAFileWouldFitInto) {
  const std::vector<ColumnSpec> before = {{"id", "BIGINT"}, {"amount", "DOUBLE"}};
  const std::vector<ColumnSpec> after = {{"id", "BIGINT"}, {"amount", "DECIMAL(18,2)"}};
  EXPECT_TRUE(DiffSchemas(before, after).empty());
  SchemaChanges changed = DiffSchemas(before, after, DiffMode::kSchemaChange);
  ASSERT_EQ(changed.type_changed.size(), 1u);
  EXPECT_EQ(changed.type_changed[0].to, "DECIMAL(18,2)");
  EXPECT_FALSE(changed.compatible);
  EXPECT_TRUE(
      DiffSchemas({{"a", "INTEGER"}, {"b", "VARCHAR"}}, {{"b", "VARCHAR"}, {"a", "INTEGER"}})
          .reordered);
}

}  // namespace
}  // namespace lakehouse
