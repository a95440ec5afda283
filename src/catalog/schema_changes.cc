#include "catalog/schema_changes.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "catalog/name_parts.h"
#include "catalog/type_widening.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

std::map<std::string, const ColumnSpec*> ByLowerName(const std::vector<ColumnSpec>& columns) {
  std::map<std::string, const ColumnSpec*> out;
  for (const ColumnSpec& column : columns) out.emplace(AsciiLower(column.name), &column);
  return out;
}

// Moves the best-matching removed/added pairs from `changes.removed`/`changes.added` to renames.
void FindRenames(SchemaChanges& changes) {
  std::vector<std::tuple<double, size_t, size_t>> candidates;
  for (size_t r = 0; r < changes.removed.size(); ++r) {
    for (size_t a = 0; a < changes.added.size(); ++a) {
      const ColumnSpec& old_column = changes.removed[r];
      const ColumnSpec& new_column = changes.added[a];
      if (!IsSafeWidening(old_column.type, new_column.type)) continue;
      const double similarity = NameSimilarity(old_column.name, new_column.name);
      if (similarity >= kRenameThreshold) candidates.emplace_back(similarity, r, a);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& l, const auto& r) { return std::get<0>(l) > std::get<0>(r); });
  std::vector<bool> removed_used(changes.removed.size());
  std::vector<bool> added_used(changes.added.size());
  for (const auto& [similarity, r, a] : candidates) {
    if (removed_used[r] || added_used[a]) continue;
    removed_used[r] = added_used[a] = true;
    changes.renamed.push_back({changes.removed[r].name, changes.added[a].name, similarity});
  }
  auto drop_used = [](std::vector<ColumnSpec>& columns, const std::vector<bool>& used) {
    std::vector<ColumnSpec> kept;
    for (size_t i = 0; i < columns.size(); ++i) {
      if (!used[i]) kept.push_back(std::move(columns[i]));
    }
    columns = std::move(kept);
  };
  drop_used(changes.removed, removed_used);
  drop_used(changes.added, added_used);
}

}  // namespace

SchemaChanges DiffSchemas(const std::vector<ColumnSpec>& existing,
                          const std::vector<ColumnSpec>& incoming, DiffMode mode) {
  const auto old_by_name = ByLowerName(existing);
  const auto new_by_name = ByLowerName(incoming);
  SchemaChanges changes;
  for (const ColumnSpec& column : incoming) {
    auto it = old_by_name.find(AsciiLower(column.name));
    if (it == old_by_name.end()) {
      changes.added.push_back(column);
      continue;
    }
    const ColumnSpec& old_column = *it->second;
    if (NormalizeTypeName(old_column.type) == NormalizeTypeName(column.type)) continue;
    // The file's values fit the dataset's column as it is (e.g. integers into a DOUBLE column).
    if (mode == DiffMode::kIncomingFile && FitsInto(column.type, old_column.type)) continue;
    const TypeChangeKind kind = IsSafeWidening(old_column.type, column.type)
                                    ? TypeChangeKind::kWidening
                                    : TypeChangeKind::kIncompatible;
    changes.type_changed.push_back({column.name, old_column.type, column.type, kind});
    if (kind == TypeChangeKind::kIncompatible) changes.compatible = false;
  }
  for (const ColumnSpec& column : existing) {
    if (new_by_name.count(AsciiLower(column.name)) == 0) changes.removed.push_back(column);
  }
  std::vector<std::string> old_order;
  std::vector<std::string> new_order;
  for (const ColumnSpec& c : existing) {
    if (new_by_name.count(AsciiLower(c.name)) != 0) old_order.push_back(AsciiLower(c.name));
  }
  for (const ColumnSpec& c : incoming) {
    if (old_by_name.count(AsciiLower(c.name)) != 0) new_order.push_back(AsciiLower(c.name));
  }
  changes.reordered = old_order != new_order;
  FindRenames(changes);
  // Adding, removing or renaming columns changes the dataset's shape: the owner must ask for it.
  if (!changes.added.empty() || !changes.removed.empty() || !changes.renamed.empty()) {
    changes.compatible = false;
  }
  return changes;
}

Json SchemaChangesToJson(const SchemaChanges& changes) {
  auto columns = [](const std::vector<ColumnSpec>& list) {
    Json out = Json::array();
    for (const ColumnSpec& c : list) out.push_back({{"name", c.name}, {"type", c.type}});
    return out;
  };
  Json type_changed = Json::array();
  for (const TypeChange& change : changes.type_changed) {
    type_changed.push_back({{"name", change.name},
                            {"from", change.from},
                            {"to", change.to},
                            {"widening", change.kind == TypeChangeKind::kWidening}});
  }
  Json renamed = Json::array();
  for (const ColumnRename& rename : changes.renamed) {
    renamed.push_back(
        {{"from", rename.from}, {"to", rename.to}, {"confidence", rename.confidence}});
  }
  Json out = Json{{"added", columns(changes.added)},
                  {"removed", columns(changes.removed)},
                  {"type_changed", std::move(type_changed)},
                  {"renamed", std::move(renamed)},
                  {"compatible", changes.compatible}};
  if (changes.reordered) out["reordered"] = true;
  return out;
}

std::vector<ColumnSpec> ToColumnSpecs(const std::vector<Column>& columns) {
  std::vector<ColumnSpec> specs;
  specs.reserve(columns.size());
  for (const Column& c : columns) specs.push_back({c.name, c.type, c.nullable});
  return specs;
}

}  // namespace lakehouse
