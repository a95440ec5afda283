#include "sql/query_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/mutex.h"
#include "sql/checked_statement_cache.h"
#include "sql/database.h"
#include "sql/result_json.h"
#include "sql/statement_sources.h"

namespace lakehouse {
namespace {

// Stands in for table/ReadPath (which sql/ cannot depend on): records what the service asks.
class TestReadPath : public QueryReadPath {
 public:
  Result<std::unique_ptr<QueryScope>> BeforeQuery() override {
    return before ? before() : std::unique_ptr<QueryScope>();
  }
  // Called by every querying thread at once (ConcurrentQueriesAndInvalidation).
  void CountRead(const std::vector<std::string>& tables) override {
    MutexLock lock(mu_);
    reads_.push_back(tables);
  }
  std::vector<std::vector<std::string>> Reads() const {
    MutexLock lock(mu_);
    return reads_;
  }
  ResultCache* results() override { return results_ptr; }
  std::optional<std::vector<ResultSource>> PinnedSources(
      const std::vector<std::string>& tables) override {
    return pinned ? pinned(tables) : std::nullopt;
  }

  std::function<Result<std::unique_ptr<QueryScope>>()> before;
  std::function<std::optional<std::vector<ResultSource>>(const std::vector<std::string>&)> pinned;
  ResultCache* results_ptr = nullptr;

 private:
  mutable Mutex mu_;
  std::vector<std::vector<std::string>> reads_ LH_GUARDED_BY(mu_);
};

class QueryServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<Database>(std::move(Database::Open(options_).value()));
    pool_ = std::move(ConnectionPool::Create(*db_, 2).value());
    service_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options_);
    auto lease = pool_->Acquire(std::chrono::seconds(1));
    ASSERT_TRUE((*lease)->Execute("CREATE TABLE t AS SELECT range AS id FROM range(50)").ok());
  }
  Result<Json> Run(const std::string& sql, Json params = nullptr,
                   std::optional<int64_t> limit = {}) {
    return Run(SqlRequest{sql, params, limit, std::nullopt});
  }
  // The statement's answer as /query/sql renders it.
  Result<Json> Run(const SqlRequest& request) {
    LH_ASSIGN_OR_RETURN(QueryAnswer answer, service_->Query(request));
    return QueryAnswerToJson(answer);
  }
  // A composed statement's rows, rendered the same way.
  Result<Json> RunComposed(const std::string& sql, int64_t limit) {
    LH_ASSIGN_OR_RETURN(QueryAnswer answer, service_->QueryComposed(sql, limit));
    return RowSetToJson(*answer.rows);
  }

  DuckDbOptions options_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ConnectionPool> pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<QueryService> service_;
};

TEST_F(QueryServiceTest, RunsSelectWithParamsAndLimit) {
  auto r = Run("SELECT id FROM t WHERE id >= $1 ORDER BY id", Json::array({45}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)["row_count"], 5);
  EXPECT_EQ((*r)["rows"][0][0], 45);
  EXPECT_TRUE((*r).contains("elapsed_ms"));
  auto limited = Run("SELECT id FROM t", nullptr, 10);
  EXPECT_EQ((*limited)["row_count"], 10);
  EXPECT_EQ((*limited)["truncated"], true);
}

// The typed rows behind the JSON: values in their C++ types, columns found by name, and a JSON
// rendering identical to what DuckDB's decoder gives for every kind of value.
TEST_F(QueryServiceTest, QueryReturnsTypedRows) {
  const std::string sql =
      "SELECT id, CAST(id AS VARCHAR) AS s, id / 2 AS half, id > 1 AS big, NULL AS nothing, "
      "[id, id] AS pair, {'a': id} AS st, DATE '2024-02-29' AS d, 18446744073709551615::UBIGINT "
      "AS u FROM t WHERE id IN (3, 7) ORDER BY id";
  SqlRequest request;
  request.sql = sql;
  Result<QueryAnswer> answer = service_->Query(request);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  const RowSet& rows = *answer->rows;
  ASSERT_EQ(rows.row_count(), 2u);
  EXPECT_FALSE(rows.truncated);
  EXPECT_FALSE(answer->cached);
  ASSERT_EQ(rows.ColumnIndex("s"), 1u);
  EXPECT_EQ(rows.ColumnIndex("missing"), std::nullopt);
  EXPECT_EQ(rows.columns[0].type, "BIGINT");
  EXPECT_EQ(rows.Int64(1, 0), 7);
  EXPECT_EQ(rows.String(1, 1), "7");
  EXPECT_EQ(rows.Int64(1, 1), std::nullopt) << "text is not an integer";
  EXPECT_DOUBLE_EQ(*rows.Double(1, 2), 3.5);
  EXPECT_EQ(rows.At(0, 3).AsBool(), true);
  EXPECT_TRUE(rows.At(0, 4).is_null());
  EXPECT_TRUE(rows.At(0, 5).is_nested());
  EXPECT_EQ(rows.String(0, 7), "2024-02-29");
  EXPECT_EQ(rows.Int64(0, 8), std::nullopt) << "beyond int64";
  Result<Json> json = Run(sql);
  ASSERT_TRUE(json.ok());
  EXPECT_EQ((*json)["rows"], Json::parse(R"([[3,"3",1.5,true,null,[3,3],{"a":3},"2024-02-29",)"
                                         R"(18446744073709551615],[7,"7",3.5,true,null,[7,7],)"
                                         R"({"a":7},"2024-02-29",18446744073709551615]])"));
  EXPECT_EQ(QueryAnswerToJson(*answer)["rows"], (*json)["rows"]);
}

