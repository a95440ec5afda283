// Handler for database ingest:
//   POST /ingest/db  {"dsn", "table" | "query", "dataset"?, "mode"?, "key"?, "batch_size"?,
//                     "incremental_column"?, "allow_schema_change"?,
//                     "on_duplicate_key"? (error|first|last)}
// runs as a background job (ingest/db_ingest_job.h): 202 {"job_id",…} whose progress counts rows
// (GET /jobs/{id}); with ?wait=true the answer is the job's result: 200 with DbIngestResult::ToJson
// (the response's "source" is the redacted DSN); an incompatible schema change is 409 with
// {"error":{…},"schema_diff":{…}} like POST /ingest/file. Headers: X-Lakehouse-Bucket,
// X-Lakehouse-Actor.
//
// Thread-safety: thread-safe (stateless over a thread-safe service).
#pragma once

#include "access/dataset_authorizer.h"
#include "http/http_types.h"
#include "ingest/db_ingest_job.h"

namespace lakehouse {

class DbIngestHandlers {
 public:
  // A pull needs write on its target dataset (`authorizer`).
  DbIngestHandlers(DbIngestJobs* pulls, JobService* jobs, const DatasetAuthorizer* authorizer)
      : pulls_(pulls), jobs_(jobs), authorizer_(authorizer) {}

  Result<HttpResponse> IngestDb(HttpRequest& request);  // POST /ingest/db

 private:
  DbIngestJobs* pulls_;
  JobService* jobs_;
  const DatasetAuthorizer* authorizer_;
};

}  // namespace lakehouse
