// QueryService: runs one read-only SQL statement for the /query/sql endpoint.
//
// The sandbox decides from DuckDB's own statement classification (StatementKind), never by matching
// strings: exactly one statement per request, and only SELECT-like statements and EXPLAIN run
// (DESCRIBE, SHOW and SUMMARIZE parse as SELECT). Anything else → PERMISSION_DENIED. SELECT-like
// statements read datasets only by name: DuckDB's parse tree is checked for file-reading table
// functions and paths used as tables (statement_sources.h); a statement the check cannot decide
// on is refused. Error messages never show the server's paths (SetHiddenPaths). Each query
// runs on a pooled connection under the QueryWatchdog's timeout (default and cap from
// DuckDbOptions) and returns at most `limit` rows as JSON.
//
// Result cache (optional, SetResultCache): a deterministic statement that reads only pinned
// datasets is answered from the ResultCache when the same statement (normalised parse tree,
// params, limit) already ran against the same versions of those datasets; such a response says
// "cached": true (every JSON response carries "cached"). A hit needs no connection and skips
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
#include "sql/query_watchdog.h"
#include "sql/result_cache.h"

namespace lakehouse {

struct SqlRequest {
  std::string sql;
  Json params;                        // null, an array (positional) or an object ($name)
  std::optional<int64_t> limit;       // rows returned; default kDefaultRowLimit
  std::optional<int64_t> timeout_ms;  // capped at DuckDbOptions::max_query_timeout_ms
  // Not part of the body: set by the HTTP handler to the request's client_gone; the watchdog
  // interrupts the statement once it returns true (CANCELLED). Empty → never.
  std::function<bool()> client_gone{};
  // "cache": false bypasses the result cache for this request.
  bool use_cache = true;
};

// For the result cache: the pinned datasets behind `tables` (lower-case names read by a
// statement), each in its current state, or nullopt when any of them is not a pinned dataset.
using ResultSourceResolver =
    std::function<std::optional<std::vector<ResultSource>>(const std::vector<std::string>& tables)>;

enum class ExportFormat { kCsv, kParquet };

// What the before-query hook hands back and the service keeps until the statement's result is
// consumed, e.g. a lease that keeps the files of the dataset views the query reads on disk.
class QueryScope {
 public:
  virtual ~QueryScope() = default;
};
using BeforeQueryHook = std::function<Result<std::unique_ptr<QueryScope>>(std::string_view sql)>;

class QueryService {
 public:
  static constexpr int64_t kDefaultRowLimit = 10'000;
  static constexpr int64_t kMaxRowLimit = 1'000'000;

  // Pointers must outlive the service.
  QueryService(ConnectionPool* pool, QueryWatchdog* watchdog, const DuckDbOptions& options);

  // {"columns":[{"name","type"}],"rows":[[…]],"row_count","truncated","elapsed_ms"}.
  Result<Json> Run(const SqlRequest& request);

  // Runs a statement the server composed itself — only quoted identifiers (SqlIdentifier) and
  // literals (SqlStringLiteral, integers) around fixed read-only SQL, never a client's text —
  // without Run's checks, parameters or result cache: one bind (duckdb_query) on a pooled,
  // sandboxed connection under the default timeout, same JSON as Run (without "cached"). The
  // vector service's row fetch: Run's checks and DuckDB's re-bind on execute were ≈ 45 % of a
  // search with rows. Client SQL (a filter, /query/sql) must go through Run.
  Result<Json> RunComposed(const std::string& sql, int64_t limit);

  // Runs the same checked statement and writes its whole result (no row limit) as CSV (with a
  // header row) or zstd Parquet to a new file in the export directory, deleted with the returned
  // ExportedFile.
  Result<ExportedFile> Export(const SqlRequest& request, ExportFormat format);

  // Server paths (the data directory, as configured and canonical) that no error message of Run,
  // RunComposed or Export may show: each is replaced by "<data>"; relative paths are ignored.
  // Set during start-up only.
  void SetHiddenPaths(std::vector<std::string> paths);

  // Where Export writes; must be a directory the sandbox allows. Set during start-up only.
  void SetExportDirectory(std::string dir) { export_dir_ = std::move(dir); }

  // Called with the statement's text before every query, before the statement is prepared, e.g.
  // to bring the dataset views up to the catalog; a failure fails the query. The scope it returns
  // (may be null) lives until the result is consumed. Set during start-up only (not synchronised).
  void SetBeforeQuery(BeforeQueryHook hook) { before_query_ = std::move(hook); }

  // Turns the result cache on: `cache` (borrowed, outlives the service) holds results, `resolver`
  // says which pinned datasets a statement reads. Set during start-up only (not synchronised).
  void SetResultCache(ResultCache* cache, ResultSourceResolver resolver) {
    results_ = cache;
    resolve_sources_ = std::move(resolver);
  }

  // Parses a request body {"sql", "params"?, "limit"?, "timeout_ms"?, "cache"?}; INVALID_ARGUMENT
  // names the bad field.
  static Result<SqlRequest> ParseRequest(const Json& body);

 private:
  ConnectionPool* pool_;
  QueryWatchdog* watchdog_;
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

  Result<Json> RunUnscrubbed(const SqlRequest& request);
  Result<ExportedFile> ExportUnscrubbed(const SqlRequest& request, ExportFormat format);
  Status HidePaths(Status status) const;

  DuckDbOptions options_;
  std::vector<std::string> hidden_paths_;  // longest first
  // The before-query hook's scope (null without a hook).
  Result<std::unique_ptr<QueryScope>> BeforeQuery(std::string_view sql) const;

  BeforeQueryHook before_query_;
  CheckedStatementCache checked_;  // texts that passed the count and source checks
  std::string export_dir_;
  std::atomic<uint64_t> export_seq_{0};

  ResultCache* results_ = nullptr;  // null: no result cache
  ResultSourceResolver resolve_sources_;
  Mutex functions_mu_;
  bool functions_loaded_ LH_GUARDED_BY(functions_mu_) = false;  // functions_ is immutable once set
  FunctionStability functions_;
};

}  // namespace lakehouse
