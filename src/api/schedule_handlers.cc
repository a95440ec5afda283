#include "api/schedule_handlers.h"

#include "access/dataset_authorizer.h"
#include "api/job_handlers.h"
#include "api/request_policy.h"
#include "common/clock.h"

namespace lakehouse {
namespace {

Json OptionalTime(const std::optional<int64_t>& micros) {
  return micros ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

Result<DbIngestRequest> ParseDbPull(const Json& j) {
  if (!j.is_object()) return InvalidArgument("field 'db_pull' must be an object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(j,
                          {"dsn", "table", "query", "dataset", "mode", "key", "incremental_column",
                           "allow_schema_change", "on_duplicate_key"},
                          "db_pull."));
  DbIngestRequest r;
  LH_ASSIGN_OR_RETURN(r.dsn, RequiredString(j, "dsn"));
  LH_ASSIGN_OR_RETURN(auto table, OptionalString(j, "table"));
  LH_ASSIGN_OR_RETURN(auto query, OptionalString(j, "query"));
  LH_ASSIGN_OR_RETURN(auto dataset, OptionalString(j, "dataset"));
  LH_ASSIGN_OR_RETURN(auto mode, OptionalString(j, "mode"));
  LH_ASSIGN_OR_RETURN(auto key, OptionalString(j, "key"));
  LH_ASSIGN_OR_RETURN(auto incremental, OptionalString(j, "incremental_column"));
  LH_ASSIGN_OR_RETURN(auto allow, OptionalBool(j, "allow_schema_change"));
  LH_ASSIGN_OR_RETURN(auto duplicates, OptionalString(j, "on_duplicate_key"));
  r.table = table.value_or("");
  r.query = query.value_or("");
  r.dataset = dataset.value_or("");
  if (mode) {
    LH_ASSIGN_OR_RETURN(r.mode, ParseIngestMode(*mode));
  }
  r.key = key.value_or("");
  r.incremental_column = incremental.value_or("");
  r.allow_schema_change = allow.value_or(false);
  if (duplicates) {
    LH_ASSIGN_OR_RETURN(r.on_duplicate_key, ParseDuplicateKeyPolicy(*duplicates));
  }
  return r;
}

Result<WatchSpec> ParseWatch(const Json& j) {
  if (!j.is_object()) return InvalidArgument("field 'watch' must be an object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(j,
                                         {"folder", "bucket", "prefix", "dataset", "mode", "key",
                                          "format", "allow_schema_change", "on_duplicate_key"},
                                         "watch."));
  WatchSpec w;
  LH_ASSIGN_OR_RETURN(auto folder, OptionalString(j, "folder"));
  LH_ASSIGN_OR_RETURN(auto bucket, OptionalString(j, "bucket"));
  LH_ASSIGN_OR_RETURN(auto prefix, OptionalString(j, "prefix"));
  LH_ASSIGN_OR_RETURN(w.dataset, RequiredString(j, "dataset"));
  LH_ASSIGN_OR_RETURN(auto mode, OptionalString(j, "mode"));
  LH_ASSIGN_OR_RETURN(auto key, OptionalString(j, "key"));
  LH_ASSIGN_OR_RETURN(auto format, OptionalString(j, "format"));
  LH_ASSIGN_OR_RETURN(auto allow, OptionalBool(j, "allow_schema_change"));
  LH_ASSIGN_OR_RETURN(auto duplicates, OptionalString(j, "on_duplicate_key"));
  w.folder = folder.value_or("");
  w.bucket = bucket.value_or("");
  w.prefix = prefix.value_or("");
  if (mode) {
    LH_ASSIGN_OR_RETURN(w.mode, ParseIngestMode(*mode));
  }
  w.key = key.value_or("");
  if (format) {
    LH_ASSIGN_OR_RETURN(w.format, ParseInputFormat(*format));
  }
  w.allow_schema_change = allow.value_or(false);
  if (duplicates) {
    LH_ASSIGN_OR_RETURN(w.on_duplicate_key, ParseDuplicateKeyPolicy(*duplicates));
  }
  return w;
}

Result<IngestSchedule> ParseCreate(const Json& body, const HttpRequest& http) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"name", "kind", "db_pull", "watch", "cron", "interval_s", "enabled"}));
  IngestSchedule s;
  LH_ASSIGN_OR_RETURN(s.name, RequiredString(body, "name"));
  LH_ASSIGN_OR_RETURN(std::string kind, RequiredString(body, "kind"));
  LH_ASSIGN_OR_RETURN(s.kind, ParseScheduleKind(kind));
  const std::string_view spec = ScheduleKindName(s.kind);
  const std::string_view other = s.kind == ScheduleKind::kDbPull ? "watch" : "db_pull";
  if (!body.contains(spec))
    return InvalidArgument("field '", spec, "' is required for kind '", spec, "'");
  if (body.contains(other))
    return InvalidArgument("field '", other, "' does not apply to kind '", spec, "'");
  if (s.kind == ScheduleKind::kDbPull) {
    LH_ASSIGN_OR_RETURN(s.db_pull, ParseDbPull(body["db_pull"]));
  } else {
    LH_ASSIGN_OR_RETURN(s.watch, ParseWatch(body["watch"]));
  }
  LH_ASSIGN_OR_RETURN(auto cron, OptionalString(body, "cron"));
  LH_ASSIGN_OR_RETURN(auto interval, OptionalInt(body, "interval_s"));
  LH_ASSIGN_OR_RETURN(auto enabled, OptionalBool(body, "enabled"));
  s.cron = cron.value_or("");
  s.interval_s = interval.value_or(0);
  if (interval && *interval <= 0) return InvalidArgument("field 'interval_s' must be positive");
  s.enabled = enabled.value_or(true);
  s.actor = http.Header("X-Lakehouse-Actor").value_or("api");
  s.db_pull.actor = s.actor;
  return s;
}

