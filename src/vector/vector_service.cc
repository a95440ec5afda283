#include "vector/vector_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <thread>

#include "common/logging.h"
#include "embed/chunk_template.h"
#include "jobs/cron_schedule.h"
#include "sql/sql_literal.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace vector_internal {

bool SameName(std::string_view a, std::string_view b) { return EqualsIgnoreAsciiCase(a, b); }

Json OptionalTime(const std::optional<int64_t>& micros) {
  return micros ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

const Column* FindColumn(const Dataset& dataset, const std::string& name) {
  for (const Column& c : dataset.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace vector_internal

namespace {

using vector_internal::FindColumn;
using vector_internal::kRefreshKind;
using vector_internal::OptionalTime;
using vector_internal::SameName;

// Rounds a shadow build may take chasing a dataset that keeps changing before it yields.
constexpr int kShadowCatchUpRounds = 5;

bool IsIdType(const std::string& type) {
  std::string t = AsciiLower(type);
  return t == "varchar" || t == "integer" || t == "bigint" || t == "int" || t == "int4" ||
         t == "int8" || t == "text" || t == "string";
}

}  // namespace

VectorService::VectorService(RefresherDeps deps, JobService* jobs, QueryService* queries,
                             AnswerGenerator generator, VectorServiceOptions options,
                             EmbeddingViews* embedding_views, ChunkReranker reranker)
    : deps_(deps),
      store_(deps.store),
      trials_(deps.metastore),
      jobs_(jobs),
      queries_(queries),
      generator_(std::move(generator)),
      reranker_(std::move(reranker)),
      embedding_views_(embedding_views),
      options_(std::move(options)),
      refresher_(deps, options_.refresher),
      scheduler_(deps.clock),
      datasets_(deps.metastore),
      row_cache_(options_.row_cache,
                 [queries](const std::string& sql) -> Result<std::shared_ptr<const RowSet>> {
                   LH_ASSIGN_OR_RETURN(QueryAnswer answer,
                                       queries->QueryComposed(sql, RowCache::kMaxRows + 1));
                   return std::move(answer.rows);
                 }) {}

VectorService::~VectorService() { Stop(); }

void VectorService::RegisterJobs() {
  jobs_->RegisterKind(std::string(kRefreshKind),
                      [this](JobContext& ctx) { return RunRefreshJob(ctx); });
  jobs_->RegisterKind(std::string(vector_internal::kRecallKind),
                      [this](JobContext& ctx) { return RunRecallJob(ctx); });
  jobs_->RegisterKind(std::string(vector_internal::kCompactKind),
                      [this](JobContext& ctx) { return RunCompactJob(ctx); });
}

std::string VectorService::GenerationDir(const std::string& name, int64_t generation) const {
  return options_.indexes_dir + "/" + name + "/g" + std::to_string(generation);
}

Result<std::shared_ptr<IndexGeneration>> VectorService::OpenGeneration(const IndexRecord& record) {
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, deps_.pool->Acquire(std::chrono::seconds(60)));
  GenerationOptions options;
  options.dir = GenerationDir(record.definition.name, record.generation);
  options.dimensions = record.definition.dimensions;
  options.m = record.definition.m;
  options.ef_construction = record.definition.ef_construction;
  options.ef_search = record.definition.ef_search;
  LH_ASSIGN_OR_RETURN(
      std::unique_ptr<IndexGeneration> gen,
      IndexGeneration::Open(options, record.parts_seq, record.graph_seq, &lease.connection()));
  return std::shared_ptr<IndexGeneration>(std::move(gen));
}

std::shared_ptr<VectorService::LiveIndex> VectorService::Find(std::string_view name) const {
  MutexLock lock(mu_);
  auto it = indexes_.find(AsciiLower(name));
  return it == indexes_.end() ? nullptr : it->second;
}

Result<Job> VectorService::SubmitRefresh(const std::string& name) {
  return jobs_->Submit(kRefreshKind, name, Json{{"index_name", name}},
                       SubmitOptions{.coalesce = true});
}

Result<Job> VectorService::CreateIndex(const IndexFields& request) {
  IndexDefinition defaults;
  defaults.model = options_.default_model;
  LH_ASSIGN_OR_RETURN(IndexDefinition def, ApplyIndexFields(request, defaults));
  ApplyModelChunkDefaults(request, &def);
  LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(def.dataset));
  def.dataset = dataset.name;
  def.dataset_id = dataset.id;
  const Column* id = FindColumn(dataset, def.id_column);
  if (id == nullptr) {
    return InvalidArgument("dataset '", dataset.name, "' has no column '", def.id_column, "'");
  }
  if (!IsIdType(id->type)) {
    return InvalidArgument("id_column '", def.id_column, "' is ", id->type,
                           "; ids must be VARCHAR, INTEGER or BIGINT");
  }
  if (def.byo_vectors()) {
    const Column* vec = FindColumn(dataset, def.vector_column);
    if (vec == nullptr) {
      return InvalidArgument("dataset '", dataset.name, "' has no column '", def.vector_column,
                             "'");
    }
    if (vec->type.find('[') == std::string::npos) {
      return InvalidArgument("vector_column '", def.vector_column, "' is ", vec->type,
                             "; it must hold float arrays (FLOAT[] or FLOAT[d])");
    }
  } else {
    if (FindColumn(dataset, def.text_column) == nullptr) {
      return InvalidArgument("dataset '", dataset.name, "' has no column '", def.text_column, "'");
    }
    if (!def.context_template.empty()) {
      std::vector<std::string> names;
      for (const Column& c : dataset.columns) names.push_back(c.name);
      LH_RETURN_IF_ERROR(ChunkTemplate::Parse(def.context_template, names).status());
    }
    LH_RETURN_IF_ERROR(deps_.embedders(def.model).status());
  }
  if (def.policy.mode == RefreshMode::kScheduled) {
    LH_RETURN_IF_ERROR(CronSchedule::Parse(def.policy.cron).status());
  }
  if (Find(def.name)) return AlreadyExists("vector index '", def.name, "' already exists");
  LH_RETURN_IF_ERROR(refresher_.CheckIds(def, dataset));
  IndexRecord record;
  record.definition = def;
  record.generation = 1;
  record.role = IndexRole::kActive;
  record.status = IndexStatus::kBuilding;
  record.created_at = record.updated_at = deps_.clock->NowMicros();
  if (Find(def.name)) return AlreadyExists("vector index '", def.name, "' already exists");
  // Leftovers of an index deleted while its files were being removed.
  std::error_code ec;
  std::filesystem::remove_all(options_.indexes_dir + "/" + def.name, ec);
  LH_RETURN_IF_ERROR(store_->Insert(record));
  Status loaded = LoadIndex(record, std::nullopt);
  if (!loaded.ok()) {
    (void)store_->Delete(def.name);
    return loaded;
  }
  return SubmitRefresh(def.name);
}

Result<VectorService::RefreshRequestOutcome> VectorService::RequestRefresh(
    std::string_view dataset_name, const IndexFields& request) {
  if (!request.name) return InvalidArgument("field 'index_name' is required");
  const std::string& name = *request.name;
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) {
    IndexFields create = request;
    create.dataset = std::string(dataset_name);
    LH_ASSIGN_OR_RETURN(Job job, CreateIndex(create));
    return RefreshRequestOutcome{std::move(job), std::nullopt};
  }
  const int64_t started = deps_.clock->MonotonicMicros();
  IndexRecord record;
  bool has_shadow = false;
  int64_t pending_retry = 0;
  {
    MutexLock lock(index->mu);
    record = index->record;
    has_shadow = index->shadow.has_value();
    pending_retry = index->gen ? index->gen->docs_pending_retry() : 0;
  }
  if (!SameName(record.definition.dataset, dataset_name)) {
    return Conflict("vector index '", name, "' belongs to dataset '", record.definition.dataset,
                    "', not '", std::string(dataset_name), "'");
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> dataset,
                      datasets_.Get(record.definition.dataset));
  LH_RETURN_IF_ERROR(CheckBoundDataset(record.definition, dataset->id));
  if (!has_shadow && record.built_from_version == dataset->current_version &&
      record.failures == 0 && record.status != IndexStatus::kFailed && pending_retry == 0) {
    RefreshResult result;
    result.index_name = record.definition.name;
    result.from_version = result.to_version = dataset->current_version;
    result.elapsed_ms = (deps_.clock->MonotonicMicros() - started) / 1000;
    return RefreshRequestOutcome{Job{}, std::move(result)};
  }
  LH_ASSIGN_OR_RETURN(Job job, SubmitRefresh(record.definition.name));
  return RefreshRequestOutcome{std::move(job), std::nullopt};
}

