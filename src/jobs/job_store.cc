#include "jobs/job_store.h"

#include <array>
#include <string>

#include "catalog/catalog_statement.h"
#include "jobs/job_store_schema.h"

namespace lakehouse {

namespace {

// The columns of `jobs` every statement here names, in this order: read with ColumnX(kField)
// and bound with Param(kField), never by a bare number.
enum Field : int {
  kId,
  kKind,
  kTarget,
  kState,
  kParams,
  kProgressDone,
  kProgressTotal,
  kProgressUnit,
  kMessage,
  kError,
  kResult,
  kDetail,
  kAttempts,
  kCancelRequested,
  kCreatedAt,
  kStartedAt,
  kFinishedAt,
  kUpdatedAt,
  kOwner,
  kFieldCount
};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {"id",
                                                                   "kind",
                                                                   "target",
                                                                   "state",
                                                                   "params",
                                                                   "progress_done",
                                                                   "progress_total",
                                                                   "progress_unit",
                                                                   "message",
                                                                   "error",
                                                                   "result",
                                                                   "detail",
                                                                   "attempts",
                                                                   "cancel_requested",
                                                                   "created_at",
                                                                   "started_at",
                                                                   "finished_at",
                                                                   "updated_at",
                                                                   "owner"};

int Param(Field field) { return field + 1; }

const std::string& Columns() {
  static const std::string list = [] {
    std::string out;
    for (std::string_view name : kFieldNames) out += std::string(out.empty() ? "" : ", ") += name;
    return out;
  }();
  return list;
}

Result<Json> ParseStoredJson(const std::optional<std::string>& text) {
  if (!text || text->empty()) return Json(nullptr);
  return ParseJson(*text);
}

Result<Job> ReadJob(const CatalogStatement& row) {
  Job job;
  job.id = row.ColumnText(kId);
  job.kind = row.ColumnText(kKind);
  job.target = row.ColumnText(kTarget);
  LH_ASSIGN_OR_RETURN(job.state, ParseJobState(row.ColumnText(kState)));
  LH_ASSIGN_OR_RETURN(job.params, ParseStoredJson(row.ColumnOptionalText(kParams)));
  job.progress.done = row.ColumnInt(kProgressDone);
  job.progress.total = row.ColumnOptionalInt(kProgressTotal);
  job.progress.unit = row.ColumnText(kProgressUnit);
  job.message = row.ColumnText(kMessage);
  job.error = row.ColumnOptionalText(kError);
  LH_ASSIGN_OR_RETURN(job.result, ParseStoredJson(row.ColumnOptionalText(kResult)));
  LH_ASSIGN_OR_RETURN(job.detail, ParseStoredJson(row.ColumnOptionalText(kDetail)));
  job.attempts = static_cast<int32_t>(row.ColumnInt(kAttempts));
  job.cancel_requested = row.ColumnBool(kCancelRequested);
  job.created_at = row.ColumnInt(kCreatedAt);
  job.started_at = row.ColumnOptionalInt(kStartedAt);
  job.finished_at = row.ColumnOptionalInt(kFinishedAt);
  job.updated_at = row.ColumnInt(kUpdatedAt);
  job.owner = row.ColumnText(kOwner);
  return job;
}

std::optional<std::string> JsonText(const Json& value) {
  if (value.is_null()) return std::nullopt;
  return DumpJson(value);
}

Result<Job> GetIn(CatalogDb& db, std::string_view id) {
  LH_ASSIGN_OR_RETURN(auto stmt,
                      db.Prepare(StrCat("SELECT ", Columns(), " FROM jobs WHERE id = ?")));
  LH_RETURN_IF_ERROR(stmt.BindText(1, id));
  LH_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return NotFound("job '", std::string(id), "' does not exist");
  return ReadJob(stmt);
}

}  // namespace

JobStore::JobStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kJobStoreName, JobStoreMigrations());
}

Status JobStore::Insert(const Job& job) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare(StrCat("INSERT INTO jobs (", Columns(),
                                          ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kId), job.id));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kKind), job.kind));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kTarget), job.target));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kState), JobStateName(job.state)));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kParams), DumpJson(job.params)));
    LH_RETURN_IF_ERROR(stmt.BindInt(Param(kProgressDone), job.progress.done));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(Param(kProgressTotal), job.progress.total));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kProgressUnit), job.progress.unit));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kMessage), job.message));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(Param(kError), job.error));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(Param(kResult), JsonText(job.result)));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(Param(kDetail), JsonText(job.detail)));
    LH_RETURN_IF_ERROR(stmt.BindInt(Param(kAttempts), job.attempts));
    LH_RETURN_IF_ERROR(stmt.BindBool(Param(kCancelRequested), job.cancel_requested));
    LH_RETURN_IF_ERROR(stmt.BindInt(Param(kCreatedAt), job.created_at));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(Param(kStartedAt), job.started_at));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(Param(kFinishedAt), job.finished_at));
    LH_RETURN_IF_ERROR(stmt.BindInt(Param(kUpdatedAt), job.updated_at));
    LH_RETURN_IF_ERROR(stmt.BindText(Param(kOwner), job.owner));
    return stmt.Run();
  });
}

Result<Job> JobStore::Get(std::string_view id) {
  return metastore_->Read([&](CatalogDb& db) { return GetIn(db, id); });
}

