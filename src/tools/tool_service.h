// ToolService: the governed tool registry (issue 21). Defines tools (validated against the
// current schema: the template is prepared and run with sample values, so a misspelt column or a
// parameter whose type does not fit the column it meets is refused at definition), lists the ones
// a caller may call, calls them under the caller's AccessPolicy and audits every call.
//
// A call:
//   1. the caller must hold one of the tool's roles (or none are named, or it is an admin), and
//      its permission on each dataset the tool reads (admin tools: the admin role);
//   2. the arguments are checked and completed (tool_parameters.h);
//   3. sql: the template's identifiers are substituted from their enums, its values bound as
//      DuckDB parameters, and the statement runs through QueryService's sandbox in the caller's
//      policy scope — the same masked, row-filtered views /query/sql reads, so a tool can never
//      show a column the caller sees masked; search: a vector search over the tool's index with
//      the filter parameters bound, also in the caller's scope;
//   4. the call (principal, arguments, row count, the SQL's fingerprint, outcome) goes to the
//      tool_calls table — failed calls too.
// The fingerprint is the SHA-256 of the statement text that ran (identifiers substituted, values
// still placeholders): equal fingerprints mean the same statement shape.
//
// Tools also come from TOML files, `<data_dir>/tools/*.toml` (one tool per file, or [[tools]]),
// loaded at start-up (LoadFiles): a file tool replaces a stored tool of the same name; one that
// fails validation is logged and skipped.
//
// Thread-safety: thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/dataset_authorizer.h"
#include "access/policy_views.h"
#include "common/clock.h"
#include "sql/query_service.h"
#include "sql/row_set.h"
#include "tools/tool_store.h"
#include "vector/vector_service.h"

namespace lakehouse {

struct ToolCallResult {
  std::string tool;
  std::shared_ptr<const RowSet> rows;  // never null
  std::string fingerprint;
  double elapsed_ms = 0;
  // What the call returned, for the audit log's subjects: a SQL tool's datasets read (their keys
  // are found in `rows`), a search tool's index and the doc ids of its hits in rank order.
  std::vector<std::string> datasets;
  std::string index;
  std::vector<std::string> doc_ids;

  // {"tool","columns","rows","row_count","truncated","fingerprint","elapsed_ms"}
  Json ToJson() const;
};

// Who calls and through which door (recorded in the audit trail).
struct ToolCaller {
  const AccessPolicy* policy = nullptr;  // required
  std::string via = "http";              // "http" | "mcp"
};

// Turns a TOML document into JSON (config/toml_document.h); injected so tools/ needs no TOML.
using TomlToJsonFn = std::function<Result<Json>(std::string_view text, std::string_view source)>;

class ToolService {
 public:
  // Pointers must outlive the service.
  ToolService(ToolStore* store, QueryService* queries, PolicyViews* policy_views,
              DatasetAuthorizer* authorizer, VectorService* vectors, const Clock* clock);

  // Validates and stores a tool (admin only; CONFLICT when the name is taken).
  Result<ToolDefinition> Define(const AccessPolicy& policy, ToolDefinition tool);
  Status Delete(const AccessPolicy& policy, const std::string& name);
  // The tools `policy` may call, by name.
  Result<std::vector<ToolDefinition>> List(const AccessPolicy& policy);
  // NOT_FOUND when unknown or not callable by `policy` (a tool one may not call is not shown).
  Result<ToolDefinition> Get(const AccessPolicy& policy, const std::string& name);
  Result<ToolCallResult> Call(const ToolCaller& caller, const std::string& name,
                              const Json& arguments);
  // The audit trail, newest first (admin only).
  Result<std::vector<ToolCallRecord>> Audit(const AccessPolicy& policy,
                                            const ToolCallFilter& filter);

  // Loads <dir>/*.toml (missing directory: nothing to load). Returns how many tools loaded.
  int LoadFiles(const std::string& dir, const TomlToJsonFn& toml_to_json);

 private:
  bool MayCall(const AccessPolicy& policy, const ToolDefinition& tool) const;
  Status CheckCallable(const AccessPolicy& policy, const ToolDefinition& tool) const;
  Status Validate(ToolDefinition* tool);
  Status ValidateSql(ToolDefinition* tool);
  Status ValidateSearch(ToolDefinition* tool);
  Result<ToolCallResult> RunSql(const ToolDefinition& tool, const Json& resolved,
                                const AccessPolicy& policy);
  Result<ToolCallResult> RunSearch(const ToolDefinition& tool, const Json& resolved,
                                   const AccessPolicy& policy);

  ToolStore* const store_;
  QueryService* const queries_;
  PolicyViews* const policy_views_;
  DatasetAuthorizer* const authorizer_;
  VectorService* const vectors_;
  const Clock* const clock_;
};

}  // namespace lakehouse
