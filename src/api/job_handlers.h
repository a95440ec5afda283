// Handlers for /jobs: list, inspect and cancel background jobs.
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include <functional>

#include "access/access_policy.h"
#include "access/dataset_authorizer.h"
#include "http/http_types.h"
#include "jobs/job_service.h"

namespace lakehouse {

// The dataset a job works on (its target, or the dataset of the index it targets), nullopt when
// none; composed by the server.
using JobDatasetOf = std::function<std::optional<std::string>(const Job&)>;

// Who sees a job: admins (unrestricted policies) every job; anyone else only the jobs they
// started (Job::owner) on a dataset they may still read — others are NOT_FOUND. Cancel: the
// owner, an admin, or a principal with admin permission on the job's dataset; otherwise the
// dataset authorizer's answer (403 when the dataset is visible, 404 when not).
class JobHandlers {
 public:
  // Without `dataset_of` or `authorizer`, restricted policies see no job.
  explicit JobHandlers(JobService* jobs, JobDatasetOf dataset_of = nullptr,
                       const DatasetAuthorizer* authorizer = nullptr)
      : jobs_(jobs), dataset_of_(std::move(dataset_of)), authorizer_(authorizer) {}

  Result<HttpResponse> List(HttpRequest& request);    // GET /jobs?state=&kind=&target=&limit=
  Result<HttpResponse> Get(HttpRequest& request);     // GET /jobs/{id}
  Result<HttpResponse> Cancel(HttpRequest& request);  // POST /jobs/{id}/cancel

 private:
  // NOT_FOUND for a job the request's policy may not see.
  Status CheckVisible(const HttpRequest& request, const Job& job) const;
  bool Visible(const AccessPolicy& policy, const Job& job) const;
  // OK when `policy` may cancel `job` (see the class comment).
  Status CheckCancel(const AccessPolicy& policy, const Job& job) const;

  JobService* jobs_;
  JobDatasetOf dataset_of_;
  const DatasetAuthorizer* authorizer_;
};

// The HTTP answer for a job started by a request: with ?wait=true, a deferred answer (no worker
// held while the job runs; see HttpResponse::deferred) given when the job ends (up to ?timeout_ms,
// default 10 min) and returns the job's result (200) or its error (mapped like any Status; a
// CONFLICT whose job detail has "schema_diff" is 409 {"error","schema_diff"}, as POST
// /ingest/file answers); otherwise 202 {"job_id","state","job"}. Shared by every endpoint that
// starts jobs; records the request's principal as the job's owner.
Result<HttpResponse> JobStartedResponse(JobService* jobs, const Job& job,
                                        const HttpRequest& request);

}  // namespace lakehouse
