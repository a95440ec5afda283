// DbIngestJobs: database pulls as background jobs (kind "db_ingest", target the dataset).
//
// Submit() validates the request at once (bad DSN, missing table/query → INVALID_ARGUMENT before
// any job exists), then queues a job whose persisted params hold the request with the DSN
// REDACTED ("dsn", for showing). A DSN with a secret (password, sslpassword) stays in this
// object's memory only, keyed by a random reference in the params, and is forgotten when the run
// ends; one without secrets is also stored as "conninfo" (PgDsn::ConninfoWithoutSecrets, exact,
// unlike the redacted URL), which the run connects with. A job resumed after a restart therefore
// works only when its DSN needed no password (the server's password file supplies it); otherwise it
// fails asking to resubmit. Progress is "rows" so far; cancelling stops the pull between batches
// and commits nothing.
//
// Thread-safety: thread-safe. Borrowed services must outlive it.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "common/mutex.h"
#include "ingest/db_ingest_service.h"
#include "jobs/job_service.h"

namespace lakehouse {

inline constexpr std::string_view kDbIngestJobKind = "db_ingest";

class DbIngestJobs {
 public:
  // Registers the runner with `jobs` (before jobs->Start()).
  DbIngestJobs(DbIngestService* service, JobService* jobs);

  Result<Job> Submit(const DbIngestRequest& request);

 private:
  Result<Json> Run(JobContext& context);

  DbIngestService* service_;
  JobService* jobs_;
  Mutex mu_;
  std::map<std::string, std::string> secret_dsns_ LH_GUARDED_BY(mu_);  // reference → DSN
};

// A pull request as stored JSON (job params, schedules): every field, the DSN as given (pass it
// redacted or without secrets); FromJson reads it back with the request defaults for absent fields.
Json DbIngestRequestToJson(const DbIngestRequest& request, const std::string& dsn);
Result<DbIngestRequest> DbIngestRequestFromJson(const Json& json);

}  // namespace lakehouse
