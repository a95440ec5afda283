// Handlers for /vectors/*: indexes, search, RAG and the decoupled embedding refresh.
//   POST   /vectors/index                       {"index_name","dataset","id_column","text_column"|
//                                               "vector_column",…} → 202 {"job_id"} (?wait=true)
//   GET    /vectors/indexes                     ?dataset=&model=
//   GET    /vectors/indexes/{name}
//   PATCH  /vectors/indexes/{name}              policy/ef_search in place; model/chunking → shadow
//   DELETE /vectors/indexes/{name}
//   GET    /vectors/indexes/{name}/freshness
//   POST   /vectors/search                      {"index","query"|"vector","k"?,"filter"?,
//                                               "columns"?,"exact"?}
//   POST   /vectors/rag                         {"index","question","k"?,"model"?,"filter"?}
//   POST   /vectors/refresh/{dataset}           {"index_name",…} → 202 {"job_id"}, or the result
//                                               with ?wait=true (at once when nothing changed)
//   GET    /vectors/stale
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "access/dataset_authorizer.h"
#include "access/policy_views.h"
#include "http/http_types.h"
#include "jobs/job_service.h"
#include "vector/vector_service.h"

namespace lakehouse {

class VectorHandlers {
 public:
  // Index create, refresh, patch, delete, evals, trials and autotune need write on the index's
  // dataset (`authorizer`); an index over a dataset the principal has no grant on is NOT_FOUND.
  // Searches and RAG run as the request's policy (PolicyOf): restricted ones through
  // `policy_views`.
  VectorHandlers(VectorService* vectors, JobService* jobs, const DatasetAuthorizer* authorizer,
                 PolicyViews* policy_views)
      : vectors_(vectors), jobs_(jobs), authorizer_(authorizer), policy_views_(policy_views) {}

  Result<HttpResponse> CreateIndex(HttpRequest& request);
  Result<HttpResponse> ListIndexes(HttpRequest& request);
  Result<HttpResponse> GetIndex(HttpRequest& request);
  Result<HttpResponse> PatchIndex(HttpRequest& request);
  Result<HttpResponse> DeleteIndex(HttpRequest& request);
  Result<HttpResponse> Freshness(HttpRequest& request);
  Result<HttpResponse> Evaluate(HttpRequest& request);
  Result<HttpResponse> RunTrials(HttpRequest& request);
  Result<HttpResponse> ListTrials(HttpRequest& request);
  Result<HttpResponse> BestTrials(HttpRequest& request);
  Result<HttpResponse> Autotune(HttpRequest& request);
  Result<HttpResponse> Search(HttpRequest& request);
  Result<HttpResponse> SearchBatch(HttpRequest& request);
  Result<HttpResponse> Rag(HttpRequest& request);
  Result<HttpResponse> Refresh(HttpRequest& request);
  Result<HttpResponse> Stale(HttpRequest& request);

 private:
  VectorService* vectors_;
  JobService* jobs_;
  const DatasetAuthorizer* authorizer_;
  PolicyViews* policy_views_;

  // `needed` on the dataset of index `name`; NOT_FOUND naming the index when it is not granted.
  Status RequireOnIndex(const HttpRequest& request, std::string_view name, Permission needed) const;
};

}  // namespace lakehouse
