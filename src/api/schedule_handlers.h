// Handlers for scheduled ingest (ingest/schedule_service.h):
//   POST   /schedules                 {"name","kind":"db_pull"|"watch","db_pull"|"watch":{…},
//                                      "cron"|"interval_s","enabled"?} → 201 the schedule
//   GET    /schedules                 {"schedules":[…]}
//   GET    /schedules/{name}          the schedule: definition, enabled, next_run, failures,
//                                      next_retry_at, last_error, active_job_id, last_runs (jobs)
//   PATCH  /schedules/{name}          {"enabled"?,"cron"?,"interval_s"?,"db_pull"?|"watch"?}
//   DELETE /schedules/{name}          {"deleted": name}
//   POST   /schedules/{name}/run-now  202 {"job_id",…} (or ?wait=true: the run's result); 409
//                                      while a run is queued or running
// The route table (schedule_routes.cc) carries the schemas (schedule_schemas.h).
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include "http/http_types.h"
#include "ingest/schedule_service.h"
#include "jobs/job_service.h"

namespace lakehouse {

class ScheduleHandlers {
 public:
  ScheduleHandlers(ScheduleService* schedules, JobService* jobs)
      : schedules_(schedules), jobs_(jobs) {}

  Result<HttpResponse> Create(HttpRequest& request);
  Result<HttpResponse> List(HttpRequest& request);
  Result<HttpResponse> Get(HttpRequest& request);
  Result<HttpResponse> Patch(HttpRequest& request);
  Result<HttpResponse> Delete(HttpRequest& request);
  Result<HttpResponse> RunNow(HttpRequest& request);

 private:
  ScheduleService* schedules_;
  JobService* jobs_;
};

}  // namespace lakehouse