Result<std::vector<Job>> JobStore::List(const JobFilter& filter) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<Job>> {
    std::string sql = StrCat("SELECT ", Columns(), " FROM jobs WHERE (?1 IS NULL OR state = ?1) ",
                             "AND (?2 = '' OR kind = ?2) AND (?3 = '' OR target = ?3) ",
                             "ORDER BY created_at DESC, id LIMIT ?4");
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(sql));
    if (filter.state) {
      LH_RETURN_IF_ERROR(stmt.BindText(1, JobStateName(*filter.state)));
    } else {
      LH_RETURN_IF_ERROR(stmt.BindNull(1));
    }
    LH_RETURN_IF_ERROR(stmt.BindText(2, filter.kind));
    LH_RETURN_IF_ERROR(stmt.BindText(3, filter.target));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, filter.limit));
    std::vector<Job> jobs;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      LH_ASSIGN_OR_RETURN(Job job, ReadJob(stmt));
      jobs.push_back(std::move(job));
    }
    return jobs;
  });
}

Result<std::optional<Job>> JobStore::FindQueued(std::string_view kind, std::string_view target) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::optional<Job>> {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare(StrCat("SELECT ", Columns(),
                                          " FROM jobs WHERE kind = ? AND target = ? AND state = "
                                          "'queued' ORDER BY created_at LIMIT 1")));
    LH_RETURN_IF_ERROR(stmt.BindText(1, kind));
    LH_RETURN_IF_ERROR(stmt.BindText(2, target));
    LH_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return std::optional<Job>();
    LH_ASSIGN_OR_RETURN(Job job, ReadJob(stmt));
    return std::optional<Job>(std::move(job));
  });
}

Result<std::vector<std::string>> JobStore::QueuedIds() {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<std::string>> {
    LH_ASSIGN_OR_RETURN(
        auto stmt,
        db.Prepare("SELECT id FROM jobs WHERE state = 'queued' ORDER BY created_at, id"));
    std::vector<std::string> ids;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      ids.push_back(stmt.ColumnText(0));
    }
    return ids;
  });
}

Result<Job> JobStore::MarkRunning(std::string_view id, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Result<Job> {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET state = 'running', attempts = attempts + 1, "
                                   "message = CASE WHEN attempts > 0 THEN 'resumed after an "
                                   "interruption (run ' || (attempts + 1) || ')' ELSE message END, "
                                   "started_at = ?2, updated_at = ?2 WHERE id = ?1 AND state = "
                                   "'queued'"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, id));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, now));
    LH_RETURN_IF_ERROR(stmt.Run());
    LH_ASSIGN_OR_RETURN(Job job, GetIn(db, id));
    if (job.state != JobState::kRunning || job.started_at != now) {
      return FailedPrecondition("job '", std::string(id), "' is ", JobStateName(job.state),
                                ", not queued");
    }
    return job;
  });
}

Status JobStore::SaveProgress(std::string_view id, const JobProgress& progress,
                              std::string_view message, const Json& detail, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET progress_done = ?, progress_total = ?, "
                                   "progress_unit = ?, message = ?, detail = ?, updated_at = ? "
                                   "WHERE id = ? AND state = 'running'"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, progress.done));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(2, progress.total));
    LH_RETURN_IF_ERROR(stmt.BindText(3, progress.unit));
    LH_RETURN_IF_ERROR(stmt.BindText(4, message));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(5, JsonText(detail)));
    LH_RETURN_IF_ERROR(stmt.BindInt(6, now));
    LH_RETURN_IF_ERROR(stmt.BindText(7, id));
    return stmt.Run();
  });
}

Status JobStore::Finish(std::string_view id, JobState state, const Json& result,
                        const std::optional<std::string>& error, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(Job job, GetIn(db, id));
    if (IsTerminal(job.state)) {
      return FailedPrecondition("job '", std::string(id), "' already ", JobStateName(job.state));
    }
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("UPDATE jobs SET state = ?, result = ?, error = ?, "
                                              "finished_at = ?, updated_at = ? WHERE id = ?"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, JobStateName(state)));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(2, JsonText(result)));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(3, error));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, now));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, now));
    LH_RETURN_IF_ERROR(stmt.BindText(6, id));
    return stmt.Run();
  });
}

Status JobStore::Requeue(std::string_view id, std::string_view message, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET state = 'queued', message = ?, updated_at = ? "
                                   "WHERE id = ? AND state = 'running'"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, message));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, now));
    LH_RETURN_IF_ERROR(stmt.BindText(3, id));
    return stmt.Run();
  });
}

Result<int64_t> JobStore::RequeueAllRunning(int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Result<int64_t> {
    LH_ASSIGN_OR_RETURN(auto count,
                        db.Prepare("SELECT count(*) FROM jobs WHERE state = 'running'"));
    LH_ASSIGN_OR_RETURN(bool row, count.Step());
    int64_t n = row ? count.ColumnInt(0) : 0;
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET state = 'queued', message = 'interrupted by "
                                   "a restart; resumes now', updated_at = ? WHERE state = "
                                   "'running'"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, now));
    LH_RETURN_IF_ERROR(stmt.Run());
    return n;
  });
}

Status JobStore::SetCancelRequested(std::string_view id, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET cancel_requested = 1, updated_at = ? "
                                   "WHERE id = ?"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, now));
    LH_RETURN_IF_ERROR(stmt.BindText(2, id));
    return stmt.Run();
  });
}

Status JobStore::ClaimOwner(std::string_view id, std::string_view owner) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE jobs SET owner = ? WHERE id = ? AND owner = ''"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, owner));
    LH_RETURN_IF_ERROR(stmt.BindText(2, id));
    return stmt.Run();
  });
}

}  // namespace lakehouse