void VectorService::RecordFailure(LiveIndex& index, const Status& status) {
  MutexLock lock(index.mu);
  IndexRecord& r = index.record;
  r.failures += 1;
  r.last_error = status.ToString();
  int64_t backoff_ms =
      std::min<int64_t>(options_.max_backoff_ms, int64_t{1000} << std::min(r.failures, 20));
  r.next_retry_at = deps_.clock->NowMicros() + backoff_ms * 1000;
  // Never built: nothing to search. Built: searches keep answering from the version it reflects,
  // but the index is not "ready" — it is failing, with its error and next retry beside it.
  r.status = r.built_from_version == 0 ? IndexStatus::kFailed : IndexStatus::kFailing;
  r.updated_at = deps_.clock->NowMicros();
  Status saved = store_->Update(r);
  if (!saved.ok())
    LH_LOG_ERROR("index '{}': recording a failure: {}", r.definition.name, saved.ToString());
}

Result<Json> VectorService::RunRefreshJob(JobContext& ctx) {
  std::shared_ptr<LiveIndex> index = Find(ctx.target());
  if (!index) return NotFound("vector index '", ctx.target(), "' does not exist (deleted?)");
  LH_RETURN_IF_ERROR(index->WaitUntilLoaded(ctx));  // a job resumed at start-up
  MutexLock serial(index->refresh_mu);
  if (!Find(ctx.target())) return NotFound("vector index '", ctx.target(), "' was deleted");
  bool has_shadow;
  {
    MutexLock lock(index->mu);
    has_shadow = index->shadow.has_value();
  }
  if (has_shadow) {
    LH_ASSIGN_OR_RETURN(RefreshResult result, RefreshShadow(*index, ctx));
    return result.ToJson();
  }
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    MutexLock lock(index->mu);
    if (!index->gen)
      return FailedPrecondition("index '", ctx.target(),
                                "' failed to load: ", index->record.last_error.value_or("?"));
    if (index->record.status != IndexStatus::kBuilding) {
      index->record.status = IndexStatus::kRefreshing;
    }
    record = index->record;
    gen = index->gen;
  }
  Result<RefreshResult> result = refresher_.Run(&record, gen.get(), &ctx);
  {
    MutexLock lock(index->mu);
    // Keep what a PATCH changed meanwhile (policy, ef_search); the rest is the run's.
    record.definition.policy = index->record.definition.policy;
    record.definition.ef_search = index->record.definition.ef_search;
    record.definition.target_recall = index->record.definition.target_recall;
    record.recall = index->record.recall;
    if (!result.ok()) record.status = index->record.status;
    index->record = record;
  }
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kCancelled) {
      // Shutdown or a user's cancel: the checkpoint stands; the next run resumes from it.
      MutexLock lock(index->mu);
      IndexRecord& r = index->record;
      r.status = r.built_from_version == 0 ? IndexStatus::kBuilding
                 : r.failures > 0          ? IndexStatus::kFailing
                                           : IndexStatus::kReady;
      (void)store_->Update(index->record);
      return result.status();
    }
    RecordFailure(*index, result.status());
    return result.status();
  }
  (void)store_->UpdateDefinition(record.definition, record.generation);
  PublishEmbeddings(record, *gen);
  // Measured before the job completes, so a caller that waited for it searches at the new
  // setting; a failed measurement leaves the refresh done and the previous setting in place.
  Result<bool> tuned = TuneRecall(*index, /*force=*/false, &ctx);
  if (!tuned.ok()) {
    LH_LOG_WARN("index '{}': measuring recall: {}", record.definition.name,
                tuned.status().ToString());
  }
  MaybeCompact(record, *gen);
  Json out = result->ToJson();
  if (!result->failed_chunks.empty()) ctx.SetDetail(Json{{"failed_chunks", result->failed_chunks}});
  return out;
}

