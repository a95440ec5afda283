// Key rules for staged files: an ingest with a key column (or into a dataset with a primary key)
// must not lose rows silently. The merge-on-read view keeps one row per key, so:
//   - a row whose key is NULL is refused (INVALID_ARGUMENT naming the file and its first rows);
//   - a key that occurs more than once in one ingest call (within a file or across its files) is
//     refused, naming the first few, unless the policy says which row to keep: kLast (the latest
//     row, in file order then row order — what the view would show) or kFirst. The losing rows are
//     removed from the staged files (rewritten in place) and counted per file.
//
// Rows are numbered from 1 within each file, in the file's order (for CSV: the records after the
// header).
//
// Thread-safety: uses `conn`, which is externally synchronised.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "ingest/staged_file.h"
#include "sql/connection.h"

namespace lakehouse {

enum class DuplicateKeyPolicy { kError, kFirst, kLast };

std::string_view DuplicateKeyPolicyName(DuplicateKeyPolicy policy);  // "error" | "first" | "last"
Result<DuplicateKeyPolicy> ParseDuplicateKeyPolicy(std::string_view name);

// Checks `files` (parquet_path, columns, row_count, source_name) for NULL and repeated values of
// `keys` and applies `policy`. Returns the rows dropped per file (parallel to `files`), whose
// parquet_path and row_count are updated when rows were dropped.
Result<std::vector<int64_t>> EnforceUniqueKeys(Connection& conn,
                                               const std::vector<std::string>& keys,
                                               DuplicateKeyPolicy policy,
                                               std::vector<StagedFile>& files);

}  // namespace lakehouse
