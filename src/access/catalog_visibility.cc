#include "access/catalog_visibility.h"

#include <algorithm>

#include "access/column_policy.h"
#include "access/policy_views.h"
#include "common/strings.h"

namespace lakehouse {

Result<Dataset> DatasetAsSeenBy(const AccessPolicy& policy, Dataset dataset,
                                const std::vector<Dataset>* all) {
  if (policy.unrestricted()) return dataset;
  std::optional<DatasetAccess> access = policy.ForDataset(dataset.name, dataset.tags);
  if (!access) return NotFound("dataset '", dataset.name, "' not found");
  std::erase_if(dataset.columns, [&](const Column& column) {
    return RedactionFor(column, access->max_unmasked, ColumnRedactions()).kind ==
           RedactionKind::kDeny;
  });
  if (all != nullptr) {
    std::erase_if(dataset.lineage.parent_datasets, [&](const std::string& parent) {
      return std::none_of(all->begin(), all->end(), [&](const Dataset& d) {
        return EqualsIgnoreAsciiCase(d.name, parent) && PolicyShows(policy, d);
      });
    });
  }
  return dataset;
}

Result<std::vector<Dataset>> VisibleDatasets(CatalogService* catalog, const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog->ListDatasets());
  if (policy.unrestricted()) return all;
  std::vector<Dataset> visible;
  for (const Dataset& dataset : all) {
    if (!PolicyShows(policy, dataset)) continue;
    LH_ASSIGN_OR_RETURN(Dataset seen, DatasetAsSeenBy(policy, dataset, &all));
    visible.push_back(std::move(seen));
  }
  return visible;
}

Result<Dataset> VisibleDataset(CatalogService* catalog, const AccessPolicy& policy,
                               std::string_view name) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog->GetDataset(name));
  if (policy.unrestricted()) return dataset;
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog->ListDatasets());
  return DatasetAsSeenBy(policy, std::move(dataset), &all);
}

}  // namespace lakehouse
