// The PostgreSQL → DuckDB type table (pg_type_mapping.h), one row per mapped type.
#include "pg/pg_type_mapping.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

int32_t NumericTypmod(int precision, int scale) {
  return ((precision << 16) | (scale & 0x7ff)) + 4;
}

TEST(PgTypeMappingTest, MapsEveryListedType) {
  struct Case {
    uint32_t oid;
    int32_t typmod;
    const char* duckdb_type;
    const char* select_cast;
  } cases[] = {
      {21, -1, "SMALLINT", ""},
      {23, -1, "INTEGER", ""},
      {20, -1, "BIGINT", ""},
      {1700, NumericTypmod(12, 2), "DECIMAL(12,2)", ""},
      {1700, NumericTypmod(38, 0), "DECIMAL(38,0)", ""},
      {1700, -1, "DOUBLE", ""},
      {1700, NumericTypmod(50, 2), "DOUBLE", ""},
      {1700, NumericTypmod(5, -2), "DOUBLE", ""},
      {700, -1, "FLOAT", ""},
      {701, -1, "DOUBLE", ""},
      {25, -1, "VARCHAR", ""},
      {1043, 14, "VARCHAR", ""},
      {1042, 9, "VARCHAR", ""},
      {16, -1, "BOOLEAN", ""},
      {1082, -1, "DATE", ""},
      {1083, -1, "TIME", ""},
      {1114, -1, "TIMESTAMP", ""},
      {1184, -1, "TIMESTAMPTZ", ""},
      {1186, -1, "INTERVAL", ""},
      {2950, -1, "UUID", ""},
      {114, -1, "VARCHAR", ""},
      {3802, -1, "VARCHAR", ""},
      {17, -1, "BLOB", ""},
      {1007, -1, "INTEGER[]", ""},
      {1009, -1, "VARCHAR[]", ""},
      {1231, -1, "DOUBLE[]", "::float8[]"},
      {3807, -1, "VARCHAR[]", "::text[]"},
      {869, -1, "VARCHAR", "::text"},  // inet: anything else is text
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.oid);
    PgColumnMapping m = MapPgColumn("c", c.oid, c.typmod);
    EXPECT_EQ(m.duckdb_type, c.duckdb_type);
    EXPECT_EQ(m.select_cast, c.select_cast);
  }
  EXPECT_EQ(MapPgColumn("a", 1007, -1).staged_type, "VARCHAR");  // JSON, turned into a LIST
}

}  // namespace
}  // namespace lakehouse
