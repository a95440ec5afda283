#include "catalog/dataset_layout.h"

#include "common/ids.h"

namespace lakehouse {

std::string DatasetKeyPrefix(std::string_view dataset_id) {
  std::string prefix(kDatasetsPrefix);
  prefix += dataset_id;
  prefix += '/';
  return prefix;
}

std::string NewDataFileKey(std::string_view dataset_id) {
  return DatasetKeyPrefix(dataset_id) + NewUuid() + ".parquet";
}

}  // namespace lakehouse
