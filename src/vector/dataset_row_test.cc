// DatasetRow: rows keyed by doc id from a fetched RowSet, written as the JSON object clients
// always got (members by name, a repeated name once with its last value, numbers as DumpJson).
#include "vector/dataset_row.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

RowSet Fetched() {
  RowSet rows;
  rows.columns = {
      {"__lh_doc_id", "VARCHAR"}, {"title", "VARCHAR"},  {"score", "DOUBLE"}, {"a", "BIGINT"},
      {"title", "VARCHAR"},       {"tags", "VARCHAR[]"}, {"ok", "BOOLEAN"},   {"big", "UBIGINT"},
      {"none", "INTEGER"}};
  const Json values = Json::parse(R"([
      ["7", "first", 1.0, 3, "second", ["x", "y"], true, 18446744073709551615, null],
      [null, "skipped", 0.5, 1, "z", [], false, 1, null],
      ["7", "again", 2.5, 4, "last", ["z"], false, 2, null]])");
  for (const Json& row : values) {
    std::vector<SqlValue>& out = rows.rows.emplace_back();
    for (const Json& v : row) out.push_back(SqlValue::FromJson(v));
  }
  return rows;
}

TEST(DatasetRowTest, KeysRowsByDocIdAndWritesThemAsAnObject) {
  std::unordered_map<std::string, DatasetRow> rows;
  RowsByDocId(Fetched(), &rows);
  ASSERT_EQ(rows.size(), 1u);  // the null id is skipped, the repeated one keeps its last row
  const DatasetRow& row = rows.at("7");
  // As an nlohmann object built column by column: the later "title" wins.
  Json expected = Json::object();
  const Json values = Json::parse(R"(["again", 2.5, 4, "last", ["z"], false, 2, null])");
  const char* names[] = {"title", "score", "a", "title", "tags", "ok", "big", "none"};
  for (size_t c = 0; c < values.size(); ++c) expected[names[c]] = values[c];
  EXPECT_EQ(row.ToJson(), expected);
  std::string written;
  JsonWriter w(&written);
  row.WriteJson(w);
  EXPECT_EQ(written, DumpJson(expected));
}

TEST(DatasetRowTest, WritesNumbersAsDumpJsonDoes) {
  RowSet rows = Fetched();
  rows.rows.resize(1);
  std::unordered_map<std::string, DatasetRow> by_id;
  RowsByDocId(rows, &by_id);
  std::string written;
  JsonWriter w(&written);
  by_id.at("7").WriteJson(w);
  EXPECT_EQ(written, R"({"a":3,"big":18446744073709551615,"none":null,"ok":true,"score":1.0,)"
                     R"("tags":["x","y"],"title":"second"})");
}

TEST(DatasetRowTest, EstimatesBytesAndStopsPastTheLimit) {
  std::unordered_map<std::string, DatasetRow> rows;
  int64_t bytes = 0;
  RowsByDocId(Fetched(), &rows, &bytes);
  // Per row 64; per value 32 + its estimate: text 32 + its bytes, a list 32 + its elements',
  // anything else 32.
  const int64_t first = 64 + (32 + 32 + 5) + (32 + 32) + (32 + 32) + (32 + 32 + 6) +
                        (32 + 32 + (32 + 1) + (32 + 1)) + (32 + 32) + (32 + 32) + (32 + 32);
  const int64_t third = 64 + (32 + 32 + 5) + (32 + 32) + (32 + 32) + (32 + 32 + 4) +
                        (32 + 32 + (32 + 1)) + (32 + 32) + (32 + 32) + (32 + 32);
  EXPECT_EQ(bytes, first + 64 + third);
  rows.clear();
  RowsByDocId(Fetched(), &rows, &bytes, /*max_bytes=*/first);
  EXPECT_EQ(bytes, first + 64 + third);  // past the limit only after the third row
  rows.clear();
  RowsByDocId(Fetched(), &rows, &bytes, /*max_bytes=*/first - 1);
  EXPECT_EQ(bytes, first);
}

}  // namespace
}  // namespace lakehouse
