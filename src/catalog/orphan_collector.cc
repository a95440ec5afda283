#include "catalog/orphan_collector.h"

#include "catalog/dataset_layout.h"
#include "common/logging.h"

namespace lakehouse {

Result<OrphanReport> CollectOrphans(Metastore& metastore, std::string_view bucket,
                                    ObjectStore& store, const Clock& clock,
                                    const OrphanCollectorOptions& options) {
  LH_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store.List(kDatasetsPrefix));
  LH_ASSIGN_OR_RETURN(std::set<std::string> referenced, metastore.ReferencedPaths(bucket));
  OrphanReport report;
  int64_t cutoff = clock.NowMicros() - options.min_age_micros;
  for (const ObjectInfo& object : objects) {
    ++report.scanned;
    if (referenced.count(object.key) != 0) continue;
    if (options.min_age_micros > 0 && object.modified_micros > cutoff) {
      ++report.kept_too_young;
      continue;
    }
    Status status = store.Delete(object.key);
    if (status.ok() || status.code() == StatusCode::kNotFound) {
      ++report.deleted;
      LH_LOG_INFO("catalog: deleted orphan object {}/{}", std::string(bucket), object.key);
    } else {
      ++report.failed;
      LH_LOG_WARN("catalog: could not delete orphan {}/{}: {}", std::string(bucket), object.key,
                  status.ToString());
    }
  }
  return report;
}

}  // namespace lakehouse
