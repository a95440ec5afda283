// Bad uploads: every refusal is INVALID_ARGUMENT naming the upload (never the temporary path), and
// leaves nothing in the staging directory.
#include <chrono>

#include "ingest/ingest_test_util.h"
#include "ingest/parquet_output.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using testing::IsInvalid;
using StageErrorsTest = IngestTest;

TEST_F(StageErrorsTest, TableOfBadInputs) {
  struct Case {
    std::string name;
    std::string bytes;
    std::vector<std::string> message_parts;
  };
  const std::vector<Case> cases = {
      {"empty.csv", "", {"empty.csv", "empty"}},
      {"empty.json", "", {"empty.json", "empty"}},
      {"empty.txt", "", {"empty.txt", "empty"}},
      {"truncated.csv", "id,name\n1,\"Smith, Jo", {"truncated.csv", "unterminated", "line 2"}},
      {"latin1.csv", "id,name\n1,caf\xe9\n", {"latin1.csv", "UTF-8", "line 2"}},
      {"latin1.txt", "ok\nbad \xff byte\n", {"latin1.txt", "UTF-8", "line 2"}},
      {"overlong.sms", "2024-01-31 14:05:09\tA\t\xc0\xaf\n", {"overlong.sms", "UTF-8"}},
      {"bad.json", R"([{"a": 1}, {"a": )", {"bad.json"}},
      {"bad.ndjson", "{\"a\": 1}\n{\"a\": 2\n", {"bad.ndjson", "line"}},
      {"notjson.json", "hello world", {"notjson.json"}},
      {"fake.parquet", "PAR1 not really", {"fake.parquet", "not a Parquet"}},
      {"fake.pdf", "PK\x03\x04 zip", {"fake.pdf", "not a PDF"}},
      {"data.xlsx", "PK\x03\x04", {"data.xlsx", "extension"}},
      {"report.csv", "%PDF-1.4\n", {"report.csv", "PDF"}},
  };
  for (const Case& c : cases) {
    Status status = Stage(c.name, c.bytes).status();
    ASSERT_FALSE(status.ok()) << c.name;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.name << ": " << status.ToString();
    for (const std::string& part : c.message_parts) {
      EXPECT_NE(status.message().find(part), std::string::npos)
          << c.name << ": '" << part << "' not in " << status.message();
    }
    EXPECT_EQ(status.message().find(dir_.path().string()), std::string::npos)
        << c.name << " leaks the temp path: " << status.message();
  }
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(StageErrorsTest, CorruptParquetIsInvalid) {
  LH_ASSERT_OK(conn_->Execute("COPY (SELECT range AS i FROM range(1000)) TO '" +
                              dir_.File("good.parquet") + "' (FORMAT parquet)"));
  std::ifstream in(dir_.File("good.parquet"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string corrupt = bytes;
  for (size_t i = 8; i < 200 && i < corrupt.size() - 8; ++i) corrupt[i] = '\x7f';
  corrupt.replace(corrupt.size() - 8, 4, "\xff\xff\xff\x7f");  // footer length beyond the file
  EXPECT_TRUE(IsInvalid(Stage("corrupt.parquet", corrupt).status(), {"corrupt.parquet"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(StageErrorsTest, HundredThousandColumnHeaderIsRefusedQuickly) {
  std::string header;
  std::string row;
  for (int i = 0; i < 100'000; ++i) {
    header += (i ? "," : "") + ("col" + std::to_string(i));
    row += (i ? ",1" : "1");
  }
  const std::string csv = header + "\n" + row + "\n";
  const auto start = std::chrono::steady_clock::now();
  Status status = Stage("wide.csv", csv).status();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(IsInvalid(status, {"wide.csv", "10000"}));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST_F(StageErrorsTest, ColumnCapIsConfigurable) {
  options_.max_columns = 3;
  EXPECT_TRUE(Stage("ok.csv", "a,b,c\n1,2,3\n").ok());
  EXPECT_TRUE(IsInvalid(Stage("four.csv", "a,b,c,d\n1,2,3,4\n").status(), {"four.csv", "3"}));
  EXPECT_TRUE(IsInvalid(Stage("semi.csv", "a;b;c;d\n1;2;3;4\n").status(), {"semi.csv"}));
  // JSON: counted after flattening, both in the byte scan and after DuckDB's detection.
  EXPECT_TRUE(Stage("ok.json", R"([{"a": {"b": 1, "c": 2}, "d": [{"e": 1, "f": 2}]}])").ok());
  EXPECT_TRUE(
      IsInvalid(Stage("deep.json", R"([{"a": {"b": 1, "c": {"x": 1, "y": 2}}, "d": 1}])").status(),
                {"deep.json", "3"}));
  EXPECT_TRUE(IsInvalid(Stage("union.ndjson", "{\"a\":1,\"b\":1}\n{\"c\":1,\"d\":1}\n").status(),
                        {"union.ndjson", "4 columns"}));
}

TEST_F(StageErrorsTest, HugeJsonRecordIsRefusedQuickly) {
  std::string json = "[{";
  for (int i = 0; i < 100'000; ++i) json += (i ? "," : "") + ("\"k" + std::to_string(i) + "\":1");
  json += "}]";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(IsInvalid(Stage("huge.json", json).status(), {"huge.json", "10000"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// Issue #16 item 14: the message was cut inside DuckDB's echo of a 20 MB line, losing the cause.
TEST(InputErrorTest, KeepsTheCauseAndCutsTheEchoedLine) {
  ConversionJob job{"/tmp/x/upload-123", "big.csv", "/tmp/x/out.parquet.tmp"};
  const Status duckdb(StatusCode::kInvalidArgument,
                      "CSV Error on Line: 1\nOriginal Line: " + std::string(20'000, 'x') +
                          "\nMaximum line size of 2000000 bytes exceeded. Actual Size:20000001 "
                          "bytes.\n\nPossible Solution: Change the maximum length size");
  const Status rewritten = InputError(duckdb, job);
  EXPECT_EQ(rewritten.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(rewritten.message().starts_with("big.csv: CSV Error on Line: 1"))
      << rewritten.message();
  EXPECT_NE(rewritten.message().find("Maximum line size of 2000000 bytes exceeded"),
            std::string::npos)
      << rewritten.message();
  EXPECT_LT(rewritten.message().size(), 400u);
}

TEST_F(StageErrorsTest, MissingInputIsNotFound) {
  StageRequest request;
  request.input_path = dir_.File("nope.csv");
  FileStager stager(*conn_, options_);
  EXPECT_EQ(stager.StageFile(request).status().code(), StatusCode::kNotFound);
}

TEST_F(StageErrorsTest, MisconfiguredStagerIsFailedPrecondition) {
  options_.row_group_size = 10;
  EXPECT_EQ(Stage("a.csv", "a\n1\n").status().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace lakehouse
