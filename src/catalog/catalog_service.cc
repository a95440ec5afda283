#include "catalog/catalog_service.h"

#include <utility>

namespace lakehouse {

CatalogService::CatalogService(Metastore& metastore, const PiiDetector& detector,
                               const CommitListeners* listeners)
    : metastore_(metastore), detector_(detector), listeners_(listeners) {}

void CatalogService::Classify(std::vector<Column>& columns, const ColumnSamples& samples) const {
  static const std::vector<std::string> kNoSamples;
  for (Column& column : columns) {
    auto it = samples.find(column.name);
    const std::vector<std::string>& values = it == samples.end() ? kNoSamples : it->second;
    if (values.empty() && column.pii) continue;  // nothing new to learn
    std::optional<PiiTag> detected = detector_.Detect(column.name, values);
    if (detected) column.pii = detected;
  }
}

Result<std::vector<Dataset>> CatalogService::ListDatasets() { return metastore_.ListDatasets(); }

Result<Dataset> CatalogService::CreateDataset(CreateDatasetRequest request) {
  Classify(request.columns, {});
  return metastore_.CreateDataset(request);
}

Result<Dataset> CatalogService::GetDataset(std::string_view name) {
  return metastore_.GetDataset(name);
}

Result<Dataset> CatalogService::UpdateMetadata(std::string_view name, const MetadataPatch& patch) {
  return metastore_.UpdateMetadata(name, patch);
}

Result<std::vector<DatasetVersion>> CatalogService::ListVersions(std::string_view name) {
  return metastore_.ListVersions(name);
}

Result<DatasetVersion> CatalogService::DeleteDataset(std::string_view name,
                                                     std::string_view actor) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, metastore_.GetDataset(name));
  LH_ASSIGN_OR_RETURN(DatasetVersion version, metastore_.DeleteDataset(name, actor));
  // A delete racing another delete and re-create of the same name: only the one that was deleted.
  if (listeners_ != nullptr && version.dataset_id == dataset.id) listeners_->NotifyDeleted(dataset);
  return version;
}

Result<CatalogStats> CatalogService::Stats() { return metastore_.Stats(); }

Result<DatasetVersion> CatalogService::Commit(CommitRequest request, const ColumnSamples& samples) {
  if (!samples.empty() && !request.columns) {
    // Same schema: classify a copy of the current columns. If another commit changes the schema
    // meanwhile, expected_version makes this commit fail with CONFLICT, so the copy can't go stale.
    LH_ASSIGN_OR_RETURN(Dataset current, metastore_.GetDatasetById(request.dataset_id));
    request.columns = current.columns;
  }
  if (request.columns) Classify(*request.columns, samples);
  return metastore_.Commit(request);
}

}  // namespace lakehouse
