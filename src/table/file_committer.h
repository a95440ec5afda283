// FileCommitter: publishes Parquet objects a writer has already uploaded under a dataset's
// prefix (datasets/<dataset id>/…, catalog/dataset_layout.h) as a new version — the commit of
// the catalog's gRPC API (issue 24). Like registering existing objects (ResyncService::
// RegisterWithFiles), row counts, sizes and columns come from the footers, never from the
// client; PII is classified from values sampled out of the new files; the commit is optimistic
// (CONFLICT when another one landed after `expected_version`); the commit listeners (views,
// vector indexes) are told afterwards.
//
// Operations: append (the new files' columns must be the dataset's, by name), replace (the new
// files' columns become the schema), delete (removes live files). A dataset with a primary key
// is refused (FAILED_PRECONDITION): its live row count needs the ingest path's merge.
//
// Thread-safety: thread-safe (every collaborator is). Collaborators must outlive it.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog_service.h"
#include "catalog/commit_listener.h"
#include "storage/bucket_registry.h"
#include "table/parquet_inspector.h"

namespace lakehouse {

struct FileCommitRequest {
  std::string dataset;  // name
  int64_t expected_version = 0;
  VersionOperation operation = VersionOperation::kAppend;
  // Objects to publish: bucket ("" = the dataset's) and key, under the dataset's prefix.
  std::vector<std::pair<std::string, std::string>> files_added;
  std::vector<std::string> files_removed;  // paths of live files
  std::string actor;
};

class FileCommitter {
 public:
  FileCommitter(CatalogService* catalog, BucketRegistry* buckets, ParquetInspector* inspector,
                const CommitListeners* listeners)
      : catalog_(catalog), buckets_(buckets), inspector_(inspector), listeners_(listeners) {}

  // NOT_FOUND for an unknown dataset or object; INVALID_ARGUMENT for a key outside the dataset's
  // prefix, a file that is not Parquet, a column mismatch or an operation other than the three;
  // CONFLICT when the dataset is no longer at expected_version.
  Result<DatasetVersion> Commit(const FileCommitRequest& request);

 private:
  CatalogService* catalog_;
  BucketRegistry* buckets_;
  ParquetInspector* inspector_;
  const CommitListeners* listeners_;
};

}  // namespace lakehouse
