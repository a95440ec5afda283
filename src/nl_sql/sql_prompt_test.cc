#include "nl_sql/sql_prompt.h"

#include <gtest/gtest.h>

namespace lakehouse {
namespace {

TEST(ExtractSqlTest, FencedBlockWithProseAround) {
  ExtractedSql out = ExtractSql(
      "Here is the query:\n```sql\nSELECT city, count(*) FROM candidates GROUP BY city;\n```\n"
      "It counts candidates per city.");
  EXPECT_EQ(out.sql, "SELECT city, count(*) FROM candidates GROUP BY city");
  EXPECT_EQ(out.explanation, "Here is the query:\nIt counts candidates per city.");
}

TEST(ExtractSqlTest, FenceWithoutLanguageAndUnclosed) {
  EXPECT_EQ(ExtractSql("```\nSELECT 1\n```").sql, "SELECT 1");
  EXPECT_EQ(ExtractSql("```SELECT 2```").sql, "SELECT 2");
  EXPECT_EQ(ExtractSql("Sure.\n```sql\nSELECT 3;;  \n").sql, "SELECT 3");
}

TEST(ExtractSqlTest, BareStatementAfterProse) {
  ExtractedSql out = ExtractSql("The answer:\nselect *\nfrom jobs\nwhere open;\n\nAll open jobs.");
  EXPECT_EQ(out.sql, "select *\nfrom jobs\nwhere open");
  EXPECT_EQ(out.explanation, "The answer:\nAll open jobs.");
}

TEST(ExtractSqlTest, WritesAndSeveralStatementsAreExtractedForTheSandboxToRefuse) {
  EXPECT_EQ(ExtractSql("DROP TABLE candidates;").sql, "DROP TABLE candidates");
  EXPECT_EQ(ExtractSql("```sql\nSELECT 1; DELETE FROM t;\n```").sql, "SELECT 1; DELETE FROM t");
}

TEST(ExtractSqlTest, ProseOnlyHasNoSql) {
  ExtractedSql out = ExtractSql("I cannot answer that from these tables.");
  EXPECT_EQ(out.sql, "");
  EXPECT_EQ(out.explanation, "I cannot answer that from these tables.");
  EXPECT_EQ(ExtractSql("Selection is hard").sql, "");  // a keyword must be a whole word
}

TEST(SqlPromptTest, SchemaListsColumnsWithDescriptionsAndSamples) {
  SchemaContext context;
  context.tables.push_back({"candidates",
                            "People",
                            {{"city", "VARCHAR", "Home city", {"'Chicago'", "'O''Hare'"}},
                             {"years", "INTEGER", "", {"7", "12"}}}});
  EXPECT_EQ(RenderSchema(context),
            "TABLE \"candidates\" -- People\n"
            "  \"city\" VARCHAR -- Home city; e.g. 'Chicago', 'O''Hare'\n"
            "  \"years\" INTEGER -- e.g. 7, 12\n");
}

TEST(SqlPromptTest, RetryCarriesTheFailedReplyAndTheError) {
  SchemaContext context;
  context.tables.push_back({"t", "", {{"a", "INTEGER", "", {}}}});
  std::vector<ChatMessage> first = BuildSqlPrompt("how many?", context, {});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].role, "system");
  EXPECT_NE(first[0].content.find("TABLE \"t\""), std::string::npos);
  EXPECT_EQ(first[1].role, "user");
  EXPECT_EQ(first[1].content, "how many?");
  std::vector<ChatMessage> retry =
      BuildSqlPrompt("how many?", context, {{"SELECT b FROM t", "column b not found"}});
  ASSERT_EQ(retry.size(), 4u);
  EXPECT_EQ(retry[2].role, "assistant");
  EXPECT_EQ(retry[2].content, "SELECT b FROM t");
  EXPECT_NE(retry[3].content.find("column b not found"), std::string::npos);
}

}  // namespace
}  // namespace lakehouse
