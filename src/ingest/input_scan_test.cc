// The byte-level scanners: UTF-8 validation, CSV header width / quote balance, JSON record width,
// each fed in every possible split to prove chunk boundaries do not matter.
#include <gtest/gtest.h>

#include "ingest/csv_shape_scanner.h"
#include "ingest/json_shape_scanner.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {
namespace {

bool ValidUtf8Split(const std::string& bytes, size_t split) {
  Utf8Validator validator;
  validator.Feed(std::string_view(bytes).substr(0, split));
  validator.Feed(std::string_view(bytes).substr(split));
  return validator.Finish();
}

TEST(Utf8ValidatorTest, AcceptsWellFormedRejectsTheRest) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"plain ascii", true},
      {"Gr\xc3\xbc\xc3\x9f"
       "e \xe2\x82\xac \xf0\x9f\x98\x80",
       true},  // ü ß € 😀
      {"\xef\xbb\xbf"
       "bom",
       true},
      {"\xc3", false},              // truncated sequence
      {"\xc0\xaf", false},          // overlong '/'
      {"\xe0\x80\xaf", false},      // overlong 3-byte
      {"\xed\xa0\x80", false},      // surrogate U+D800
      {"\xf4\x90\x80\x80", false},  // above U+10FFFF
      {"\xff", false},
      {"caf\xe9", false},  // Latin-1
  };
  for (const auto& [bytes, valid] : cases) {
    for (size_t split = 0; split <= bytes.size(); ++split) {
      EXPECT_EQ(ValidUtf8Split(bytes, split), valid) << bytes << " split at " << split;
    }
  }
}

TEST(Utf8ValidatorTest, ReportsLineAndOffset) {
  Utf8Validator validator;
  EXPECT_FALSE(validator.Feed("a\nbc\nd\xff"));
  EXPECT_EQ(validator.error_line(), 3);
  EXPECT_EQ(validator.error_offset(), 6);
}

Status ScanCsv(const std::string& bytes, CsvShapeOptions options, size_t split) {
  CsvShapeScanner scanner(options);
  LH_RETURN_IF_ERROR(scanner.Feed(std::string_view(bytes).substr(0, split)));
  LH_RETURN_IF_ERROR(scanner.Feed(std::string_view(bytes).substr(split)));
  return scanner.Finish();
}

TEST(CsvShapeScannerTest, QuoteBalanceAcrossSplits) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"a,b\n1,\"x, y\"\n", true},
      {"a,b\n1,\"say \"\"hi\"\"\"\n", true},
      {"a,b\n1,\"multi\nline\"\n", true},
      {"a,b\n1,5\" pipe\n", true},  // a quote inside an unquoted field is data
      {"a,b\n1,\"open\n2,3\n", false},
      {"a,b\n1,\"ends with doubled \"\"\n", false},
  };
  for (const auto& [bytes, ok] : cases) {
    for (size_t split = 0; split <= bytes.size(); ++split) {
      EXPECT_EQ(ScanCsv(bytes, {}, split).ok(), ok) << bytes << " split at " << split;
    }
  }
}

TEST(CsvShapeScannerTest, BackslashEscapeAndNoQuoting) {
  CsvShapeOptions escaped;
  escaped.escape = '\\';
  EXPECT_TRUE(ScanCsv("a\n\"x \\\" y\"\n", escaped, 0).ok());
  EXPECT_FALSE(ScanCsv("a\n\"x \\\"\n", escaped, 0).ok());
  CsvShapeOptions unquoted;
  unquoted.quote.reset();
  EXPECT_TRUE(ScanCsv("a\n\"open\n", unquoted, 0).ok());
}

TEST(CsvShapeScannerTest, CountsHeaderFieldsOfTheHeaderRecordOnly) {
  CsvShapeOptions options;
  options.max_columns = 3;
  EXPECT_TRUE(ScanCsv("a,b,c\n1,2,3,4,5\n", options, 3).ok());
  EXPECT_FALSE(ScanCsv("a,b,c,d\n", options, 3).ok());
  EXPECT_TRUE(ScanCsv("\"a,b,c,d\",e\n", options, 3).ok());  // quoted delimiters do not count
  options.header_record = 1;
  EXPECT_FALSE(ScanCsv("title\na|b|c|d\n", options, 3).ok());
  options.delimiter = '\t';
  EXPECT_TRUE(ScanCsv("title\na,b,c,d,e\n", options, 3).ok());
}

