// Parquet staging: a round trip keeps rows and types and rewrites the layout with zstd.
#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using ParquetIngestTest = IngestTest;

TEST_F(ParquetIngestTest, RoundTripKeepsRowsAndTypes) {
  const std::string source = dir_.File("source.parquet");
  LH_ASSERT_OK(conn_->Execute(
      "COPY (SELECT i AS id, 'n' || i AS name, CASE WHEN i % 2 = 0 THEN NULL ELSE i * 0.5 END AS "
      "score, DATE '2024-01-01' + i::INTEGER AS day, [i, i + 1] AS pair, {'k': i} AS meta "
      "FROM range(5000) t(i)) TO '" +
      source + "' (FORMAT parquet, COMPRESSION snappy)"));
  std::ifstream in(source, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("export.parquet", bytes));
  EXPECT_EQ(staged.format, InputFormat::kParquet);
  EXPECT_EQ(staged.row_count, 5000);
  EXPECT_EQ(staged.input_sha256, Sha256Hex(bytes));
  EXPECT_EQ(staged.columns, (std::vector<ColumnSpec>{{"id", "BIGINT", false},
                                                     {"name", "VARCHAR", false},
                                                     {"score", "DECIMAL(21,1)", true},
                                                     {"day", "DATE", false},
                                                     {"pair", "BIGINT[]", false},
                                                     {"meta", "STRUCT(k BIGINT)", false}}));
  EXPECT_EQ(Rows(staged, "sum(id), count(score), max(day)::VARCHAR"),
            Json::parse(R"([[12497500, 2500, "2037-09-08"]])"));
  EXPECT_EQ(QueryJson("SELECT DISTINCT compression FROM parquet_metadata('" + staged.parquet_path +
                      "')")["rows"],
            Json::parse(R"([["ZSTD"]])"));
}

}  // namespace
}  // namespace lakehouse
