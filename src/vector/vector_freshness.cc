// VectorService: staleness and freshness (GET /vectors/stale, .../freshness, the dataset
// manifest's embedding fields) and the refresh policies' triggers: on_append's debounced commit
// listener and scheduled cron runs.
#include <algorithm>
#include <string>

#include "common/logging.h"
#include "common/mutex.h"
#include "jobs/cron_schedule.h"
#include "sql/sql_literal.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

using vector_internal::kRefreshKind;
using vector_internal::SameName;

}  // namespace

Result<IndexFreshness> VectorService::Freshness(LiveIndex& index, const Dataset& dataset,
                                                bool with_coverage) {
  IndexRecord record;
  int64_t docs = 0;
  IndexFreshness out;
  {
    MutexLock lock(index.mu);
    record = index.record;
    docs = index.gen ? index.gen->doc_count() : record.doc_count;
    out.docs_pending_retry = index.gen ? index.gen->docs_pending_retry() : 0;
  }
  const int64_t built = record.built_from_version;
  out.dataset = dataset.name;
  out.index_name = record.definition.name;
  out.stale = dataset.current_version > built;
  out.last_embedded_at = record.last_embedded_at;
  out.policy = record.definition.policy.mode;
  out.built_from_version = built;
  out.dataset_version = dataset.current_version;
  out.status = record.status;
  out.last_error = record.last_error;
  out.failures = record.failures;
  out.next_retry_at = record.next_retry_at;
  if (out.stale) {
    LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> versions,
                        deps_.catalog->ListVersions(dataset.name));
    for (const DatasetVersion& v : versions) {
      if (v.version <= built) continue;
      if (!out.stale_since) out.stale_since = v.committed_at;
      // A compaction rewrites rows without changing any: nothing to embed.
      if (v.operation == VersionOperation::kCompact) continue;
      out.pending_rows_estimate += v.rows_added + v.rows_removed;
      // Tombstones are not rows in the version log, but each one is a document to delete.
      for (const DataFile& file : v.files_added) {
        if (file.is_delete()) out.pending_rows_estimate += file.row_count;
      }
    }
  }
  if (with_coverage) {
    IndexFreshness::Coverage coverage;
    coverage.rows_embedded = docs;
    // Rows as the dataset reads (after upserts and tombstones), not the physical row count.
    coverage.dataset_rows = dataset.row_count;
    SqlRequest count;
    count.sql = "SELECT count(*) FROM " + SqlIdentifier(dataset.name);
    if (Result<QueryAnswer> counted = queries_->Query(count);
        counted.ok() && counted->rows->row_count() == 1) {
      if (std::optional<int64_t> rows = counted->rows->Int64(0, 0)) coverage.dataset_rows = *rows;
    }
    coverage.next_scheduled_run = scheduler_.NextRun(AsciiLower(record.definition.name));
    coverage.refresh_running = jobs_->IsRunning(kRefreshKind, record.definition.name);
    out.coverage = coverage;
  }
  return out;
}

Result<std::vector<IndexFreshness>> VectorService::Stale(std::string_view dataset_filter) {
  if (!dataset_filter.empty()) {
    LH_RETURN_IF_ERROR(deps_.catalog->GetDataset(dataset_filter).status());
  }
  std::vector<std::shared_ptr<LiveIndex>> all;
  {
    MutexLock lock(mu_);
    for (const auto& [name, index] : indexes_) all.push_back(index);
  }
  std::vector<IndexFreshness> out;
  for (const auto& index : all) {
    IndexDefinition def;
    {
      MutexLock lock(index->mu);
      def = index->record.definition;
    }
    if (!dataset_filter.empty() && !SameName(def.dataset, dataset_filter)) continue;
    Result<Dataset> dataset = deps_.catalog->GetDataset(def.dataset);
    // Dataset deleted (its indexes go with it): nothing to refresh from.
    if (!dataset.ok() || !CheckBoundDataset(def, dataset->id).ok()) continue;
    LH_ASSIGN_OR_RETURN(IndexFreshness entry, Freshness(*index, *dataset, false));
    if (entry.stale) out.push_back(std::move(entry));
  }
  return out;
}

Result<IndexFreshness> VectorService::Freshness(std::string_view name) {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  IndexDefinition def;
  {
    MutexLock lock(index->mu);
    def = index->record.definition;
  }
  LH_ASSIGN_OR_RETURN(Dataset dataset, deps_.catalog->GetDataset(def.dataset));
  LH_RETURN_IF_ERROR(CheckBoundDataset(def, dataset.id));
  return Freshness(*index, dataset, true);
}