// The server's own composed statements: the same JSON as Run (less "cached"), limits applied,
// errors as statuses.
TEST_F(QueryServiceTest, ComposedStatementsAnswerLikeRun) {
  const std::string sql =
      "SELECT id, CAST(id AS VARCHAR) AS s FROM t WHERE id IN (3, 7, 40) ORDER BY id";
  Result<Json> composed = RunComposed(sql, QueryService::kMaxRowLimit);
  ASSERT_TRUE(composed.ok()) << composed.status().ToString();
  Result<Json> checked = Run(sql);
  ASSERT_TRUE(checked.ok());
  for (const char* member : {"columns", "rows", "row_count", "truncated"}) {
    EXPECT_EQ((*composed)[member], (*checked)[member]) << member;
  }
  EXPECT_EQ((*composed)["rows"], Json::parse(R"([[3,"3"],[7,"7"],[40,"40"]])"));
  Result<Json> limited = RunComposed("SELECT id FROM t", 10);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ((*limited)["row_count"], 10);
  EXPECT_EQ((*limited)["truncated"], true);
  EXPECT_FALSE(RunComposed("SELECT nope FROM t", 10).ok());
}

TEST_F(QueryServiceTest, ReadStatementsOfEveryShapeRun) {
  for (const char* sql :
       {"WITH x AS (SELECT 1 AS a) SELECT a FROM x", "EXPLAIN SELECT * FROM t", "DESCRIBE t",
        "SHOW TABLES", "SUMMARIZE t", "FROM t LIMIT 1", "VALUES (1), (2)"}) {
    auto r = Run(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
}

TEST_F(QueryServiceTest, WritesAndSettingsAreRefused) {
  for (const char* sql :
       {"INSERT INTO t VALUES (1)", "DELETE FROM t", "UPDATE t SET id = 1",
        "CREATE TABLE u (a INT)", "DROP TABLE t", "SET threads = 1", "PRAGMA enable_profiling",
        "COPY t TO '/tmp/x.csv'", "ATTACH ':memory:' AS other", "INSTALL httpfs", "LOAD httpfs",
        "BEGIN TRANSACTION", "SELECT 1; DROP TABLE t", "SELECT 1; SELECT 2"}) {
    auto r = Run(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied)
        << sql << ": " << r.status().ToString();
  }
  EXPECT_EQ((*Run("SELECT count(*) FROM t"))["rows"][0][0], 50) << "nothing was changed";
}

TEST_F(QueryServiceTest, BadInputIsInvalidArgument) {
  EXPECT_EQ(Run("SELEC 1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run("   ").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run("SELECT $1").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Run("SELECT * FROM missing_table").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(ParseSqlRequest(Json{{"sql", 1}}).ok());
  EXPECT_FALSE(ParseSqlRequest(Json{{"sql", "SELECT 1"}, {"limit", -1}}).ok());
  EXPECT_FALSE(ParseSqlRequest(Json{{"sql", "SELECT 1"}, {"params", "x"}}).ok());
}

// A text that passed before runs without a prepare (one bind instead of two); every later run must
// behave exactly like the first: results, refusals, missing parameters, timeouts, missing tables.
TEST_F(QueryServiceTest, RepeatedTextsBehaveLikeTheirFirstRun) {
  ASSERT_TRUE(Run("SELECT 1").ok());
  {
    auto lease = pool_->Acquire(std::chrono::seconds(1));
    ASSERT_TRUE((*lease)->Execute("CREATE TABLE u AS SELECT 1 AS a").ok());
  }
  ASSERT_TRUE(Run("SELECT a FROM u").ok());
  {
    auto lease = pool_->Acquire(std::chrono::seconds(1));
    ASSERT_TRUE((*lease)->Execute("DROP TABLE u").ok());
  }
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    auto r = Run("SELECT id FROM t WHERE id < 3 ORDER BY id");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ((*r)["rows"], Json::array({{0}, {1}, {2}}));
    EXPECT_TRUE(Run("EXPLAIN SELECT * FROM t").ok());
    EXPECT_EQ(Run("SELECT id FROM t WHERE id = $1").status().code(), StatusCode::kInvalidArgument);
    auto with_params = Run("SELECT id FROM t WHERE id = $1", Json::array({7}));
    ASSERT_TRUE(with_params.ok()) << with_params.status().ToString();
    EXPECT_EQ((*with_params)["rows"][0][0], 7);
    EXPECT_EQ(Run("SELECT * FROM read_csv('/etc/passwd')").status().code(),
              StatusCode::kPermissionDenied);
    EXPECT_EQ(Run("INSERT INTO t VALUES (1)").status().code(), StatusCode::kPermissionDenied);
    auto slow = Run(SqlRequest{"SELECT count(*) FROM range(10000000000)", nullptr, {}, 100});
    EXPECT_EQ(slow.status().code(), StatusCode::kDeadlineExceeded) << slow.status().ToString();
    EXPECT_EQ(Run("SELECT a FROM u").status().code(), StatusCode::kNotFound);
  }
  EXPECT_EQ((*Run("SELECT count(*) FROM t"))["rows"][0][0], 50) << "nothing was changed";
}

TEST_F(QueryServiceTest, TimeoutIsDeadlineExceeded) {
  auto r = Run(SqlRequest{"SELECT count(*) FROM range(10000000000)", nullptr, {}, 100});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
}

// The before-query hook runs before the statement is prepared; its scope (e.g. a lease on the
// files the views read) lives until the result has been turned into JSON or written out.
TEST_F(QueryServiceTest, BeforeQueryScopeOutlivesTheStatementAndItsFailureFailsTheQuery) {
  struct Scope : QueryScope {
    explicit Scope(std::vector<std::string>* log) : log_(log) { log_->push_back("open"); }
    ~Scope() override { log_->push_back("closed"); }
    std::vector<std::string>* log_;
  };
  std::vector<std::string> log;
  bool fail = false;
  TestReadPath read_path;
  read_path.before = [&]() -> Result<std::unique_ptr<QueryScope>> {
    log.push_back("before");
    if (fail) return Unavailable("views are not ready");
    return std::unique_ptr<QueryScope>(std::make_unique<Scope>(&log));
  };
  service_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options_, &read_path);
  auto r = Run("SELECT count(*) FROM t");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(log, (std::vector<std::string>{"before", "open", "closed"}));

  log.clear();
  fail = true;
  auto refused = Run("SELECT count(*) FROM t");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(log, (std::vector<std::string>{"before"}));
}

// The read path learns which tables each client statement reads from its parse tree, the first
// time and when the checked text comes again: not names in literals or comments, and nothing
// for a statement the sandbox refuses.
TEST_F(QueryServiceTest, ReadsAreReportedFromTheParseTree) {
  TestReadPath read_path;
  service_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options_, &read_path);
  ASSERT_TRUE(Run("SELECT 'u' AS u, count(*) FROM t AS x JOIN t AS y USING (id) -- u").ok());
  ASSERT_TRUE(Run("SELECT 'u' AS u, count(*) FROM t AS x JOIN t AS y USING (id) -- u").ok());
  ASSERT_TRUE(Run("SELECT max(random()) FROM t").ok());
  ASSERT_TRUE(Run("SELECT 1").ok());
  EXPECT_FALSE(Run("DROP TABLE t").ok());
  using Tables = std::vector<std::string>;
  EXPECT_EQ(read_path.Reads(), (std::vector<Tables>{{"t"}, {"t"}, {"t"}, {}}));
}

// Files are read only through dataset views: table functions that read files, and paths used as
// tables, are refused wherever they appear in the statement; generators and catalog functions run.
TEST_F(QueryServiceTest, FileReadingTableFunctionsAndPathsAreRefusedAnywhere) {
  for (const char* sql : {
           "SELECT * FROM read_parquet('/tmp/x.parquet')",
           "SELECT * FROM READ_CSV('/tmp/x.csv')",
           "SELECT * FROM t WHERE id IN (SELECT a FROM read_csv_auto('/tmp/x.csv'))",
           "WITH x AS (SELECT * FROM glob('/tmp/*')) SELECT * FROM x",
           "SELECT * FROM '/tmp/x.parquet'",
           "SELECT * FROM t, LATERAL (SELECT * FROM read_text('/etc/hostname'))",
           "SUMMARIZE SELECT * FROM read_json('/tmp/x.json')",
           "DESCRIBE SELECT * FROM parquet_metadata('/tmp/x.parquet')",
           "SELECT * FROM query('SELECT 1')",
           "SELECT * FROM query_table('t')",
           "SELECT (SELECT count(*) FROM read_blob('/etc/hostname'))",
       }) {
    auto r = Run(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied)
        << sql << ": " << r.status().ToString();
    EXPECT_NE(r.status().message().find("sandbox"), std::string::npos) << r.status().ToString();
  }
  for (const char* sql :
       {"SELECT count(*) FROM range(10)", "SELECT * FROM generate_series(1, 3)",
        "SELECT unnest([1, 2])", "SELECT * FROM unnest([1, 2])",
        "SELECT count(*) FROM duckdb_tables()", "SELECT * FROM pragma_table_info('t')",
        "WITH x AS (SELECT 1 AS a) SELECT * FROM x", "SELECT * FROM \"t\" WHERE id = $1",
        "DESCRIBE t", "SHOW TABLES", "SUMMARIZE t", "EXPLAIN SELECT * FROM t"}) {
    auto r = Run(SqlRequest{
        sql,
        std::string_view(sql).find("$1") != std::string_view::npos ? Json::array({1}) : Json(),
        {},
        {}});
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
}

TEST(StatementSourcesTest, SerializedTreesFailClosed) {
  auto code = [](const char* tree) {
    return CheckSerializedStatementSources(Json::parse(tree)).code();
  };
  EXPECT_EQ(code(R"({"error": true, "error_type": "parser", "error_message": "syntax error"})"),
            StatusCode::kInvalidArgument);
  // What the check cannot see into is refused, never admitted.
  EXPECT_EQ(code(R"({"error": true, "error_type": "not implemented",
                    "error_message": "Only SELECT statements can be serialized to json!"})"),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(code(R"({"error": true, "error_type": "other", "error_message": "?"})"),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(code(R"({"error": false, "statements": []})"), StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckSerializedStatementSources(Json::array()).code(), StatusCode::kPermissionDenied);
}

TEST(StatementSourcesTest, ExplainedStatementIsTheTextAfterTheKeywords) {
  EXPECT_EQ(ExplainedStatement("EXPLAIN SELECT 1"), "SELECT 1");
  EXPECT_EQ(ExplainedStatement("  explain\n analyze\tSELECT 1"), "SELECT 1");
  EXPECT_EQ(ExplainedStatement("EXPLAIN ANALYSE FROM t"), "FROM t");
  EXPECT_EQ(ExplainedStatement("EXPLAIN analyzed"), "analyzed");
  EXPECT_EQ(ExplainedStatement("EXPLAIN"), std::nullopt);
  EXPECT_EQ(ExplainedStatement("EXPLAIN/**/SELECT 1"), std::nullopt);
  EXPECT_EQ(ExplainedStatement("/**/EXPLAIN SELECT 1"), std::nullopt);
  EXPECT_EQ(ExplainedStatement("EXPLAINED SELECT 1"), std::nullopt);
  EXPECT_EQ(ExplainedStatement("SELECT 1"), std::nullopt);
}

TEST(CheckedStatementCacheTest, KeepsTheMostRecentlyUsedTexts) {
  CheckedStatementCache cache(2);
  EXPECT_FALSE(cache.Contains("a"));
  cache.Add("a");
  cache.Add("b");
  EXPECT_TRUE(cache.Contains("a"));  // a is now more recent than b
  cache.Add("c");                    // evicts b
  EXPECT_TRUE(cache.Contains("a"));
  EXPECT_FALSE(cache.Contains("b"));
  EXPECT_TRUE(cache.Contains("c"));
  cache.Add("c");
  EXPECT_EQ(cache.size(), 2u);
  CheckedStatementCache off(0);
  off.Add("a");
  EXPECT_FALSE(off.Contains("a"));
}

// A text refused once is refused again (only passing texts are remembered), and a passing text
// keeps passing from the cache.
TEST_F(QueryServiceTest, RepeatedStatementsGetTheSameAnswer) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Run("SELECT * FROM read_csv('/tmp/x.csv')").status().code(),
              StatusCode::kPermissionDenied);
    EXPECT_EQ(Run("DROP TABLE t").status().code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(Run("SELECT 1; SELECT 2").status().code(), StatusCode::kPermissionDenied);
    auto ok = Run("SELECT count(*) FROM t");
    ASSERT_TRUE(ok.ok()) << ok.status().ToString();
    EXPECT_EQ((*ok)["rows"][0][0], 50);
  }
}

