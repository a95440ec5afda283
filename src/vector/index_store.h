// IndexStore: the vector index registry — the `vector_indexes` table in catalog.db (migration
// v4), through the Metastore's transactions. One row per generation of an index: the `active`
// one serves searches, a `shadow` one is being built to replace it. A row also carries the
// generation's checkpoint (parts written, next label, graph saved) so that builds resume after a
// crash exactly where they stopped.
//
// Thread-safety: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "vector/index_definition.h"
#include "vector/recall_tuner.h"

namespace lakehouse {

enum class IndexRole { kActive, kShadow };

// building (first build) | ready | refreshing | failing (built, but its last refresh failed:
// last_error, failures, next_retry_at say why and when it retries) | failed (never built, or
// cannot load) | loading (start-up, not yet in memory; never stored). The names are the wire and
// registry strings.
enum class IndexStatus { kBuilding, kReady, kRefreshing, kFailing, kFailed, kLoading };
std::string_view IndexStatusName(IndexStatus status);
Result<IndexStatus> ParseIndexStatus(std::string_view name);

struct IndexRecord {
  IndexDefinition definition;
  int64_t generation = 1;
  IndexRole role = IndexRole::kActive;
  IndexStatus status = IndexStatus::kBuilding;
  int64_t built_from_version = 0;  // the dataset version the index reflects; 0 = never built
  int64_t parts_seq = 0;           // committed part files (checkpoints) 1..parts_seq
  int64_t graph_seq = 0;           // the saved HNSW graph reflects parts 1..graph_seq
  int64_t next_label = 0;
  int64_t doc_count = 0;
  int64_t chunk_count = 0;
  std::optional<int64_t> last_embedded_at;  // epoch micros
  int64_t build_ms = 0;
  double chunks_per_s = 0;
  std::optional<std::string> last_error;
  int32_t failures = 0;                  // consecutive failed refreshes
  std::optional<int64_t> next_retry_at;  // automatic refreshes wait until then after failures
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> last_used;
  std::optional<RecallMeasurement> recall;  // the last measurement; none yet when absent
};

class IndexStore {
 public:
  // Registers the registry's schema steps with the metastore (index_store_schema.h).
  explicit IndexStore(Metastore* metastore);

  // ALREADY_EXISTS when the name (any case) has a row in the same role.
  Status Insert(const IndexRecord& record);
  // Replaces every mutable field of the row (name, generation).
  Status Update(const IndexRecord& record);
  // Checkpoint: sets parts_seq, next_label, doc/chunk counts of one generation in one statement.
  Status SaveCheckpoint(std::string_view name, int64_t generation, int64_t parts_seq,
                        int64_t next_label, int64_t doc_count, int64_t chunk_count);
  // Replaces only the definition (policy, search parameters) of one generation.
  Status UpdateDefinition(const IndexDefinition& definition, int64_t generation);
  Status TouchLastUsed(std::string_view name, int64_t now);
  // Records a generation's recall measurement (and nothing else of its row).
  Status SaveRecall(std::string_view name, int64_t generation, const RecallMeasurement& recall);
  Result<std::optional<IndexRecord>> Get(std::string_view name, IndexRole role);
  // Every row (active and shadow), ordered by name then generation.
  Result<std::vector<IndexRecord>> List();
  // Removes every generation of the index.
  Status Delete(std::string_view name);
  // Atomically drops the active generation and promotes the shadow.
  Status PromoteShadow(std::string_view name);
  Status DeleteGeneration(std::string_view name, int64_t generation);

 private:
  Metastore* metastore_;
};

}  // namespace lakehouse
