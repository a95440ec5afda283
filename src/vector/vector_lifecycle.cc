// VectorService: start-up and shutdown, loading indexes in the background, and the binding of
// indexes to their dataset (a deleted dataset takes its indexes with it).
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "common/logging.h"
#include "common/mutex.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

using vector_internal::kRefreshKind;
using vector_internal::SameName;

}  // namespace

Status VectorService::Start() {
  LH_ASSIGN_OR_RETURN(std::vector<IndexRecord> records, store_->List());
  std::map<std::string, std::pair<std::optional<IndexRecord>, std::optional<IndexRecord>>> by_name;
  for (IndexRecord& r : records) {
    auto& slot = by_name[AsciiLower(r.definition.name)];
    (r.role == IndexRole::kActive ? slot.first : slot.second) = std::move(r);
  }
  std::vector<PendingLoad> pending;
  int64_t chunks = 0;
  for (auto& [name, pair] : by_name) {
    if (!pair.first) {
      LH_LOG_WARN("vector index '{}' has a shadow but no active generation; ignored", name);
      continue;
    }
    Result<bool> dataset_live = BindToDataset(&*pair.first, &pair.second);
    if (!dataset_live.ok()) {
      LH_LOG_ERROR("vector index '{}': checking its dataset: {}", name,
                   dataset_live.status().ToString());
    } else if (!*dataset_live) {
      // Its dataset was deleted and the server stopped before the index went with it.
      const std::string canonical = pair.first->definition.name;
      LH_LOG_WARN("vector index '{}': its dataset '{}' was deleted; deleting the index", canonical,
                  pair.first->definition.dataset);
      CancelRefreshJobs(canonical);
      LH_RETURN_IF_ERROR(store_->Delete(canonical));
      std::error_code ec;
      std::filesystem::remove_all(options_.indexes_dir + "/" + canonical, ec);
      continue;
    }
    // Registered at once (searches answer 503 "loading" until its generation is in memory).
    auto index = std::make_shared<LiveIndex>();
    {
      MutexLock lock(index->mu);  // not shared yet; for the analysis
      index->record = *pair.first;
      index->last_used = pair.first->last_used;
      index->last_used_saved = pair.first->last_used.value_or(0);
      index->loading = true;
    }
    {
      MutexLock lock(mu_);
      indexes_[name] = index;
    }
    chunks += pair.first->chunk_count;
    pending.push_back({index, *pair.first, pair.second});
  }
  {
    MutexLock lock(load_mu_);
    loads_total_ = static_cast<int64_t>(pending.size());
    loads_done_ = 0;
    stop_loading_ = false;
  }
  if (!pending.empty()) {
    LH_LOG_INFO("loading {} vector index(es), {} chunks, in the background", pending.size(),
                chunks);
    loader_thread_ = std::thread([this, pending = std::move(pending)] { LoadAll(pending); });
  }
  scheduler_.Start(std::chrono::milliseconds(500));
  {
    MutexLock lock(trigger_mu_);
    stopping_ = false;
  }
  trigger_thread_ = std::thread([this] { TriggerLoop(); });
  return Status::Ok();
}

