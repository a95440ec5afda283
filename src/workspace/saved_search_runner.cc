#include "workspace/saved_search_runner.h"

#include <algorithm>

#include "common/hash.h"
#include "tools/tool_parameters.h"
#include "vector/search_results.h"

namespace lakehouse {

SavedSearchRunner::SavedSearchRunner(QueryService* queries, PolicyViews* policy_views,
                                     ToolService* tools, VectorService* vectors,
                                     CatalogService* catalog, const Clock* clock)
    : queries_(queries),
      policy_views_(policy_views),
      tools_(tools),
      vectors_(vectors),
      catalog_(catalog),
      clock_(clock) {}

Status SavedSearchRunner::Check(const SavedSearch& search, const AccessPolicy& policy) {
  switch (search.kind) {
    case SavedSearchKind::kSql: {
      Result<SavedSearchRun> ran = RunSql(search, policy, /*limit=*/0);
      if (!ran.ok() && ran.status().code() == StatusCode::kInvalidArgument) {
        return InvalidArgument("saved search '", search.name,
                               "': the SQL does not run: ", ran.status().message());
      }
      return ran.status();
    }
    case SavedSearchKind::kTool: {
      LH_ASSIGN_OR_RETURN(ToolDefinition tool, tools_->Get(policy, search.tool));
      return ResolveArguments(tool, search.arguments).status();
    }
    case SavedSearchKind::kVector: {
      if (vectors_ == nullptr) return FailedPrecondition("vector search is not available");
      LH_ASSIGN_OR_RETURN(IndexInfo index, vectors_->GetIndex(search.index));
      LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(index.record.definition.dataset));
      if (!PolicyShows(policy, dataset)) {
        return NotFound("index '", search.index, "' not found");
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

Result<SavedSearchRun> SavedSearchRunner::RunSql(const SavedSearch& search,
                                                 const AccessPolicy& policy, int64_t limit) {
  const int64_t started = clock_->MonotonicMicros();
  SqlRequest request;
  request.sql = search.sql;
  request.limit = limit;
  request.use_cache = limit > 0;
  LH_ASSIGN_OR_RETURN(request.scope, policy_views_->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->Query(request));
  SavedSearchRun run;
  run.rows = answer.rows;
  run.fingerprint = Sha256Hex(search.sql);
  run.datasets = answer.tables;
  run.elapsed_ms = static_cast<double>(clock_->MonotonicMicros() - started) / 1000.0;
  return run;
}

Result<SavedSearchRun> SavedSearchRunner::RunVector(const SavedSearch& search,
                                                    const AccessPolicy& policy) {
  if (vectors_ == nullptr) return FailedPrecondition("vector search is not available");
  LH_RETURN_IF_ERROR(Check(search, policy));
  const int64_t started = clock_->MonotonicMicros();
  SearchRequest request;
  request.index = search.index;
  request.query = search.query;
  request.k = static_cast<int32_t>(search.limit);
  if (!search.filter.empty()) request.filter = search.filter;
  LH_ASSIGN_OR_RETURN(request.scope, policy_views_->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(SearchResults found, vectors_->Search(request));
  SavedSearchRun run;
  run.rows = SearchHitsToRowSet(found, {});
  run.fingerprint = Sha256Hex("search " + search.index + " WHERE " + search.filter);
  run.index = found.index;
  for (const auto& hits : found.hits) {
    for (const ChunkHit& hit : hits) {
      if (std::find(run.doc_ids.begin(), run.doc_ids.end(), hit.chunk.doc_id) == run.doc_ids.end())
        run.doc_ids.push_back(hit.chunk.doc_id);
    }
  }
  run.elapsed_ms = static_cast<double>(clock_->MonotonicMicros() - started) / 1000.0;
  return run;
}

Result<SavedSearchRun> SavedSearchRunner::Run(const SavedSearch& search, const ToolCaller& caller) {
  const AccessPolicy& policy = *caller.policy;
  switch (search.kind) {
    case SavedSearchKind::kSql:
      return RunSql(search, policy, search.limit);
    case SavedSearchKind::kTool: {
      LH_ASSIGN_OR_RETURN(ToolCallResult called,
                          tools_->Call(caller, search.tool, search.arguments));
      return SavedSearchRun{called.rows,     called.fingerprint, called.elapsed_ms,
                            called.datasets, called.index,       called.doc_ids};
    }
    case SavedSearchKind::kVector:
      return RunVector(search, policy);
  }
  return Internal("unknown saved search kind");
}

}  // namespace lakehouse
