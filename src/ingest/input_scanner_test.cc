// InputScanner: fed in any split it says what ScanInput says about the file, and FileStager takes
// a finished prescan instead of reading the file only when it ran with the stager's parameters.
#include "ingest/input_scanner.h"

#include "ingest/file_stager.h"
#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using InputScannerTest = IngestTest;

std::string Outcome(const Result<InputFacts>& r) {
  return r.ok() ? "ok " + std::to_string(r->size_bytes) + " " + r->sha256 : r.status().ToString();
}

TEST_F(InputScannerTest, AnySplitAgreesWithScanInput) {
  std::string wide;
  for (int i = 0; i < 40; ++i) wide += (i ? ",c" : "c") + std::to_string(i);
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"good.csv", "id,name\n1,\"Smith, Jo\"\n2,b\n"},
      {"latin1.csv", "id,name\n1,caf\xe9\n"},
      {"truncated.csv", "id,name\n1,\"never closed"},
      {"wide.csv", wide + "\n1\n"},
      {"empty.csv", ""},
      {"bad.ndjson", "{\"a\": 1}\n{\"a\": 2\n"},
      {"notes.txt", "line one\nline \xe2\x82\xac two\n"},
  };
  for (const auto& [name, bytes] : inputs) {
    InputFormat format = *FormatFromExtension(name);
    ScanLimits limits;
    limits.max_columns = 30;
    std::string expected = Outcome(ScanInput(Write(name, bytes), name, format, limits));
    for (size_t split = 0; split <= bytes.size(); ++split) {
      InputScanner scanner(name, format, limits);
      Status first = scanner.Feed(std::string_view(bytes).substr(0, split));
      if (first.ok()) (void)scanner.Feed(std::string_view(bytes).substr(split));
      EXPECT_EQ(Outcome(scanner.Finish()), expected) << name << " split at " << split;
    }
  }
}

TEST_F(InputScannerTest, StagerUsesAMatchingPrescanInsteadOfTheFile) {
  const std::string name = "orders.csv";
  ScanLimits limits = StagingScanLimits(options_, InputFormat::kCsv, CsvOptions{}, false);
  // The prescan saw other bytes than the file holds: its verdict shows it was the one used.
  auto prescan = std::make_shared<InputScanner>(name, InputFormat::kCsv, limits);
  (void)prescan->Feed("id,v\n1,caf\xe9\n");
  prescan->Finish();
  StageRequest request;
  request.sha256 = std::string(64, 'a');
  request.prescan = prescan;
  Status status = Stage(name, "id,v\n1,x\n", request).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.ToString();
  EXPECT_NE(status.message().find("UTF-8"), std::string::npos) << status.ToString();
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(InputScannerTest, StagerRescansWhenTheParametersDiffer) {
  const std::string name = "orders.csv";
  ScanLimits limits = StagingScanLimits(options_, InputFormat::kCsv, CsvOptions{}, false);
  auto prescan = std::make_shared<InputScanner>(name, InputFormat::kCsv, limits);
  (void)prescan->Feed("garbage \xff");
  prescan->Finish();

  StageRequest other_delimiter;  // the form named a delimiter after the file part
  other_delimiter.sha256 = std::string(64, 'a');
  other_delimiter.csv.delimiter = ";";
  other_delimiter.prescan = prescan;
  Result<StagedFile> staged = Stage(name, "id;v\n1;x\n", other_delimiter);
  ASSERT_TRUE(staged.ok()) << staged.status().ToString();
  EXPECT_EQ(staged->row_count, 1);

  StageRequest other_name;  // scanned under another name
  other_name.sha256 = std::string(64, 'a');
  other_name.prescan = prescan;
  staged = Stage("renamed.csv", "id,v\n1,x\n", other_name);
  EXPECT_TRUE(staged.ok()) << staged.status().ToString();

  StageRequest unfinished;  // a prescan never finished is not trusted
  unfinished.sha256 = std::string(64, 'a');
  auto running = std::make_shared<InputScanner>(name, InputFormat::kCsv, limits);
  (void)running->Feed("\xff");
  unfinished.prescan = running;
  staged = Stage(name, "id,v\n1,x\n", unfinished);
  EXPECT_TRUE(staged.ok()) << staged.status().ToString();
}

}  // namespace
}  // namespace lakehouse
