// ResyncService: repairs what the metastore says about a dataset from the data itself. It reads
// every live file's footer (ParquetInspector), then, in one metastore transaction, corrects each
// file's row_count/size_bytes and the dataset's row_count, size_bytes, columns and fingerprint.
// Columns are reclassified for PII from values sampled out of the live files (a detection
// replaces the recorded tag; no detection keeps it).
// It never creates a version: the data did not change, only what we knew about it.
//
// Also registers datasets over Parquet objects that already sit in a bucket (POST
// /catalog/datasets with "files"): facts come from the footers, never from the client.
//
// Thread-safety: thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_service.h"
#include "catalog/metastore.h"
#include "common/json.h"
#include "storage/bucket_registry.h"
#include "table/parquet_inspector.h"

namespace lakehouse {

struct ResyncReport {
  std::string dataset;
  bool changed = false;
  int64_t row_count_before = 0, row_count_after = 0;
  int64_t size_bytes_before = 0, size_bytes_after = 0;
  bool columns_changed = false;
  int64_t files_checked = 0;
  Json ToJson() const;
};

class ResyncService {
 public:
  ResyncService(Metastore* metastore, CatalogService* catalog, BucketRegistry* buckets,
                ParquetInspector* inspector);

  // NOT_FOUND for an unknown dataset; DATA_LOSS naming the file when a live file is missing.
  Result<ResyncReport> ResyncDataset(std::string_view name);

  // Resyncs every dataset whose manifest is incomplete: no columns although it has files, or a
  // live file with row_count or size_bytes of 0. Returns one report per dataset looked at.
  // A dataset that fails does not stop the others (each resync is its own transaction); the
  // first failure is then returned, naming its dataset. Datasets deleted meanwhile are skipped.
  Result<std::vector<ResyncReport>> ResyncMissing();

  // CreateDataset with `files` (bucket + key of existing Parquet objects) as its initial files;
  // row counts, sizes and (unless given) columns come from the footers. INVALID_ARGUMENT naming the
  // object when one is not Parquet; NOT_FOUND when it does not exist.
  Result<Dataset> RegisterWithFiles(CreateDatasetRequest request,
                                    const std::vector<std::pair<std::string, std::string>>& files);

 private:
  Metastore* metastore_;
  CatalogService* catalog_;
  BucketRegistry* buckets_;
  ParquetInspector* inspector_;
};

}  // namespace lakehouse
