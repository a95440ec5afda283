#include "cli/result_table.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(ResultTableTest, AlignsNumbersRightAndShowsNullDistinctFromEmpty) {
  const std::string text =
      RenderResultTable({{"id", "INTEGER"}, {"name", "VARCHAR"}},
                        Json::parse(R"([[1, "lake"], [12345, null], [7, ""]])"));
  EXPECT_EQ(text,
            "    id | name\n"
            "-------+------\n"
            "     1 | lake\n"
            " 12345 | NULL\n"
            "     7 |\n"
            "(3 rows)\n");
}

TEST(ResultTableTest, WideCharactersTakeTwoColumnsAndCombiningMarksNone) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("日本"), 4u);     // East Asian wide
  EXPECT_EQ(DisplayWidth("e\u0301"), 1u);  // e + combining acute
  EXPECT_EQ(DisplayWidth("ü"), 1u);
  const std::string text =
      RenderResultTable({{"city", "VARCHAR"}, {"n", "BIGINT"}},
                        Json::parse(R"([["東京", 1], ["Zürich", 2]])"), {0, "NULL", false});
  EXPECT_EQ(text,
            " city   | n\n"
            "--------+---\n"
            " 東京   | 1\n"
            " Zürich | 2\n");
}

// More columns than fit even cut to a few characters each: before, the line itself was cut at the
// width and the last columns were gone; now the table is left whole for the pager (less -S).
TEST(ResultTableTest, ATableThatCannotFitKeepsEveryColumn) {
  std::vector<ResultColumn> columns;
  Json row = Json::array();
  for (int i = 1; i <= 30; ++i) {
    columns.push_back({"col_" + std::to_string(i), "VARCHAR"});
    row.push_back("abcdefgh");
  }
  ResultTableOptions options;
  options.max_width = 100;
  const std::string text = RenderResultTable(columns, Json::array({row}), options);
  EXPECT_NE(text.find("col_30"), std::string::npos) << text;
  EXPECT_EQ(text.find("…"), std::string::npos) << "no cell cut either\n" << text;
  EXPECT_GT(text.find('\n'), 100u) << text;
}

TEST(ResultTableTest, WideTablesAreCutToTheWidthWithAnEllipsis) {
  const std::string long_text(100, 'x');
  ResultTableOptions options;
  options.max_width = 30;
  const std::string text = RenderResultTable({{"id", "INTEGER"}, {"body", "VARCHAR"}},
                                             Json::array({Json::array({1, long_text})}), options);
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    EXPECT_LE(DisplayWidth(text.substr(start, end - start)), 30u) << text;
    start = end + 1;
  }
  EXPECT_NE(text.find("xxx…"), std::string::npos) << text;
  EXPECT_NE(text.find("(1 row)"), std::string::npos) << text;
}

TEST(ResultTableTest, TruncateNeverSplitsACharacter) {
  EXPECT_EQ(TruncateToWidth("日本語テキスト", 5), "日本…");
  EXPECT_EQ(TruncateToWidth("short", 5), "short");
  EXPECT_EQ(TruncateToWidth("abcdef", 4), "abc…");
}

TEST(ResultTableTest, CellsEscapeControlCharactersAndPrintStructuresAsJson) {
  EXPECT_EQ(ResultCell(Json("a\nb\tc"), "NULL"), "a\\nb\\tc");
  EXPECT_EQ(ResultCell(Json::parse("[1,2]"), "NULL"), "[1,2]");
  EXPECT_EQ(ResultCell(Json(), "∅"), "∅");
  EXPECT_EQ(ResultCell(Json(true), "NULL"), "true");
}

}  // namespace
}  // namespace lakehouse
