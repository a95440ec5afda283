#include "sql/query_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "common/logging.h"
#include "common/mutex.h"
#include "common/status_detail.h"
#include "sql/result_json.h"
#include "sql/sql_error_position.h"
#include "sql/sql_literal.h"
#include "sql/statement_sources.h"
#include "telemetry/span.h"

namespace lakehouse {
namespace {

bool IsReadOnly(StatementKind kind) {
  return kind == StatementKind::kSelect || kind == StatementKind::kExplain;
}

}  // namespace

Json QueryAnswerToJson(const QueryAnswer& answer) {
  Json out = RowSetToJson(*answer.rows);
  out["cached"] = answer.cached;
  out["elapsed_ms"] = answer.elapsed_ms;
  return out;
}

QueryService::QueryService(ConnectionPool* pool, QueryWatchdog* watchdog,
                           const DuckDbOptions& options, QueryReadPath* read_path)
    : pool_(pool),
      watchdog_(watchdog),
      read_path_(read_path),
      results_(read_path != nullptr ? read_path->results() : nullptr),
      options_(options) {}

const FunctionStability& QueryService::Functions(Connection& conn) {
  MutexLock lock(functions_mu_);
  if (!functions_loaded_) {
    functions_loaded_ = true;
    Result<FunctionStability> loaded = FunctionStability::Load(conn);
    if (loaded.ok()) {
      functions_ = std::move(loaded).value();
    } else {  // nothing counts as deterministic: nothing is cached
      LH_LOG_WARN("result cache off: cannot read DuckDB's function stability: {}",
                  loaded.status().ToString());
    }
  }
  return functions_;
}

std::shared_ptr<const StatementFacts> QueryService::Analyze(Connection& conn, const Json& tree) {
  if (results_ == nullptr || !results_->enabled()) {
    // The tables read still count (CountRead); nothing is cacheable.
    StatementFacts facts = AnalyzeStatement(tree, FunctionStability());
    facts.cacheable = false;
    facts.normalized.clear();
    facts.reason = "the result cache is off";
    return std::make_shared<const StatementFacts>(std::move(facts));
  }
  return std::make_shared<const StatementFacts>(AnalyzeStatement(tree, Functions(conn)));
}

Result<PreparedStatement> QueryService::PrepareReadOnly(
    Connection& conn, const SqlRequest& request, std::shared_ptr<const StatementFacts>* facts) {
  // The text-only checks (one statement; a read; datasets only through their views) are cached
  // by text, with the facts the result cache needs from the same parse tree. They run before
  // Prepare, because binding a table function opens its files. A statement the check cannot
  // decide on is refused (statement_sources.h).
  const std::string checked_key = CheckedKey(request);
  std::shared_ptr<const StatementFacts> known = checked_.Find(checked_key);
  const bool checked = known != nullptr;
  bool explain = false;
  if (!checked) {
    // The check comes first: DuckDB's statement extraction already runs some statements'
    // side effects (IMPORT DATABASE reads the files it names to splice in their statements).
    LH_ASSIGN_OR_RETURN(CheckedStatement statement, CheckReadStatement(conn, request.sql));
    if (request.scope != nullptr)
      LH_RETURN_IF_ERROR(CheckPolicyNames(statement.tree, *request.scope));
    LH_ASSIGN_OR_RETURN(uint64_t count, conn.CountStatements(request.sql));
    if (count != 1) {
      return PermissionDenied("exactly one statement per request is allowed, got ",
                              std::to_string(count));
    }
    explain = statement.explain;
    known = explain ? std::make_shared<const StatementFacts>(UncacheableStatement("EXPLAIN"))
                    : Analyze(conn, statement.tree);
  }
  Result<PreparedStatement> prepared = conn.Prepare(request.sql);
  if (!prepared.ok()) return WithSqlPosition(prepared.status(), request.sql);
  PreparedStatement stmt = std::move(prepared).value();
  // DuckDB's own classification must agree with the check: a SELECT, or an EXPLAIN where the
  // check saw one (a text seen before passed this the first time).
  const StatementKind expected = explain || (checked && stmt.kind() == StatementKind::kExplain)
                                     ? StatementKind::kExplain
                                     : StatementKind::kSelect;
  if (stmt.kind() != expected || !IsReadOnly(stmt.kind())) {
    return PermissionDenied("only read statements (SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, ",
                            "SUMMARIZE) may run here; got ",
                            std::string(StatementKindName(stmt.kind())));
  }
  if (!checked) checked_.Add(checked_key, known, /*direct=*/stmt.parameter_count() == 0);
  if (facts != nullptr) *facts = known;
  if (!request.params.is_null()) LH_RETURN_IF_ERROR(stmt.Bind(request.params));
  if (request.params.is_null() && stmt.parameter_count() > 0) {
    return InvalidArgument("the statement has ", std::to_string(stmt.parameter_count()),
                           " parameters but 'params' is missing");
  }
  return stmt;
}

Result<std::unique_ptr<QueryScope>> QueryService::BeforeQuery() const {
  if (read_path_ == nullptr) return std::unique_ptr<QueryScope>();
  return read_path_->BeforeQuery();
}

void QueryService::CountRead(const StatementFacts& facts) const {
  if (read_path_ != nullptr) read_path_->CountRead(facts.tables);
}

std::optional<QueryService::CacheSlot> QueryService::CacheSlotFor(const StatementFacts& facts,
                                                                  const SqlRequest& request,
                                                                  int64_t limit) {
  std::optional<std::vector<ResultSource>> sources;
  if (facts.cacheable) sources = read_path_->PinnedSources(facts.tables);
  if (!sources) {
    results_->CountUncacheable();
    return std::nullopt;
  }
  CacheSlot slot;
  slot.key = ResultCache::MakeKey(facts, request.params, limit, *sources);
  // Never shared across policies that see different data, nor across rebuilds of one policy's
  // views (the catalog's name changes with them).
  if (request.scope != nullptr) slot.key += "\x1fpolicy:" + request.scope->catalog;
  slot.sources = std::move(*sources);
  return slot;
}

void QueryService::SetHiddenPaths(std::vector<std::string> paths) {
  for (std::string& path : paths) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
  }
  // Only absolute paths: a relative "data" would also match inside words.
  std::erase_if(paths, [](const std::string& path) { return path.size() < 2 || path[0] != '/'; });
  std::sort(paths.begin(), paths.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  hidden_paths_ = std::move(paths);
}

Status QueryService::HidePaths(Status status) const {
  if (status.ok()) return status;
  std::string message = status.message();
  bool changed = false;
  for (const std::string& path : hidden_paths_) {
    for (size_t at = message.find(path); at != std::string::npos; at = message.find(path, at + 6)) {
      message.replace(at, path.size(), "<data>");
      changed = true;
    }
  }
  if (!changed) return status;
  Status hidden(status.code(), std::move(message));
  const StatusDetail* detail = status.detail();
  return detail == nullptr ? hidden : WithDetail(hidden, detail->name, detail->value);
}

Result<QueryAnswer> QueryService::Query(const SqlRequest& request) {
  Span span("sql.query");
  span.SetAttribute("db.system", "duckdb");
  Result<QueryAnswer> result = QueryUnscrubbed(request);
  if (result.ok()) {
    span.SetAttribute("lakehouse.sql.cached", result->cached);
    span.SetAttribute("lakehouse.sql.rows", static_cast<int64_t>(result->rows->row_count()));
    return result;
  }
  Status hidden = HidePaths(std::move(result).status());
  span.SetError(hidden.message());
  return hidden;
}

Result<QueryAnswer> QueryService::QueryUnscrubbed(const SqlRequest& request) {
  auto start = std::chrono::steady_clock::now();
  if (request.sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    return InvalidArgument("field 'sql' is empty");
  }
  std::vector<std::string> tables;  // what the statement reads, once known
  auto finish = [&](std::shared_ptr<const RowSet> rows, bool cached) {
    return QueryAnswer{
        std::move(rows), cached,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count(),
        std::move(tables)};
  };
  // Views (and so the pinned tables and their versions) are brought up to date first.
  LH_ASSIGN_OR_RETURN(std::unique_ptr<QueryScope> scope, BeforeQuery());
  const int64_t limit = request.limit.value_or(kDefaultRowLimit);
  const bool caching = Caching(request);
  // A text seen before is answered without a connection when its result is cached. The slot is
  // taken before the statement runs, so a result is never older than the versions in its key.
  std::optional<CacheSlot> slot;
  bool direct = false;
  std::shared_ptr<const StatementFacts> known = checked_.Find(CheckedKey(request), &direct);
  if (known) {
    CountRead(*known);
    tables = known->tables;
  }
  std::shared_ptr<const StatementFacts> facts = caching ? known : nullptr;
  if (facts) {
    slot = CacheSlotFor(*facts, request, limit);
    if (slot) {
      if (std::shared_ptr<const RowSet> hit = results_->Lookup(slot->key)) {
        return finish(std::move(hit), true);
      }
    }
  }
  auto timeout = EffectiveQueryTimeout(options_, request.timeout_ms);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(timeout));
  LH_RETURN_IF_ERROR(lease->UseCatalog(request.scope ? request.scope->catalog : ""));
  std::optional<QueryResult> result;
  if (known && direct && request.params.is_null()) {
    // A text that already passed every check, read-only and without parameters: one bind.
    LH_ASSIGN_OR_RETURN(result, watchdog_->Run(
                                    *lease, timeout, [&] { return lease->Query(request.sql); },
                                    request.client_gone));
  } else {
    std::shared_ptr<const StatementFacts> prepared_facts;
    LH_ASSIGN_OR_RETURN(PreparedStatement stmt, PrepareReadOnly(*lease, request, &prepared_facts));
    if (!known && prepared_facts) {
      CountRead(*prepared_facts);
      tables = prepared_facts->tables;
    }
    if (caching && !facts && prepared_facts) {  // first sight of this text
      slot = CacheSlotFor(*prepared_facts, request, limit);
      if (slot) {
        if (std::shared_ptr<const RowSet> hit = results_->Lookup(slot->key)) {
          return finish(std::move(hit), true);
        }
      }
    }
    LH_ASSIGN_OR_RETURN(result,
                        watchdog_->Run(
                            *lease, timeout, [&] { return stmt.Execute(); }, request.client_gone));
  }
  auto rows = std::make_shared<const RowSet>(ReadRowSet(*result, limit));
  if (slot) results_->Insert(slot->key, slot->sources, rows);
  return finish(std::move(rows), false);
}

