// Row mapping for dataset_versions and data_files. Internal to the Metastore; callers run these
// inside a transaction the Metastore opened.
//
// A file is live at version v when version_added ≤ v and (version_removed IS NULL or
// version_removed > v). The files a version added/removed are not stored twice: they are the
// data_files rows whose version_added/version_removed equals it.
//
// Thread-safety: externally synchronised with the connection passed in.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_db.h"
#include "catalog/dataset_version.h"

namespace lakehouse {

// files_removed of a DatasetVersion are ordered by path (files_added keep commit order).
void SortByPath(std::vector<DataFile>& files);

// Inserts the version row (files_added/removed are written separately).
Status InsertVersionRow(CatalogDb& db, const DatasetVersion& version);
// Inserts live file rows added at `version`. A path committed before (in any dataset) →
// ALREADY_EXISTS: a data object is published once.
Status InsertFileRows(CatalogDb& db, std::string_view dataset_id, int64_t version,
                      const std::vector<DataFile>& files);
// Marks the given live files of the dataset removed at `version` and returns them. A path that is
// not a live file of the dataset → INVALID_ARGUMENT.
Result<std::vector<DataFile>> RemoveFiles(CatalogDb& db, std::string_view dataset_id,
                                          int64_t version, const std::vector<std::string>& paths);
// Files live at `version` (default: the live set now), in commit order.
Result<std::vector<DataFile>> LoadFilesAt(CatalogDb& db, std::string_view dataset_id,
                                          std::optional<int64_t> version);
// True when some file live at `version` has been purged by the reaper.
Result<bool> AnyPurgedFileAt(CatalogDb& db, std::string_view dataset_id, int64_t version);
// All versions of the dataset, oldest first, with their files.
Result<std::vector<DatasetVersion>> LoadVersions(CatalogDb& db, std::string_view dataset_id);

}  // namespace lakehouse
