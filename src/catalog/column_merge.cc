#include "catalog/column_merge.h"

#include <map>
#include <string>

#include "catalog/dataset_validation.h"

namespace lakehouse {

namespace {

std::map<std::string, const Column*> ByLowerName(const std::vector<Column>& columns) {
  std::map<std::string, const Column*> out;
  for (const Column& column : columns) out[AsciiLower(column.name)] = &column;
  return out;
}

}  // namespace

std::vector<Column> MergeColumns(const std::vector<Column>& current, std::vector<Column> incoming) {
  auto previous = ByLowerName(current);
  for (Column& column : incoming) {
    auto it = previous.find(AsciiLower(column.name));
    if (it == previous.end()) continue;
    const Column& old = *it->second;
    if (column.description.empty()) column.description = old.description;
    if (!column.pii) column.pii = old.pii;
    if (!column.sensitivity_override) column.sensitivity_override = old.sensitivity_override;
  }
  return incoming;
}

}  // namespace lakehouse
