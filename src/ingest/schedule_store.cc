#include "ingest/schedule_store.h"

#include "catalog/catalog_statement.h"
#include "ingest/schedule_store_schema.h"

namespace lakehouse {
namespace {

constexpr std::string_view kColumns =
    "name, definition, failures, next_retry_at, last_error, created_at, updated_at";

Result<IngestSchedule> ReadSchedule(const CatalogStatement& row) {
  LH_ASSIGN_OR_RETURN(Json definition, ParseJson(row.ColumnText(1)));
  LH_ASSIGN_OR_RETURN(IngestSchedule schedule, ScheduleDefinitionFromJson(definition));
  schedule.name = row.ColumnText(0);
  schedule.failures = static_cast<int32_t>(row.ColumnInt(2));
  schedule.next_retry_at = row.ColumnOptionalInt(3);
  schedule.last_error = row.ColumnOptionalText(4);
  schedule.created_at = row.ColumnInt(5);
  schedule.updated_at = row.ColumnInt(6);
  return schedule;
}

Status ExpectOneChange(CatalogDb& db, std::string_view name) {
  if (db.Changes() == 0) return NotFound("schedule '", std::string(name), "' does not exist");
  return Status::Ok();
}

}  // namespace

ScheduleStore::ScheduleStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kScheduleStoreName, ScheduleStoreMigrations());
}

Status ScheduleStore::Insert(const IngestSchedule& s) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto exists,
                        db.Prepare("SELECT name FROM ingest_schedules WHERE name = ?"));
    LH_RETURN_IF_ERROR(exists.BindText(1, s.name));
    LH_ASSIGN_OR_RETURN(bool found, exists.Step());
    if (found) {
      return AlreadyExists("schedule '", exists.ColumnText(0), "' already exists");
    }
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(StrCat("INSERT INTO ingest_schedules (", kColumns,
                                                     ") VALUES (?, ?, 0, NULL, NULL, ?, ?)")));
    LH_RETURN_IF_ERROR(stmt.BindText(1, s.name));
    LH_RETURN_IF_ERROR(stmt.BindText(2, DumpJson(ScheduleDefinitionToJson(s))));
    LH_RETURN_IF_ERROR(stmt.BindInt(3, s.created_at));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, s.updated_at));
    return stmt.Run();
  });
}

Status ScheduleStore::UpdateDefinition(const IngestSchedule& s) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("UPDATE ingest_schedules SET definition = ?, "
                                              "updated_at = ? WHERE name = ?"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, DumpJson(ScheduleDefinitionToJson(s))));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, s.updated_at));
    LH_RETURN_IF_ERROR(stmt.BindText(3, s.name));
    LH_RETURN_IF_ERROR(stmt.Run());
    return ExpectOneChange(db, s.name);
  });
}

Status ScheduleStore::UpdateRunState(std::string_view name, int32_t failures,
                                     std::optional<int64_t> next_retry_at,
                                     const std::optional<std::string>& last_error, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE ingest_schedules SET failures = ?, next_retry_at = ?, "
                                   "last_error = ?, updated_at = ? WHERE name = ?"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, failures));
    LH_RETURN_IF_ERROR(stmt.BindOptionalInt(2, next_retry_at));
    LH_RETURN_IF_ERROR(stmt.BindOptionalText(3, last_error));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, now));
    LH_RETURN_IF_ERROR(stmt.BindText(5, name));
    LH_RETURN_IF_ERROR(stmt.Run());
    return ExpectOneChange(db, name);
  });
}

Result<IngestSchedule> ScheduleStore::Get(std::string_view name) {
  return metastore_->Read([&](CatalogDb& db) -> Result<IngestSchedule> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(StrCat("SELECT ", kColumns,
                                                     " FROM ingest_schedules WHERE name = ?")));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return NotFound("schedule '", std::string(name), "' does not exist");
    return ReadSchedule(stmt);
  });
}

Result<std::vector<IngestSchedule>> ScheduleStore::List() {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<IngestSchedule>> {
    LH_ASSIGN_OR_RETURN(
        auto stmt, db.Prepare(StrCat("SELECT ", kColumns, " FROM ingest_schedules ORDER BY name")));
    std::vector<IngestSchedule> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      LH_ASSIGN_OR_RETURN(IngestSchedule schedule, ReadSchedule(stmt));
      out.push_back(std::move(schedule));
    }
    return out;
  });
}

Status ScheduleStore::Delete(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto files,
                        db.Prepare("DELETE FROM ingest_schedule_files WHERE schedule = ?"));
    LH_RETURN_IF_ERROR(files.BindText(1, name));
    LH_RETURN_IF_ERROR(files.Run());
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("DELETE FROM ingest_schedules WHERE name = ?"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_RETURN_IF_ERROR(stmt.Run());
    return ExpectOneChange(db, name);
  });
}

Result<std::vector<WatchedFile>> ScheduleStore::WatchedFiles(std::string_view name) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<WatchedFile>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT path, size_bytes, sha256 FROM "
                                              "ingest_schedule_files WHERE schedule = ? "
                                              "ORDER BY path"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    std::vector<WatchedFile> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back({stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnText(2)});
    }
    return out;
  });
}

Status ScheduleStore::RememberFiles(std::string_view name, const std::vector<WatchedFile>& files,
                                    int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    for (const WatchedFile& f : files) {
      LH_ASSIGN_OR_RETURN(
          auto stmt,
          db.Prepare("INSERT INTO ingest_schedule_files (schedule, path, size_bytes, sha256, "
                     "ingested_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (schedule, path) DO UPDATE "
                     "SET size_bytes = excluded.size_bytes, sha256 = excluded.sha256, "
                     "ingested_at = excluded.ingested_at"));
      LH_RETURN_IF_ERROR(stmt.BindText(1, name));
      LH_RETURN_IF_ERROR(stmt.BindText(2, f.path));
      LH_RETURN_IF_ERROR(stmt.BindInt(3, f.size_bytes));
      LH_RETURN_IF_ERROR(stmt.BindText(4, f.sha256));
      LH_RETURN_IF_ERROR(stmt.BindInt(5, now));
      LH_RETURN_IF_ERROR(stmt.Run());
    }
    return Status::Ok();
  });
}

}  // namespace lakehouse
