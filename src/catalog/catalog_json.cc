#include "catalog/catalog_json.h"

#include <string>

#include "common/clock.h"

namespace lakehouse {

namespace {

Json OptionalTimestamp(const std::optional<int64_t>& micros) {
  return micros ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

Json FilesToJson(const std::vector<DataFile>& files) {
  Json out = Json::array();
  for (const DataFile& file : files) out.push_back(DataFileToJson(file));
  return out;
}

}  // namespace

Json ColumnToJson(const Column& column) {
  Json pii = nullptr;
  if (column.pii) {
    pii = Json{{"kind", std::string(PiiKindName(column.pii->kind))},
               {"confidence", column.pii->confidence}};
  }
  return Json{{"name", column.name},
              {"type", column.type},
              {"nullable", column.nullable},
              {"description", column.description},
              {"sensitivity", std::string(SensitivityName(column.EffectiveSensitivity()))},
              {"pii", pii}};
}

Json DatasetToJson(const Dataset& dataset) {
  Json columns = Json::array();
  for (const Column& column : dataset.columns) columns.push_back(ColumnToJson(column));
  Json primary_key = nullptr;
  if (dataset.primary_key) primary_key = *dataset.primary_key;
  return Json{{"id", dataset.id},
              {"name", dataset.name},
              {"description", dataset.description},
              {"owner", dataset.owner},
              {"sensitivity", std::string(SensitivityName(dataset.EffectiveSensitivity()))},
              {"tags", dataset.tags},
              {"columns", std::move(columns)},
              {"lineage", Json{{"source_system", dataset.lineage.source_system},
                               {"source_uri", dataset.lineage.source_uri},
                               {"ingest_job_id", dataset.lineage.ingest_job_id.empty()
                                                     ? Json(nullptr)
                                                     : Json(dataset.lineage.ingest_job_id)},
                               {"parent_datasets", dataset.lineage.parent_datasets}}},
              {"created_at", FormatTimestamp(dataset.created_at)},
              {"updated_at", FormatTimestamp(dataset.updated_at)},
              {"last_ingest_at", OptionalTimestamp(dataset.last_ingest_at)},
              {"row_count", dataset.row_count},
              {"size_bytes", dataset.size_bytes},
              {"schema_fingerprint", dataset.schema_fingerprint},
              {"bucket", dataset.bucket},
              {"primary_key", std::move(primary_key)},
              {"current_version", dataset.current_version}};
}

Json DatasetListToJson(const std::vector<Dataset>& datasets) {
  Json list = Json::array();
  for (const Dataset& dataset : datasets) list.push_back(DatasetToJson(dataset));
  return Json{{"datasets", std::move(list)}};
}

Json DataFileToJson(const DataFile& file) {
  return Json{{"path", file.path},           {"bucket", file.bucket},
              {"row_count", file.row_count}, {"size_bytes", file.size_bytes},
              {"kind", file.kind},           {"version_added", file.version_added}};
}

Json DatasetVersionToJson(const DatasetVersion& version) {
  return Json{{"version", version.version},
              {"operation", std::string(VersionOperationName(version.operation))},
              {"rows_added", version.rows_added},
              {"rows_removed", version.rows_removed},
              {"actor", version.actor},
              {"committed_at", FormatTimestamp(version.committed_at)},
              {"files_added", FilesToJson(version.files_added)},
              {"files_removed", FilesToJson(version.files_removed)},
              {"detail", version.detail}};
}

Json VersionListToJson(const std::vector<DatasetVersion>& versions) {
  Json list = Json::array();
  for (const DatasetVersion& version : versions) list.push_back(DatasetVersionToJson(version));
  return Json{{"versions", std::move(list)}};
}

Json CatalogStatsToJson(const CatalogStats& stats) {
  Json by_sensitivity = Json::object();
  for (Sensitivity s : kAllSensitivities) {
    auto it = stats.by_sensitivity.find(s);
    by_sensitivity[std::string(SensitivityName(s))] =
        it == stats.by_sensitivity.end() ? 0 : it->second;
  }
  return Json{{"datasets", stats.dataset_count},
              {"total_rows", stats.total_rows},
              {"total_bytes", stats.total_bytes},
              {"versions", stats.version_count},
              {"live_files", stats.live_file_count},
              {"pending_reap_files", stats.pending_reap_files},
              {"by_sensitivity", std::move(by_sensitivity)}};
}

}  // namespace lakehouse
