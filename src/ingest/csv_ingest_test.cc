// CSV/TSV staging: DuckDB's sniffer, per-file option overrides, and what StagedFile reports.
#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using CsvIngestTest = IngestTest;

TEST_F(CsvIngestTest, SniffsQuotedCommasHeaderAndTypes) {
  const std::string csv =
      "id,name,amount,day\n"
      "1,\"Smith, John\",3.5,2024-01-31\n"
      "2,\"Doe, \"\"JD\"\" Jane\",4,2024-02-01\n"
      "3,Plain,,2024-02-02\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("orders.csv", csv));
  EXPECT_EQ(staged.row_count, 3);
  EXPECT_EQ(staged.format, InputFormat::kCsv);
  EXPECT_EQ(staged.source_name, "orders.csv");
  EXPECT_EQ(staged.input_size_bytes, static_cast<int64_t>(csv.size()));
  EXPECT_EQ(staged.input_sha256, Sha256Hex(csv));
  ASSERT_EQ(staged.columns.size(), 4u);
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"id", "BIGINT", false}));
  EXPECT_EQ(staged.columns[1], (ColumnSpec{"name", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[2], (ColumnSpec{"amount", "DOUBLE", true}));
  EXPECT_EQ(staged.columns[3], (ColumnSpec{"day", "DATE", false}));
  EXPECT_EQ(Rows(staged, "name"),
            Json::parse(R"([["Smith, John"],["Doe, \"JD\" Jane"],["Plain"]])"));
  EXPECT_TRUE(staged.parquet_path.ends_with(".parquet"));
  EXPECT_EQ(StagingFileCount(), 1);

  Json json = StagedFileToJson(staged);
  EXPECT_EQ(json["format"], "csv");
  EXPECT_EQ(json["row_count"], 3);
  EXPECT_EQ(json["columns"][2],
            Json::parse(R"({"name":"amount","type":"DOUBLE","nullable":true})"));
}

TEST_F(CsvIngestTest, WritesZstdParquetWithConfiguredRowGroups) {
  options_.row_group_size = 100'000;
  std::string csv = "n\n";
  for (int i = 0; i < 250'000; ++i) csv += std::to_string(i) + "\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("numbers.csv", csv));
  EXPECT_EQ(staged.row_count, 250'000);
  Json meta = QueryJson(
      "SELECT count(DISTINCT row_group_id), min(compression) FROM "
      "parquet_metadata('" +
      staged.parquet_path + "')");
  EXPECT_EQ(meta["rows"][0], Json::parse(R"([3, "ZSTD"])"));
}

// Issue #16 item 4: one ragged row made the sniffer read the file as one VARCHAR column.
TEST_F(CsvIngestTest, RaggedRowsAreRefusedSkippedOrPaddedWithTheirLines) {
  const std::string ragged = "id,name,score\n1,alice,10\n2,bob\n3,carol,30\n";
  Result<StagedFile> refused = Stage("ragged.csv", ragged);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("ragged.csv: line 3: MISSING COLUMNS"),
            std::string::npos)
      << refused.status().message();
  EXPECT_EQ(StagingFileCount(), 0);

  StageRequest skip;
  skip.csv.on_bad_rows = BadRowPolicy::kSkip;
  LH_ASSERT_OK_AND_ASSIGN(StagedFile skipped, Stage("ragged.csv", ragged, skip));
  EXPECT_EQ(skipped.row_count, 2);
  EXPECT_EQ(skipped.columns.size(), 3u);
  EXPECT_EQ(skipped.bad_rows.skipped, 1);
  EXPECT_EQ(skipped.bad_rows.lines, std::vector<int64_t>{3});

  StageRequest pad;
  pad.csv.on_bad_rows = BadRowPolicy::kPad;
  LH_ASSERT_OK_AND_ASSIGN(StagedFile padded, Stage("ragged.csv", ragged, pad));
  EXPECT_EQ(padded.bad_rows.padded, 1);
  EXPECT_EQ(Rows(padded), Json::parse(R"([[1,"alice",10],[2,"bob",null],[3,"carol",30]])"));

  // A value that does not fit the sniffed type past the sample is a bad row too, with its line.
  std::string late = "id,n\n";
  for (int i = 0; i < 30'000; ++i) late += std::to_string(i) + "," + std::to_string(i) + "\n";
  late += "30000,n/a\n";
  Result<StagedFile> cast = Stage("late.csv", late);
  ASSERT_FALSE(cast.ok());
  EXPECT_NE(cast.status().message().find("line 30002"), std::string::npos)
      << cast.status().message();
  StageRequest nulls;
  nulls.csv.null_values = {"n/a"};
  LH_ASSERT_OK_AND_ASSIGN(StagedFile nulled, Stage("late.csv", late, nulls));
  EXPECT_EQ(nulled.row_count, 30'001);
  EXPECT_EQ(nulled.columns[1].type, "BIGINT");
}

TEST_F(CsvIngestTest, TsvUsesTabDelimiter) {
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged,
                          Stage("events.tsv", "kind\tnote\nclick\ta, b; c\nview\t|x|\n"));
  EXPECT_EQ(staged.format, InputFormat::kTsv);
  EXPECT_EQ(Rows(staged), Json::parse(R"([["click","a, b; c"],["view","|x|"]])"));
}

TEST_F(CsvIngestTest, OptionsOverrideTheSniffer) {
  StageRequest request;
  request.csv.delimiter = ";";
  request.csv.header = false;
  request.csv.quote = "'";
  request.csv.skip_rows = 2;
  request.csv.null_string = "N/A";
  const std::string csv = "exported by tool\nversion 2\n007;'a;b';N/A\n010;x;5\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("raw.csv", csv, request));
  ASSERT_EQ(staged.columns.size(), 3u);
  EXPECT_EQ(staged.columns[0].name, "column0");
  // The sniffer keeps leading zeros as text.
  EXPECT_EQ(Rows(staged), Json::parse(R"([["007","a;b",null],["010","x",5]])"));

  request.csv.column_types = {{"column0", "INTEGER"}, {"column2", "DECIMAL(10,2)"}};
  LH_ASSERT_OK_AND_ASSIGN(StagedFile typed, Stage("raw.csv", csv, request));
  EXPECT_EQ(typed.columns[0].type, "INTEGER");
  EXPECT_EQ(typed.columns[2].type, "DECIMAL(10,2)");
  EXPECT_EQ(Rows(typed, "column0, column2"), Json::parse(R"([[7,null],[10,5.0]])"));
}

TEST_F(CsvIngestTest, AllVarcharAndEscapeOptions) {
  StageRequest request;
  request.csv.all_varchar = true;
  request.csv.escape = "\\";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged,
                          Stage("esc.csv", "id,quote\n1,\"say \\\"hi\\\"\"\n", request));
  EXPECT_EQ(staged.columns[0].type, "VARCHAR");
  EXPECT_EQ(Rows(staged), Json::parse(R"([["1","say \"hi\""]])"));
}

