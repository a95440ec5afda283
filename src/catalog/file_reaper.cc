#include "catalog/file_reaper.h"

#include <set>
#include <utility>

#include "common/logging.h"

namespace lakehouse {

FileReaper::FileReaper(Metastore& metastore, std::map<std::string, ObjectStore*> stores)
    : metastore_(metastore), stores_(std::move(stores)) {}

Result<ReapReport> FileReaper::ReapOnce() {
  std::set<std::string> buckets;
  for (const auto& [name, store] : stores_) buckets.insert(name);
  LH_ASSIGN_OR_RETURN(std::vector<DataFile> claimed, metastore_.ClaimReapableFiles(buckets));
  ReapReport report;
  for (const DataFile& file : claimed) {
    Status status = stores_.at(file.bucket)->Delete(file.path);
    if (status.ok() || status.code() == StatusCode::kNotFound) {
      ++report.deleted;
      report.bytes_reclaimed += file.size_bytes;
    } else {
      ++report.failed;
      LH_LOG_WARN("catalog: could not delete removed file {}/{}: {}", file.bucket, file.path,
                  status.ToString());
    }
  }
  return report;
}

}  // namespace lakehouse
