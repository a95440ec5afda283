// CatalogService: the catalog's API, one method per route, over the Metastore and the
// PiiDetector. HTTP handlers parse (dataset_request.h), call one method, and encode
// (catalog_json.h):
//
//   GET    /catalog/datasets                          → ListDatasets
//   POST   /catalog/datasets                          → CreateDataset
//   GET    /catalog/datasets/by-name/{name}           → GetDataset
//   PATCH  /catalog/datasets/by-name/{name}/metadata  → UpdateMetadata
//   GET    /catalog/datasets/by-name/{name}/versions  → ListVersions
//   DELETE /catalog/datasets/by-name/{name}           → DeleteDataset
//   GET    /catalog/stats                             → Stats
//
// Writers (ingest) use Commit, which also runs PII detection over sampled column values.
// On create, columns are classified by name (no values exist yet); a column that already
// carries a PII tag keeps it.
//
// Thread-safety: thread-safe (the Metastore and PiiDetector are). Both must outlive it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_stats.h"
#include "catalog/commit_listener.h"
#include "catalog/dataset.h"
#include "catalog/dataset_request.h"
#include "catalog/dataset_version.h"
#include "catalog/metastore.h"
#include "catalog/pii_detector.h"

namespace lakehouse {

// Column name → sampled values (as text), for PII detection at commit time.
using ColumnSamples = std::map<std::string, std::vector<std::string>>;

class CatalogService {
 public:
  // `listeners` (optional, borrowed) are told about deleted datasets (OnDatasetDeleted), so that
  // what was derived from a dataset (its vector indexes) never outlives it.
  CatalogService(Metastore& metastore, const PiiDetector& detector,
                 const CommitListeners* listeners = nullptr);

  Result<std::vector<Dataset>> ListDatasets();
  Result<Dataset> CreateDataset(CreateDatasetRequest request);
  Result<Dataset> GetDataset(std::string_view name);
  Result<Dataset> UpdateMetadata(std::string_view name, const MetadataPatch& patch);
  Result<std::vector<DatasetVersion>> ListVersions(std::string_view name);
  // Metastore::IngestedHashes / LatestHighWaterMark.
  Result<std::vector<std::string>> IngestedHashes(std::string_view name) {
    return metastore_.IngestedHashes(name);
  }
  Result<std::optional<std::string>> LatestHighWaterMark(std::string_view name,
                                                         std::string_view column) {
    return metastore_.LatestHighWaterMark(name, column);
  }
  Result<DatasetVersion> DeleteDataset(std::string_view name, std::string_view actor);
  Result<CatalogStats> Stats();

  // Classifies the commit's columns (the request's, or the dataset's current ones when the
  // request keeps the schema) using `samples`, then commits. A detection from values replaces an
  // earlier one; columns without samples keep what they had.
  Result<DatasetVersion> Commit(CommitRequest request, const ColumnSamples& samples = {});

  // PII detection over `columns` by name and `samples`: a detection replaces the column's earlier
  // tag; a column whose samples show nothing keeps what it had (the owner may have declared it).
  // Resync uses it with values read back from the live files.
  void Classify(std::vector<Column>& columns, const ColumnSamples& samples) const;

 private:
  Metastore& metastore_;
  const PiiDetector& detector_;
  const CommitListeners* listeners_;
};

}  // namespace lakehouse
