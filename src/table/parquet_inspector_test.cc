// Integration: ParquetInspector against real Parquet files written by DuckDB.
#include "table/parquet_inspector.h"

#include <gtest/gtest.h>

#include "table/table_test_util.h"

namespace lakehouse {
namespace {

using testing::TableTest;
using ParquetInspectorTest = TableTest;

std::vector<std::string> Names(const std::vector<Column>& columns) {
  std::vector<std::string> names;
  for (const Column& c : columns) names.push_back(c.name);
  return names;
}

std::vector<std::string> Types(const std::vector<Column>& columns) {
  std::vector<std::string> types;
  for (const Column& c : columns) types.push_back(c.type);
  return types;
}

TEST_F(ParquetInspectorTest, ReadsRowsSizeAndColumnsFromTheFooter) {
  // Three row groups, so a per-row-group sum would be needed if counted naively.
  WriteParquet("raw/events.parquet",
               "SELECT i AS id, 'user' || i || '@example.com' AS email, i * 0.5 AS score, "
               "CASE WHEN i % 3 = 0 THEN NULL ELSE DATE '2024-01-01' + i::INTEGER END AS day "
               "FROM range(2500) t(i)",
               ", ROW_GROUP_SIZE 1000");
  LH_ASSERT_OK_AND_ASSIGN(ParquetFileFacts facts,
                          inspector_->Inspect(LocalPath("raw/events.parquet")));
  EXPECT_EQ(facts.local_path, LocalPath("raw/events.parquet"));
  EXPECT_EQ(facts.row_count, 2500);
  EXPECT_EQ(facts.size_bytes, FileSize("raw/events.parquet"));
  EXPECT_EQ(Names(facts.columns), (std::vector<std::string>{"id", "email", "score", "day"}));
  EXPECT_EQ(Types(facts.columns),
            (std::vector<std::string>{"BIGINT", "VARCHAR", "DECIMAL(21,1)", "DATE"}));
  for (const Column& c : facts.columns) {
    EXPECT_TRUE(c.nullable) << c.name << ": DuckDB writes every field OPTIONAL";
    EXPECT_TRUE(c.description.empty());
    EXPECT_FALSE(c.pii.has_value());
  }
}

TEST_F(ParquetInspectorTest, NestedColumnsCountOncePerTopLevelField) {
  WriteParquet("raw/nested.parquet",
               "SELECT i AS id, {'a': i, 'tags': ['x', 'y']} AS meta, [i, i + 1] AS pair, "
               "'z' AS last FROM range(10) t(i)");
  LH_ASSERT_OK_AND_ASSIGN(ParquetFileFacts facts,
                          inspector_->Inspect(LocalPath("raw/nested.parquet")));
  EXPECT_EQ(facts.row_count, 10);
  EXPECT_EQ(Names(facts.columns), (std::vector<std::string>{"id", "meta", "pair", "last"}));
  EXPECT_EQ(Types(facts.columns),
            (std::vector<std::string>{"BIGINT", "STRUCT(a BIGINT, tags VARCHAR[])", "BIGINT[]",
                                      "VARCHAR"}));
}

TEST_F(ParquetInspectorTest, EmptyFileHasZeroRowsAndItsColumns) {
  WriteParquet("raw/empty.parquet", "SELECT 1::INTEGER AS n WHERE false");
  LH_ASSERT_OK_AND_ASSIGN(ParquetFileFacts facts,
                          inspector_->Inspect(LocalPath("raw/empty.parquet")));
  EXPECT_EQ(facts.row_count, 0);
  EXPECT_GT(facts.size_bytes, 0);
  EXPECT_EQ(Names(facts.columns), (std::vector<std::string>{"n"}));
}

TEST_F(ParquetInspectorTest, PathWithQuotesIsReadSafely) {
  WriteParquet("raw/it's a \"file\".parquet", "SELECT 42 AS answer");
  LH_ASSERT_OK_AND_ASSIGN(ParquetFileFacts facts,
                          inspector_->Inspect(LocalPath("raw/it's a \"file\".parquet")));
  EXPECT_EQ(facts.row_count, 1);
}

TEST_F(ParquetInspectorTest, NonParquetIsInvalidArgumentNamingTheFile) {
  LH_ASSERT_OK(store_->Put("raw/notes.txt", "just some text, long enough to have a tail"));
  Result<ParquetFileFacts> facts = inspector_->Inspect(LocalPath("raw/notes.txt"));
  ASSERT_EQ(facts.status().code(), StatusCode::kInvalidArgument) << facts.status().ToString();
  EXPECT_NE(facts.status().message().find(LocalPath("raw/notes.txt")), std::string::npos)
      << facts.status().ToString();

  LH_ASSERT_OK(store_->Put("raw/empty.bin", ""));
  EXPECT_EQ(inspector_->Inspect(LocalPath("raw/empty.bin")).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ParquetInspectorTest, TruncatedParquetIsInvalidArgument) {
  WriteParquet("raw/whole.parquet", "SELECT i FROM range(1000) t(i)");
  std::string bytes = ReadLocalFile(LocalPath("raw/whole.parquet"));
  LH_ASSERT_OK(store_->Put("raw/cut.parquet", bytes.substr(0, bytes.size() / 2)));
  Result<ParquetFileFacts> facts = inspector_->Inspect(LocalPath("raw/cut.parquet"));
  EXPECT_EQ(facts.status().code(), StatusCode::kInvalidArgument) << facts.status().ToString();
}

TEST_F(ParquetInspectorTest, MissingFileIsNotFound) {
  Result<ParquetFileFacts> facts = inspector_->Inspect(LocalPath("raw/absent.parquet"));
  ASSERT_EQ(facts.status().code(), StatusCode::kNotFound) << facts.status().ToString();
  EXPECT_NE(facts.status().message().find("absent.parquet"), std::string::npos);
}

TEST_F(ParquetInspectorTest, GlobCharactersAreRefused) {
  WriteParquet("raw/a.parquet", "SELECT 1 AS x");
  WriteParquet("raw/b.parquet", "SELECT 2 AS x");
  for (const std::string pattern : {"raw/*.parquet", "raw/?.parquet", "raw/[ab].parquet"}) {
    Result<ParquetFileFacts> facts = inspector_->Inspect(LocalPath(pattern));
    EXPECT_EQ(facts.status().code(), StatusCode::kInvalidArgument) << pattern;
  }
  EXPECT_EQ(inspector_->UnifiedColumns({LocalPath("raw/*.parquet")}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ParquetInspectorTest, UnifiedColumnsUnionByName) {
  WriteParquet("raw/v1.parquet", "SELECT 1::BIGINT AS id, 'a' AS name");
  WriteParquet("raw/v2.parquet", "SELECT 'b' AS name, 2::BIGINT AS id, 3.5::DOUBLE AS score");
  LH_ASSERT_OK_AND_ASSIGN(
      std::vector<Column> columns,
      inspector_->UnifiedColumns({LocalPath("raw/v1.parquet"), LocalPath("raw/v2.parquet")}));
  EXPECT_EQ(Names(columns), (std::vector<std::string>{"id", "name", "score"}));
  EXPECT_EQ(Types(columns), (std::vector<std::string>{"BIGINT", "VARCHAR", "DOUBLE"}));

  LH_ASSERT_OK_AND_ASSIGN(std::vector<Column> none, inspector_->UnifiedColumns({}));
  EXPECT_TRUE(none.empty());
}

TEST_F(ParquetInspectorTest, UnifiedColumnsReportsBadAndMissingFiles) {
  WriteParquet("raw/v1.parquet", "SELECT 1 AS id");
  LH_ASSERT_OK(store_->Put("raw/notes.txt", "not parquet at all, but long enough"));
  EXPECT_EQ(inspector_->UnifiedColumns({LocalPath("raw/v1.parquet"), LocalPath("raw/notes.txt")})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(inspector_->UnifiedColumns({LocalPath("raw/v1.parquet"), LocalPath("raw/gone.parquet")})
                .status()
                .code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