std::string QueryService::CheckedKey(const SqlRequest& request) {
  if (request.scope == nullptr) return request.sql;
  return request.scope->catalog + '\n' + request.sql;
}

Status QueryService::Check(const SqlRequest& request) {
  if (request.sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    return InvalidArgument("field 'sql' is empty");
  }
  LH_ASSIGN_OR_RETURN(std::unique_ptr<QueryScope> scope, BeforeQuery());
  auto timeout = EffectiveQueryTimeout(options_, request.timeout_ms);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(timeout));
  LH_RETURN_IF_ERROR(lease->UseCatalog(request.scope ? request.scope->catalog : ""));
  return HidePaths(PrepareReadOnly(*lease, request).status());
}

Result<QueryAnswer> QueryService::QueryComposed(const std::string& sql, int64_t limit,
                                                const std::shared_ptr<const PolicyScope>& policy) {
  auto start = std::chrono::steady_clock::now();
  LH_ASSIGN_OR_RETURN(std::unique_ptr<QueryScope> scope, BeforeQuery());
  auto timeout = EffectiveQueryTimeout(options_, std::nullopt);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(timeout));
  LH_RETURN_IF_ERROR(lease->UseCatalog(policy ? policy->catalog : ""));
  Result<QueryResult> result = watchdog_->Query(*lease, sql, timeout);
  if (!result.ok()) return HidePaths(std::move(result).status());
  QueryAnswer answer;
  answer.rows = std::make_shared<const RowSet>(ReadRowSet(*result, limit));
  answer.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return answer;
}