Result<RefreshResult> VectorService::RefreshShadow(LiveIndex& index, JobContext& ctx) {
  RefreshResult total;
  for (int round = 0; round < kShadowCatchUpRounds; ++round) {
    IndexRecord record;
    std::shared_ptr<IndexGeneration> gen;
    {
      MutexLock lock(index.mu);
      record = *index.shadow;
      gen = index.shadow_gen;
    }
    Result<RefreshResult> result = refresher_.Run(&record, gen.get(), &ctx);
    if (!result.ok()) {
      MutexLock lock(index.mu);
      if (index.shadow) {
        index.shadow->last_error = result.status().ToString();
        index.shadow->parts_seq = record.parts_seq;
        index.shadow->next_label = record.next_label;
      }
      return result.status();
    }
    if (round == 0)
      total = *result;
    else {
      total.to_version = result->to_version;
      total.chunks_embedded += result->chunks_embedded;
      total.chunks_reused += result->chunks_reused;
      total.docs_added += result->docs_added;
      total.docs_updated += result->docs_updated;
      total.docs_deleted += result->docs_deleted;
      total.elapsed_ms += result->elapsed_ms;
    }
    {
      MutexLock lock(index.mu);
      index.shadow = record;
    }
    LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(record.definition.dataset));
    LH_RETURN_IF_ERROR(CheckBoundDataset(record.definition, dataset.id));
    if (dataset.current_version != record.built_from_version) continue;  // chase the writes
    // Caught up: one registry transaction, then one pointer swap.
    LH_RETURN_IF_ERROR(store_->PromoteShadow(record.definition.name));
    std::string old_dir;
    std::shared_ptr<IndexGeneration> promoted;
    {
      MutexLock lock(index.mu);
      old_dir = index.gen ? index.gen->dir() : "";
      record.role = IndexRole::kActive;
      index.record = record;
      index.gen = index.shadow_gen;
      promoted = index.gen;
      index.shadow.reset();
      index.shadow_gen.reset();
    }
    PublishEmbeddings(record, *promoted);
    std::error_code ec;
    if (!old_dir.empty()) std::filesystem::remove_all(old_dir, ec);
    LH_LOG_INFO("index '{}': shadow generation {} promoted", record.definition.name,
                record.generation);
    std::shared_ptr<LiveIndex> live = Find(record.definition.name);
    if (live) ScheduleCron(live);
    Result<bool> tuned = TuneRecall(index, /*force=*/true, &ctx);
    if (!tuned.ok()) {
      LH_LOG_WARN("index '{}': measuring recall: {}", record.definition.name,
                  tuned.status().ToString());
    }
    total.stale_cleared = true;
    return total;
  }
  total.stale_cleared = false;
  return total;  // still chasing; the next refresh continues the shadow
}

