// The catalog as a principal sees it (issue 20, "the catalog"): the one rule both catalog APIs —
// HTTP (/catalog/*, api/catalog_handlers.cc) and gRPC (rpc/catalog_grpc_server.cc) — apply, so a
// restricted key sees the same datasets, columns and lineage through either:
//   - a dataset no grant matches is NOT_FOUND and absent from listings (its existence not leaked);
//   - a column the caller's clearance denies (column_policy.h: kDeny, e.g. an SSN column above
//     the clearance, or one an admin's override in ColumnPolicyStore denies) is left out of the
//     manifest; masked columns stay (their values are masked by the read path, not here);
//   - lineage parents the caller may not see are left out.
// Unrestricted policies (admin, dev mode) see every dataset unchanged.
//
// Thread-safety: pure functions over their arguments (the catalog is thread-safe).
#pragma once

#include <vector>

#include "access/access_policy.h"
#include "access/column_policy_store.h"
#include "catalog/catalog_service.h"
#include "catalog/dataset.h"
#include "common/result.h"

namespace lakehouse {

// `dataset` as `policy` sees it; NOT_FOUND when not granted. `all` (may be null: parents are then
// kept) is the whole catalog, to drop the lineage parents the caller may not see. `overrides`
// (may be null: the defaults by PII kind only) are the dataset's column overrides.
Result<Dataset> DatasetAsSeenBy(const AccessPolicy& policy, Dataset dataset,
                                const std::vector<Dataset>* all = nullptr,
                                const ColumnRedactions* overrides = nullptr);

// The datasets `policy` may see, each as it sees it, in the catalog's order. `overrides` (may be
// null) holds the admins' column overrides; every caller that serves a manifest passes it, so a
// column an override denies is left out as SQL leaves it out.
Result<std::vector<Dataset>> VisibleDatasets(CatalogService* catalog, const AccessPolicy& policy,
                                             ColumnPolicyStore* overrides = nullptr);

// One dataset by name (case-insensitive) as `policy` sees it; NOT_FOUND when it does not exist or
// is not granted (the same answer).
Result<Dataset> VisibleDataset(CatalogService* catalog, const AccessPolicy& policy,
                               std::string_view name, ColumnPolicyStore* overrides = nullptr);

// The overrides of `dataset_id` in `store` (may be null: none).
Result<ColumnRedactions> ColumnOverridesOf(ColumnPolicyStore* store, const std::string& dataset_id);

}  // namespace lakehouse
