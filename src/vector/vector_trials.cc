// VectorService: the trial journal — evals whose settings are recorded (TrialStore), the best of
// them, and autotune (a bounded ef_search grid, promoting the fastest setting that reaches
// min_recall).
#include <algorithm>

#include "common/mutex.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

bool FasterThan(const TrialRecord& a, const TrialRecord& b) {
  return a.p50_us != b.p50_us ? a.p50_us < b.p50_us : a.id < b.id;
}

bool MoreAccurateThan(const TrialRecord& a, const TrialRecord& b) {
  return a.recall != b.recall ? a.recall > b.recall : FasterThan(a, b);
}

}  // namespace

Result<TrialOrder> ParseTrialOrder(std::string_view name) {
  if (name == "recall") return TrialOrder::kRecall;
  if (name == "latency") return TrialOrder::kLatency;
  if (name == "pareto") return TrialOrder::kPareto;
  return InvalidArgument("unknown order '", std::string(name),
                         "' (expected recall, latency or pareto)");
}

Result<std::vector<TrialRecord>> VectorService::RunTrials(const IndexEvalRequest& request) {
  LH_ASSIGN_OR_RETURN(IndexEvalResult eval, EvaluateIndex(request));
  std::shared_ptr<LiveIndex> index = Find(request.index);
  if (!index) return NotFound("vector index '", request.index, "' does not exist");
  TrialRecord base;
  {
    MutexLock lock(index->mu);
    base.index_name = index->record.definition.name;
    base.generation = index->record.generation;
    base.m = index->record.definition.m;
    base.ef_construction = index->record.definition.ef_construction;
    base.build_ms = index->record.build_ms;
    if (index->gen) {
      // Float vectors and their neighbour lists (2·m links of 4 bytes on the bottom layer) per
      // allocated element, plus the exact index's float and half copies of every vector.
      const HnswStats stats = index->gen->graph_stats();
      const int64_t dims = index->gen->dimensions();
      base.memory_bytes =
          stats.capacity * (dims * 4 + 8 * base.m + 16) + index->gen->chunk_count() * dims * 6;
    }
  }
  base.created_at = deps_.clock->NowMicros();
  base.sampled = eval.sampled;
  base.queries = eval.queries;
  base.k = eval.k;
  std::vector<TrialRecord> trials;
  for (const EfTrial& t : eval.trials) {
    TrialRecord trial = base;
    trial.ef_search = t.ef_search;
    trial.recall = t.recall;
    trial.p50_us = t.p50_us;
    trial.p95_us = t.p95_us;
    trial.p99_us = t.p99_us;
    trials.push_back(std::move(trial));
  }
  LH_RETURN_IF_ERROR(trials_.Append(&trials));
  return trials;
}

Result<std::vector<TrialRecord>> VectorService::ListTrials(std::string_view name) {
  std::shared_ptr<LiveIndex> index = Find(name);
  if (!index) return NotFound("vector index '", std::string(name), "' does not exist");
  return trials_.List(name);
}

Result<std::vector<TrialRecord>> VectorService::BestTrials(std::string_view name, TrialOrder order,
                                                           double min_recall) {
  if (!(min_recall >= 0 && min_recall <= 1)) {
    return InvalidArgument("min_recall must be in [0, 1]");
  }
  LH_ASSIGN_OR_RETURN(std::vector<TrialRecord> all, ListTrials(name));
  std::vector<TrialRecord> out;
  switch (order) {
    case TrialOrder::kRecall: {
      auto best = std::min_element(all.begin(), all.end(), MoreAccurateThan);
      if (best != all.end()) out.push_back(*best);
      break;
    }
    case TrialOrder::kLatency: {
      std::vector<TrialRecord> reaching;
      for (const TrialRecord& t : all) {
        if (t.recall >= min_recall) reaching.push_back(t);
      }
      auto best = std::min_element(reaching.begin(), reaching.end(), FasterThan);
      if (best != reaching.end()) out.push_back(*best);
      break;
    }
    case TrialOrder::kPareto:
      for (const TrialRecord& t : all) {
        const bool dominated = std::any_of(all.begin(), all.end(), [&](const TrialRecord& o) {
          return o.recall >= t.recall && o.p50_us <= t.p50_us &&
                 (o.recall > t.recall || o.p50_us < t.p50_us);
        });
        if (!dominated) out.push_back(t);
      }
      std::sort(out.begin(), out.end(), MoreAccurateThan);
      break;
  }
  return out;
}

Result<AutotuneResult> VectorService::Autotune(const AutotuneRequest& request) {
  if (!(request.min_recall > 0 && request.min_recall <= 1)) {
    return InvalidArgument("field 'min_recall' must be in (0, 1]");
  }
  IndexEvalRequest eval;
  eval.index = request.index;
  eval.sample = request.sample;
  eval.seed = request.seed;
  eval.ef_search = request.ef_search;
  if (eval.ef_search.empty()) eval.ef_search = RecallTunerOptions{}.ef_ladder;
  AutotuneResult out;
  LH_ASSIGN_OR_RETURN(out.trials, RunTrials(eval));
  const TrialRecord* winner = nullptr;
  for (const TrialRecord& t : out.trials) {
    if (t.recall >= request.min_recall && (winner == nullptr || FasterThan(t, *winner))) {
      winner = &t;
    }
  }
  if (winner == nullptr) return out;  // nothing reaches min_recall: nothing changes
  std::shared_ptr<LiveIndex> index = Find(request.index);
  if (!index) return NotFound("vector index '", request.index, "' does not exist");
  PinEfSearch(*index, winner->ef_search, winner->recall);
  LH_RETURN_IF_ERROR(trials_.MarkPromoted(winner->id));
  out.winner = *winner;
  out.winner->promoted = true;
  for (TrialRecord& t : out.trials) t.promoted = t.id == winner->id;
  return out;
}

}  // namespace lakehouse
