// Row mapping for what later ingests into a dataset look up: the content hashes of the inputs
// each version ingested (dataset_input_hashes, for content dedup) and the high-water mark a
// database pull reached (dataset_high_water_marks, for incremental pulls). Both are keyed by
// (dataset_id, version), written in the commit's transaction and removed with the version.
// A replace starts afresh: only the replace and later versions count for either lookup, since
// earlier files are no longer in the dataset. Internal to the Metastore; callers run these
// inside a transaction the Metastore opened.
//
// Before catalog schema 5 both lived in the version's free-form detail JSON ("input_sha256",
// "incremental"); migration 5 copied them into these tables. The version's detail still shows
// them (the Metastore writes them there from the typed fields), but nothing reads them back.
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

// Records the request's input hashes and high-water mark as those of `version`.
Status InsertIngestMarks(CatalogDb& db, std::string_view dataset_id, int64_t version,
                         const CommitRequest& request);
// The input hashes of the dataset's last replace and later versions (each once).
Result<std::vector<std::string>> LoadIngestedHashes(CatalogDb& db, std::string_view dataset_id);
// The newest high-water mark recorded for `column` since the last replace, or nullopt.
Result<std::optional<std::string>> LoadHighWaterMark(CatalogDb& db, std::string_view dataset_id,
                                                     std::string_view column);

}  // namespace lakehouse
