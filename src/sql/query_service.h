// QueryService: runs one read-only SQL statement for the /query/sql endpoint.
//
// The sandbox decides from DuckDB's own statement classification (StatementKind), never by matching
// strings: exactly one statement per request, and only SELECT-like statements and EXPLAIN run
// (DESCRIBE, SHOW and SUMMARIZE parse as SELECT). Anything else → PERMISSION_DENIED. SELECT-like
// statements read datasets only by name: DuckDB's parse tree is checked for file-reading table
// functions and paths used as tables (statement_sources.h); a statement the check cannot decide
// on is refused. Error messages never show the server's paths (SetHiddenPaths). Each query
// runs on a pooled connection under the QueryWatchdog's timeout (default and cap from
// DuckDbOptions) and returns at most `limit` rows as a typed RowSet (sql/row_set.h); JSON is
// rendered from it at the HTTP edge (QueryAnswerToJson).
//
// Read path (optional, a constructor argument; sql/query_read_path.h): before every statement
// the views are brought up to the catalog and leased until the result is consumed; every client
// statement that passed the sandbox reports the tables its parse tree reads (hot-cache hits).
//
// Result cache (the read path's): a deterministic statement that reads only pinned
// datasets is answered from the ResultCache when the same statement (normalised parse tree,
// params, limit) already ran against the same versions of those datasets; such a response says
// cached = true (every JSON response carries "cached"). A hit needs no connection and skips
// prepare and execute. `"cache": false` in the request bypasses it (no lookup, no insert).
//
// Thread-safety: thread-safe; concurrency is bounded by the connection pool.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "common/mutex.h"
#include "common/result.h"
#include "sql/checked_statement_cache.h"
#include "sql/connection_pool.h"
#include "sql/duckdb_options.h"
#include "sql/exported_file.h"
#include "sql/function_stability.h"
#include "sql/policy_scope.h"
#include "sql/query_read_path.h"
#include "sql/query_watchdog.h"
#include "sql/result_cache.h"
#include "sql/row_set.h"
#include "sql/sql_request.h"

namespace lakehouse {

// A statement's rows and how they were produced.
struct QueryAnswer {
  std::shared_ptr<const RowSet> rows;  // never null; shared with the result cache
  bool cached = false;                 // answered from the result cache
  double elapsed_ms = 0;
  // Query only: the lower-case names of the tables and views the statement read
  // (StatementFacts::tables), for the audit log.
  std::vector<std::string> tables{};
};

// {"columns":[{"name","type"}],"rows":[[…]],"row_count","truncated","cached","elapsed_ms"}.
Json QueryAnswerToJson(const QueryAnswer& answer);

enum class ExportFormat { kCsv, kParquet };

class QueryService {
 public:
  static constexpr int64_t kDefaultRowLimit = 10'000;
  static constexpr int64_t kMaxRowLimit = kMaxSqlRowLimit;

  // Pointers must outlive the service; `read_path` may be null (no views to sync, no result
  // cache, no read counting).
  QueryService(ConnectionPool* pool, QueryWatchdog* watchdog, const DuckDbOptions& options,
               QueryReadPath* read_path = nullptr);

  // Runs a client's statement through the sandbox (and the result cache): its first `limit` rows.
  Result<QueryAnswer> Query(const SqlRequest& request);

  // Checks a client's statement as Query would — one statement, read-only, names within the
  // scope, bound by DuckDB (so unknown tables and columns fail here) — without running it.
  Status Check(const SqlRequest& request);

  // Runs a statement the server composed itself — only quoted identifiers (SqlIdentifier) and
  // literals (SqlStringLiteral, integers) around fixed read-only SQL, never a client's text —
  // without Query's checks, parameters or result cache: one bind (duckdb_query) on a pooled,
  // sandboxed connection under the default timeout. The vector service's row fetch: the checks
  // and DuckDB's re-bind on execute were ≈ 45 % of a search with rows. Client SQL (a filter,
  // /query/sql) must go through Query.
  // With a `scope`, the statement's names resolve in that restricted policy's catalog (its
  // masked, filtered views).
  Result<QueryAnswer> QueryComposed(const std::string& sql, int64_t limit,
                                    const std::shared_ptr<const PolicyScope>& scope = nullptr);

  // Runs the same checked statement and writes its whole result (no row limit) as CSV (with a
  // header row) or zstd Parquet to a new file in the export directory, deleted with the returned
  // ExportedFile.
  Result<ExportedFile> Export(const SqlRequest& request, ExportFormat format);

  // Server paths (the data directory, as configured and canonical) that no error message of
  // Query, QueryComposed or Export may show: each is replaced by "<data>"; relative paths are
  // ignored. Set during start-up only.
  void SetHiddenPaths(std::vector<std::string> paths);

  // Where Export writes; must be a directory the sandbox allows. Set during start-up only.
  void SetExportDirectory(std::string dir) { export_dir_ = std::move(dir); }

 private:
  ConnectionPool* const pool_;
  QueryWatchdog* const watchdog_;
  QueryReadPath* const read_path_;  // may be null
  ResultCache* const results_;      // the read path's; null: no result cache
  // One statement, read-only, parameters bound → PERMISSION_DENIED / INVALID_ARGUMENT otherwise.
  // `facts` (optional) receives the statement's facts for the result cache.
  Result<PreparedStatement> PrepareReadOnly(Connection& conn, const SqlRequest& request,
                                            std::shared_ptr<const StatementFacts>* facts = nullptr);
  // What the result cache knows about a statement that passed the checks.
  std::shared_ptr<const StatementFacts> Analyze(Connection& conn, const Json& tree);
  const FunctionStability& Functions(Connection& conn);

  // The result cache's key and sources for `facts`, or nullopt (counted as uncacheable) when
  // the statement or one of its tables rules caching out.
  struct CacheSlot {
    std::string key;
    std::vector<ResultSource> sources;
  };
  std::optional<CacheSlot> CacheSlotFor(const StatementFacts& facts, const SqlRequest& request,
                                        int64_t limit);
  bool Caching(const SqlRequest& request) const {
    return results_ != nullptr && results_->enabled() && request.use_cache;
  }

  Result<QueryAnswer> QueryUnscrubbed(const SqlRequest& request);
  // The checked-statement cache's key: the text, and for a restricted policy its catalog (the
  // names a text may read depend on the policy).
  static std::string CheckedKey(const SqlRequest& request);
  Result<ExportedFile> ExportUnscrubbed(const SqlRequest& request, ExportFormat format);
  Status HidePaths(Status status) const;

  DuckDbOptions options_;
  std::vector<std::string> hidden_paths_;  // longest first
  // The read path's scope (null without one).
  Result<std::unique_ptr<QueryScope>> BeforeQuery() const;
  // Tells the read path which tables a client statement reads.
  void CountRead(const StatementFacts& facts) const;

  CheckedStatementCache checked_;  // texts that passed the count and source checks
  std::string export_dir_;
  std::atomic<uint64_t> export_seq_{0};

  Mutex functions_mu_;
  bool functions_loaded_ LH_GUARDED_BY(functions_mu_) = false;  // functions_ is immutable once set
  FunctionStability functions_;
};

}  // namespace lakehouse
