#include "ingest/ingest_schedule.h"

#include <cctype>

#include "ingest/db_dsn.h"
#include "ingest/db_ingest_job.h"
#include "jobs/cron_schedule.h"

namespace lakehouse {
namespace {

constexpr int64_t kMaxIntervalSeconds = 366LL * 24 * 3600;

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

Json WatchToJson(const WatchSpec& w) {
  return Json{{"folder", w.folder},
              {"bucket", w.bucket},
              {"prefix", w.prefix},
              {"dataset", w.dataset},
              {"mode", std::string(IngestModeName(w.mode))},
              {"key", w.key},
              {"format", w.format ? Json(std::string(InputFormatName(*w.format))) : Json(nullptr)},
              {"allow_schema_change", w.allow_schema_change},
              {"on_duplicate_key", std::string(DuplicateKeyPolicyName(w.on_duplicate_key))}};
}

Result<WatchSpec> WatchFromJson(const Json& j) {
  WatchSpec w;
  w.folder = j.value("folder", "");
  w.bucket = j.value("bucket", "");
  w.prefix = j.value("prefix", "");
  w.dataset = j.value("dataset", "");
  LH_ASSIGN_OR_RETURN(w.mode, ParseIngestMode(j.value("mode", "append")));
  w.key = j.value("key", "");
  if (j.contains("format") && j["format"].is_string()) {
    LH_ASSIGN_OR_RETURN(w.format, ParseInputFormat(j["format"].get<std::string>()));
  }
  w.allow_schema_change = j.value("allow_schema_change", false);
  LH_ASSIGN_OR_RETURN(w.on_duplicate_key,
                      ParseDuplicateKeyPolicy(j.value("on_duplicate_key", "error")));
  return w;
}

Status ValidateDbPull(const DbIngestRequest& pull) {
  if (pull.dsn.empty()) return InvalidArgument("db_pull.dsn is required");
  LH_RETURN_IF_ERROR(DbIngestService::Validate(pull).WithContext("db_pull"));
  LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(pull.dsn));
  if (dsn.has_secrets()) {
    return InvalidArgument(
        "db_pull.dsn must not contain a password: a schedule is persisted and runs after "
        "restarts, so the password must come from the server's password file "
        "(postgres.password_file or mysql.password_file)");
  }
  return Status::Ok();
}

Status ValidateWatch(const WatchSpec& watch) {
  if (watch.dataset.empty()) return InvalidArgument("watch.dataset is required");
  if (watch.folder.empty() == watch.bucket.empty()) {
    return InvalidArgument("watch needs exactly one of 'folder' and 'bucket'");
  }
  if (!watch.folder.empty() && watch.folder.front() != '/') {
    return InvalidArgument("watch.folder must be an absolute path");
  }
  if (!watch.bucket.empty() && watch.prefix.empty()) {
    // The bucket also holds datasets' own files: a whole-bucket watch would ingest them.
    return InvalidArgument("watch.prefix is required with a bucket (e.g. \"incoming/\")");
  }
  if (!watch.folder.empty() && !watch.prefix.empty()) {
    return InvalidArgument("watch.prefix applies to a bucket, not a folder");
  }
  if (watch.mode == IngestMode::kUpsert && watch.key.empty()) {
    return InvalidArgument("watch.key is required for mode 'upsert'");
  }
  return Status::Ok();
}

}  // namespace

std::string_view ScheduleKindName(ScheduleKind kind) {
  return kind == ScheduleKind::kDbPull ? "db_pull" : "watch";
}

Result<ScheduleKind> ParseScheduleKind(std::string_view name) {
  if (name == "db_pull") return ScheduleKind::kDbPull;
  if (name == "watch") return ScheduleKind::kWatch;
  return InvalidArgument("kind must be 'db_pull' or 'watch', got '", std::string(name), "'");
}

Status ValidateSchedule(const IngestSchedule& s) {
  if (!ValidName(s.name)) {
    return InvalidArgument("name must be 1-64 characters of letters, digits, '_', '-' or '.'");
  }
  if (s.cron.empty() == (s.interval_s == 0)) {
    return InvalidArgument("give exactly one of 'cron' and 'interval_s'");
  }
  if (!s.cron.empty()) {
    LH_RETURN_IF_ERROR(CronSchedule::Parse(s.cron).status().WithContext("cron"));
  } else if (s.interval_s < 1 || s.interval_s > kMaxIntervalSeconds) {
    return InvalidArgument("interval_s must be between 1 and ", std::to_string(kMaxIntervalSeconds),
                           ", got ", std::to_string(s.interval_s));
  }
  return s.kind == ScheduleKind::kDbPull ? ValidateDbPull(s.db_pull) : ValidateWatch(s.watch);
}

Json ScheduleDefinitionToJson(const IngestSchedule& s) {
  Json out = {{"name", s.name},       {"kind", std::string(ScheduleKindName(s.kind))},
              {"cron", s.cron},       {"interval_s", s.interval_s},
              {"enabled", s.enabled}, {"actor", s.actor}};
  if (s.kind == ScheduleKind::kDbPull) {
    out["db_pull"] = DbIngestRequestToJson(s.db_pull, s.db_pull.dsn);
  } else {
    out["watch"] = WatchToJson(s.watch);
  }
  return out;
}

Result<IngestSchedule> ScheduleDefinitionFromJson(const Json& j) {
  if (!j.is_object()) return Internal("stored schedule is not a JSON object");
  IngestSchedule s;
  s.name = j.value("name", "");
  LH_ASSIGN_OR_RETURN(s.kind, ParseScheduleKind(j.value("kind", "")));
  s.cron = j.value("cron", "");
  s.interval_s = j.value("interval_s", int64_t{0});
  s.enabled = j.value("enabled", true);
  s.actor = j.value("actor", "api");
  if (s.kind == ScheduleKind::kDbPull) {
    LH_ASSIGN_OR_RETURN(s.db_pull, DbIngestRequestFromJson(j.value("db_pull", Json::object())));
    s.db_pull.actor = s.actor;
  } else {
    LH_ASSIGN_OR_RETURN(s.watch, WatchFromJson(j.value("watch", Json::object())));
  }
  return s;
}

}  // namespace lakehouse
