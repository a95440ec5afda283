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

Status ScanJson(const std::string& bytes, int64_t max_columns, bool ndjson = false,
                int64_t max_line_bytes = 1 << 20) {
  JsonShapeScanner scanner(max_columns, max_line_bytes, ndjson);
  for (char c : bytes) LH_RETURN_IF_ERROR(scanner.Feed(std::string_view(&c, 1)));
  return scanner.Finish();
}

// Issue #16 item 4: one ragged row made DuckDB's sniffer pick a one-column dialect.
TEST(CsvShapeScannerTest, DetectsTheDelimiterFromTheHeaderAndTheMajorityOfRows) {
  auto detect = [](const std::string& bytes, CsvShapeOptions options = {}) {
    CsvShapeScanner scanner(options);
    EXPECT_TRUE(scanner.Feed(bytes).ok());
    EXPECT_TRUE(scanner.Finish().ok());
    return scanner.DetectedDelimiter();
  };
  EXPECT_EQ(detect("id,name,score\n1,alice,10\n2,bob\n3,carol,30\n"), ',');
  EXPECT_EQ(detect("id,name,score\n1,alice,10\n2,bob\n3,carol,30"), ',') << "no final LF";
  EXPECT_EQ(detect("a;b;c\n1;2,5;3\n4;5;6\n"), ';') << "a comma inside a field";
  EXPECT_EQ(detect("a\tb\n\"x,y\"\t2\n"), '\t') << "quoted delimiters do not count";
  EXPECT_EQ(detect("text\nhello, world\nbye\n"), std::nullopt) << "one column";
  EXPECT_EQ(detect("a|b\n1|2\n"), '|');
  CsvShapeOptions given;
  given.delimiter = ';';
  EXPECT_EQ(detect("a,b\n1,2\n", given), ';') << "the client's delimiter wins";
}

// Issue #15 item 9 / #16 item 14: a 20 MB line failed after 20–50 s inside DuckDB.
TEST(CsvShapeScannerTest, RefusesALineLongerThanTheCapNamingIt) {
  CsvShapeOptions options;
  options.max_line_bytes = 100;
  std::string bytes = "id,text\n";
  for (int i = 0; i < 2000; ++i) bytes += std::to_string(i) + ",short\n";  // past the sample
  bytes += "9," + std::string(150, 'x') + "\n";
  for (size_t split : {size_t{0}, size_t{5}, bytes.size() - 20}) {
    Status s = ScanCsv(bytes, options, split);
    ASSERT_FALSE(s.ok()) << split;
    EXPECT_NE(s.message().find("line 2002 is longer than 100 bytes"), std::string::npos)
        << s.message();
  }
  const std::string quoted = "id,text\n1,\"" + std::string(150, 'y') + "\"\n";
  EXPECT_FALSE(ScanCsv(quoted, options, 3).ok());
  EXPECT_TRUE(ScanCsv("id,text\n1," + std::string(90, 'z') + "\n", options, 7).ok());
}

TEST(JsonShapeScannerTest, RefusesWhatDuckDbWouldCrashOnOrMisread) {
  // Issue #15 item 4: ~13.4K nested arrays overflowed the stack in DuckDB's schema inference.
  const std::string deep = "{\"a\":" + std::string(20'000, '[') + std::string(20'000, ']') + "}\n";
  Status s = ScanJson(deep, 100, /*ndjson=*/true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nested more than 128 levels"), std::string::npos) << s.message();
  EXPECT_TRUE(ScanJson("{\"a\":[[[1]]]}\n", 100, true).ok());
  // Issue #15 item 13: 1e999 became NULL silently.
  s = ScanJson("{\"a\":1}\n{\"a\":1e999}\n", 100, true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 2: the number 1e999 is outside the range"), std::string::npos)
      << s.message();
  EXPECT_TRUE(ScanJson("{\"a\":-1.5e300, \"b\": true, \"c\": \"1e999\"}\n", 100, true).ok());
  // Issue #16 item 13: a truncated NDJSON line is named with its own line number.
  std::string ndjson;
  for (int i = 1; i <= 3000; ++i) ndjson += "{\"k\":" + std::to_string(i) + "}\n";
  ndjson += "{\"k\":3001,\"t\":\"cut\n";
  for (int i = 3002; i <= 6000; ++i) ndjson += "{\"k\":" + std::to_string(i) + "}\n";
  s = ScanJson(ndjson, 10'000, true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 3001: the line ends inside a string"), std::string::npos)
      << s.message();
  s = ScanJson("{\"a\":1}\n{\"a\":{\"b\":2}\n{\"a\":3}\n", 100, true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("line 2: the line ends with 1 object(s)"), std::string::npos)
      << s.message();
  EXPECT_FALSE(ScanJson("{\"a\":1", 100, true).ok()) << "truncated last line";
  // Long strings and lines.
  EXPECT_FALSE(ScanJson("[{\"a\":\"" + std::string(200, 'x') + "\"}]", 100, false, 100).ok());
  EXPECT_TRUE(ScanJson("[{\"a\":\"" + std::string(90, 'x') + "\"}]", 100, false, 100).ok());
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
