// JobStore: the `jobs` table in catalog.db (its schema: job_store_schema.h), through the
// Metastore's transactions. Every method is one transaction; state transitions are guarded in SQL
// (a job leaves `queued` or `running` only once), so two workers can never both run a job.
//
// Thread-safety: thread-safe (the Metastore serialises writers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "jobs/job.h"

namespace lakehouse {

struct JobFilter {
  std::optional<JobState> state;
  std::string kind;    // empty = any
  std::string target;  // empty = any
  int64_t limit = 100;
};

class JobStore {
 public:
  // Registers the table's schema steps with the metastore (applied before its next transaction).
  explicit JobStore(Metastore* metastore);

  Status Insert(const Job& job);
  Result<Job> Get(std::string_view id);
  // Newest first.
  Result<std::vector<Job>> List(const JobFilter& filter);
  // The oldest queued job of kind+target, if any.
  Result<std::optional<Job>> FindQueued(std::string_view kind, std::string_view target);
  // Ids of queued jobs, oldest first.
  Result<std::vector<std::string>> QueuedIds();

  // queued → running (attempts + 1). FAILED_PRECONDITION when the job is no longer queued.
  Result<Job> MarkRunning(std::string_view id, int64_t now);
  Status SaveProgress(std::string_view id, const JobProgress& progress, std::string_view message,
                      const Json& detail, int64_t now);
  // running|queued → a terminal state. FAILED_PRECONDITION when already terminal.
  Status Finish(std::string_view id, JobState state, const Json& result,
                const std::optional<std::string>& error, int64_t now);
  // running → queued (the server stopped under it; it runs again on the next start).
  Status Requeue(std::string_view id, std::string_view message, int64_t now);
  // Every running job → queued; returns how many (called once at start-up: those runs died with
  // the previous process).
  Result<int64_t> RequeueAllRunning(int64_t now);
  Status SetCancelRequested(std::string_view id, int64_t now);
  // Records who started the job, unless it has an owner already (a coalesced job keeps its first).
  Status ClaimOwner(std::string_view id, std::string_view owner);

 private:
  Metastore* metastore_;
};

}  // namespace lakehouse
