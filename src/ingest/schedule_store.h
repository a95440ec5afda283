// ScheduleStore: the ingest_schedules and ingest_schedule_files tables of catalog.db (the
// "ingest_schedules" store schema, ingest/schedule_store_schema.h). One transaction per call. Names
// are unique case-insensitively.
//
// Thread-safety: thread-safe (the Metastore serialises writers). The Metastore is borrowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "ingest/ingest_schedule.h"

namespace lakehouse {

// A file a watching schedule has ingested.
struct WatchedFile {
  std::string path;  // the folder-relative path or the object key
  int64_t size_bytes = 0;
  std::string sha256;
};

class ScheduleStore {
 public:
  // Registers the store's schema (ingest/schedule_store_schema.h) with the metastore.
  explicit ScheduleStore(Metastore* metastore);

  // ALREADY_EXISTS when the name is taken.
  Status Insert(const IngestSchedule& schedule);
  // Replaces the definition (and updated_at); NOT_FOUND when absent.
  Status UpdateDefinition(const IngestSchedule& schedule);
  // Records a run's outcome: failures, next_retry_at, last_error. NOT_FOUND when absent.
  Status UpdateRunState(std::string_view name, int32_t failures,
                        std::optional<int64_t> next_retry_at,
                        const std::optional<std::string>& last_error, int64_t now);
  Result<IngestSchedule> Get(std::string_view name);  // NOT_FOUND
  Result<std::vector<IngestSchedule>> List();         // by name
  // Deletes the schedule and its remembered files; NOT_FOUND when absent.
  Status Delete(std::string_view name);

  // The files schedule `name` has ingested, by path.
  Result<std::vector<WatchedFile>> WatchedFiles(std::string_view name);
  // Remembers (or updates) files as ingested by `name`.
  Status RememberFiles(std::string_view name, const std::vector<WatchedFile>& files, int64_t now);

 private:
  Metastore* const metastore_;
};

}  // namespace lakehouse
