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
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "catalog/commit_listener.h"
#include "catalog/dataset_cache.h"
#include "common/mutex.h"
#include "jobs/job_service.h"
#include "jobs/scheduler.h"
#include "sql/policy_scope.h"
#include "sql/query_service.h"
#include "vector/chunk_retrieval.h"
#include "vector/embedding_views.h"
#include "vector/filter_cache.h"
#include "vector/index_refresher.h"
#include "vector/index_reports.h"
#include "vector/rag.h"
#include "vector/recall_tuner.h"
#include "vector/row_cache.h"
#include "vector/search_results.h"
#include "vector/trial_store.h"

namespace lakehouse {

// Generates a grounded answer: (system, user) messages → (text, model). FAILED_PRECONDITION when
// no generator is configured (RAG then answers extractively, unless the request named a model).
// With both messages empty it only resolves the model — ("", model id) or the error a generation
// would give — and contacts nothing.
using AnswerGenerator = std::function<Result<std::pair<std::string, std::string>>(
    std::string_view model, const std::string& system, const std::string& user)>;

struct VectorServiceOptions {
  std::string indexes_dir;  // <data_dir>/indexes
  std::string default_model = "builtin/use-lite-v1";
  RefresherOptions refresher;
  std::chrono::milliseconds trigger_poll{100};  // on_append debounce resolution
  int64_t max_backoff_ms = 600'000;
  // Test-only fault hook: the background loader waits this long before each index (so tests can
  // see an index still loading). Zero in production.
  std::chrono::milliseconds debug_load_pause{0};
  RowCacheOptions row_cache;  // rows for searches (row_cache.h)
  // A refresh that leaves this many part files after a generation's compacted base schedules a
  // `vector_compact` job folding them into a new base (vector_compaction.cc); 0 = never.
  int64_t compact_parts = 8;
};

struct SearchRequest {
  std::string index;
  std::optional<std::string> query;
  std::optional<std::vector<float>> vector;
  int32_t k = 10;
  std::optional<std::string> filter;  // SQL boolean expression over the dataset's columns
  // Values of the filter's named parameters ($name), bound through the prepared statement (the
  // tool registry's search tools); null = none.
  Json filter_params{};
  std::optional<std::vector<std::string>> columns;  // row columns to return; default all
  bool exact = false;
  // HNSW candidate list size for this search, overriding the index's measured choice.
  std::optional<int32_t> ef_search;
  bool include_rows = true;
  // How chunks are retrieved (search_mode.h, chunk_retrieval.h).
  SearchMode mode = SearchMode::kVector;
  HybridOptions hybrid;
  std::optional<RerankOptions> rerank;
  // The caller's restricted access policy (sql/policy_scope.h); null = unrestricted. See
  // VectorService::Search.
  std::shared_ptr<const PolicyScope> scope{};
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
  Json filter_params{};  // as in SearchRequest
  std::optional<std::vector<std::string>> columns;
  bool exact = false;
  // How chunks are retrieved (search_mode.h, chunk_retrieval.h).
  SearchMode mode = SearchMode::kVector;
  HybridOptions hybrid;
  std::optional<RerankOptions> rerank;
  std::optional<int32_t> ef_search;            // as in SearchRequest
  std::shared_ptr<const PolicyScope> scope{};  // as in SearchRequest
};

// POST /vectors/indexes/{name}/evals: recall@k of the index's search settings. Given queries
// (a text or a vector each, with the doc ids a good answer contains) are scored against their
// expected documents; without queries, `sample` queries are drawn from the index's own chunks
// (as the recall tuner does) and scored against exact search.
struct EvalQuery {
  std::optional<std::string> query;
  std::optional<std::vector<float>> vector;
  std::vector<std::string> expected_doc_ids;
};

struct IndexEvalRequest {
  static constexpr size_t kMaxQueries = 1000;
  static constexpr size_t kMaxTrials = 16;

