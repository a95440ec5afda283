#include "sql/statement_facts.h"

#include <gtest/gtest.h>

#include "sql/sql_test_util.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

// Facts from DuckDB's real parse trees and function list.
class StatementFactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(std::move(Database::Open(DuckDbOptions{}).value()));
    conn_ = std::make_unique<Connection>(std::move(db_->Connect().value()));
    functions_ = std::move(FunctionStability::Load(*conn_).value());
  }
  StatementFacts Facts(const std::string& sql) {
    Result<Json> tree = SerializeStatement(*conn_, sql);
    EXPECT_TRUE(tree.ok()) << tree.status().ToString();
    return AnalyzeStatement(tree.ok() ? *tree : Json(), functions_);
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
  FunctionStability functions_;
};

TEST_F(StatementFactsTest, TablesComeFromTheParseTreeNotTheText) {
  StatementFacts facts = Facts(
      "WITH big AS (SELECT * FROM Orders WHERE amount > 10) "
      "SELECT c.country, count(*) FROM big JOIN main.customers c USING (customer_id) "
      "WHERE 'payments' <> c.name -- refunds\n"
      "AND c.id IN (SELECT id FROM (SELECT id FROM vip) v) GROUP BY ALL ORDER BY 1");
  EXPECT_TRUE(facts.cacheable) << facts.reason;
  // Neither the string literal nor the comment counts; the CTE's name does (conservative).
  EXPECT_EQ(facts.tables, (std::vector<std::string>{"big", "customers", "orders", "vip"}));
}

TEST_F(StatementFactsTest, NormalisedTextIgnoresWhitespaceCommentsAndKeywordCase) {
  StatementFacts a = Facts("SELECT day, count(*) FROM orders GROUP BY day");
  StatementFacts b = Facts("select  day,\n  COUNT(*)   -- per day\nfrom orders group by day;");
  StatementFacts c = Facts("SELECT day, count(*) FROM orders GROUP BY day ORDER BY day");
  ASSERT_TRUE(a.cacheable && b.cacheable && c.cacheable);
  EXPECT_EQ(a.normalized, b.normalized);
  EXPECT_NE(a.normalized, c.normalized);
  EXPECT_EQ(a.normalized.find("query_location"), std::string::npos);
}

TEST_F(StatementFactsTest, VolatileFunctionsAreNeverCacheable) {
  for (const char* sql : {"SELECT random() FROM orders",
                          "SELECT now() FROM orders",
                          "SELECT current_timestamp FROM orders",
                          "SELECT CURRENT_DATE AS d FROM orders",
                          "SELECT current_time FROM orders",
                          "SELECT localtimestamp FROM orders",
                          "SELECT get_current_time() FROM orders",
                          "SELECT today() FROM orders",
                          "SELECT gen_random_uuid() FROM orders",
                          "SELECT uuid() FROM orders",
                          "SELECT nextval('s') FROM orders",
                          "SELECT currval('s') FROM orders",
                          "SELECT setseed(0.5) FROM orders",
                          "SELECT user FROM orders",
                          "SELECT * FROM orders ORDER BY random() LIMIT 1",
                          "SELECT * FROM orders WHERE id IN (SELECT id FROM x WHERE ts < now())",
                          "SELECT sum(amount) OVER (ORDER BY id) + random() FROM orders",
                          "SELECT * FROM orders USING SAMPLE 10%",
                          "SELECT * FROM orders TABLESAMPLE 5 ROWS",
                          "SELECT no_such_function(id) FROM orders"}) {
    StatementFacts facts = Facts(sql);
    EXPECT_FALSE(facts.cacheable) << sql;
    EXPECT_FALSE(facts.reason.empty()) << sql;
  }
}

TEST_F(StatementFactsTest, DeterministicQueriesAreCacheable) {
  for (const char* sql :
       {"SELECT day, count(*), sum(amount), avg(amount) FROM orders GROUP BY day ORDER BY day",
        "SELECT id, row_number() OVER (ORDER BY id), lag(id) OVER (ORDER BY id) FROM orders",
        "SELECT upper(name) || '!', round(amount, 2), CAST(id AS VARCHAR) FROM orders",
        "SELECT * FROM orders WHERE id = $1", "SELECT * FROM orders UNION ALL VALUES (1)",
        "SELECT list_transform([1, 2], x -> x + 1) FROM orders",
        "SELECT sum(amount) / nullif(count(*), 0), split_part(name, ' ', 1) FROM orders"}) {
    StatementFacts facts = Facts(sql);
    EXPECT_TRUE(facts.cacheable) << sql << ": " << facts.reason;
  }
}

TEST_F(StatementFactsTest, OnlyPlainTablesInTheMainSchemaAreCacheable) {
  for (const char* sql : {"SELECT * FROM range(10)", "SELECT * FROM orders, range(3)",
                          "SELECT * FROM embeddings.notes_idx", "SELECT * FROM memory.main.orders",
                          "SELECT * FROM other_db.orders", "SELECT 1", "DESCRIBE orders",
                          "SHOW TABLES", "SELECT * FROM duckdb_tables()"}) {
    StatementFacts facts = Facts(sql);
    EXPECT_FALSE(facts.cacheable) << sql;
  }
  EXPECT_TRUE(Facts("SELECT * FROM main.orders").cacheable);
}

TEST_F(StatementFactsTest, ErrorsAndOtherTreesAreNotCacheable) {
  EXPECT_FALSE(AnalyzeStatement(Json::parse(R"({"error": true})"), functions_).cacheable);
  EXPECT_FALSE(AnalyzeStatement(Json::array(), functions_).cacheable);
  EXPECT_FALSE(UncacheableStatement("EXPLAIN").cacheable);
}

TEST(FunctionStabilityTest, DuckDbsVolatileListAndOurRefusals) {
  Database db = std::move(Database::Open(DuckDbOptions{}).value());
  Connection conn = std::move(db.Connect().value());
  FunctionStability functions = std::move(FunctionStability::Load(conn).value());
  for (const char* name : {"sum", "count_star", "upper", "+", "round", "list_value", "hash"}) {
    EXPECT_TRUE(functions.IsConsistent(name)) << name;
  }
  EXPECT_TRUE(functions.IsConsistent("SUM"));
  // Macros: deterministic when their bodies are (DuckDB lists no stability for them).
  for (const char* name : {"nullif", "split_part", "list_sum", "array_append", "geomean"}) {
    EXPECT_TRUE(functions.IsConsistent(name)) << name;
  }
  for (const char* name : {"current_user", "session_user", "user", "current_role"}) {
    EXPECT_FALSE(functions.IsConsistent(name)) << name;
  }
  for (const char* name : {"random", "now", "uuid", "gen_random_uuid", "nextval", "currval",
                           "setseed", "today", "get_current_time", "get_current_timestamp",
                           "current_date", "transaction_timestamp", "no_such_function"}) {
    EXPECT_FALSE(functions.IsConsistent(name)) << name;
  }
  // The fixed refusals hold even for a list that claims otherwise.
  FunctionStability listed = FunctionStability::FromNames({"random", "now", "sum"});
  EXPECT_TRUE(listed.IsConsistent("sum"));
  EXPECT_FALSE(listed.IsConsistent("random"));
  EXPECT_FALSE(listed.IsConsistent("now"));
}

}  // namespace
}  // namespace lakehouse
