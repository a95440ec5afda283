#include "table/resync_service.h"

#include <set>
#include <utility>

#include "common/logging.h"
#include "storage/object_key.h"

namespace lakehouse {

namespace {

// A commit landing between reading a dataset's files and applying the resync makes the facts
// stale (CONFLICT); the resync then starts over from the new version, a few times at most.
constexpr int kMaxResyncAttempts = 3;

// Values read back per text column to reclassify PII (as many as an ingest samples).
constexpr int64_t kPiiSampleValues = 100;

std::string ObjectName(const std::string& bucket, const std::string& key) {
  return "'" + bucket + ":" + key + "'";
}

// Rewrites an inspector error to name the object instead of the server-side path it was read at.
Status NameObject(const Status& status, const std::string& local_path, const std::string& object) {
  std::string message = status.message();
  const std::string quoted = "'" + local_path + "'";
  for (size_t at = message.find(quoted); at != std::string::npos;
       at = message.find(quoted, at + object.size())) {
    message.replace(at, quoted.size(), object);
  }
  for (size_t at = message.find(local_path); at != std::string::npos;
       at = message.find(local_path, at + object.size())) {
    message.replace(at, local_path.size(), object);
  }
  return Status(status.code(), std::move(message));
}

bool IsIncomplete(const Dataset& dataset, const std::vector<DataFile>& live) {
  if (dataset.columns.empty() && !live.empty()) return true;
  for (const DataFile& file : live) {
    if (file.row_count == 0 || file.size_bytes == 0) return true;
  }
  return false;
}

}  // namespace

Json ResyncReport::ToJson() const {
  return Json{{"dataset", dataset},
              {"changed", changed},
              {"row_count_before", row_count_before},
              {"row_count_after", row_count_after},
              {"size_bytes_before", size_bytes_before},
              {"size_bytes_after", size_bytes_after},
              {"columns_changed", columns_changed},
              {"files_checked", files_checked}};
}

ResyncService::ResyncService(Metastore* metastore, CatalogService* catalog, BucketRegistry* buckets,
                             ParquetInspector* inspector)
    : metastore_(metastore), catalog_(catalog), buckets_(buckets), inspector_(inspector) {}

Result<ResyncReport> ResyncService::ResyncDataset(std::string_view name) {
  for (int attempt = 1;; ++attempt) {
    LH_ASSIGN_OR_RETURN(Dataset before, metastore_->GetDataset(name));
    // The pin keeps the files being read from being reaped meanwhile.
    LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(name, std::nullopt));
    if (pin.dataset_id() != before.id || pin.version() != before.current_version) {
      if (attempt < kMaxResyncAttempts) continue;
      return Conflict("dataset '", std::string(name), "' kept changing during resync");
    }

    std::vector<DataFile> corrected;
    std::vector<std::string> local_paths;
    std::vector<Column> columns = before.columns;  // nothing to learn from a dataset without files
    for (const DataFile& file : pin.files()) {
      const std::string object = ObjectName(file.bucket, file.path);
      Result<std::shared_ptr<ObjectStore>> store = buckets_->Get(file.bucket);
      if (!store.ok()) {
        return FailedPrecondition("live file ", object, " of dataset '", before.name,
                                  "' is in an unknown bucket: ", store.status().message());
      }
      Result<ObjectInfo> info = (*store)->Stat(file.path);
      if (info.status().code() == StatusCode::kNotFound) {
        return DataLoss("live file ", object, " of dataset '", before.name, "' is missing");
      }
      LH_RETURN_IF_ERROR(info);
      LH_ASSIGN_OR_RETURN(std::string local_path, buckets_->ReadPath(file.bucket, file.path));
      Result<ParquetFileFacts> facts = inspector_->Inspect(local_path);
      if (facts.status().code() == StatusCode::kNotFound) {
        return DataLoss("live file ", object, " of dataset '", before.name, "' is missing");
      }
      if (facts.status().code() == StatusCode::kInvalidArgument) {
        return DataLoss("live file ", object, " of dataset '", before.name, "' is unreadable: ",
                        NameObject(facts.status(), local_path, object).message());
      }
      LH_RETURN_IF_ERROR(facts);
      DataFile fixed = file;
      fixed.row_count = facts->row_count;
      fixed.size_bytes = facts->size_bytes;
      corrected.push_back(std::move(fixed));
      local_paths.push_back(std::move(local_path));
      if (pin.files().size() == 1) columns = facts->columns;
    }
    if (local_paths.size() > 1) {
      LH_ASSIGN_OR_RETURN(columns, inspector_->UnifiedColumns(local_paths));
    }
    // Classification is a fact about the data too: a detector that learnt new patterns, or a
    // manifest registered without values, is corrected here.
    LH_ASSIGN_OR_RETURN(ColumnSamples samples,
                        inspector_->SampleText(local_paths, columns, kPiiSampleValues));
    catalog_->Classify(columns, samples);

    Result<Dataset> after = metastore_->ApplyResync(before.id, pin.version(), corrected, columns);
    if (after.status().code() == StatusCode::kConflict && attempt < kMaxResyncAttempts) continue;
    LH_RETURN_IF_ERROR(after);

    ResyncReport report;
    report.dataset = before.name;
    report.row_count_before = before.row_count;
    report.row_count_after = after->row_count;
    report.size_bytes_before = before.size_bytes;
    report.size_bytes_after = after->size_bytes;
    report.columns_changed = after->columns != before.columns;
    report.files_checked = static_cast<int64_t>(pin.files().size());
    report.changed = corrected != pin.files() || report.columns_changed ||
                     after->schema_fingerprint != before.schema_fingerprint ||
                     report.row_count_before != report.row_count_after ||
                     report.size_bytes_before != report.size_bytes_after;
    return report;
  }
}

