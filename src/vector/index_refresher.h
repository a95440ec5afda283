// IndexRefresher: brings one index generation up to its dataset's current version, embedding
// only what changed (the decoupled embedding refresh):
//
//   1. Pin the dataset's current version V (its files stay readable while we work). Nothing to do
//      when the generation already reflects V.
//   2. The delta, in SQL on DuckDB:
//      * incremental — when no commit since built_from_version B removed files (no replace,
//        compaction or dataset-wide rewrite) and the id column is the dataset's key (or it has
//        none): the merge-on-read SELECT over only the files committed after B gives every new or
//        changed row (upserts: the latest wins); tombstone keys in the new delete files with no
//        surviving row are the deleted documents. Rows whose doc hash is unchanged are skipped.
//      * full diff — otherwise (first build, history rewritten): the generation's (doc_id,
//        doc_hash) pairs are loaded into a temp table and anti-joined with the current rows.
//      The doc hash is md5 over the text column and the template's columns (or the vector).
//   3. Changed documents are chunked in batches; inside a changed document, chunks whose content
//      hash is unchanged keep their vectors (and their label when at the same position). New
//      chunks are embedded (batched by the embedder), replaced ones removed.
//   4. Each batch is a checkpoint: written as a part file, recorded in the registry, then
//      published in memory. A crash resumes from the last checkpoint: the next run's delta skips
//      the documents whose new hash is already recorded, so no chunk is embedded twice.
//   5. The graph is compacted if needed and saved; built_from_version advances to V — never
//      further: a write that lands meanwhile leaves the index stale for the next refresh.
//
// Ids identify documents, so they must identify rows: unless the dataset's key is the id column
// (merge-on-read then keeps one row per id), every refresh — and the create request — first checks
// the whole dataset and refuses (INVALID_ARGUMENT naming the first duplicate ids and their counts,
// or the number of rows without an id) instead of indexing one row per id and dropping the rest.
//
// The template is parsed once per run against the dataset's schema (never against the values of
// one batch's documents), so a deletion-only refresh or a NULL in a template column works.
//
// A chunk the model rejects (after the embedder's own retries; a failed batch is bisected to find
// it) is recorded in the result's failed_chunks and its document keeps an unknown hash, so the
// next refresh retries it (with a full diff, even when the dataset has not moved); it never fails
// the whole refresh. A provider that fails even a probe text fails the refresh instead, which
// resumes from its last checkpoint.
//
// Thread-safety: one Run per generation at a time (the caller serialises); otherwise stateless.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog_service.h"
#include "catalog/metastore.h"
#include "common/clock.h"
#include "embed/chunker.h"
#include "embed/embedder.h"
#include "jobs/job_context.h"
#include "sql/connection_pool.h"
#include "storage/bucket_registry.h"
#include "table/dataset_view.h"
#include "vector/index_generation.h"
#include "vector/index_store.h"

namespace lakehouse {

using EmbedderProvider = std::function<Result<std::shared_ptr<Embedder>>(std::string_view model)>;

struct RefreshResult {
  std::string index_name;
  int64_t from_version = 0;
  int64_t to_version = 0;
  int64_t docs_added = 0;
  int64_t docs_updated = 0;
  int64_t docs_deleted = 0;
  int64_t chunks_embedded = 0;
  int64_t chunks_reused = 0;
  bool full_diff = false;
  bool stale_cleared = false;
  int64_t elapsed_ms = 0;
  std::vector<std::string> failed_chunks;  // "doc_id#chunk_idx: reason"

  // {"index_name","from_version","to_version","docs_added","docs_updated","docs_deleted",
  //  "chunks_embedded","chunks_reused","full_diff","stale_cleared","elapsed_ms","failed_chunks"}
  Json ToJson() const;
};

struct RefresherDeps {
  Metastore* metastore = nullptr;
  CatalogService* catalog = nullptr;
  DatasetViewRegistry* views = nullptr;
  BucketRegistry* buckets = nullptr;
  IndexStore* store = nullptr;
  ConnectionPool* pool = nullptr;  // a DuckDB that may read the data files and write index dirs
  EmbedderProvider embedders;
  const Clock* clock = nullptr;
};

struct RefresherOptions {
  int64_t batch_chunks = 2048;  // chunks per checkpoint
  double max_graph_deleted_fraction = 0.3;
  // A refresh saves the HNSW graph when the chunks changed since its last save exceed this
  // fraction of the index (or when it was never saved, or was just rebuilt). Until then the
  // registry's graph_seq stays behind parts_seq and a restart replays the later parts into the
  // saved graph — O(delta) work — so a small refresh does not rewrite the whole graph.
  double graph_save_fraction = 0.05;
};

class IndexRefresher {
 public:
  IndexRefresher(RefresherDeps deps, RefresherOptions options)
      : deps_(std::move(deps)), options_(options) {}

  // Refreshes `gen` (whose registry row is *record, updated in place and in the store) to the
  // dataset's current version. ctx (optional) receives progress and cancellation.
  Result<RefreshResult> Run(IndexRecord* record, IndexGeneration* gen, JobContext* ctx);

  // The id check above, over the dataset's current rows (for the create request).
  Status CheckIds(const IndexDefinition& def, const Dataset& dataset);

 private:
  struct DocWork;
  struct Plan;
  Result<Plan> MakePlan(const IndexRecord& record, const Dataset& dataset, const SnapshotPin& pin,
                        IndexGeneration* gen, Connection* conn);
  Status CheckIdsUnique(const IndexDefinition& def, const Dataset& dataset,
                        const std::vector<DataFile>& files, Connection* conn);
  Status ProcessBatch(std::vector<DocWork>& docs, IndexRecord* record, IndexGeneration* gen,
                      Embedder* embedder, const std::optional<Chunker>& chunker, Connection* conn,
                      RefreshResult* result, std::vector<std::string>* drops);

  // Embeds `texts`, isolating the ones the model rejects: (*errors)[i] is set for those, the
  // rest get their vectors. Returns an error only when the provider itself is failing.
  static Status EmbedIsolating(Embedder* embedder, const std::vector<std::string>& texts,
                               std::vector<std::vector<float>>* vectors,
                               std::vector<std::string>* errors);

  RefresherDeps deps_;
  RefresherOptions options_;
};

}  // namespace lakehouse