Result<IndexInfo> VectorService::GetIndex(std::string_view name) {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  IndexInfo info;
  {
    MutexLock lock(index->mu);
    info = InfoLocked(*index);
  }
  info.active_job = ActiveJob(info.record.definition.name);
  return info;
}

Result<std::string> VectorService::IndexDataset(std::string_view name) const {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  MutexLock lock(index->mu);
  return index->record.definition.dataset;
}

std::optional<Job> VectorService::ActiveJob(const std::string& index_name) {
  JobFilter filter;
  filter.kind = std::string(kRefreshKind);
  filter.target = index_name;
  for (JobState state : {JobState::kRunning, JobState::kQueued}) {
    filter.state = state;
    filter.limit = 1;
    Result<std::vector<Job>> jobs = jobs_->List(filter);
    if (jobs.ok() && !jobs->empty()) return std::move(jobs->front());
  }
  return std::nullopt;
}

IndexInfo VectorService::InfoLocked(const LiveIndex& index) const {
  index.mu.AssertHeld();
  const IndexRecord& r = index.record;
  IndexInfo info;
  info.record = r;
  info.status = index.loading ? IndexStatus::kLoading : r.status;
  info.doc_count = index.gen ? index.gen->doc_count() : r.doc_count;
  info.chunk_count = index.gen ? index.gen->chunk_count() : r.chunk_count;
  info.dimensions =
      index.gen && index.gen->dimensions() > 0 ? index.gen->dimensions() : r.definition.dimensions;
  info.last_used = index.last_used;
  info.strategy = index.gen ? index.gen->search_strategy()
                            : (r.recall ? r.recall->strategy : SearchStrategy::kHnsw);
  if (index.gen) info.graph = index.gen->graph_stats();
  if (index.shadow) {
    info.shadow = IndexInfo::Shadow{index.shadow->generation, index.shadow->built_from_version,
                                    index.shadow_gen ? index.shadow_gen->doc_count() : 0,
                                    index.shadow->definition, index.shadow->last_error};
  }
  return info;
}