Result<std::vector<ResyncReport>> ResyncService::ResyncMissing() {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  std::vector<ResyncReport> reports;
  Status first_error;
  for (const Dataset& dataset : datasets) {
    Status status = [&]() -> Status {
      bool incomplete = false;
      {
        LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(dataset.name, std::nullopt));
        incomplete = IsIncomplete(dataset, pin.files());
      }
      if (!incomplete) return Status::Ok();
      LH_ASSIGN_OR_RETURN(ResyncReport report, ResyncDataset(dataset.name));
      reports.push_back(std::move(report));
      return Status::Ok();
    }();
    if (status.ok() || status.code() == StatusCode::kNotFound) continue;  // NOT_FOUND: deleted
    LH_LOG_WARN("resync of dataset '{}' failed: {}", dataset.name, status.ToString());
    if (first_error.ok()) {
      first_error = status.WithContext(StrCat("resync of dataset '", dataset.name, "'"));
    }
  }
  if (!first_error.ok()) return first_error;
  return reports;
}

Result<Dataset> ResyncService::RegisterWithFiles(
    CreateDatasetRequest request, const std::vector<std::pair<std::string, std::string>>& files) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<DataFile> data_files;
  std::vector<std::string> local_paths;
  std::vector<Column> columns;
  for (const auto& [bucket, raw_key] : files) {
    Result<std::string> key = ValidateObjectKey(raw_key);
    if (!key.ok()) return key.status().WithContext(StrCat("field 'files': '", raw_key, "'"));
    const std::string object = ObjectName(bucket, *key);
    if (!seen.emplace(bucket, *key).second) {
      return InvalidArgument("field 'files': ", object, " is listed twice");
    }
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets_->Get(bucket));
    Result<ObjectInfo> info = store->Stat(*key);
    if (info.status().code() == StatusCode::kNotFound) {
      return NotFound("object ", object, " does not exist");
    }
    LH_RETURN_IF_ERROR(info);
    LH_ASSIGN_OR_RETURN(std::string local_path, buckets_->ReadPath(bucket, *key));
    Result<ParquetFileFacts> facts = inspector_->Inspect(local_path);
    if (!facts.ok()) return NameObject(facts.status(), local_path, object);
    data_files.push_back(DataFile{*key, bucket, facts->row_count, facts->size_bytes});
    local_paths.push_back(std::move(local_path));
    if (files.size() == 1) columns = facts->columns;
  }
  if (request.columns.empty()) {
    if (local_paths.size() > 1) {
      Result<std::vector<Column>> unified = inspector_->UnifiedColumns(local_paths);
      if (!unified.ok()) return unified.status();
      columns = std::move(unified).value();
    }
    request.columns = std::move(columns);
  }
  request.initial_files = std::move(data_files);
  request.initial_files_preexisting = true;
  return catalog_->CreateDataset(std::move(request));
}

}  // namespace lakehouse
