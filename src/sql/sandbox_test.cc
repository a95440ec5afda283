// Integration: the SQL sandbox of a locked-down database over real files in a fresh temporary
// directory — EXPLAIN checked like what it explains, server paths kept out of answers and errors,
// and single scalars that would build a huge value stopped before they run.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "sql/connection_pool.h"
#include "sql/query_pager.h"
#include "sql/query_service.h"
#include "sql/query_watchdog.h"
#include "sql/sql_test_util.h"

namespace lakehouse {
namespace {

using testing::TempDir;

constexpr const char* kSecret = "TOPSECRET-4711";

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    data_ = std::filesystem::canonical(dir_.path()).string();
    std::filesystem::create_directories(data_ + "/bucket/raw");
    std::ofstream(data_ + "/bucket/passwd") << kSecret << "\n";
    std::ofstream(data_ + "/bucket/raw/passwd") << kSecret << "\n";
    {  // the dataset's file, written before the lock-down
      auto plain = Database::Open(DuckDbOptions{});
      auto conn = plain->Connect();
      LH_ASSERT_OK(conn->Execute("COPY (SELECT range AS id FROM range(10)) TO '" + data_ +
                                 "/bucket/sales.parquet' (FORMAT parquet)"));
      LH_ASSERT_OK(conn->Execute(
          "COPY (SELECT range AS id, 'note ' || range AS title, CASE WHEN range % 40 = 0 THEN "
          "'rare' ELSE 'common' END AS category, 'about lakes ' || range AS body FROM range(40)) "
          "TO '" +
          data_ + "/bucket/raw/notes.parquet' (FORMAT parquet)"));
      LH_ASSERT_OK(conn->Execute("COPY (SELECT 1 AS id) TO '" + data_ +
                                 "/bucket/gone-1.parquet' (FORMAT parquet)"));
    }
    DuckDbOptions options;
    options.sandboxed = true;
    options.allowed_directories = {data_ + "/bucket"};
    options.query_timeout_ms = 20'000;
    LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(options));
    db_ = std::make_unique<Database>(std::move(db));
    LH_ASSERT_OK_AND_ASSIGN(pool_, ConnectionPool::Create(*db_, 2));
    {
      auto lease = pool_->Acquire(std::chrono::seconds(1));
      LH_ASSERT_OK((*lease)->Execute("CREATE VIEW sales AS SELECT * FROM read_parquet('" + data_ +
                                     "/bucket/sales.parquet')"));
      LH_ASSERT_OK((*lease)->Execute("CREATE VIEW notes AS SELECT * FROM read_parquet('" + data_ +
                                     "/bucket/raw/notes.parquet')"));
      LH_ASSERT_OK((*lease)->Execute("CREATE SCHEMA embeddings"));
      LH_ASSERT_OK((*lease)->Execute(
          "CREATE VIEW embeddings.notes_idx AS SELECT id, body AS chunk_text FROM notes"));
      LH_ASSERT_OK((*lease)->Execute("CREATE VIEW gone AS SELECT * FROM read_parquet('" + data_ +
                                     "/bucket/gone-*.parquet')"));
    }
    std::filesystem::remove(data_ + "/bucket/gone-1.parquet");  // the view's files are gone
    service_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, options);
    service_->SetHiddenPaths({data_});
  }

  static SqlRequest Request(const std::string& sql) {
    SqlRequest request;
    request.sql = sql;
    return request;
  }
  // The statement's answer as /query/sql renders it.
  Result<Json> Run(const std::string& sql) {
    LH_ASSIGN_OR_RETURN(QueryAnswer answer, service_->Query(Request(sql)));
    return QueryAnswerToJson(answer);
  }

  // The statement is refused (PERMISSION_DENIED, or INVALID_ARGUMENT when DuckDB cannot parse
  // it) and its answer shows neither the secret nor
  // the data directory.
  void ExpectRefused(const std::string& sql) {
    Result<Json> r = Run(sql);
    ASSERT_FALSE(r.ok()) << sql << " ran: " << (r.ok() ? r->dump() : "");
    EXPECT_TRUE(r.status().code() == StatusCode::kPermissionDenied ||
                r.status().code() == StatusCode::kInvalidArgument)  // DuckDB cannot parse it
        << sql << ": " << r.status().ToString();
    EXPECT_EQ(r.status().message().find(data_), std::string::npos) << r.status().ToString();
    EXPECT_EQ(r.status().message().find(kSecret), std::string::npos) << r.status().ToString();
  }

  int64_t SalesCount() {
    Result<Json> r = Run("SELECT count(*) FROM sales");
    return r.ok() ? (*r)["rows"][0][0].get<int64_t>() : -1;
  }

  TempDir dir_;
  std::string data_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ConnectionPool> pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<QueryService> service_;
};

