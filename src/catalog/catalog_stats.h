// CatalogStats: totals over the live (not deleted) datasets, for GET /catalog/stats.
//
// Thread-safety: a plain value; externally synchronised.
#pragma once

#include <cstdint>
#include <map>

#include "catalog/sensitivity.h"

namespace lakehouse {

struct CatalogStats {
  int64_t dataset_count = 0;
  int64_t total_rows = 0;
  int64_t total_bytes = 0;
  int64_t version_count = 0;  // commits across live datasets
  int64_t live_file_count = 0;
  int64_t pending_reap_files = 0;                 // removed by a commit, object not yet deleted
  std::map<Sensitivity, int64_t> by_sensitivity;  // every level present, 0 when none
};

}  // namespace lakehouse
