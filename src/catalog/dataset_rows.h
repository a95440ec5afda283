// Row mapping between Dataset manifests and the metastore tables (datasets, dataset_columns,
// dataset_tags). Internal to the Metastore: callers run these inside a transaction the Metastore
// opened, and writes always replace a dataset's rows wholesale from a complete Dataset value, so
// the tables can't drift from the manifest.
//
// Thread-safety: externally synchronised with the connection passed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_db.h"
#include "catalog/dataset.h"

namespace lakehouse {

// Id of the live dataset named `name` (case-insensitively), or nullopt.
Result<std::optional<std::string>> FindLiveDatasetId(CatalogDb& db, std::string_view name);
// NOT_FOUND naming `name` when there is no live dataset of that name.
Result<std::string> RequireLiveDatasetId(CatalogDb& db, std::string_view name);

// Loads one dataset with its columns and tags. NOT_FOUND when absent; `include_deleted` admits
// tombstoned datasets.
Result<Dataset> LoadDataset(CatalogDb& db, std::string_view id, bool include_deleted);
// Every live dataset, ordered by name (three queries, not one per dataset).
Result<std::vector<Dataset>> LoadLiveDatasets(CatalogDb& db);

Status InsertDatasetRow(CatalogDb& db, const Dataset& dataset);
// Rewrites every scalar column of the dataset's row (also recomputing effective_sensitivity).
Status UpdateDatasetRow(CatalogDb& db, const Dataset& dataset);
Status MarkDatasetDeleted(CatalogDb& db, std::string_view id, int64_t deleted_at);
Status ReplaceColumns(CatalogDb& db, std::string_view id, const std::vector<Column>& columns);
Status ReplaceTags(CatalogDb& db, std::string_view id, const std::vector<std::string>& tags);

}  // namespace lakehouse
