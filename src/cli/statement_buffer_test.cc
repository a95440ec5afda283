#include "cli/statement_buffer.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(StatementBufferTest, AStatementSpansLinesUntilItsSemicolon) {
  StatementBuffer buffer;
  buffer.AddLine("SELECT 1,");
  EXPECT_FALSE(buffer.empty());
  EXPECT_TRUE(buffer.TakeStatements().empty());
  buffer.AddLine("  2 AS two;");
  EXPECT_EQ(buffer.TakeStatements(), std::vector<std::string>{"SELECT 1,\n  2 AS two"});
  EXPECT_TRUE(buffer.empty());
}

TEST(StatementBufferTest, SemicolonsInQuotesAndCommentsDoNotEndAStatement) {
  StatementBuffer buffer;
  buffer.AddLine("SELECT 'a;b', \"c;d\" -- e;f");
  buffer.AddLine("/* g; */ , 'it''s;' ; SELECT 2;");
  EXPECT_EQ(buffer.TakeStatements(),
            (std::vector<std::string>{"SELECT 'a;b', \"c;d\" \n/* g; */ , 'it''s;'", "SELECT 2"}));
}

TEST(StatementBufferTest, AnOpenQuoteKeepsTheBufferPending) {
  StatementBuffer buffer;
  buffer.AddLine("SELECT 'multi");
  EXPECT_FALSE(buffer.empty());
  buffer.AddLine("line';");
  EXPECT_EQ(buffer.TakeStatements(), std::vector<std::string>{"SELECT 'multi\nline'"});
}

TEST(StatementBufferTest, EmptyStatementsAreDroppedAndTheRestIsKept) {
  StatementBuffer buffer;
  buffer.AddLine(";;  ; SELECT 3");
  EXPECT_TRUE(buffer.TakeStatements().empty());
  EXPECT_EQ(buffer.TakeRest(), "SELECT 3");
  EXPECT_TRUE(buffer.empty());
}

}  // namespace
}  // namespace lakehouse
