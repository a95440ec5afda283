#include "ingest/db_ingest_job.h"

#include "common/ids.h"
#include "common/mutex.h"
#include "common/status_detail.h"
#include "ingest/db_dsn.h"

namespace lakehouse {

Json DbIngestRequestToJson(const DbIngestRequest& r, const std::string& dsn) {
  return Json{{"dsn", dsn},
              {"table", r.table},
              {"query", r.query},
              {"dataset", r.dataset},
              {"mode", std::string(IngestModeName(r.mode))},
              {"key", r.key},
              {"incremental_column", r.incremental_column},
              {"batch_size", r.batch_size},
              {"allow_schema_change", r.allow_schema_change},
              {"on_duplicate_key", std::string(DuplicateKeyPolicyName(r.on_duplicate_key))},
              {"bucket", r.bucket},
              {"actor", r.actor}};
}

Result<DbIngestRequest> DbIngestRequestFromJson(const Json& p) {
  DbIngestRequest r;
  r.dsn = p.value("dsn", "");
  r.table = p.value("table", "");
  r.query = p.value("query", "");
  r.dataset = p.value("dataset", "");
  LH_ASSIGN_OR_RETURN(r.mode, ParseIngestMode(p.value("mode", "append")));
  r.key = p.value("key", "");
  r.incremental_column = p.value("incremental_column", "");
  r.batch_size = p.value("batch_size", int64_t{0});
  r.allow_schema_change = p.value("allow_schema_change", false);
  LH_ASSIGN_OR_RETURN(r.on_duplicate_key,
                      ParseDuplicateKeyPolicy(p.value("on_duplicate_key", "error")));
  r.bucket = p.value("bucket", "");
  r.actor = p.value("actor", "api");
  return r;
}

DbIngestJobs::DbIngestJobs(DbIngestService* service, JobService* jobs)
    : service_(service), jobs_(jobs) {
  jobs_->RegisterKind(std::string(kDbIngestJobKind),
                      [this](JobContext& context) { return Run(context); });
}

Result<Job> DbIngestJobs::Submit(const DbIngestRequest& request) {
  LH_RETURN_IF_ERROR(DbIngestService::Validate(request));
  LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(request.dsn));
  LH_RETURN_IF_ERROR(service_->CheckSource(dsn));
  Json params = DbIngestRequestToJson(request, dsn.Redacted());
  if (dsn.has_secrets()) {
    std::string reference = NewUuid();
    params["secret_ref"] = reference;
    MutexLock lock(mu_);
    secret_dsns_[reference] = request.dsn;
  } else {
    // Redacted() is for showing; this is what the run connects with.
    params["conninfo"] = dsn.WithoutSecrets();
  }
  Result<Job> job =
      jobs_->Submit(kDbIngestJobKind, DbIngestService::TargetDataset(request), std::move(params));
  if (!job.ok() && dsn.has_secrets()) {
    MutexLock lock(mu_);
    secret_dsns_.erase(params.value("secret_ref", ""));
  }
  return job;
}

Result<Json> DbIngestJobs::Run(JobContext& context) {
  LH_ASSIGN_OR_RETURN(DbIngestRequest request, DbIngestRequestFromJson(context.params()));
  request.job_id = context.id();
  std::string reference = context.params().value("secret_ref", "");
  if (!reference.empty()) {
    MutexLock lock(mu_);
    auto it = secret_dsns_.find(reference);
    if (it == secret_dsns_.end()) {
      return FailedPrecondition(
          "the DSN's password is never persisted and this server restarted since the pull was "
          "submitted; submit it again (or keep the password in the server's password file)");
    }
    request.dsn = it->second;
    secret_dsns_.erase(it);
  } else if (context.params().contains("conninfo")) {
    request.dsn = context.params().value("conninfo", "");
  }
  context.SetProgress(0, std::nullopt, "rows");
  Result<DbIngestResult> result = service_->Ingest(request, [&context](int64_t rows) {
    context.SetProgress(rows, std::nullopt, "rows");
    return !context.cancelled();
  });
  if (!result.ok()) {
    // Kept with the failed job, so the waiting request can answer 409 with the diff.
    if (const Json* diff = FindDetail(result.status(), "schema_diff")) {
      context.SetDetail(Json{{"schema_diff", *diff}});
    }
    return result.status();
  }
  return result->ToJson();
}

}  // namespace lakehouse
