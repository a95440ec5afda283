// Parquet staging: a round trip keeps rows and types; a file with small row groups is rewritten
// with zstd and the staging row-group size, one already laid out like a staged file is staged as
// is (same bytes), after every value was read once: a corrupt page is refused either way.
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
      source + "' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000)"));
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

// Bring-your-own vectors as a vector store writes them (one row group, snappy): staged as is.
TEST_F(ParquetIngestTest, WellLaidOutFileIsStagedAsIs) {
  const std::string source = dir_.File("vectors.parquet");
  LH_ASSERT_OK(conn_->Execute(
      "COPY (SELECT i AS id, (CASE WHEN i = 7 THEN NULL ELSE [i::FLOAT, 0.5] END)::FLOAT[2] "
      "AS vector, 'doc ' || i AS body FROM range(3000) t(i)) TO '" +
      source + "' (FORMAT parquet, COMPRESSION snappy)"));
  std::ifstream in(source, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("vectors.parquet", bytes));
  EXPECT_EQ(staged.row_count, 3000);
  EXPECT_EQ(staged.columns,
            (std::vector<ColumnSpec>{
                {"id", "BIGINT", false}, {"vector", "FLOAT[]", true}, {"body", "VARCHAR", false}}));
  std::ifstream out(staged.parquet_path, std::ios::binary);
  const std::string staged_bytes((std::istreambuf_iterator<char>(out)),
                                 std::istreambuf_iterator<char>());
  EXPECT_EQ(Sha256Hex(staged_bytes), Sha256Hex(bytes));  // not rewritten
  EXPECT_EQ(Rows(staged, "sum(id), count(vector), sum(vector[1])"),
            Json::parse(R"([[4498500, 2999, 4498493.0]])"));
}

TEST_F(ParquetIngestTest, CorruptPageIsRefusedEvenWhenTheLayoutFits) {
  const std::string source = dir_.File("corrupt.parquet");
  LH_ASSERT_OK(
      conn_->Execute("COPY (SELECT i AS id, repeat('word ', 40) || i AS body FROM "
                     "range(20000) t(i)) TO '" +
                     source + "' (FORMAT parquet, COMPRESSION snappy)"));
  std::ifstream in(source, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 4096u);
  for (size_t i = bytes.size() / 2; i < bytes.size() / 2 + 512; ++i) bytes[i] = '\x5a';
  Result<StagedFile> staged = Stage("corrupt.parquet", bytes);
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.status().code(), StatusCode::kInvalidArgument) << staged.status().ToString();
  EXPECT_NE(staged.status().message().find("corrupt.parquet"), std::string::npos);
}

}  // namespace
}  // namespace lakehouse
