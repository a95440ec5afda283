// Object-key layout of dataset data inside a bucket:
//
//   datasets/<dataset_id>/<file_uuid>.parquet
//
// Every data file of a dataset lives under DatasetKeyPrefix(id). Writers upload to a fresh key
// from NewDataFileKey (invisible to readers), then publish it with Metastore::Commit. Anything
// under kDatasetsPrefix that no committed file row references is an orphan (orphan_collector.h).
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace lakehouse {

inline constexpr std::string_view kDatasetsPrefix = "datasets/";

std::string DatasetKeyPrefix(std::string_view dataset_id);  // "datasets/<id>/"
std::string NewDataFileKey(std::string_view dataset_id);    // "datasets/<id>/<uuid>.parquet"

}  // namespace lakehouse
