// TrialStore: the trial journal of vector indexes — the `vector_index_trials` table in
// catalog.db (migration 5). A trial is one search setting of an index (ef_search over its graph
// of m / ef_construction) measured on an eval set: recall@k, latency quantiles, the graph's build
// time and memory. `best` and `autotune` read it; a promoted trial is marked.
//
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"

namespace lakehouse {

struct TrialRecord {
  int64_t id = 0;  // assigned by Append
  std::string index_name;
  int64_t generation = 1;
  int64_t created_at = 0;  // epoch micros
  bool sampled = true;     // queries drawn from the index (truth: exact search), else given
  int32_t queries = 0;
  int32_t k = 10;
  int32_t m = 16;
  int32_t ef_construction = 200;
  int32_t ef_search = 128;
  double recall = 0;
  double p50_us = 0;
  double p95_us = 0;
  double p99_us = 0;
  int64_t build_ms = 0;
  int64_t memory_bytes = 0;
  bool promoted = false;
};

class TrialStore {
 public:
  // Registers the registry's schema steps with the metastore (index_store_schema.h).
  explicit TrialStore(Metastore* metastore);

  // Appends the trials in one transaction, setting their ids.
  Status Append(std::vector<TrialRecord>* trials);
  // The index's trials, oldest first (at most `limit`, the newest ones).
  Result<std::vector<TrialRecord>> List(std::string_view index_name, int32_t limit = 1000);
  Status MarkPromoted(int64_t id);
  Status DeleteAll(std::string_view index_name);

 private:
  Metastore* metastore_;
};

}  // namespace lakehouse
