#include "jobs/job.h"

#include "common/clock.h"

namespace lakehouse {

namespace {

constexpr std::string_view kStateNames[] = {"queued", "running", "succeeded", "failed",
                                            "cancelled"};

Json OptionalTime(const std::optional<int64_t>& micros) {
  return micros ? Json(FormatTimestamp(*micros)) : Json(nullptr);
}

}  // namespace

std::string_view JobStateName(JobState state) { return kStateNames[static_cast<int>(state)]; }

Result<JobState> ParseJobState(std::string_view name) {
  for (int i = 0; i < 5; ++i) {
    if (kStateNames[i] == name) return static_cast<JobState>(i);
  }
  return InvalidArgument("unknown job state '", std::string(name),
                         "' (expected queued, running, succeeded, failed or cancelled)");
}

Json Job::ToJson() const {
  Json p = {{"done", progress.done}, {"unit", progress.unit}};
  p["total"] = progress.total ? Json(*progress.total) : Json(nullptr);
  p["fraction"] = progress.total && *progress.total > 0
                      ? Json(std::min(1.0, static_cast<double>(progress.done) / *progress.total))
                      : Json(nullptr);
  p["rate_per_s"] = progress.rate_per_s ? Json(*progress.rate_per_s) : Json(nullptr);
  p["eta_s"] = progress.eta_s ? Json(*progress.eta_s) : Json(nullptr);
  return Json{{"job_id", id},
              {"kind", kind},
              {"target", target},
              {"state", JobStateName(state)},
              {"params", params},
              {"progress", std::move(p)},
              {"message", message},
              {"error", error ? Json(*error) : Json(nullptr)},
              {"result", result},
              {"detail", detail},
              {"attempts", attempts},
              {"cancel_requested", cancel_requested},
              {"created_at", FormatTimestamp(created_at)},
              {"started_at", OptionalTime(started_at)},
              {"finished_at", OptionalTime(finished_at)},
              {"updated_at", FormatTimestamp(updated_at)},
              {"owner", owner.empty() ? Json(nullptr) : Json(owner)}};
}

}  // namespace lakehouse