  std::string index;
  std::vector<EvalQuery> queries;  // empty → sampled
  int32_t sample = 200;            // 1..kMaxQueries
  uint64_t seed = 18;              // of the sample
  int32_t k = 10;
  std::vector<int32_t> ef_search;  // the values to try; empty → the index's current one
};

struct IndexEvalResult {
  std::string index;
  bool sampled = false;  // queries drawn from the index, truth = exact search
  int32_t k = 10;
  int32_t queries = 0;
  SearchStrategy strategy = SearchStrategy::kHnsw;  // what a search uses now
  int32_t ef_search = 0;                            // … and at which ef_search
  EfTrial exact;                                    // exact search (recall 1 when sampled)
  std::vector<EfTrial> trials;                      // one per ef_search tried
};

// GET /vectors/indexes/{name}/trials/best?by=: the best journaled trial by recall (ties: lower
// p50), by latency (lowest p50 among trials reaching min_recall), or the Pareto front (no other
// trial has both higher recall and lower p50), best recall first.
enum class TrialOrder { kRecall, kLatency, kPareto };
Result<TrialOrder> ParseTrialOrder(std::string_view name);

// POST /vectors/indexes/{name}/autotune: trials over a bounded ef_search grid (on queries
// sampled from the index), and the fastest setting whose recall reaches min_recall is promoted —
// the index then searches at it until its next recall measurement. Nothing is promoted when no
// setting reaches min_recall.
struct AutotuneRequest {
  std::string index;
  double min_recall = 0.95;
  std::vector<int32_t> ef_search;  // the grid; empty → the recall tuner's ladder
  int32_t sample = 200;
  uint64_t seed = 18;
};

struct AutotuneResult {
  std::vector<TrialRecord> trials;
  std::optional<TrialRecord> winner;  // set when promoted
};

struct RagRequest {
  std::string index;
  std::string question;
  int32_t k = 5;
  std::string model;  // generator; empty = the default
  std::optional<std::string> filter;
  // How chunks are retrieved (search_mode.h, chunk_retrieval.h).
  SearchMode mode = SearchMode::kVector;
  HybridOptions hybrid;
  std::optional<RerankOptions> rerank;
  std::shared_ptr<const PolicyScope> scope{};  // as in SearchRequest
};

class VectorService : public DatasetCommitListener {
 public:
  // `embedding_views` (optional, borrowed) publishes each index's embeddings to SQL; `reranker`
  // (optional) serves searches' "rerank".
  VectorService(RefresherDeps deps, JobService* jobs, QueryService* queries,
                AnswerGenerator generator, VectorServiceOptions options,
                EmbeddingViews* embedding_views = nullptr, ChunkReranker reranker = nullptr);
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
  Result<Job> CreateIndex(const IndexFields& request);
  // What a refresh request did: queued `job`, or — when the index is already at the dataset's
  // version, answered from a version comparison — nothing, described by `up_to_date`.
  struct RefreshRequestOutcome {
    Job job;                                  // empty id when nothing was queued
    std::optional<RefreshResult> up_to_date;  // set exactly when no job was queued
  };
  // POST /vectors/refresh/{dataset}: creates the index when absent (first build), else refreshes
  // it with its stored definition.
  Result<RefreshRequestOutcome> RequestRefresh(std::string_view dataset,
                                               const IndexFields& request);
  // The index, with the refresh running or queued for it (its progress: done, total, rate, ETA).
  Result<IndexInfo> GetIndex(std::string_view name);
  // The dataset an index is built over (for permission checks). NOT_FOUND for an unknown index.
  Result<std::string> IndexDataset(std::string_view name) const;
  // Without their jobs. A dataset filter naming no dataset is NOT_FOUND.
  Result<std::vector<IndexInfo>> ListIndexes(std::string_view dataset, std::string_view model);
  Status DeleteIndex(std::string_view name);
  // What PATCH did: `index` is GetIndex afterwards; `rebuild` the shadow build's job when the
  // change needs one.
  struct PatchOutcome {
    IndexInfo index;
    std::optional<Job> rebuild;
  };
  // PATCH: policy / ef_search changes apply in place; embedding changes start a shadow build.
  Result<PatchOutcome> PatchIndex(std::string_view name, const IndexFields& patch);

  // One query: hits[0]. A batch: hits[i] for query i. See search_results.h for the JSON.
  Result<SearchResults> Search(const SearchRequest& request);
  Result<SearchResults> SearchBatch(const SearchBatchRequest& request);
  Result<RagAnswer> Rag(const RagRequest& request);
  // Runs on the calling thread; bounded by IndexEvalRequest's limits.
  Result<IndexEvalResult> EvaluateIndex(const IndexEvalRequest& request);
  // An eval whose trials are journaled (POST …/trials), the journal, its best, autotune.
  Result<std::vector<TrialRecord>> RunTrials(const IndexEvalRequest& request);
  Result<std::vector<TrialRecord>> ListTrials(std::string_view name);
  Result<std::vector<TrialRecord>> BestTrials(std::string_view name, TrialOrder order,
                                              double min_recall);
  Result<AutotuneResult> Autotune(const AutotuneRequest& request);

  // GET /vectors/stale[?dataset=] and GET /vectors/indexes/{name}/freshness. A dataset filter
  // naming no dataset is NOT_FOUND.
  // Stale lists only the stale indexes, without coverage.
  Result<std::vector<IndexFreshness>> Stale(std::string_view dataset = {});
  Result<IndexFreshness> Freshness(std::string_view name);
  // Embedding freshness of a dataset for its manifest (empty when it has no index).
  DatasetEmbeddingSummary DatasetEmbeddingStatus(const Dataset& dataset);

  // DatasetCommitListener. A deleted dataset's indexes are deleted with it (registry rows, files,
  // SQL views, queued jobs): an index never outlives its data.
  void OnCommit(const Dataset& dataset, const DatasetVersion& version) override;
  void OnDatasetDeleted(const Dataset& dataset) override;

