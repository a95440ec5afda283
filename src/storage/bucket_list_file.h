// The file that makes runtime-added buckets survive a restart: <data_dir>/buckets.json,
//   {"version": 1, "buckets": [{"name": "scratch", "backend": "local", "root": ""}]}
// Roots are stored as the client gave them (relative roots and "" resolve against data_dir at
// load time), so a data directory can be moved. The file is replaced atomically on every change.
//
// Thread-safety: functions are thread-safe, but concurrent saves race (last rename wins); the
// BucketRegistry serialises them.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "storage/storage_options.h"

namespace lakehouse {

inline constexpr char kBucketListFileName[] = "buckets.json";

// The buckets listed in the file at `path`; empty when the file does not exist. DATA_LOSS when it
// exists but cannot be parsed (starting without those buckets would drop them on the next save).
Result<std::vector<BucketOptions>> LoadBucketList(const std::string& path);

// Replaces the file at `path` with `buckets`, atomically and durably.
Status SaveBucketList(const std::string& path, const std::vector<BucketOptions>& buckets);

}  // namespace lakehouse