TEST_F(CsvIngestTest, HostileOptionValuesAreQuotedNotSpliced) {
  StageRequest request;
  request.csv.null_string = "x'); DROP TABLE t; --";
  request.csv.column_types = {{"it's \"odd\"", "VARCHAR"}};
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("odd.csv", "it's \"odd\",b\n1,2\n", request));
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"it's \"odd\"", "VARCHAR", false}));
}

TEST_F(CsvIngestTest, InvalidOptionValuesAreRefused) {
  StageRequest request;
  request.csv.delimiter = ",,";
  EXPECT_TRUE(
      testing::IsInvalid(Stage("a.csv", "a\n1\n", request).status(), {"a.csv", "delimiter"}));
  request = {};
  request.csv.skip_rows = -1;
  EXPECT_TRUE(testing::IsInvalid(Stage("a.csv", "a\n1\n", request).status(), {"skip_rows"}));
  request = {};
  request.csv.column_types = {{"a", "INTEGER); DROP TABLE x"}};
  EXPECT_TRUE(testing::IsInvalid(Stage("a.csv", "a\n1\n", request).status(), {"column_types"}));
  request = {};
  request.csv.column_types = {{"a", "NOT_A_TYPE"}};
  EXPECT_TRUE(testing::IsInvalid(Stage("a.csv", "a\n1\n", request).status(), {"a.csv"}));
  request = {};
  request.csv.column_types = {{"missing", "INTEGER"}};
  EXPECT_TRUE(testing::IsInvalid(Stage("a.csv", "a\n1\n", request).status(), {"a.csv", "missing"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(CsvIngestTest, BadValueForRequestedTypeNamesFile) {
  StageRequest request;
  request.csv.column_types = {{"a", "INTEGER"}};
  Status status = Stage("typed.csv", "a\n1\nseven\n", request).status();
  EXPECT_TRUE(testing::IsInvalid(status, {"typed.csv"}));
  EXPECT_EQ(status.message().find(dir_.path().string()), std::string::npos) << status.message();
  EXPECT_EQ(StagingFileCount(), 0);
}

}  // namespace
}  // namespace lakehouse
