// Where DuckDB's errors point, as a line and a column of the text DuckDB was given: parse errors
// (json_serialize_sql's character offset) and the binder's caret, through real DuckDB messages.
#include "sql/sql_error_position.h"

#include <gtest/gtest.h>

#include <string>

#include "common/status_detail.h"
#include "sql/sql_test_util.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

class SqlErrorPositionTest : public testing::SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    LH_ASSERT_OK(conn_->Execute("CREATE TABLE sotu(id INTEGER, party VARCHAR)"));
  }
  // Where Prepare's error in `sql` points.
  Json PrepareErrorAt(const std::string& sql) {
    auto prepared = conn_->Prepare(sql);
    if (prepared.ok()) return "prepared";
    const Status located = WithSqlPosition(prepared.status(), sql);
    const Json* p = FindDetail(located, "position");
    return p == nullptr ? Json(prepared.status().message()) : *p;
  }
  Json ParseErrorAt(const std::string& sql) {
    auto checked = CheckReadStatement(*conn_, sql);
    if (checked.ok()) return "checked";
    const Json* p = FindDetail(checked.status(), "position");
    return p == nullptr ? Json(checked.status().message()) : *p;
  }
};

Json At(int64_t line, int64_t column, int64_t offset) {
  return Json{{"line", line}, {"column", column}, {"offset", offset}};
}

TEST_F(SqlErrorPositionTest, ParseErrorsPointAtTheToken) {
  EXPECT_EQ(ParseErrorAt("SELECT * FORM sotu"), At(1, 15, 14));
  EXPECT_EQ(ParseErrorAt("SELECT *\n  FORM sotu"), At(2, 8, 16));
  EXPECT_EQ(ParseErrorAt("SELECT *\r\n  FORM sotu"), At(2, 8, 17));  // CRLF is one line end
  // DuckDB counts characters, not bytes: 日本 are two.
  EXPECT_EQ(ParseErrorAt("SELECT '日本' FORM sotu"), At(1, 18, 17));
}

TEST_F(SqlErrorPositionTest, BinderErrorsPointAtTheCaret) {
  EXPECT_EQ(PrepareErrorAt("SELECT party,\n  nope FROM sotu"), At(2, 3, 16));
  EXPECT_EQ(PrepareErrorAt("SELECT * FROM nosuch"), At(1, 15, 14));
  // The caret counts display cells: 日本 are two each, a tab none.
  EXPECT_EQ(PrepareErrorAt("SELECT '日本' || x FROM sotu"), At(1, 16, 15));
  EXPECT_EQ(PrepareErrorAt("\tSELECT\tx FROM sotu"), At(1, 9, 8));
  // A long line is shown cut, with "..." where DuckDB cut it.
  const std::string a(150, 'a');
  const std::string b(150, 'b');
  EXPECT_EQ(PrepareErrorAt("SELECT '" + a + "' , x, '" + b + "' FROM sotu"), At(1, 163, 162));
  EXPECT_EQ(PrepareErrorAt("SELECT 1,\n'" + a + "' || x FROM sotu"), At(2, 157, 166));
}

TEST_F(SqlErrorPositionTest, NoPositionWithoutACaretOrForOtherCodes) {
  EXPECT_EQ(WithSqlPosition(InvalidArgument("no caret"), "SELECT 1").detail(), nullptr);
  const Status internal(StatusCode::kInternal, "x\n\nLINE 1: SELECT 1\n        ^");
  EXPECT_EQ(WithSqlPosition(internal, "SELECT 1").detail(), nullptr);
  EXPECT_NE(
      WithSqlPosition(InvalidArgument("x\n\nLINE 1: SELECT 1\n        ^"), "SELECT 1").detail(),
      nullptr);
  // A caret over a text that is not the statement's (a rewritten query) is not trusted.
  const Status other = InvalidArgument("x\n\nLINE 1: SELECT 2\n        ^");
  EXPECT_EQ(WithSqlPosition(other, "SELECT 1").detail(), nullptr);
  EXPECT_FALSE(PositionAtCharacter("abc", 4).has_value());
  EXPECT_EQ(PositionAtCharacter("abc", 3)->column, 4);
}

}  // namespace
}  // namespace lakehouse
