// Dataset names that would collide in the query database: the catalog's static list
// (catalog/dataset_validation.h) checked against what this DuckDB actually has.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "catalog/dataset_validation.h"
#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;

class ReservedNamesTest : public TableTest {
 protected:
  std::vector<std::string> Names(const std::string& sql) {
    std::vector<std::string> names;
    Result<ConnectionLease> lease = pool_->Acquire(std::chrono::seconds(5));
    EXPECT_TRUE(lease.ok()) << lease.status().ToString();
    if (!lease.ok()) return names;
    Result<QueryResult> result = (*lease)->Query(sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    if (!result.ok()) return names;
    while (std::optional<DataChunk> chunk = result->NextChunk()) {
      for (uint64_t row = 0; row < chunk->size(); ++row) {
        names.push_back(chunk->GetString(0, row).value_or(""));
      }
    }
    return names;
  }
};

TEST_F(ReservedNamesTest, EveryNameDuckDbResolvesUnqualifiedIsRefused) {
  const char* queries[] = {
      "SELECT database_name FROM duckdb_databases()",
      "SELECT DISTINCT schema_name FROM duckdb_schemas()",
      // Views reachable through the default search path (system.main, system.pg_catalog).
      "SELECT view_name FROM duckdb_views() WHERE internal AND schema_name <> "
      "'information_schema'",
      "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category = 'reserved'",
      "SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type = 'table' "
      "AND function_name LIKE 'duckdb\\_%' ESCAPE '\\'"};
  size_t checked = 0;
  for (const char* sql : queries) {
    std::vector<std::string> names = Names(sql);
    EXPECT_FALSE(names.empty()) << sql;
    for (const std::string& name : names) {
      ++checked;
      EXPECT_TRUE(IsReservedDatasetName(name)) << name << " (from " << sql << ")";
    }
  }
  EXPECT_GT(checked, 100u);
}

TEST_F(ReservedNamesTest, AcceptedNamesDoNotShadowAnything) {
  // A view named like an accepted dataset leaves DuckDB's own catalog queries working.
  for (const char* name : {"pg_orders", "sqlite_exports", "tables", "columns"}) {
    ASSERT_FALSE(IsReservedDatasetName(name)) << name;
    ExecuteSql(std::string("CREATE VIEW ") + name + " AS SELECT 1 AS x");
  }
  EXPECT_FALSE(Names("SELECT table_name FROM information_schema.tables").empty());
  EXPECT_FALSE(Names("SELECT relname FROM pg_class").empty());
  EXPECT_EQ(Names("SELECT view_name FROM duckdb_views() WHERE NOT internal").size(), 4u);
}

}  // namespace
}  // namespace lakehouse
