#include "catalog/dataset_version.h"

#include <array>
#include <string>

namespace lakehouse {

namespace {
constexpr std::array<VersionOperation, 6> kAllOperations = {
    VersionOperation::kCreate,  VersionOperation::kAppend, VersionOperation::kUpsert,
    VersionOperation::kReplace, VersionOperation::kDelete, VersionOperation::kCompact};
}  // namespace

std::string_view VersionOperationName(VersionOperation op) {
  switch (op) {
    case VersionOperation::kCreate:
      return "create";
    case VersionOperation::kAppend:
      return "append";
    case VersionOperation::kUpsert:
      return "upsert";
    case VersionOperation::kReplace:
      return "replace";
    case VersionOperation::kDelete:
      return "delete";
    case VersionOperation::kCompact:
      return "compact";
  }
  return "unknown";
}

Result<VersionOperation> ParseVersionOperation(std::string_view name) {
  for (VersionOperation op : kAllOperations) {
    if (VersionOperationName(op) == name) return op;
  }
  return InvalidArgument("unknown version operation '", std::string(name), "'");
}

int64_t TotalRows(const std::vector<DataFile>& files) {
  int64_t total = 0;
  for (const DataFile& file : files) {
    if (!file.is_delete()) total += file.row_count;
  }
  return total;
}

int64_t TotalBytes(const std::vector<DataFile>& files) {
  int64_t total = 0;
  for (const DataFile& file : files) total += file.size_bytes;
  return total;
}

}  // namespace lakehouse