// Before the fix EXPLAIN was admitted unchecked: EXPLAIN ANALYZE read a bucket file into an error
// message, wrote a file and replaced a view.
TEST_F(SandboxTest, ExplainIsCheckedLikeTheStatementItExplains) {
  const std::string passwd = data_ + "/bucket/passwd";
  const std::string written = data_ + "/bucket/f.csv";
  for (const std::string& sql : std::vector<std::string>{
           "EXPLAIN ANALYZE SELECT CAST(content AS INTEGER) FROM read_text('" + passwd + "')",
           "EXPLAIN SELECT * FROM read_csv('" + passwd + "')",
           "explain   analyse SELECT * FROM '" + data_ + "/bucket/sales.parquet'",
           "EXPLAIN ANALYZE COPY (SELECT 'x') TO '" + written + "'",
           "EXPLAIN COPY (SELECT 'x') TO '" + written + "'",
           "EXPLAIN ANALYZE CREATE OR REPLACE VIEW sales AS SELECT 42 AS id",
           "EXPLAIN ANALYZE INSERT INTO sales VALUES (1)", "EXPLAIN ANALYZE SET threads = 1",
           "EXPLAIN /* c */ ANALYZE COPY (SELECT 1) TO '" + written + "'",
           "/* c */ EXPLAIN ANALYZE SELECT 1",
           "EXPLAIN ANALYZE EXPLAIN ANALYZE SELECT * FROM read_text('" + passwd + "')",
           "EXPLAIN (FORMAT json) SELECT * FROM read_text('" + passwd + "')",
           "EXPLAIN ANALYZE SELECT current_setting('allowed_directories')"}) {
    ExpectRefused(sql);
  }
  EXPECT_FALSE(std::filesystem::exists(written));
  EXPECT_EQ(SalesCount(), 10) << "the view is unchanged";

  for (const char* sql :
       {"EXPLAIN SELECT * FROM sales", "EXPLAIN ANALYZE SELECT count(*) FROM sales",
        "explain\nanalyze\tFROM sales", "EXPLAIN DESCRIBE sales"}) {
    Result<Json> r = Run(sql);
    EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  }
}

// Before the fix current_setting, duckdb_settings(), duckdb_views() and DuckDB's errors showed the
// data directory.
TEST_F(SandboxTest, NoAnswerShowsTheDataDirectory) {
  for (const char* sql :
       {"SELECT current_setting('allowed_directories')", "SELECT * FROM duckdb_settings()",
        "SELECT sql FROM duckdb_views()", "SELECT * FROM duckdb_views",
        "SELECT view_definition FROM information_schema.views",
        "SELECT * FROM system.information_schema.views", "SELECT definition FROM pg_views",
        "SELECT * FROM pg_catalog.pg_settings", "SELECT sql FROM sqlite_master",
        "SELECT pg_get_viewdef(view_oid) FROM duckdb_tables()", "SELECT * FROM duckdb_databases()",
        "SELECT * FROM duckdb_extensions()", "SELECT * FROM duckdb_temporary_files()",
        "SELECT * FROM duckdb_external_file_cache()", "SELECT * FROM pragma_database_size()",
        "SELECT * FROM duckdb_secrets()", "SELECT * FROM duckdb_logs()"}) {
    ExpectRefused(sql);
  }
  // A view whose files are gone fails with DuckDB's error, without the path.
  Result<Json> gone = Run("SELECT * FROM gone");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().message().find(data_), std::string::npos) << gone.status().ToString();
  EXPECT_NE(gone.status().message().find("<data>/bucket/gone-"), std::string::npos)
      << gone.status().ToString();
  Result<QueryAnswer> composed = service_->QueryComposed("SELECT * FROM gone", 10);
  ASSERT_FALSE(composed.ok());
  EXPECT_EQ(composed.status().message().find(data_), std::string::npos);
  // Catalog listings without paths still answer.
  for (const char* sql : {"SHOW TABLES", "SELECT table_name FROM information_schema.tables",
                          "SELECT count(*) FROM duckdb_tables()", "DESCRIBE sales"}) {
    Result<Json> r = Run(sql);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
    EXPECT_EQ(r->dump().find(data_), std::string::npos) << sql << ": " << r->dump();
  }
}

