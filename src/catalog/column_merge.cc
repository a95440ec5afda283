#include "catalog/schema_diff.h"

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

Json SchemaDiff(const std::vector<Column>& before, const std::vector<Column>& after) {
  auto old_columns = ByLowerName(before);
  auto new_columns = ByLowerName(after);
  Json added = Json::array();
  Json removed = Json::array();
  Json type_changed = Json::array();
  for (const Column& column : after) {
    auto it = old_columns.find(AsciiLower(column.name));
    if (it == old_columns.end()) {
      added.push_back(Json{{"name", column.name}, {"type", column.type}});
    } else if (AsciiLower(it->second->type) != AsciiLower(column.type)) {
      type_changed.push_back(
          Json{{"name", column.name}, {"from", it->second->type}, {"to", column.type}});
    }
  }
  for (const Column& column : before) {
    if (new_columns.count(AsciiLower(column.name)) == 0) removed.push_back(column.name);
  }
  // Reordered: the columns present in both appear in a different relative order.
  std::vector<std::string> old_order;
  std::vector<std::string> new_order;
  for (const Column& c : before) {
    if (new_columns.count(AsciiLower(c.name)) != 0) old_order.push_back(AsciiLower(c.name));
  }
  for (const Column& c : after) {
    if (old_columns.count(AsciiLower(c.name)) != 0) new_order.push_back(AsciiLower(c.name));
  }
  bool reordered = old_order != new_order;
  bool renamed_case = false;
  for (const Column& c : after) {
    auto it = old_columns.find(AsciiLower(c.name));
    if (it != old_columns.end() && it->second->name != c.name) renamed_case = true;
  }
  if (added.empty() && removed.empty() && type_changed.empty() && !reordered && !renamed_case) {
    return nullptr;
  }
  return Json{{"added", std::move(added)},
              {"removed", std::move(removed)},
              {"type_changed", std::move(type_changed)},
              {"reordered", reordered}};
}

}  // namespace lakehouse