  // For tests and benchmarks: runs any due triggers now.
  void TickTriggers();
  // For tests: fires the scheduled (cron) refreshes due at the clock's time now, on the calling
  // thread — a check that certainly ran, where waiting for the background poll would only
  // probably have.
  void TickSchedule() { scheduler_.Tick(); }

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
  // At Stop: saves each idle index's graph when parts were applied since it was saved, and its
  // last_used time.
  void SaveForShutdown();
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
  Result<IndexFreshness> Freshness(LiveIndex& index, const Dataset& dataset, bool with_coverage);
  // The documents `filter` allows in `dataset` (its current version), from the filter cache or
  // one SQL pass (then cached when the version did not move meanwhile).
  Result<std::shared_ptr<const ResolvedFilter>> FilterDocs(
      const IndexDefinition& def, const Dataset& dataset, const std::string& filter,
      const std::shared_ptr<const PolicyScope>& scope, const Json& params = Json());
  // Fills results->rows for the hits' documents: from the row cache, else one SQL fetch (and
  // queues the cache's build for this version).
  Status FetchRows(const IndexDefinition& def, const Dataset& dataset,
                   const std::optional<std::vector<std::string>>& columns, SearchResults* results,
                   const std::shared_ptr<const PolicyScope>& scope);
  // Search and SearchBatch: `batch` names vectors as 'vectors[i]' in errors, else as 'vector'.
  Result<SearchResults> RunSearches(const SearchBatchRequest& request, bool include_rows,
                                    bool batch);
  // The index as GetIndex shows it, without its job. Needs index.mu (asserted for the analysis:
  // LiveIndex is incomplete here).
  IndexInfo InfoLocked(const LiveIndex& index) const;
  // Recall (vector_recall.cc). TuneRecall measures the active generation and sets its search
  // strategy when forced or when its measurement is missing or stale; true when it measured.
  // Requires index.refresh_mu held (no batch half-applied).
  // `ctx` (optional): the job it runs in, whose cancellation (shutdown) stops it.
  Result<bool> TuneRecall(LiveIndex& index, bool force, JobContext* ctx);
  Result<std::vector<RecallQuery>> SampleRecallQueries(const IndexDefinition& def,
                                                       const IndexGeneration& gen, int32_t count,
                                                       uint64_t seed);
  Result<Json> RunRecallJob(JobContext& ctx);
  Result<Job> SubmitRecall(const std::string& name);
  // A PATCHed hnsw.ef_search or an autotuned one (with the recall it measured): HNSW at that
  // value until the next measurement.
  void PinEfSearch(LiveIndex& index, int32_t ef_search,
                   std::optional<double> measured = std::nullopt);
  // The "recall" object of an index's JSON. Requires index.mu held.
  std::optional<Job> ActiveJob(const std::string& index_name);
  // Points the index's SQL view (embeddings."<name>") at the generation's committed parts.
  void PublishEmbeddings(const IndexRecord& record, const IndexGeneration& gen);
  // Compaction of part files (vector_compaction.cc): schedules the job when enough parts piled
  // up; the job; the last part a compaction may fold.
  void MaybeCompact(const IndexRecord& record, const IndexGeneration& gen);
  Result<Json> RunCompactJob(JobContext& ctx);
  static int64_t CompactionLimit(const IndexRecord& record);

  RefresherDeps deps_;
  IndexStore* store_;
  TrialStore trials_;
  JobService* jobs_;
  QueryService* queries_;
  AnswerGenerator generator_;
  ChunkReranker reranker_;
  EmbeddingViews* embedding_views_;
  VectorServiceOptions options_;
  IndexRefresher refresher_;
  Scheduler scheduler_;
  DatasetCache datasets_;  // searches and no-op refreshes: no SQLite read while nothing changed
  FilterCache filter_cache_;
  RowCache row_cache_;  // stopped in Stop(), before the services it reads through

  mutable Mutex mu_;
  std::map<std::string, std::shared_ptr<LiveIndex>> indexes_
      LH_GUARDED_BY(mu_);  // by lower-case name
  std::map<std::string, int64_t> due_
      LH_GUARDED_BY(mu_);  // on_append: index → monotonic micros due

  mutable Mutex load_mu_;
  int64_t loads_total_ LH_GUARDED_BY(load_mu_) = 0;
  int64_t loads_done_ LH_GUARDED_BY(load_mu_) = 0;
  bool stop_loading_ LH_GUARDED_BY(load_mu_) = false;
  std::thread loader_thread_;

  Mutex trigger_mu_;
  std::condition_variable trigger_cv_;
  bool stopping_ LH_GUARDED_BY(trigger_mu_) = false;
  std::thread trigger_thread_;
};

}  // namespace lakehouse
