// Plain text and SMS/chat export staging, and the SMS line parser itself.
#include "ingest/ingest_test_util.h"
#include "ingest/sms_parser.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using TextSmsIngestTest = IngestTest;

TEST_F(TextSmsIngestTest, TextIsOneRow) {
  const std::string text = "Grüße,\nline two\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("notes.txt", text));
  EXPECT_EQ(staged.format, InputFormat::kText);
  EXPECT_EQ(staged.row_count, 1);
  ASSERT_EQ(staged.columns.size(), 3u);
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"file", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[1], (ColumnSpec{"text", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[2], (ColumnSpec{"size_bytes", "BIGINT", false}));
  Json expected = Json::array({Json::array({"notes.txt", text, text.size()})});
  EXPECT_EQ(Rows(staged), expected);
}

TEST_F(TextSmsIngestTest, SmsWithBothSeparatorsAndContinuationLines) {
  const std::string sms =
      "\n"
      "2024-01-31 14:05:09\tAlice\tHi Bob\r\n"
      "2024-01-31 14:06:00 | Bob | Hi! Two lines:\n"
      "second line | with a bar\n"
      "\n"
      "2024-02-29 23:59:59\t+47 555 1234\tleap day\tand a tab\n"
      "2024-03-01 00:00:00\tAlice\t\n";
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("chat.sms", sms));
  EXPECT_EQ(staged.format, InputFormat::kSms);
  ASSERT_EQ(staged.columns.size(), 3u);
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"ts", "TIMESTAMP", false}));
  EXPECT_EQ(staged.columns[1], (ColumnSpec{"sender", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[2], (ColumnSpec{"body", "VARCHAR", false}));
  EXPECT_EQ(Rows(staged, "strftime(ts, '%Y-%m-%d %H:%M:%S'), sender, body"), Json::parse(R"([
      ["2024-01-31 14:05:09", "Alice", "Hi Bob"],
      ["2024-01-31 14:06:00", "Bob", "Hi! Two lines:\nsecond line | with a bar"],
      ["2024-02-29 23:59:59", "+47 555 1234", "leap day\tand a tab"],
      ["2024-03-01 00:00:00", "Alice", ""]])"));
}

TEST_F(TextSmsIngestTest, MalformedFirstLineNamesLine) {
  Status status = Stage("chat.sms", "\n\nhello there\n2024-01-31 14:05:09\tA\tB\n").status();
  EXPECT_TRUE(testing::IsInvalid(status, {"chat.sms", "line 3"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(TextSmsIngestTest, BlankOnlySmsHasNoMessages) {
  EXPECT_TRUE(
      testing::IsInvalid(Stage("blank.sms", "\n \n").status(), {"blank.sms", "no messages"}));
}

TEST(SmsParserTest, ReportsLineErrors) {
  struct Case {
    std::string line;
    std::string error;  // empty: accepted
  };
  const std::vector<Case> cases = {
      {"2024-01-31 14:05:09\tAlice\tok", ""},
      {"2024-01-31 14:05:09 | Alice | ok", ""},
      {"2024-02-30 10:00:00\tA\tx", "invalid timestamp"},
      {"2023-02-29 10:00:00\tA\tx", "invalid timestamp"},
      {"2024-01-31 24:00:00\tA\tx", "invalid timestamp"},
      {"2024-01-31 14:05:09\tAlice only", "no body separator"},
      {"2024-01-31 14:05:09\t\tbody", "empty sender"},
      {"2024-01-31T14:05:09\tA\tx", "first message"},
      {"31/01/2024 14:05\tA\tx", "first message"},
  };
  for (const Case& c : cases) {
    SmsExportParser parser;
    Result<std::optional<SmsMessage>> result = parser.AddLine(c.line);
    if (c.error.empty()) {
      EXPECT_TRUE(result.ok()) << c.line << ": " << result.status().ToString();
    } else {
      ASSERT_FALSE(result.ok()) << c.line;
      EXPECT_NE(result.status().message().find("line 1: "), std::string::npos);
      EXPECT_NE(result.status().message().find(c.error), std::string::npos)
          << c.line << ": " << result.status().ToString();
    }
  }
}

TEST(SmsParserTest, TimestampsAreEpochMicros) {
  EXPECT_EQ(ParseSmsTimestamp("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(ParseSmsTimestamp("2000-03-01 00:00:01"), int64_t{951'868'801} * 1'000'000);
  EXPECT_EQ(ParseSmsTimestamp("1969-12-31 23:59:59"), -1'000'000);
  EXPECT_EQ(ParseSmsTimestamp("2024-13-01 00:00:00"), std::nullopt);
}

}  // namespace
}  // namespace lakehouse