// Past the header the scanner skips to the next quote a word at a time; feeding the same bytes
// one character per call takes the character-level path through every state, so the two must
// agree on the verdict and on the line the error names.
TEST(CsvShapeScannerTest, WordSkippingAgreesWithCharacterFeeding) {
  const std::string alphabet = "ab,;\"\n\r\\|x";
  uint32_t seed = 12345;
  auto next = [&seed]() { return seed = seed * 1103515245u + 12345u; };
  for (int round = 0; round < 3000; ++round) {
    std::string bytes = "h1,h2\n";
    const size_t length = next() % 60;
    for (size_t i = 0; i < length; ++i) bytes += alphabet[(next() >> 8) % alphabet.size()];
    for (bool backslash : {false, true}) {
      CsvShapeOptions options;
      if (backslash) options.escape = '\\';
      CsvShapeScanner whole(options);
      Status a = whole.Feed(bytes);
      if (a.ok()) a = whole.Finish();
      CsvShapeScanner single(options);
      Status b;
      for (char c : bytes) {
        if (!b.ok()) break;
        b = single.Feed(std::string_view(&c, 1));
      }
      if (b.ok()) b = single.Finish();
      EXPECT_EQ(a.ToString(), b.ToString()) << bytes;
    }
  }
}

TEST(CsvShapeScannerTest, LongRunsAndCrLf) {
  const std::string filler(100, 'x');
  EXPECT_TRUE(ScanCsv("a,b\r\n" + filler + ",\"" + filler + "\n" + filler + "\"\r\n", {}, 7).ok());
  Status open = ScanCsv("a,b\r\n" + filler + "\r\n" + filler + ",\r\"open " + filler, {}, 9);
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.message().find("line 3"), std::string::npos) << open.ToString();
  EXPECT_TRUE(ScanCsv("a,b\n" + filler + "\"" + filler + "\n", {}, 50).ok());  // mid-field quote
}

TEST(Utf8ValidatorTest, LongAsciiRunsKeepLineAndOffset) {
  std::string bytes = std::string(37, 'a') + "\n" + std::string(20, 'b') + "\n\xc3\xbc" +
                      std::string(30, 'c') + "\xff";
  for (size_t split = 0; split <= bytes.size(); ++split) {
    Utf8Validator validator;
    validator.Feed(std::string_view(bytes).substr(0, split));
    validator.Feed(std::string_view(bytes).substr(split));
    EXPECT_FALSE(validator.Finish());
    EXPECT_EQ(validator.error_line(), 3) << split;
    EXPECT_EQ(validator.error_offset(), static_cast<int64_t>(bytes.size() - 1)) << split;
  }
}

Status ScanJson(const std::string& bytes, int64_t max_columns) {
  JsonShapeScanner scanner(max_columns);
  for (char c : bytes) LH_RETURN_IF_ERROR(scanner.Feed(std::string_view(&c, 1)));
  return Status::Ok();
}

TEST(JsonShapeScannerTest, CountsFlattenedLeavesPerRecord) {
  const std::string nested = R"({"a": {"b": 1, "c": {"d": 2}}, "e": [{"f": 1, "g": 2, "h": 3}]})";
  EXPECT_TRUE(ScanJson(nested, 3).ok());  // a.b, a.c.d, e
  EXPECT_FALSE(ScanJson(nested, 2).ok());
  EXPECT_TRUE(ScanJson("[" + nested + "," + nested + "]", 3).ok());
  EXPECT_TRUE(ScanJson(nested + "\n" + nested + "\n", 3).ok());
  EXPECT_TRUE(ScanJson(R"({"a:b,c": "x:y", "q": "\"}:"})", 2).ok());  // colons in strings
  EXPECT_FALSE(ScanJson(R"([{"a":1},{"a":1,"b":2,"c":3}])", 2).ok());
}

}  // namespace
}  // namespace lakehouse
