// Validation of the parts of a manifest a client controls. Every failure is INVALID_ARGUMENT and
// names the offending field.
//
// Dataset names: ^[A-Za-z_][A-Za-z0-9_]{0,127}$, unique case-insensitively (the metastore's UNIQUE
// index uses COLLATE NOCASE), and not a name that already means something in the query database,
// where each dataset becomes a view in the default schema: DuckDB's reserved SQL keywords
// ("select", "table", "order", …), its catalog and schema names ("main", "information_schema",
// "pg_catalog", "memory", "system", "temp") and the "embeddings" schema of the index views, its
// built-in views ("pg_class", "sqlite_master", …), and the prefixes "duckdb_" (DuckDB's system
// views and functions) and "__lh_" (the server's internal tables). Anything else is fine —
// "pg_orders", "sqlite_exports", "tables".
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/dataset.h"
#include "catalog/dataset_version.h"
#include "common/strings.h"  // AsciiLower, used by this header's callers

namespace lakehouse {

inline constexpr size_t kMaxDescriptionBytes = 16 * 1024;
inline constexpr size_t kMaxTags = 64;

Status ValidateDatasetName(std::string_view name);
bool IsReservedDatasetName(std::string_view name);
// Why a name is reserved ("it is a reserved SQL keyword", …), or nullopt when it is not.
std::optional<std::string> ReservedDatasetNameReason(std::string_view name);

// Tags are trimmed and lower-cased, must match ^[a-z0-9][a-z0-9_.:-]{0,63}$, and come back sorted
// and de-duplicated. `field` names the JSON field in errors.
Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& tags,
                                               std::string_view field);

// Column names: 1–255 bytes, no control characters, unique case-insensitively. Types: non-empty.
Status ValidateColumns(const std::vector<Column>& columns);

// Each primary-key entry names an existing column (case-insensitively), without repeats.
Status ValidatePrimaryKey(const std::vector<std::string>& key, const std::vector<Column>& columns);

// A data file's path must lie under the dataset's key prefix (dataset_layout.h), and its counts
// must be non-negative.
Status ValidateDataFile(const DataFile& file, std::string_view dataset_id);

// A pre-existing object registered as a data file: any key without ".." outside kDatasetsPrefix
// (that prefix belongs to the commit protocol and the orphan collector), with a bucket and
// non-negative counts.
Status ValidateRegisteredFile(const DataFile& file);

}  // namespace lakehouse
