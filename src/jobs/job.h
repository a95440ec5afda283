// Job: one unit of background work (an index build, a refresh, a database pull) as the job
// system records it. A job moves queued → running → succeeded | failed | cancelled; a job that
// was running when the server stopped goes back to queued and runs again (attempts counts runs).
//
// Thread-safety: plain values; externally synchronised.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

std::string_view JobStateName(JobState state);  // "queued" | "running" | …
Result<JobState> ParseJobState(std::string_view name);
inline bool IsTerminal(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

struct JobProgress {
  int64_t done = 0;
  std::optional<int64_t> total;  // unknown until the job knows its size
  std::string unit;              // "rows", "chunks", …
  // While the job runs (not persisted): units per second over the current run, and the seconds
  // left at that rate (needs a total). Null before the rate is known and once the job ended.
  std::optional<double> rate_per_s;
  std::optional<int64_t> eta_s;
};

struct Job {
  std::string id;
  std::string kind;    // e.g. "vector_refresh", "db_ingest"
  std::string target;  // what the job works on, e.g. an index or dataset name
  JobState state = JobState::kQueued;
  Json params = Json::object();
  JobProgress progress;
  std::string message;
  std::optional<std::string> error;
  Json result;  // null until succeeded
  Json detail;  // job-specific extra state (e.g. items that kept failing); null when none
  int32_t attempts = 0;
  bool cancel_requested = false;
  int64_t created_at = 0;  // epoch micros
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
  int64_t updated_at = 0;
  std::string owner;  // the principal that started it; "" = the server (schedules, start-up)

  // {"job_id","kind","target","state",
  //  "progress":{"done","total","unit","fraction","rate_per_s","eta_s"},"message",
  //  "error","result","detail","attempts","cancel_requested","created_at","started_at",
  //  "finished_at","updated_at","owner"} with RFC 3339 timestamps.
  Json ToJson() const;
};

}  // namespace lakehouse
