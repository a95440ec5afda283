// VectorService: background compaction of an index's part files (a `vector_compact` job,
// submitted after a refresh leaves at least `compact_parts` parts after the generation's base).
// The job folds the parts into a new base (IndexGeneration::WriteBase), points the embeddings
// view at it and deletes the superseded files; searches and the in-memory generation are not
// touched, and refreshes wait for it (refresh_mu), so one refresh's parts are never half-folded.
#include "common/logging.h"
#include "common/mutex.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {

using vector_internal::kCompactKind;

void VectorService::MaybeCompact(const IndexRecord& record, const IndexGeneration& gen) {
  if (options_.compact_parts <= 0) return;
  if (gen.PartsAfterBase(CompactionLimit(record)) < options_.compact_parts) return;
  Result<Job> job =
      jobs_->Submit(kCompactKind, record.definition.name,
                    Json{{"index_name", record.definition.name}}, SubmitOptions{.coalesce = true});
  if (!job.ok()) {
    LH_LOG_WARN("index '{}': compaction not scheduled: {}", record.definition.name,
                job.status().ToString());
  }
}

int64_t VectorService::CompactionLimit(const IndexRecord& record) {
  // Open replays the parts after the saved graph into it: those stay until the graph is saved.
  return record.graph_seq > 0 ? std::min(record.graph_seq, record.parts_seq) : record.parts_seq;
}

Result<Json> VectorService::RunCompactJob(JobContext& ctx) {
  std::shared_ptr<LiveIndex> index = Find(ctx.target());
  if (!index) return NotFound("vector index '", ctx.target(), "' does not exist (deleted?)");
  LH_RETURN_IF_ERROR(index->WaitUntilLoaded(ctx));
  MutexLock serial(index->refresh_mu);
  if (!Find(ctx.target())) return NotFound("vector index '", ctx.target(), "' was deleted");
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    MutexLock lock(index->mu);
    if (!index->gen) return FailedPrecondition("index '", ctx.target(), "' is not loaded");
    record = index->record;
    gen = index->gen;
  }
  const int64_t upto = CompactionLimit(record);
  const int64_t folded = gen->PartsAfterBase(upto);
  Json out{{"index_name", record.definition.name}, {"parts_folded", 0}};
  if (folded < 2 && gen->base_seq() > 0) return out;  // a base and at most one part: as good
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, deps_.pool->Acquire(std::chrono::seconds(60)));
  LH_ASSIGN_OR_RETURN(bool wrote, gen->WriteBase(upto, &lease.connection()));
  if (!wrote) return out;
  PublishEmbeddings(record, *gen);
  LH_RETURN_IF_ERROR(gen->RemoveSuperseded());
  LH_LOG_INFO("index '{}': {} parts compacted into base {}", record.definition.name, folded, upto);
  out["parts_folded"] = folded;
  out["base_seq"] = upto;
  return out;
}

}  // namespace lakehouse
