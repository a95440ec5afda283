#include "access/catalog_visibility.h"

#include <algorithm>
#include <map>
#include <string>

#include "access/column_policy.h"
#include "access/policy_views.h"
#include "common/strings.h"

namespace lakehouse {

Result<ColumnRedactions> ColumnOverridesOf(ColumnPolicyStore* store,
                                           const std::string& dataset_id) {
  if (store == nullptr) return ColumnRedactions();
  LH_ASSIGN_OR_RETURN(auto by_id, store->ByDatasetId());
  auto it = by_id.find(dataset_id);
  return it == by_id.end() ? ColumnRedactions() : std::move(it->second);
}

Result<Dataset> DatasetAsSeenBy(const AccessPolicy& policy, Dataset dataset,
                                const std::vector<Dataset>* all,
                                const ColumnRedactions* overrides) {
  if (policy.unrestricted()) return dataset;
  std::optional<DatasetAccess> access = policy.ForDataset(dataset.name, dataset.tags);
  if (!access) return NotFound("dataset '", dataset.name, "' not found");
  const ColumnRedactions none;
  std::erase_if(dataset.columns, [&](const Column& column) {
    return RedactionFor(column, access->max_unmasked, overrides ? *overrides : none).kind ==
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

Result<std::vector<Dataset>> VisibleDatasets(CatalogService* catalog, const AccessPolicy& policy,
                                             ColumnPolicyStore* overrides) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog->ListDatasets());
  if (policy.unrestricted()) return all;
  std::map<std::string, ColumnRedactions> by_id;
  if (overrides != nullptr) {
    LH_ASSIGN_OR_RETURN(by_id, overrides->ByDatasetId());
  }
  std::vector<Dataset> visible;
  for (const Dataset& dataset : all) {
    if (!PolicyShows(policy, dataset)) continue;
    auto it = by_id.find(dataset.id);
    LH_ASSIGN_OR_RETURN(Dataset seen, DatasetAsSeenBy(policy, dataset, &all,
                                                      it == by_id.end() ? nullptr : &it->second));
    visible.push_back(std::move(seen));
  }
  return visible;
}

Result<Dataset> VisibleDataset(CatalogService* catalog, const AccessPolicy& policy,
                               std::string_view name, ColumnPolicyStore* overrides) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog->GetDataset(name));
  if (policy.unrestricted()) return dataset;
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> all, catalog->ListDatasets());
  LH_ASSIGN_OR_RETURN(ColumnRedactions own, ColumnOverridesOf(overrides, dataset.id));
  return DatasetAsSeenBy(policy, std::move(dataset), &all, &own);
}

}  // namespace lakehouse