void VectorService::LoadAll(const std::vector<PendingLoad>& pending) {
  const int64_t started = deps_.clock->MonotonicMicros();
  int64_t done = 0;
  for (const PendingLoad& load : pending) {
    const auto resume = std::chrono::steady_clock::now() + options_.debug_load_pause;
    do {
      {
        MutexLock lock(load_mu_);
        if (stop_loading_) return;
      }
      if (std::chrono::steady_clock::now() >= resume) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (true);
    const int64_t index_started = deps_.clock->MonotonicMicros();
    Status status;
    try {
      status = LoadInto(load.index, load.active, load.shadow);
    } catch (const std::exception& e) {
      status = Internal("loading threw: ", e.what());
    }
    ++done;
    if (status.ok()) {
      LH_LOG_INFO("vector index '{}' loaded ({} of {}): {} chunks in {} ms",
                  load.active.definition.name, done, pending.size(), load.active.chunk_count,
                  (deps_.clock->MonotonicMicros() - index_started) / 1000);
    } else {
      LH_LOG_ERROR("vector index '{}' could not be loaded ({} of {}): {}",
                   load.active.definition.name, done, pending.size(), status.ToString());
    }
    MutexLock lock(load_mu_);
    loads_done_ = done;
  }
  LH_LOG_INFO("vector indexes loaded: {} of {} in {} ms", done, pending.size(),
              (deps_.clock->MonotonicMicros() - started) / 1000);
}

Status VectorService::CheckLoaded() const {
  std::vector<std::string> loading;
  {
    MutexLock lock(mu_);
    for (const auto& [key, index] : indexes_) {
      MutexLock index_lock(index->mu);
      if (index->loading) loading.push_back(index->record.definition.name);
    }
  }
  if (loading.empty()) return Status::Ok();
  int64_t done = 0;
  int64_t total = 0;
  {
    MutexLock lock(load_mu_);
    done = loads_done_;
    total = loads_total_;
  }
  std::string names;
  for (size_t i = 0; i < loading.size() && i < 10; ++i) names += (i ? ", " : "") + loading[i];
  if (loading.size() > 10) names += ", …";
  return Unavailable("loading vector indexes: ", std::to_string(done), " of ",
                     std::to_string(total), " loaded; still loading: ", names);
}

Status VectorService::LoadIndex(const IndexRecord& active,
                                const std::optional<IndexRecord>& shadow) {
  auto index = std::make_shared<LiveIndex>();
  {
    MutexLock lock(index->mu);  // not shared yet; for the analysis
    index->record = active;
    index->last_used = active.last_used;
    index->loading = true;
  }
  {
    MutexLock lock(mu_);
    indexes_[AsciiLower(active.definition.name)] = index;
  }
  return LoadInto(index, active, shadow);
}

Status VectorService::LoadInto(const std::shared_ptr<LiveIndex>& index, const IndexRecord& active,
                               const std::optional<IndexRecord>& shadow) {
  // A delete of this index waits for its load (and then removes what was loaded).
  MutexLock serial(index->refresh_mu);
  if (Find(active.definition.name) != index) return Status::Ok();  // deleted before its turn
  Result<std::shared_ptr<IndexGeneration>> gen = OpenGeneration(active);
  if (gen.ok() && active.recall) {  // the measured strategy, before the first search
    (*gen)->SetSearchStrategy(active.recall->strategy, active.recall->ef_search);
  }
  std::shared_ptr<IndexGeneration> shadow_gen;
  if (shadow) {
    Result<std::shared_ptr<IndexGeneration>> sgen = OpenGeneration(*shadow);
    if (sgen.ok()) {
      shadow_gen = std::move(sgen).value();
    } else {
      LH_LOG_WARN("shadow of index '{}' dropped: {}", active.definition.name,
                  sgen.status().ToString());
      (void)store_->DeleteGeneration(active.definition.name, shadow->generation);
    }
  }
  {
    MutexLock lock(index->mu);
    if (gen.ok()) {
      index->gen = *gen;
    } else {
      index->record.status = IndexStatus::kFailed;
      index->record.last_error = "cannot load: " + gen.status().ToString();
    }
    if (shadow_gen) {
      index->shadow = shadow;
      index->shadow_gen = shadow_gen;
    }
    index->loading = false;
  }
  if (Find(active.definition.name) != index) return gen.status();  // deleted meanwhile
  if (gen.ok()) PublishEmbeddings(active, **gen);
  if (gen.ok() && !active.recall && (*gen)->chunk_count() > 0) {
    // Never measured (built before recall was measured): measure in the background.
    Result<Job> job = SubmitRecall(active.definition.name);
    if (!job.ok()) {
      LH_LOG_WARN("index '{}': cannot queue its recall measurement: {}", active.definition.name,
                  job.status().ToString());
    }
  }
  ScheduleCron(index);
  return gen.status();
}

void VectorService::Stop() {
  {
    MutexLock lock(load_mu_);
    stop_loading_ = true;
  }
  if (loader_thread_.joinable()) loader_thread_.join();
  {
    MutexLock lock(trigger_mu_);
    stopping_ = true;
  }
  trigger_cv_.notify_all();
  if (trigger_thread_.joinable()) trigger_thread_.join();
  scheduler_.Stop();
  row_cache_.Stop();
  SaveForShutdown();
}

void VectorService::SaveForShutdown() {
  std::vector<std::shared_ptr<LiveIndex>> all;
  {
    MutexLock lock(mu_);
    for (const auto& [name, index] : indexes_) all.push_back(index);
  }
  for (const std::shared_ptr<LiveIndex>& index : all) {
    // A refresh still running (jobs not drained) owns the generation: its parts replay instead.
    if (!index->refresh_mu.TryLock()) continue;
    {
      MutexLock lock(index->mu);
      IndexRecord& r = index->record;
      if (index->gen && !index->loading && r.graph_seq != r.parts_seq &&
          index->gen->unsaved_graph_changes() > 0) {
        // The graph reflects exactly the applied parts 1..parts_seq: save it, so the next start
        // loads it instead of replaying the parts after graph_seq into an older one.
        Status saved = index->gen->SaveGraph(r.parts_seq);
        if (saved.ok()) {
          r.graph_seq = r.parts_seq;
          saved = store_->Update(r);
        }
        if (!saved.ok()) {
          LH_LOG_WARN("index '{}': graph not saved at shutdown: {}", r.definition.name,
                      saved.ToString());
        }
      }
      if (index->last_used && *index->last_used != index->last_used_saved) {
        Status touched = store_->TouchLastUsed(r.definition.name, *index->last_used);
        if (touched.ok()) {
          index->last_used_saved = *index->last_used;
          r.last_used = index->last_used;
        }
      }
    }
    index->refresh_mu.Unlock();
  }
}

Result<bool> VectorService::BindToDataset(IndexRecord* active, std::optional<IndexRecord>* shadow) {
  IndexDefinition& def = active->definition;
  Result<Dataset> dataset = deps_.catalog->GetDataset(def.dataset);
  if (!dataset.ok()) {
    if (dataset.status().code() == StatusCode::kNotFound) return false;
    return dataset.status();
  }
  if (!def.dataset_id.empty()) return dataset->id == def.dataset_id;
  // A registry row from before indexes were bound to dataset ids: the dataset now under the name
  // is the index's own unless it was created after the index (deleted and re-created since).
  if (dataset->created_at > active->created_at) return false;
  def.dataset_id = dataset->id;
  LH_RETURN_IF_ERROR(store_->UpdateDefinition(def, active->generation));
  if (*shadow) {
    (*shadow)->definition.dataset_id = dataset->id;
    LH_RETURN_IF_ERROR(store_->UpdateDefinition((*shadow)->definition, (*shadow)->generation));
  }
  return true;
}

void VectorService::CancelRefreshJobs(const std::string& index_name) {
  JobFilter filter;
  filter.kind = std::string(kRefreshKind);
  filter.target = index_name;
  if (Result<std::vector<Job>> jobs = jobs_->List(filter); jobs.ok()) {
    for (const Job& job : *jobs) {
      if (!IsTerminal(job.state)) (void)jobs_->Cancel(job.id);
    }
  }
}

void VectorService::OnDatasetDeleted(const Dataset& dataset) {
  try {
    std::vector<std::string> names;
    {
      MutexLock lock(mu_);
      for (const auto& [key, index] : indexes_) {
        MutexLock index_lock(index->mu);
        const IndexDefinition& def = index->record.definition;
        if (def.dataset_id == dataset.id ||
            (def.dataset_id.empty() && SameName(def.dataset, dataset.name))) {
          names.push_back(def.name);
        }
      }
    }
    for (const std::string& name : names) {
      Status deleted = DeleteIndex(name);
      if (deleted.ok()) {
        LH_LOG_INFO("vector index '{}' deleted with its dataset '{}'", name, dataset.name);
      } else if (deleted.code() != StatusCode::kNotFound) {
        LH_LOG_ERROR(
            "vector index '{}' of deleted dataset '{}' not deleted: {} (it is deleted "
            "on the next start)",
            name, dataset.name, deleted.ToString());
      }
    }
  } catch (const std::exception& e) {
    LH_LOG_ERROR("vector indexes of deleted dataset '{}' not deleted: {}", dataset.name, e.what());
  }
}

}  // namespace lakehouse
