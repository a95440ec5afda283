#include "cli/record_output.h"

#include <algorithm>
#include <cctype>

#include "cli/text_table.h"

namespace lakehouse {

void PrintRecords(const Json& records, const std::vector<std::string>& fields, std::ostream& out) {
  if (!records.is_array() || records.empty()) {
    out << "(none)\n";
    return;
  }
  std::vector<TextTable::Column> columns;
  for (const std::string& field : fields) {
    const bool numeric = records.front().is_object() && records.front().contains(field) &&
                         records.front()[field].is_number();
    std::string title = field;
    std::transform(title.begin(), title.end(), title.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    columns.push_back({title, numeric});
  }
  TextTable table(columns);
  for (const Json& record : records) {
    std::vector<std::string> cells;
    for (const std::string& field : fields) cells.push_back(OneLine(Field(record, field), 80));
    table.AddRow(std::move(cells));
  }
  table.Print(out);
}

void PrintFields(const Json& object, std::ostream& out) {
  if (!object.is_object()) {
    out << CellText(object) << "\n";
    return;
  }
  size_t width = 0;
  for (auto it = object.begin(); it != object.end(); ++it) width = std::max(width, it.key().size());
  for (auto it = object.begin(); it != object.end(); ++it) {
    out << it.key() << ":" << std::string(width - it.key().size() + 1, ' ')
        << OneLine(CellText(it.value()), 200) << "\n";
  }
}

}  // namespace lakehouse
