// Internal to VectorService's translation units — vector_service.cc (lifecycle, builds,
// refresh jobs, registry), vector_search.cc (search, filters, RAG) and vector_freshness.cc
// (staleness, freshness, policies and their triggers): the per-index state and the small helpers
// they share. Not part of the API; include only from those files.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "common/mutex.h"
#include "common/strings.h"
#include "jobs/job_context.h"
#include "vector/vector_service.h"

namespace lakehouse {

struct VectorService::LiveIndex {
  Mutex refresh_mu;                      // one refresh or shadow build at a time
  mutable Mutex mu;                      // guards the fields below
  IndexRecord record LH_GUARDED_BY(mu);  // the active generation's registry row
  std::shared_ptr<IndexGeneration> gen LH_GUARDED_BY(mu);
  std::optional<IndexRecord> shadow LH_GUARDED_BY(mu);
  std::shared_ptr<IndexGeneration> shadow_gen LH_GUARDED_BY(mu);
  std::optional<int64_t> last_used LH_GUARDED_BY(mu);
  int64_t last_used_saved LH_GUARDED_BY(mu) = 0;
  // Start-up: registered, its generation not in memory yet (searches answer UNAVAILABLE).
  bool loading LH_GUARDED_BY(mu) = false;

  // UNAVAILABLE while `loading`.
  Status RefuseWhileLoading() const LH_REQUIRES(mu) {
    if (!loading) return Status::Ok();
    return Unavailable("vector index '", record.definition.name,
                       "' is still loading after a restart; retry in a moment");
  }
  // Blocks a job resumed at start-up until the index is in memory (or the job is cancelled).
  Status WaitUntilLoaded(JobContext& ctx) {
    while (true) {
      {
        MutexLock lock(mu);
        if (!loading) return Status::Ok();
      }
      LH_RETURN_IF_ERROR(ctx.CheckCancelled());
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

namespace vector_internal {

// The job kind of refreshes and shadow builds.
inline constexpr std::string_view kRefreshKind = "vector_refresh";
// The job kind of recall measurements outside a refresh (a load, a target_recall change).
inline constexpr std::string_view kRecallKind = "vector_recall";
// The job kind of part file compactions (vector_compaction.cc).
inline constexpr std::string_view kCompactKind = "vector_compact";

// Dataset and index names compare case-insensitively, as the catalog's do.
bool SameName(std::string_view a, std::string_view b);
// An RFC 3339 timestamp, or null.
Json OptionalTime(const std::optional<int64_t>& micros);
const Column* FindColumn(const Dataset& dataset, const std::string& name);

}  // namespace vector_internal
}  // namespace lakehouse
