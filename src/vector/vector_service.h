// VectorService: vector indexes over dataset columns — the registry, builds and refreshes as
// background jobs, search (approximate, exact, filtered), RAG, staleness, refresh policies and
// shadow rebuilds. HTTP handlers (api/vector_handlers.h) are thin over it.
//
// Decoupled refresh: writes never wait for embeddings. The service is a DatasetCommitListener:
// a commit only records that the dataset moved (and, for on_append indexes, arms a debounced
// trigger). An index is stale iff its dataset's current version is newer than the version it was
// built from; a refresh (IndexRefresher) embeds only the delta. Refreshes run as jobs of kind
// "vector_refresh" (target = index name), coalesced to at most one queued per index, serialised
// per index, and resumable after a crash.
//
// Policies: manual (on request), on_append (debounced after commits), scheduled (cron, via the
// jobs Scheduler; skipped when not stale). Failed refreshes back off exponentially (visible in
// the index's status) and never block ingest.
//
// Definition changes that affect embeddings (model, chunking, template, text column) build a
// shadow generation from all rows while searches keep using the active one; when the shadow has
// caught up with the dataset it is promoted in one registry transaction and swapped in memory,
// and the old generation's files are removed.
//
// Thread-safety: thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "catalog/commit_listener.h"
#include "catalog/dataset_cache.h"
#include "jobs/job_service.h"
#include "jobs/scheduler.h"
#include "sql/query_service.h"
#include "vector/embedding_views.h"
#include "vector/index_refresher.h"
#include "vector/rag.h"
#include "vector/search_results.h"

namespace lakehouse {

// Generates a grounded answer: (system, user) messages → (text, model). FAILED_PRECONDITION when
// no generator is configured (RAG then answers extractively, unless the request named a model).
// With both messages empty it only resolves the model — ("", model id) or the error a generation
// would give — and contacts nothing.
using AnswerGenerator = std::function<Result<std::pair<std::string, std::string>>(
    std::string_view model, const std::string& system, const std::string& user)>;

struct VectorServiceOptions {
  std::string indexes_dir;  // <data_dir>/indexes
  std::string default_model = "builtin/hash-v1";
  RefresherOptions refresher;
  std::chrono::milliseconds trigger_poll{100};  // on_append debounce resolution
  int64_t max_backoff_ms = 600'000;
  // Test-only fault hook: the background loader waits this long before each index (so tests can
  // see an index still loading). Zero in production.
  std::chrono::milliseconds debug_load_pause{0};
};

struct SearchRequest {
  std::string index;
  std::optional<std::string> query;
  std::optional<std::vector<float>> vector;
  int32_t k = 10;
  std::optional<std::string> filter;  // SQL boolean expression over the dataset's columns
  std::optional<std::vector<std::string>> columns;  // row columns to return; default all
  bool exact = false;
  bool include_rows = true;
};

// POST /vectors/search/batch: several queries against one snapshot of an index, sharing k,
// filter (resolved once), columns and exact. Exactly one of `queries` and `vectors` is non-empty.
struct SearchBatchRequest {
  static constexpr size_t kMaxQueries = 1024;

  std::string index;
  std::vector<std::string> queries;
  std::vector<std::vector<float>> vectors;
  int32_t k = 10;
  std::optional<std::string> filter;
  std::optional<std::vector<std::string>> columns;
  bool exact = false;
};

struct RagRequest {
  std::string index;
  std::string question;
  int32_t k = 5;
  std::string model;  // generator; empty = the default
  std::optional<std::string> filter;
};

class VectorService : public DatasetCommitListener {
 public:
  // `embedding_views` (optional, borrowed) publishes each index's embeddings to SQL.
  VectorService(RefresherDeps deps, JobService* jobs, QueryService* queries,
                AnswerGenerator generator, VectorServiceOptions options,
                EmbeddingViews* embedding_views = nullptr);
  ~VectorService() override;

  // Registers the job kind; call before jobs->Start().
  void RegisterJobs();
  // Registers every index and loads their generations (active and shadow) on a background thread,
  // one index at a time with a log line each, so start-up does not wait for them; starts the
  // policy triggers. Indexes whose dataset was deleted are deleted here. While an index loads,
  // its searches are UNAVAILABLE (503 with Retry-After) and its refreshes wait for it.
  Status Start();
  void Stop();
  // For /ready: UNAVAILABLE naming the indexes still loading (and how many are loaded), else OK.
  Status CheckLoaded() const;

  // POST /vectors/index: registers the index and queues its first build → the job.
  Result<Job> CreateIndex(const Json& body);
  // What a refresh request did: queued `job`, or — when the index is already at the dataset's
  // version, answered from a version comparison — nothing, described by `up_to_date`.
  struct RefreshRequestOutcome {
    Job job;                                  // empty id when nothing was queued
    std::optional<RefreshResult> up_to_date;  // set exactly when no job was queued
  };
  // POST /vectors/refresh/{dataset}: creates the index when absent (first build), else refreshes
  // it with its stored definition.
  Result<RefreshRequestOutcome> RequestRefresh(std::string_view dataset, const Json& body);
  // The index's JSON, with "job": the refresh running or queued for it (its progress: done,
  // total, rate, ETA), or null.
  Result<Json> GetIndex(std::string_view name);
  // A dataset filter naming no dataset is NOT_FOUND.
  Result<Json> ListIndexes(std::string_view dataset, std::string_view model);
  Status DeleteIndex(std::string_view name);
  // What PATCH did: `index` is GetIndex's JSON afterwards; `rebuild` the shadow build's job when
  // the change needs one.
  struct PatchOutcome {
    Json index;
    std::optional<Job> rebuild;
  };
  // PATCH: policy / ef_search changes apply in place; embedding changes start a shadow build.
  Result<PatchOutcome> PatchIndex(std::string_view name, const Json& body);

