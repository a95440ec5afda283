// Handlers for /jobs: list, inspect and cancel background jobs.
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include <functional>

#include "access/access_policy.h"
#include "http/http_types.h"
#include "jobs/job_service.h"

namespace lakehouse {

// Whether a restricted policy may see a job (its target is a dataset, or an index over one, that
// the policy is granted); composed by the server. Unrestricted policies see every job; without a
// predicate, restricted ones see none.
using JobVisibility = std::function<bool(const AccessPolicy&, const Job&)>;

class JobHandlers {
 public:
  explicit JobHandlers(JobService* jobs, JobVisibility visible = nullptr)
      : jobs_(jobs), visible_(std::move(visible)) {}

  Result<HttpResponse> List(HttpRequest& request);    // GET /jobs?state=&kind=&target=&limit=
  Result<HttpResponse> Get(HttpRequest& request);     // GET /jobs/{id}
  Result<HttpResponse> Cancel(HttpRequest& request);  // POST /jobs/{id}/cancel

 private:
  // NOT_FOUND for a job the request's policy may not see.
  Status CheckVisible(const HttpRequest& request, const Job& job) const;
  bool Visible(const AccessPolicy& policy, const Job& job) const {
    return policy.unrestricted() || (visible_ && visible_(policy, job));
  }

  JobService* jobs_;
  JobVisibility visible_;
};

// The HTTP answer for a job started by a request: with ?wait=true, a deferred answer (no worker
// held while the job runs; see HttpResponse::deferred) given when the job ends (up to ?timeout_ms,
// default 10 min) and returns the job's result (200) or its error (mapped like any Status; a
// CONFLICT whose job detail has "schema_diff" is 409 {"error","schema_diff"}, as POST
// /ingest/file answers); otherwise 202 {"job_id","state","job"}. Shared by every endpoint that
// starts jobs.
Result<HttpResponse> JobStartedResponse(JobService* jobs, const Job& job,
                                        const HttpRequest& request);

}  // namespace lakehouse
