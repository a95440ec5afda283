#include "api/schedule_routes.h"

#include "api/response_schemas.h"
#include "http/json_schema.h"

namespace lakehouse {
namespace {

using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Enum;
using schema::Integer;
using schema::Nullable;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

constexpr HttpMethod GET = HttpMethod::kGet;
constexpr HttpMethod POST = HttpMethod::kPost;
constexpr HttpMethod DELETE = HttpMethod::kDelete;
constexpr HttpMethod PATCH = HttpMethod::kPatch;

HttpHandler Bind(ScheduleHandlers* h,
                 Result<HttpResponse> (ScheduleHandlers::*method)(HttpRequest&)) {
  return [h, method](HttpRequest& request) { return (h->*method)(request); };
}

Json Modes() { return Enum({"append", "replace", "upsert"}); }
Json DuplicateKeys() { return Enum({"error", "first", "last"}); }

Json DbPullSpec() {
  return Closed({Req("dsn", String("PostgreSQL connection string without a password")),
                 Opt("table", String()), Opt("query", String()), Opt("dataset", String()),
                 Opt("mode", Modes()), Opt("key", String()), Opt("incremental_column", String()),
                 Opt("allow_schema_change", Boolean()), Opt("on_duplicate_key", DuplicateKeys())},
                "a database pull, as POST /ingest/db takes it");
}

Json WatchSpecSchema() {
  return Closed({Opt("folder", String("a local folder under schedules.watch_roots")),
                 Opt("bucket", String()), Opt("prefix", String("required with a bucket")),
                 Req("dataset", String()), Opt("mode", Modes()), Opt("key", String()),
                 Opt("format", String("the files' format; unset → from each file's name")),
                 Opt("allow_schema_change", Boolean()), Opt("on_duplicate_key", DuplicateKeys())},
                "a folder or bucket prefix whose new or changed files are ingested");
}

Json CreateBody() {
  return Closed({Req("name", String("letters, digits, '_', '-', '.'; at most 64")),
                 Req("kind", Enum({"db_pull", "watch"})), Opt("db_pull", DbPullSpec()),
                 Opt("watch", WatchSpecSchema()), Opt("cron", String("5-field cron, UTC")),
                 Opt("interval_s", Integer("seconds between runs")), Opt("enabled", Boolean())});
}

Json PatchBody() {
  return Closed({Opt("enabled", Boolean()), Opt("cron", String()), Opt("interval_s", Integer()),
                 Opt("db_pull", DbPullSpec()), Opt("watch", WatchSpecSchema())});
}

Json StoredDbPull() {
  return Object({Req("dsn", String()), Req("table", String()), Req("query", String()),
                 Req("dataset", String()), Req("mode", String()), Req("key", String()),
                 Req("incremental_column", String()), Req("allow_schema_change", Boolean()),
                 Req("on_duplicate_key", String())});
}

Json StoredWatch() {
  return Object({Req("folder", String()), Req("bucket", String()), Req("prefix", String()),
                 Req("dataset", String()), Req("mode", String()), Req("key", String()),
                 Req("format", Nullable(String())), Req("allow_schema_change", Boolean()),
                 Req("on_duplicate_key", String())});
}

Json Schedule() {
  return Object({Req("name", String()), Req("kind", Enum({"db_pull", "watch"})),
                 Opt("db_pull", StoredDbPull()), Opt("watch", StoredWatch()),
                 Req("cron", Nullable(String())), Req("interval_s", Nullable(Integer())),
                 Req("enabled", Boolean()), Req("created_at", String()),
                 Req("updated_at", String()),
                 Req("next_run", Nullable(String("the next firing that will run"))),
                 Req("failures", Integer("consecutive failed runs")), Req("backing_off", Boolean()),
                 Req("next_retry_at", Nullable(String("no firing runs before this"))),
                 Req("last_error", Nullable(String())),
                 Req("active_job_id", Nullable(String("a queued or running run"))),
                 Req("last_runs", Array(response_schemas::Job(), "newest first"))});
}

}  // namespace

Status RegisterScheduleRoutes(ScheduleHandlers* h, RouteTable* t) {
  namespace R = response_schemas;
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/schedules", "createSchedule",
       "Schedule a database pull or a folder/bucket watch on a cron expression or an interval",
       "schedules", /*public_route=*/false, /*stream_body=*/false, /*success_status=*/201},
      RouteContract().Body(CreateBody()).Returns(201, "the schedule", Schedule()),
      Bind(h, &ScheduleHandlers::Create)));
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/schedules", "listSchedules", "Every schedule, by name", "schedules"},
             RouteContract().Returns(200, "by name", Object({Req("schedules", Array(Schedule()))})),
             Bind(h, &ScheduleHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/schedules/{name}", "getSchedule",
       "One schedule: definition, next run, backoff, last runs with results and errors",
       "schedules"},
      RouteContract().Returns(200, "the schedule", Schedule()), Bind(h, &ScheduleHandlers::Get)));
  LH_RETURN_IF_ERROR(
      t->Add({PATCH, "/schedules/{name}", "patchSchedule",
              "Enable, disable, retime or redefine a schedule (re-armed from now)", "schedules"},
             RouteContract().Body(PatchBody()).Returns(200, "the schedule", Schedule()),
             Bind(h, &ScheduleHandlers::Patch)));
  LH_RETURN_IF_ERROR(t->Add(
      {DELETE, "/schedules/{name}", "deleteSchedule",
       "Delete a schedule and the files it remembers (a running run finishes)", "schedules"},
      RouteContract().Returns(200, "deleted", R::Deleted()), Bind(h, &ScheduleHandlers::Delete)));
  return t->Add(
      {POST, "/schedules/{name}/run-now", "runScheduleNow",
       "Run a schedule now, even when disabled or backing off (409 while a run is active)",
       "schedules"},
      RouteContract()
          .Query("wait", Boolean(), "answer with the run's result instead of 202")
          .Query("timeout_ms", Integer(), "how long ?wait=true waits")
          .Returns(202, "the run is a job", R::JobStarted())
          .Returns(200, "?wait=true: the run's result", R::JobResult()),
      Bind(h, &ScheduleHandlers::RunNow));
}

}  // namespace lakehouse
