// SavedSearchRunner: checks and runs a workspace's saved searches as a principal (issue 21).
// Every run is the caller's own read: a SQL search runs through QueryService's sandbox in the
// caller's policy scope (masked, row-filtered views), a tool search is a ToolService call (its
// roles, permission and audit trail), a vector search runs VectorService::Search in that scope.
// So a search saved by one principal and run by another shows the runner what the runner may
// see, never what the saver could.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "access/access_policy.h"
#include "access/policy_views.h"
#include "catalog/catalog_service.h"
#include "common/clock.h"
#include "sql/query_service.h"
#include "sql/row_set.h"
#include "tools/tool_service.h"
#include "vector/vector_service.h"
#include "workspace/workspace.h"

namespace lakehouse {

struct SavedSearchRun {
  std::shared_ptr<const RowSet> rows;  // never null on success
  // SHA-256 of what ran: the statement (sql, tool) or the index and filter (vector).
  std::string fingerprint;
  double elapsed_ms = 0;
  // What it read, for the subject audit (issue 20): the datasets of a SQL or tool answer (whose
  // rows the audit log resolves to keys), or the index and the doc ids a search returned.
  std::vector<std::string> datasets{};
  std::string index{};
  std::vector<std::string> doc_ids{};
};

class SavedSearchRunner {
 public:
  // Pointers must outlive the runner; `vectors` may be null (vector searches then fail).
  SavedSearchRunner(QueryService* queries, PolicyViews* policy_views, ToolService* tools,
                    VectorService* vectors, CatalogService* catalog, const Clock* clock);

  // OK when `search` can run for `policy` now: the statement runs (no rows fetched), the tool is
  // callable with these arguments, the index exists over a dataset the caller sees.
  Status Check(const SavedSearch& search, const AccessPolicy& policy);
  // Runs it as `caller` (tool calls are audited through caller.via).
  Result<SavedSearchRun> Run(const SavedSearch& search, const ToolCaller& caller);

 private:
  Result<SavedSearchRun> RunSql(const SavedSearch& search, const AccessPolicy& policy,
                                int64_t limit);
  Result<SavedSearchRun> RunVector(const SavedSearch& search, const AccessPolicy& policy);

  QueryService* const queries_;
  PolicyViews* const policy_views_;
  ToolService* const tools_;
  VectorService* const vectors_;
  CatalogService* const catalog_;
  const Clock* const clock_;
};

}  // namespace lakehouse
