// Handlers for /jobs: list, inspect and cancel background jobs.
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "http/http_types.h"
#include "jobs/job_service.h"

namespace lakehouse {

class JobHandlers {
 public:
  explicit JobHandlers(JobService* jobs) : jobs_(jobs) {}

  Result<HttpResponse> List(HttpRequest& request);    // GET /jobs?state=&kind=&target=&limit=
  Result<HttpResponse> Get(HttpRequest& request);     // GET /jobs/{id}
  Result<HttpResponse> Cancel(HttpRequest& request);  // POST /jobs/{id}/cancel

 private:
  JobService* jobs_;
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
