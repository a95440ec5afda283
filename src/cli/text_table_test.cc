#include "cli/text_table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace lakehouse {
namespace {

TEST(TextTableTest, PadsToTheWidestCellAndRightAlignsNumbers) {
  TextTable table({{"NAME"}, {"ROWS", true}, {"NOTE"}});
  table.AddRow({"lakes", "7", "ok"});
  table.AddRow({"ünïcode", "12345"});  // missing cell → empty; width counts code points
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(),
            "NAME      ROWS  NOTE\n"
            "lakes        7  ok\n"
            "ünïcode  12345\n");
  std::ostringstream untitled;
  table.Print(untitled, /*with_titles=*/false);
  EXPECT_EQ(untitled.str(),
            "lakes        7  ok\n"
            "ünïcode  12345\n");
}

TEST(TextTableTest, CellTextRendersJsonValues) {
  EXPECT_EQ(CellText(Json(nullptr)), "-");
  EXPECT_EQ(CellText(Json("plain")), "plain");
  EXPECT_EQ(CellText(Json(42)), "42");
  EXPECT_EQ(CellText(Json(true)), "true");
  EXPECT_EQ(CellText(Json(0.5)), "0.5");
  EXPECT_EQ(CellText(Json(0.123456789), 4), "0.1235");
  EXPECT_EQ(CellText(Json(2.0)), "2");
  EXPECT_EQ(CellText(Json::array({1, 2})), "[1,2]");
  Json object = {{"a", 1}, {"b", nullptr}};
  EXPECT_EQ(Field(object, "a"), "1");
  EXPECT_EQ(Field(object, "b"), "-");
  EXPECT_EQ(Field(object, "missing"), "-");
  EXPECT_EQ(Field(Json(nullptr), "a"), "-");
}

TEST(TextTableTest, OneLineCollapsesWhitespaceAndCutsOnCodePoints) {
  EXPECT_EQ(OneLine("  a\n\n b\tc  ", 100), "a b c");
  EXPECT_EQ(OneLine("abcdef", 3), "abc…");
  EXPECT_EQ(OneLine("abc", 3), "abc");
  EXPECT_EQ(OneLine("日本語のテキスト", 3), "日本語…");
  EXPECT_EQ(OneLine("😀😀😀", 2), "😀😀…");
  EXPECT_EQ(OneLine("", 5), "");
  EXPECT_EQ(CodePoints("日本語"), 3u);
}

}  // namespace
}  // namespace lakehouse