// Before the fix a single repeat() call ignored the timeout (40 s past 20 s) and memory_limit.
TEST_F(SandboxTest, HugeScalarsFailFastWithAClearError) {
  auto start = std::chrono::steady_clock::now();
  Result<Json> r = Run("SELECT length(repeat('x', 2147483647))");
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().ToString();
  EXPECT_NE(
      r.status().message().find("repeat: the result would have 2147483647 characters or elements"),
      std::string::npos)
      << r.status().ToString();
  EXPECT_LT(elapsed, std::chrono::seconds(5));
  for (const char* sql :
       {"SELECT repeat(repeat('ab', 100000), 100000)", "SELECT lpad('x', 2147483647, 'y')",
        "SELECT rpad('x', 1000000000, 'y')", "SELECT repeat([1, 2, 3], 1000000000)",
        "SELECT range(1000000000)", "SELECT generate_series(0, 1000000000)",
        "SELECT range(0, 1000000000, 1)", "SELECT len(range(-1000000000, 1, 2))",
        "SELECT range(TIMESTAMP '2000-01-01', TIMESTAMP '2100-01-01', "
        "INTERVAL 1 SECOND)",
        "SELECT repeat(id::VARCHAR, 2147483647) FROM sales"}) {
    Result<Json> big = Run(sql);
    EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument)
        << sql << ": " << big.status().ToString();
  }
  ExpectRefused("SELECT length(system.main.repeat('x', 2147483647))");
  ExpectRefused("SELECT main.lpad('x', 5, 'y')");
  // Ordinary uses are unchanged.
  Result<Json> small =
      Run("SELECT repeat('ab', 3), lpad('7', 3, '0'), rpad('7', 3, '.'), "
          "repeat([1], 2), repeat(NULL, 2), range(3), generate_series(1, 3), range(5, 0, -2), "
          "len(range(TIMESTAMP '2024-01-01', TIMESTAMP '2024-01-03', INTERVAL 1 DAY))");
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ(
      (*small)["rows"][0],
      Json::parse(R"(["ababab", "007", "7..", [1, 1], null, [0, 1, 2], [1, 2, 3], [5, 3, 1], 2])"));
  Result<Json> table = Run("SELECT count(*) FROM repeat(1, 5)");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)["rows"][0][0], 5) << "the repeat table function is not shadowed";
}

// printf/format widths and replace() amplification were not capped (issue 15 item 10): each of
// these built gigabytes in one call, past the timeout and the memory limit.
TEST_F(SandboxTest, HugePrintfFormatAndReplaceResultsFailFast) {
  for (const char* sql :
       {"SELECT length(printf('%2147483647d', 1))", "SELECT length(format('{:>2147483647}', 1))",
        "SELECT length(replace(repeat('x', 1000000), 'x', repeat('y', 100000)))",
        "SELECT length(printf('%.2147483647f', 1.5))",
        "SELECT length(printf('%200000000d%200000000d', 1, 2))",
        "SELECT length(printf('%*d', 2147483647, 1))",
        "SELECT length(format('{:>{}}', 1, 2147483647))",
        "SELECT length(format('{0:>300000000}', 'x'))"}) {
    auto start = std::chrono::steady_clock::now();
    Result<Json> big = Run(sql);
    auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(big.status().code(), StatusCode::kInvalidArgument)
        << sql << ": " << big.status().ToString();
    EXPECT_LT(elapsed, std::chrono::seconds(5)) << sql;
  }
  ExpectRefused("SELECT system.main.printf('%5d', 1)");
  ExpectRefused("SELECT main.replace('a', 'a', 'b')");
  // Ordinary uses are unchanged.
  Result<Json> small = Run(
      "SELECT printf('%5d|%-3s|%.2f', 42, 'ab', 3.14159), format('{:>4}|{}', 7, 'x'), "
      "replace('banana', 'an', 'AN'), printf('100%%'), format('{{}}'), replace('abc', '', 'x'), "
      "replace(repeat('ab', 1000), 'b', 'cc'), printf('%d', NULL)");
  ASSERT_TRUE(small.ok()) << small.status().ToString();
  EXPECT_EQ((*small)["rows"][0][0], "   42|ab |3.14");
  EXPECT_EQ((*small)["rows"][0][1], "   7|x");
  EXPECT_EQ((*small)["rows"][0][2], "bANANa");
  EXPECT_EQ((*small)["rows"][0][3], "100%");
  EXPECT_EQ((*small)["rows"][0][4], "{}");
  EXPECT_EQ((*small)["rows"][0][5], "abc");
  EXPECT_EQ((*small)["rows"][0][6].get<std::string>().size(), 3000u);
}