Result<SchedulePatch> ParsePatch(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"enabled", "cron", "interval_s", "db_pull", "watch"}));
  SchedulePatch patch;
  LH_ASSIGN_OR_RETURN(patch.enabled, OptionalBool(body, "enabled"));
  LH_ASSIGN_OR_RETURN(patch.cron, OptionalString(body, "cron"));
  LH_ASSIGN_OR_RETURN(patch.interval_s, OptionalInt(body, "interval_s"));
  if (patch.cron && patch.interval_s) {
    return InvalidArgument("give at most one of 'cron' and 'interval_s'");
  }
  if (patch.interval_s && *patch.interval_s <= 0) {
    return InvalidArgument("field 'interval_s' must be positive");
  }
  if (body.contains("db_pull")) {
    LH_ASSIGN_OR_RETURN(patch.db_pull, ParseDbPull(body["db_pull"]));
  }
  if (body.contains("watch")) {
    LH_ASSIGN_OR_RETURN(patch.watch, ParseWatch(body["watch"]));
  }
  return patch;
}

Json ViewToJson(const ScheduleView& view) {
  const IngestSchedule& s = view.schedule;
  Json out = ScheduleDefinitionToJson(s);
  out.erase("actor");
  if (s.cron.empty()) out["cron"] = nullptr;
  if (s.interval_s == 0) out["interval_s"] = nullptr;
  out["created_at"] = FormatTimestamp(s.created_at);
  out["updated_at"] = FormatTimestamp(s.updated_at);
  out["next_run"] = OptionalTime(view.next_run);
  out["failures"] = s.failures;
  out["backing_off"] = view.backing_off;
  out["next_retry_at"] = OptionalTime(s.next_retry_at);
  out["last_error"] = s.last_error ? Json(*s.last_error) : Json(nullptr);
  out["active_job_id"] = view.active_job_id ? Json(*view.active_job_id) : Json(nullptr);
  Json runs = Json::array();
  for (const Job& job : view.last_runs) runs.push_back(job.ToJson());
  out["last_runs"] = std::move(runs);
  return out;
}

// A schedule ingests into datasets as the server, unattended and after restarts: managing one
// is an administrator's action (issue 20).
Status RequireScheduleAdmin(const HttpRequest& request) {
  return CheckAdmin(PolicyOf(request), "managing ingest schedules");
}

}  // namespace

Result<HttpResponse> ScheduleHandlers::Create(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireScheduleAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, ParseCreate(body, request));
  LH_ASSIGN_OR_RETURN(ScheduleView view, schedules_->Create(std::move(schedule)));
  return HttpResponse::JsonBody(ViewToJson(view), 201);
}

Result<HttpResponse> ScheduleHandlers::List(HttpRequest&) {
  LH_ASSIGN_OR_RETURN(std::vector<ScheduleView> views, schedules_->List());
  Json list = Json::array();
  for (const ScheduleView& view : views) list.push_back(ViewToJson(view));
  return HttpResponse::JsonBody(Json{{"schedules", std::move(list)}});
}

Result<HttpResponse> ScheduleHandlers::Get(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(ScheduleView view, schedules_->Get(request.PathParam("name")));
  return HttpResponse::JsonBody(ViewToJson(view));
}

Result<HttpResponse> ScheduleHandlers::Patch(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireScheduleAdmin(request));
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(SchedulePatch patch, ParsePatch(body));
  LH_ASSIGN_OR_RETURN(ScheduleView view, schedules_->Patch(request.PathParam("name"), patch));
  return HttpResponse::JsonBody(ViewToJson(view));
}

Result<HttpResponse> ScheduleHandlers::Delete(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireScheduleAdmin(request));
  LH_ASSIGN_OR_RETURN(ScheduleView view, schedules_->Get(request.PathParam("name")));
  LH_RETURN_IF_ERROR(schedules_->Delete(view.schedule.name));
  return HttpResponse::JsonBody(Json{{"deleted", view.schedule.name}});
}

Result<HttpResponse> ScheduleHandlers::RunNow(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireScheduleAdmin(request));
  LH_ASSIGN_OR_RETURN(Job job, schedules_->RunNow(request.PathParam("name")));
  return JobStartedResponse(jobs_, job, request);
}

}  // namespace lakehouse
