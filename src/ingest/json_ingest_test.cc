// JSON array / NDJSON staging: nested objects flattened to parent.child columns, lists kept.
#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using JsonIngestTest = IngestTest;

std::vector<std::string> Names(const StagedFile& staged) {
  std::vector<std::string> names;
  for (const ColumnSpec& column : staged.columns) names.push_back(column.name);
  return names;
}

// Issue #16 item 13: DuckDB names the record after the bad one and skips blank lines; the
// message names the real line. Issue #15 item 13: a byte order mark is accepted.
TEST_F(JsonIngestTest, ErrorsNameTheRealLineAndAByteOrderMarkIsAccepted) {
  Result<StagedFile> bad = Stage("bad.ndjson", "{\"a\":1}\n\n{\"a\":2}\n{\"a\":3 x}\n{\"a\":4}\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("on line 4"), std::string::npos) << bad.status().message();
  Result<StagedFile> first = Stage("first.ndjson", "{\"a\" x}\n");
  ASSERT_FALSE(first.ok());
  EXPECT_NE(first.status().message().find("on line 1"), std::string::npos)
      << first.status().message();

  LH_ASSERT_OK_AND_ASSIGN(StagedFile bom,
                          Stage("bom.ndjson", "\xef\xbb\xbf{\"a\":1}\n{\"a\":2}\n"));
  EXPECT_EQ(bom.row_count, 2);
  EXPECT_EQ(Rows(bom), Json::parse("[[1],[2]]"));
  EXPECT_EQ(StagingFileCount(), 1) << "the copy without the mark is gone";
}

TEST_F(JsonIngestTest, ArrayIsFlattenedRecursivelyAndListsKept) {
  const std::string json = R"([
    {"id": 1, "user": {"name": "Ann", "address": {"city": "Oslo", "zip": "0150"}},
     "tags": ["a", "b"], "items": [{"sku": "x1", "qty": 2}]},
    {"id": 2, "user": {"name": "Bob", "address": {"city": "Rome", "zip": null}},
     "tags": [], "items": []}
  ])";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("users.json", json));
  EXPECT_EQ(staged.format, InputFormat::kJson);
  EXPECT_EQ(staged.row_count, 2);
  EXPECT_EQ(Names(staged), (std::vector<std::string>{"id", "user.name", "user.address.city",
                                                     "user.address.zip", "tags", "items"}));
  EXPECT_EQ(staged.columns[4].type, "VARCHAR[]");
  EXPECT_EQ(staged.columns[5].type, "STRUCT(sku VARCHAR, qty BIGINT)[]");
  EXPECT_TRUE(staged.columns[3].nullable);
  EXPECT_FALSE(staged.columns[2].nullable);
  EXPECT_EQ(Rows(staged), Json::parse(R"([
    [1, "Ann", "Oslo", "0150", ["a","b"], [{"sku":"x1","qty":2}]],
    [2, "Bob", "Rome", null, [], []]])"));
}

TEST_F(JsonIngestTest, NdjsonWithOddKeysAndLateFields) {
  std::string ndjson;
  for (int i = 0; i < 30'000; ++i) {
    ndjson += R"({"n": )" + std::to_string(i) +
              R"(, "meta data": {"a-b": 1, "it's": "x"}})"
              "\n";
  }
  ndjson += R"({"n": 30000, "meta data": {"a-b": 2, "it's": "y"}, "late": true})"
            "\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("events.ndjson", ndjson));
  EXPECT_EQ(staged.format, InputFormat::kNdjson);
  EXPECT_EQ(staged.row_count, 30'001);
  EXPECT_EQ(Names(staged),
            (std::vector<std::string>{"n", "meta data.a-b", "meta data.it's", "late"}));
  EXPECT_EQ(Rows(staged, "count(late)"), Json::parse("[[1]]"));
}

TEST_F(JsonIngestTest, JsonlExtensionAndWideObjectsStayColumns) {
  std::string record = "{";
  for (int i = 0; i < 300; ++i) record += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":1");
  record += "}\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("wide.jsonl", record + record));
  EXPECT_EQ(staged.columns.size(), 300u);  // not collapsed into one MAP column
  EXPECT_EQ(staged.columns[299].name, "k299");
}

TEST_F(JsonIngestTest, SingleTopLevelObjectIsOneRecord) {
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("one.json", R"({"a": {"b": [1, 2]}})"));
  EXPECT_EQ(Names(staged), (std::vector<std::string>{"a.b"}));
  EXPECT_EQ(Rows(staged), Json::parse("[[[1,2]]]"));
}

TEST_F(JsonIngestTest, FlattenedNameCollisionIsRefused) {
  Status status = Stage("clash.json", R"([{"a": {"b": 1}, "a.b": 2}])").status();
  EXPECT_TRUE(testing::IsInvalid(status, {"clash.json", "a.b"}));
}

TEST_F(JsonIngestTest, EmptyArrayHasNoRecords) {
  EXPECT_TRUE(testing::IsInvalid(Stage("none.json", "[]").status(), {"none.json", "no records"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

}  // namespace
}  // namespace lakehouse
