// What VectorService answers about its indexes, as typed values: an index's state (GET
// /vectors/indexes[/{name}], PATCH), its freshness (GET /vectors/indexes/{name}/freshness, GET
// /vectors/stale) and a dataset's embedding summary (the dataset manifest's embedding fields).
// Each has a ToJson the HTTP layer renders; the schemas are in api/response_schemas.cc.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "jobs/job.h"
#include "vector/hnsw_index.h"
#include "vector/index_store.h"
#include "vector/recall_tuner.h"

namespace lakehouse {

// One index as GET /vectors/indexes/{name} shows it: the registry record with the live
// generation's counts, the recall it keeps, the graph, the shadow build, and the refresh job.
struct IndexInfo {
  IndexRecord record;                        // definition, generation, status, timestamps, errors
  IndexStatus status = IndexStatus::kReady;  // kLoading while the generation loads
  int64_t doc_count = 0;
  int64_t chunk_count = 0;
  int32_t dimensions = 0;
  std::optional<int64_t> last_used;
  SearchStrategy strategy = SearchStrategy::kHnsw;  // what searches run now
  std::optional<HnswStats> graph;                   // absent until a generation is loaded
  struct Shadow {
    int64_t generation = 0;
    int64_t built_from_version = 0;
    int64_t doc_count = 0;
    IndexDefinition definition;
    std::optional<std::string> last_error;
  };
  std::optional<Shadow> shadow;
  std::optional<Job> active_job;  // the refresh running or queued for it, if any

  Json ToJson() const;
};

struct IndexFreshness {
  std::string dataset;
  std::string index_name;
  bool stale = false;
  std::optional<int64_t> stale_since;  // commit time of the first version not embedded
  std::optional<int64_t> last_embedded_at;
  RefreshMode policy = RefreshMode::kManual;
  int64_t built_from_version = 0;
  int64_t dataset_version = 0;
  int64_t pending_rows_estimate = 0;
  int64_t docs_pending_retry = 0;
  IndexStatus status = IndexStatus::kReady;
  std::optional<std::string> last_error;
  int32_t failures = 0;
  std::optional<int64_t> next_retry_at;
  // Only for one index's freshness route.
  struct Coverage {
    int64_t rows_embedded = 0;
    int64_t dataset_rows = 0;  // as the dataset reads, after upserts and tombstones
    std::optional<int64_t> next_scheduled_run;
    bool refresh_running = false;
  };
  std::optional<Coverage> coverage;

  Json ToJson() const;
};

// A dataset's embedding state over all its indexes, for its manifest.
struct DatasetEmbeddingSummary {
  std::vector<std::string> index_names;
  std::optional<int64_t> last_embedded_at;       // the oldest of its indexes'
  std::optional<int64_t> embedding_stale_since;  // the earliest of its indexes'
  std::optional<RefreshMode> refresh_policy;     // the first index's

  Json ToJson() const;
};

}  // namespace lakehouse