Result<std::vector<IndexInfo>> VectorService::ListIndexes(std::string_view dataset,
                                                          std::string_view model) {
  if (!dataset.empty()) LH_RETURN_IF_ERROR(deps_.catalog->GetDataset(dataset).status());
  std::vector<std::shared_ptr<LiveIndex>> all;
  {
    MutexLock lock(mu_);
    for (const auto& [name, index] : indexes_) all.push_back(index);
  }
  std::vector<IndexInfo> out;
  for (const auto& index : all) {
    IndexInfo info;
    {
      MutexLock lock(index->mu);
      info = InfoLocked(*index);
    }
    const IndexDefinition& def = info.record.definition;
    if (!dataset.empty() && !SameName(def.dataset, dataset)) continue;
    if (!model.empty() && def.model != model) continue;
    out.push_back(std::move(info));
  }
  return out;
}

Status VectorService::DeleteIndex(std::string_view name) {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  std::string canonical;
  {
    MutexLock lock(index->mu);
    canonical = index->record.definition.name;
  }
  CancelRefreshJobs(canonical);
  MutexLock serial(index->refresh_mu);  // waits for a running refresh's next step
  LH_RETURN_IF_ERROR(store_->Delete(canonical));
  Status trials_deleted = trials_.DeleteAll(canonical);
  if (!trials_deleted.ok()) {
    LH_LOG_WARN("index '{}': its trials were not deleted: {}", canonical,
                trials_deleted.ToString());
  }
  {
    MutexLock lock(mu_);
    indexes_.erase(AsciiLower(canonical));
    due_.erase(AsciiLower(canonical));
  }
  scheduler_.Remove(AsciiLower(canonical));
  if (embedding_views_) embedding_views_->Drop(canonical);
  std::error_code ec;
  std::filesystem::remove_all(options_.indexes_dir + "/" + canonical, ec);
  return Status::Ok();
}

void VectorService::PublishEmbeddings(const IndexRecord& record, const IndexGeneration& gen) {
  if (!embedding_views_) return;
  Status s = embedding_views_->Publish(record.definition.name, gen.LiveFiles(record.parts_seq),
                                       gen.dimensions());
  if (!s.ok()) {
    LH_LOG_WARN("index '{}': embeddings view not published: {}", record.definition.name,
                s.ToString());
  }
}