  // One query: hits[0]. A batch: hits[i] for query i. See search_results.h for the JSON.
  Result<SearchResults> Search(const SearchRequest& request);
  Result<SearchResults> SearchBatch(const SearchBatchRequest& request);
  Result<Json> Rag(const RagRequest& request);

  // GET /vectors/stale[?dataset=] and GET /vectors/indexes/{name}/freshness. A dataset filter
  // naming no dataset is NOT_FOUND.
  Result<Json> Stale(std::string_view dataset = {});
  Result<Json> Freshness(std::string_view name);
  // Embedding freshness of a dataset for its manifest: last_embedded_at, embedding_stale_since,
  // embedding_refresh_policy (nulls when it has no index).
  Json DatasetEmbeddingStatus(const Dataset& dataset);

  // DatasetCommitListener. A deleted dataset's indexes are deleted with it (registry rows, files,
  // SQL views, queued jobs): an index never outlives its data.
  void OnCommit(const Dataset& dataset, const DatasetVersion& version) override;
  void OnDatasetDeleted(const Dataset& dataset) override;

  // For tests and benchmarks: runs any due triggers now.
  void TickTriggers();

 private:
  struct LiveIndex;
  std::shared_ptr<LiveIndex> Find(std::string_view name) const;
  Result<Json> RunRefreshJob(JobContext& ctx);
  Result<RefreshResult> RefreshShadow(LiveIndex& index, JobContext& ctx);
  struct PendingLoad {
    std::shared_ptr<LiveIndex> index;
    IndexRecord active;
    std::optional<IndexRecord> shadow;
  };
  // Registers the index and loads it now (a new index).
  Status LoadIndex(const IndexRecord& active, const std::optional<IndexRecord>& shadow);
  // Opens the generations of a registered index, publishes its SQL view, schedules its cron.
  Status LoadInto(const std::shared_ptr<LiveIndex>& index, const IndexRecord& active,
                  const std::optional<IndexRecord>& shadow);
  void LoadAll(const std::vector<PendingLoad>& pending);  // the loader thread
  // At start-up: false when the index's dataset was deleted; binds registry rows written before
  // indexes carried their dataset's id.
  Result<bool> BindToDataset(IndexRecord* active, std::optional<IndexRecord>* shadow);
  void CancelRefreshJobs(const std::string& index_name);
  Result<std::shared_ptr<IndexGeneration>> OpenGeneration(const IndexRecord& record);
  std::string GenerationDir(const std::string& name, int64_t generation) const;
  Result<Job> SubmitRefresh(const std::string& name);
  void ScheduleCron(const std::shared_ptr<LiveIndex>& index);
  void TriggerLoop();
  void RecordFailure(LiveIndex& index, const Status& status);
  Result<Json> Freshness(LiveIndex& index, const Dataset& dataset, bool with_coverage);
  Result<std::unordered_set<std::string>> FilterDocs(const IndexDefinition& def,
                                                     const std::string& filter);
  // Search and SearchBatch: `batch` names vectors as 'vectors[i]' in errors, else as 'vector'.
  Result<SearchResults> RunSearches(const SearchBatchRequest& request, bool include_rows,
                                    bool batch);
  Json IndexJson(const LiveIndex& index) const;
  Json ActiveJobJson(const std::string& index_name);
  // Points the index's SQL view (embeddings."<name>") at the generation's committed parts.
  void PublishEmbeddings(const IndexRecord& record, const IndexGeneration& gen);

  RefresherDeps deps_;
  IndexStore* store_;
  JobService* jobs_;
  QueryService* queries_;
  AnswerGenerator generator_;
  EmbeddingViews* embedding_views_;
  VectorServiceOptions options_;
  IndexRefresher refresher_;
  Scheduler scheduler_;
  DatasetCache datasets_;  // searches and no-op refreshes: no SQLite read while nothing changed

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<LiveIndex>> indexes_;  // by lower-case name; guarded by mu_
  std::map<std::string, int64_t> due_;  // on_append: index → monotonic micros due; guarded by mu_

  mutable std::mutex load_mu_;
  int64_t loads_total_ = 0;    // guarded by load_mu_
  int64_t loads_done_ = 0;     // guarded by load_mu_
  bool stop_loading_ = false;  // guarded by load_mu_
  std::thread loader_thread_;

  std::mutex trigger_mu_;
  std::condition_variable trigger_cv_;
  bool stopping_ = false;  // guarded by trigger_mu_
  std::thread trigger_thread_;
};

}  // namespace lakehouse
