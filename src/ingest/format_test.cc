// Format detection: explicit option, extension, and the magic-byte check.
#include "ingest/format.h"

#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::TempDir;

class FormatTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  TempDir dir_;
};

TEST_F(FormatTest, ByExtensionCaseInsensitive) {
  const std::string text = Write("upload.tmp", "a,b\n");
  const std::vector<std::pair<std::string, InputFormat>> cases = {
      {"a.csv", InputFormat::kCsv},      {"a.TSV", InputFormat::kTsv},
      {"a.json", InputFormat::kJson},    {"a.ndjson", InputFormat::kNdjson},
      {"a.jsonl", InputFormat::kNdjson}, {"notes.Txt", InputFormat::kText},
      {"chat.sms", InputFormat::kSms},
  };
  for (const auto& [name, format] : cases) {
    Result<InputFormat> detected = DetectFormat(text, name, std::nullopt);
    ASSERT_TRUE(detected.ok()) << name << ": " << detected.status().ToString();
    EXPECT_EQ(*detected, format) << name;
  }
}

TEST_F(FormatTest, MagicBytesDecideAndVerify) {
  const std::string parquet = Write("x", "PAR1....data....PAR1");
  const std::string pdf = Write("y", "%PDF-1.7\n...");
  EXPECT_EQ(*DetectFormat(parquet, "x.parquet", std::nullopt), InputFormat::kParquet);
  EXPECT_EQ(*DetectFormat(parquet, "noext", std::nullopt), InputFormat::kParquet);
  EXPECT_EQ(*DetectFormat(pdf, "scan", std::nullopt), InputFormat::kPdf);
  EXPECT_EQ(*DetectFormat(pdf, "scan.bin", InputFormat::kPdf), InputFormat::kPdf);

  Status status = DetectFormat(parquet, "x.pdf", std::nullopt).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("x.pdf: not a PDF"), std::string::npos) << status.message();
  status = DetectFormat(pdf, "data.parquet", std::nullopt).status();
  EXPECT_NE(status.message().find("data.parquet: not a Parquet"), std::string::npos);
  status = DetectFormat(pdf, "data.json", std::nullopt).status();
  EXPECT_NE(status.message().find("PDF"), std::string::npos);
  status =
      DetectFormat(Write("half", "PAR1 only at the start"), "half.parquet", std::nullopt).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST_F(FormatTest, ExplicitFormatWinsOverExtension) {
  const std::string path = Write("z", "a\tb\n");
  EXPECT_EQ(*DetectFormat(path, "data.csv", InputFormat::kTsv), InputFormat::kTsv);
}

TEST_F(FormatTest, NamesRoundTrip) {
  for (InputFormat format :
       {InputFormat::kCsv, InputFormat::kTsv, InputFormat::kJson, InputFormat::kNdjson,
        InputFormat::kParquet, InputFormat::kPdf, InputFormat::kText, InputFormat::kSms}) {
    EXPECT_EQ(*ParseInputFormat(InputFormatName(format)), format);
  }
  EXPECT_EQ(*ParseInputFormat("JSONL"), InputFormat::kNdjson);
  EXPECT_EQ(ParseInputFormat("xlsx").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(FormatTest, MissingFileIsNotFound) {
  EXPECT_EQ(DetectFormat(dir_.File("none"), "none.csv", std::nullopt).status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace lakehouse