// The result cache through the service, with a resolver standing in for the hot cache: table
// `t` is "pinned" at a version the test moves.
class QueryServiceResultCacheTest : public QueryServiceTest {
 protected:
  void SetUp() override {
    QueryServiceTest::SetUp();
    read_path_.results_ptr = &results_;
    read_path_.pinned = [this](const std::vector<std::string>& tables) {
      std::optional<std::vector<ResultSource>> sources;
      if (tables == std::vector<std::string>{"t"}) {
        sources = std::vector<ResultSource>{
            {"t-id", version_.load(), version_.load(), static_cast<uint64_t>(version_.load())}};
      }
      return sources;
    };
    service_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options_, &read_path_);
  }
  ResultCache results_{1 << 20, 1 << 20};
  TestReadPath read_path_;
  std::atomic<int64_t> version_{1};
};

TEST_F(QueryServiceResultCacheTest, RepeatsAreCachedUntilTheVersionMoves) {
  auto first = Run("SELECT count(*) AS n FROM t");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ((*first)["cached"], false);
  auto second = Run("select COUNT(*) as n from t -- again");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)["cached"], true);
  EXPECT_EQ((*second)["rows"], (*first)["rows"]);
  EXPECT_EQ((*second)["columns"], (*first)["columns"]);

  // The data changes and so does the version: the next query runs and sees it.
  {
    auto lease = pool_->Acquire(std::chrono::seconds(1));
    ASSERT_TRUE((*lease)->Execute("INSERT INTO t VALUES (50)").ok());
  }
  version_ = 2;
  results_.DropDataset("t-id", 2);
  auto third = Run("SELECT count(*) AS n FROM t");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ((*third)["cached"], false);
  EXPECT_EQ((*third)["rows"][0][0], 51);

  // Volatile, unresolvable and bypassed statements always run.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ((*Run("SELECT count(*), max(random()) FROM t"))["cached"], false);
    EXPECT_EQ((*Run("SELECT count(*) FROM range(3)"))["cached"], false);
    EXPECT_EQ((*Run("EXPLAIN SELECT * FROM t"))["cached"], false);
    SqlRequest bypass{"SELECT count(*) AS n FROM t", nullptr, {}, {}};
    bypass.use_cache = false;
    EXPECT_EQ((*Run(bypass))["cached"], false);
  }
  EXPECT_EQ(results_.Stats().uncacheable, 6);
  EXPECT_EQ(results_.Stats().hits, 1);
  EXPECT_FALSE(ParseSqlRequest(Json{{"sql", "SELECT 1"}, {"cache", 1}}).ok());
  EXPECT_FALSE(ParseSqlRequest(Json{{"sql", "SELECT 1"}, {"cache", false}})->use_cache);
}

// Many threads hit, miss and insert while the "dataset" keeps moving (run under TSan too).
TEST_F(QueryServiceResultCacheTest, ConcurrentQueriesAndInvalidation) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto r = Run("SELECT count(*) + " + std::to_string((t + i) % 3) + " FROM t");
        if (!r.ok() || (*r)["rows"][0][0].get<int64_t>() != 50 + (t + i) % 3) ++failures;
      }
    });
  }
  threads.emplace_back([&] {
    for (int i = 0; i < 20; ++i) {
      int64_t next = ++version_;
      results_.DropDataset("t-id", static_cast<uint64_t>(next));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  ResultCacheStats stats = results_.Stats();
  EXPECT_EQ(stats.hits + stats.misses, 200);
  EXPECT_LE(stats.entries, 3);
}

}  // namespace
}  // namespace lakehouse