// Before the fix a page fetched without ?size= had 100 rows whatever page_size the query announced.
TEST_F(SandboxTest, PagesHaveThePageSizeTheQueryAnnounced) {
  QueryPager pager(service_.get());
  Result<PagedQuery> started = pager.Start(Request("SELECT * FROM range(1234)"), 500);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  EXPECT_EQ(started->pages, 3);
  EXPECT_EQ(started->ToJson()["pages"], 3);
  const std::string id = started->query_id;
  Result<QueryPage> first = pager.Page(id, 0, std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->count, 500u);
  EXPECT_EQ(first->ToJson()["rows"].size(), 500u);
  EXPECT_EQ(first->size, 500);
  EXPECT_EQ(first->pages, 3);
  Result<QueryPage> last = pager.Page(id, 2, std::nullopt);
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->count, 234u);
  EXPECT_EQ(last->rows->Int64(last->first, 0), 1000);
  EXPECT_EQ(last->ToJson()["rows"][0][0], 1000);
  EXPECT_EQ(pager.Page(id, 1, 10)->ToJson()["rows"].size(), 10u) << "an explicit size still wins";
  EXPECT_EQ(pager.Page(id, 3, std::nullopt).status().code(), StatusCode::kNotFound);
}

// The escape corpus the end-to-end test runs against the server (tests/e2e/sql_escape_corpus.txt),
// here on the service alone: every `refuse` line fails without showing the secret or the data
// directory, every `allow` line runs, no file is written and the views read the same rows.
TEST_F(SandboxTest, EscapeCorpus) {
  const char* source = std::getenv("LAKEHOUSE_SOURCE_DIR");
  if (source == nullptr) GTEST_SKIP() << "LAKEHOUSE_SOURCE_DIR is not set (ctest sets it)";
  std::ifstream in(std::string(source) + "/tests/e2e/sql_escape_corpus.txt");
  ASSERT_TRUE(in.good());
  const std::string bucket = data_ + "/bucket";
  const std::vector<std::pair<std::string, std::string>> placeholders = {
      {"{secret}", bucket + "/raw/passwd"},
      {"{out}", bucket + "/raw/escape-out"},
      {"{link}", bucket},
      {"{bucket}", bucket},
      {"{data}", data_},
      {"{nl}", "\n"}};
  int cases = 0;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const bool allowed = line.starts_with("allow ");
    ASSERT_TRUE(allowed || line.starts_with("refuse ")) << "line " << number << ": " << line;
    std::string sql = line.substr(allowed ? 6 : 7);
    for (const auto& [from, to] : placeholders) {
      for (size_t at = sql.find(from); at != std::string::npos;
           at = sql.find(from, at + to.size())) {
        sql.replace(at, from.size(), to);
      }
    }
    SCOPED_TRACE("corpus line " + std::to_string(number));
    ++cases;
    if (allowed) {
      Result<Json> r = Run(sql);
      ASSERT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
      EXPECT_EQ(r->dump().find(data_), std::string::npos) << sql;
    } else {
      ExpectRefused(sql);
    }
  }
  EXPECT_GT(cases, 200);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_)) {
    EXPECT_EQ(entry.path().filename().string().find("escape"), std::string::npos)
        << entry.path() << " was written";
  }
  EXPECT_EQ(SalesCount(), 10);
  Result<Json> notes = Run("SELECT count(*), sum(id) FROM notes");
  ASSERT_TRUE(notes.ok()) << notes.status().ToString();
  EXPECT_EQ((*notes)["rows"][0], Json::parse("[40, 780]"));
}

}  // namespace
}  // namespace lakehouse