DatasetEmbeddingSummary VectorService::DatasetEmbeddingStatus(const Dataset& dataset) {
  std::vector<std::shared_ptr<LiveIndex>> mine;
  {
    MutexLock lock(mu_);
    for (const auto& [name, index] : indexes_) {
      MutexLock index_lock(index->mu);
      const IndexDefinition& def = index->record.definition;
      if (SameName(def.dataset, dataset.name) && CheckBoundDataset(def, dataset.id).ok())
        mine.push_back(index);
    }
  }
  DatasetEmbeddingSummary out;
  for (const auto& index : mine) {
    Result<IndexFreshness> fresh = Freshness(*index, dataset, false);
    if (!fresh.ok()) continue;
    out.index_names.push_back(fresh->index_name);
    {
      MutexLock lock(index->mu);
      const auto& at = index->record.last_embedded_at;
      if (at && (!out.last_embedded_at || *at < *out.last_embedded_at)) out.last_embedded_at = at;
      if (!out.refresh_policy) out.refresh_policy = index->record.definition.policy.mode;
    }
    if (fresh->stale_since &&
        (!out.embedding_stale_since || *fresh->stale_since < *out.embedding_stale_since)) {
      out.embedding_stale_since = fresh->stale_since;
    }
  }
  return out;
}

void VectorService::OnCommit(const Dataset& dataset, const DatasetVersion& version) {
  try {
    MutexLock lock(mu_);
    const int64_t now = deps_.clock->MonotonicMicros();
    for (const auto& [key, index] : indexes_) {
      MutexLock index_lock(index->mu);
      const IndexDefinition& def = index->record.definition;
      if (def.policy.mode != RefreshMode::kOnAppend || !SameName(def.dataset, dataset.name) ||
          !CheckBoundDataset(def, dataset.id).ok())
        continue;
      // Debounced: every commit pushes the trigger back; a burst ends in one refresh.
      due_[key] = now + def.policy.debounce_ms * 1000;
    }
  } catch (const std::exception& e) {
    LH_LOG_ERROR("vector indexes not notified of a commit to '{}': {}", dataset.name, e.what());
  }
  trigger_cv_.notify_all();
  // The rows searches return, read for the new version now rather than by its first search (the
  // query database's views, notified before this listener, already read it).
  row_cache_.Rewarm(dataset.id, version.version,
                    [this, name = dataset.name, id = dataset.id, v = version.version] {
                      Result<std::shared_ptr<const Dataset>> now = datasets_.Get(name);
                      return now.ok() && (*now)->id == id && (*now)->current_version == v;
                    });
}

void VectorService::TickTriggers() {
  std::vector<std::string> ready;
  const int64_t now = deps_.clock->MonotonicMicros();
  const int64_t wall = deps_.clock->NowMicros();
  {
    MutexLock lock(mu_);
    for (auto it = due_.begin(); it != due_.end();) {
      if (it->second > now) {
        ++it;
        continue;
      }
      auto index = indexes_.find(it->first);
      if (index == indexes_.end()) {
        it = due_.erase(it);
        continue;
      }
      LiveIndex& live = *index->second;
      MutexLock index_lock(live.mu);
      const std::optional<int64_t>& retry_at = live.record.next_retry_at;
      if (retry_at && *retry_at > wall) {
        it->second = now + (*retry_at - wall);  // backing off after failures
        ++it;
        continue;
      }
      ready.push_back(live.record.definition.name);
      it = due_.erase(it);
    }
  }
  for (const std::string& name : ready) {
    Result<Job> job = SubmitRefresh(name);
    if (!job.ok())
      LH_LOG_WARN("on_append refresh of '{}' not queued: {}", name, job.status().ToString());
  }
}

void VectorService::TriggerLoop() {
  MutexLock lock(trigger_mu_);
  while (!stopping_) {
    trigger_cv_.wait_for(lock.native(), options_.trigger_poll);
    if (stopping_) break;
    lock.Unlock();
    TickTriggers();
    lock.Lock();
  }
}

void VectorService::ScheduleCron(const std::shared_ptr<LiveIndex>& index) {
  std::string name;
  RefreshPolicy policy;
  {
    MutexLock lock(index->mu);
    name = index->record.definition.name;
    policy = index->record.definition.policy;
  }
  if (policy.mode != RefreshMode::kScheduled) {
    scheduler_.Remove(AsciiLower(name));
    return;
  }
  Result<CronSchedule> schedule = CronSchedule::Parse(policy.cron);
  if (!schedule.ok()) {
    LH_LOG_ERROR("index '{}': bad cron '{}': {}", name, policy.cron, schedule.status().ToString());
    return;
  }
  std::weak_ptr<LiveIndex> weak = index;
  scheduler_.Set(AsciiLower(name), std::move(schedule).value(), [this, weak, name] {
    std::shared_ptr<LiveIndex> live = weak.lock();
    if (!live) return;
    IndexDefinition def;
    int64_t built = 0;
    {
      MutexLock lock(live->mu);
      const std::optional<int64_t>& retry_at = live->record.next_retry_at;
      if (retry_at && *retry_at > deps_.clock->NowMicros()) return;  // backing off
      def = live->record.definition;
      built = live->record.built_from_version;
    }
    if (jobs_->IsRunning(kRefreshKind, name)) return;  // single-flight
    Result<Dataset> current = deps_.catalog->GetDataset(def.dataset);
    // Dataset deleted (its indexes go with it), or not stale: skipped.
    if (!current.ok() || !CheckBoundDataset(def, current->id).ok()) return;
    if (current->current_version == built) return;
    Result<Job> job = SubmitRefresh(name);
    if (!job.ok())
      LH_LOG_WARN("scheduled refresh of '{}' not queued: {}", name, job.status().ToString());
  });
}

}  // namespace lakehouse