Result<VectorService::PatchOutcome> VectorService::PatchIndex(std::string_view name,
                                                              const IndexFields& patch) {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  IndexRecord current;
  bool has_shadow;
  {
    MutexLock lock(index->mu);
    LH_RETURN_IF_ERROR(index->RefuseWhileLoading());
    current = index->record;
    has_shadow = index->shadow.has_value();
  }
  LH_ASSIGN_OR_RETURN(IndexDefinition next, ApplyIndexPatch(current.definition, patch));
  if (next.policy.mode == RefreshMode::kScheduled) {
    LH_RETURN_IF_ERROR(CronSchedule::Parse(next.policy.cron).status());
  }
  LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(next.dataset));
  LH_RETURN_IF_ERROR(CheckBoundDataset(next, dataset.id));
  if (!next.byo_vectors()) {
    if (FindColumn(dataset, next.text_column) == nullptr) {
      return InvalidArgument("dataset '", dataset.name, "' has no column '", next.text_column, "'");
    }
    if (!next.context_template.empty()) {
      std::vector<std::string> names;
      for (const Column& c : dataset.columns) names.push_back(c.name);
      LH_RETURN_IF_ERROR(ChunkTemplate::Parse(next.context_template, names).status());
    }
    LH_RETURN_IF_ERROR(deps_.embedders(next.model).status());
  }
  bool rebuild = !next.SameEmbedding(current.definition) || next.m != current.definition.m ||
                 next.ef_construction != current.definition.ef_construction;
  if (!rebuild) {
    const bool retarget = next.target_recall != current.definition.target_recall;
    const bool pin_ef = patch.ef_search.has_value();
    {
      MutexLock lock(index->mu);
      index->record.definition.policy = next.policy;
      index->record.definition.ef_search = next.ef_search;
      index->record.definition.target_recall = next.target_recall;
      if (index->gen) LH_RETURN_IF_ERROR(index->gen->SetEfSearch(next.ef_search));
      LH_RETURN_IF_ERROR(
          store_->UpdateDefinition(index->record.definition, index->record.generation));
    }
    if (pin_ef) PinEfSearch(*index, next.ef_search);
    ScheduleCron(index);
    if (retarget) LH_RETURN_IF_ERROR(SubmitRecall(current.definition.name).status());
    LH_ASSIGN_OR_RETURN(IndexInfo info, GetIndex(name));
    return PatchOutcome{std::move(info), std::nullopt};
  }
  if (has_shadow) {
    return Conflict("index '", current.definition.name,
                    "' is already rebuilding a shadow generation; wait for it to finish");
  }
  IndexRecord shadow;
  shadow.definition = next;
  if (!next.SameEmbedding(current.definition))
    shadow.definition.dimensions = next.byo_vectors() ? current.definition.dimensions : 0;
  shadow.generation = current.generation + 1;
  shadow.role = IndexRole::kShadow;
  shadow.status = IndexStatus::kBuilding;
  shadow.created_at = shadow.updated_at = deps_.clock->NowMicros();
  std::error_code ec;
  std::filesystem::remove_all(GenerationDir(next.name, shadow.generation), ec);
  LH_RETURN_IF_ERROR(store_->Insert(shadow));
  Result<std::shared_ptr<IndexGeneration>> gen = OpenGeneration(shadow);
  if (!gen.ok()) {
    (void)store_->DeleteGeneration(next.name, shadow.generation);
    return gen.status();
  }
  {
    MutexLock lock(index->mu);
    index->shadow = shadow;
    index->shadow_gen = std::move(gen).value();
    // Policy changes apply at once, also while the shadow builds.
    index->record.definition.policy = next.policy;
  }
  ScheduleCron(index);
  LH_ASSIGN_OR_RETURN(Job job, SubmitRefresh(next.name));
  LH_ASSIGN_OR_RETURN(IndexInfo info, GetIndex(name));
  return PatchOutcome{std::move(info), std::move(job)};
}

}  // namespace lakehouse