Result<ExportedFile> QueryService::Export(const SqlRequest& request, ExportFormat format) {
  Span span("sql.export");
  span.SetAttribute("db.system", "duckdb");
  Result<ExportedFile> file = ExportUnscrubbed(request, format);
  if (file.ok()) return file;
  return HidePaths(std::move(file).status());
}

Result<ExportedFile> QueryService::ExportUnscrubbed(const SqlRequest& request,
                                                    ExportFormat format) {
  if (export_dir_.empty()) return FailedPrecondition("query export is not configured");
  if (request.sql.find_first_not_of(" \t\r\n;") == std::string::npos) {
    return InvalidArgument("field 'sql' is empty");
  }
  LH_ASSIGN_OR_RETURN(std::unique_ptr<QueryScope> scope, BeforeQuery());
  auto timeout = EffectiveQueryTimeout(options_, request.timeout_ms);
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(timeout));
  LH_RETURN_IF_ERROR(lease->UseCatalog(request.scope ? request.scope->catalog : ""));
  // The client's statement passes the same checks as Query; only then is it wrapped in a COPY into
  // the export directory (the one place besides the buckets the sandbox lets DuckDB write).
  std::shared_ptr<const StatementFacts> facts;
  LH_ASSIGN_OR_RETURN(PreparedStatement checked, PrepareReadOnly(*lease, request, &facts));
  if (facts) CountRead(*facts);
  std::string body = request.sql;
  while (!body.empty() &&
         (body.back() == ';' || std::isspace(static_cast<unsigned char>(body.back())))) {
    body.pop_back();
  }
  std::string path = export_dir_ + "/" + std::to_string(export_seq_.fetch_add(1)) + "-" +
                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
                     (format == ExportFormat::kCsv ? ".csv" : ".parquet");
  std::string options =
      format == ExportFormat::kCsv ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd";
  // Newlines keep a trailing line comment in the client's text from swallowing the ')'.
  LH_ASSIGN_OR_RETURN(PreparedStatement copy,
                      lease->Prepare("COPY (\n" + body + "\n) TO " + SqlStringLiteral(path) + " (" +
                                     options + ")"));
  if (!request.params.is_null()) LH_RETURN_IF_ERROR(copy.Bind(request.params));
  // Deleted on every path out of here unless returned.
  ExportedFile file(path, facts ? facts->tables : std::vector<std::string>{});
  LH_RETURN_IF_ERROR(watchdog_
                         ->Run(
                             *lease, timeout, [&] { return copy.Execute(); }, request.client_gone)
                         .status());
  return file;
}

}  // namespace lakehouse
