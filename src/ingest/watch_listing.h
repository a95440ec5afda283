// Watch listing: the candidate files of a watching schedule (ingest/ingest_schedule.h) — a local
// folder, walked recursively, or a bucket's objects under a prefix — with their size and SHA-256,
// and which of them are new or changed against the files the schedule remembers.
//
// Hidden files and folders (a name starting with '.') are skipped in folders: writers commonly
// create files under a temporary dot-name and rename them when complete. Every candidate is
// hashed on every run (a changed file may keep its size).
//
// Thread-safety: free functions; the BucketRegistry is thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/ingest_schedule.h"
#include "ingest/schedule_store.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

struct WatchCandidate {
  WatchedFile file;        // path: folder-relative path or object key
  std::string local_path;  // where to read it
};

// Sorted by path. NOT_FOUND when the folder or bucket does not exist; FAILED_PRECONDITION when the
// bucket's objects are not local files.
Result<std::vector<WatchCandidate>> ListWatchCandidates(const WatchSpec& watch,
                                                        BucketRegistry* buckets);

// The candidates whose path is not remembered or whose size or hash differs.
std::vector<WatchCandidate> NewOrChanged(const std::vector<WatchCandidate>& candidates,
                                         const std::vector<WatchedFile>& remembered);

// OK when `folder` (absolute, normalised) is one of `roots` or below one; PERMISSION_DENIED naming
// the roots otherwise (none configured → no folder may be watched; schedules.watch_roots).
Status CheckWatchFolder(const std::string& folder, const std::vector<std::string>& roots);

}  // namespace lakehouse
