// ColumnPolicyStore: per-column redactions that override the defaults by PII kind
// (column_policy.h), set by admins through /access/column-policies and kept in catalog.db (table
// `column_policies`, its own store schema "column_policies" step 1). Keyed by dataset id, so a
// renamed dataset keeps its policies; deleting the dataset leaves them unused.
//
// An override applies only to a column above the caller's clearance: it decides *how* the column is
// hidden (e.g. hash instead of the default mask), never whether.
//
// Thread-safety: thread-safe (the Metastore serialises writes).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "access/column_policy.h"
#include "catalog/metastore.h"

namespace lakehouse {

struct ColumnPolicy {
  std::string dataset;  // the dataset's current name
  std::string column;   // as the catalog spells it
  Redaction redaction;
};

class ColumnPolicyStore {
 public:
  explicit ColumnPolicyStore(Metastore* metastore);

  // Every override, by dataset id, then lower-case column name.
  Result<std::map<std::string, ColumnRedactions>> ByDatasetId();
  // Every override of live datasets, ordered by dataset and column.
  Result<std::vector<ColumnPolicy>> List();
  // Sets (or replaces) the override of `column` of `dataset`. NOT_FOUND for an unknown dataset or
  // column; INVALID_ARGUMENT for kNone (remove the override instead) or negative mask lengths.
  Result<ColumnPolicy> Set(std::string_view dataset, std::string_view column,
                           const Redaction& redaction);
  // NOT_FOUND when the column has no override.
  Status Remove(std::string_view dataset, std::string_view column);

 private:
  Metastore* const metastore_;
};

}  // namespace lakehouse
