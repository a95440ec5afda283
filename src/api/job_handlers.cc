#include "api/job_handlers.h"

#include <charconv>

#include "api/request_policy.h"
#include "common/status_detail.h"

namespace lakehouse {
namespace {

Result<int64_t> IntParam(const HttpRequest& request, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  std::optional<std::string> text = request.QueryParam(name);
  if (!text) return fallback;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return InvalidArgument("query parameter '", name, "' must be an integer in [",
                           std::to_string(min), ", ", std::to_string(max), "]");
  }
  return value;
}

// A job that ended badly, as the Status its runner returned (so ?wait=true maps errors like a
// synchronous call would).
Status JobError(const Job& job) {
  if (job.state == JobState::kCancelled) {
    return Cancelled("job ", job.id, " was cancelled");
  }
  std::string error = job.error.value_or("job failed");
  // Job errors are stored as Status::ToString(): "CODE: message".
  for (int c = static_cast<int>(StatusCode::kInvalidArgument);
       c <= static_cast<int>(StatusCode::kInternal); ++c) {
    auto code = static_cast<StatusCode>(c);
    std::string prefix = StrCat(StatusCodeName(code), ": ");
    if (error.starts_with(prefix)) return Status(code, error.substr(prefix.size()));
  }
  return Status(StatusCode::kInternal, error);
}

// The answer to ?wait=true once the job is finished (or the wait failed).
Result<HttpResponse> FinishedJobResponse(const Result<Job>& waited) {
  LH_RETURN_IF_ERROR(waited.status());
  const Job& done = waited.value();
  if (done.state != JobState::kSucceeded) {
    Status error = JobError(done);
    // An ingest job refused for its schema answers like POST /ingest/file: the diff beside the
    // error (409).
    if (error.code() == StatusCode::kConflict && done.detail.is_object() &&
        done.detail.contains("schema_diff")) {
      return WithDetail(error, "schema_diff", done.detail["schema_diff"]);
    }
    return error;
  }
  Json result = done.result.is_null() ? Json::object() : done.result;
  if (result.is_object()) result["job_id"] = done.id;
  return HttpResponse::JsonBody(result);
}

}  // namespace

Result<HttpResponse> JobHandlers::List(HttpRequest& request) {
  JobFilter filter;
  if (auto state = request.QueryParam("state")) {
    LH_ASSIGN_OR_RETURN(filter.state, ParseJobState(*state));
  }
  filter.kind = request.QueryParam("kind").value_or("");
  filter.target = request.QueryParam("target").value_or("");
  LH_ASSIGN_OR_RETURN(filter.limit, IntParam(request, "limit", 100, 1, 10'000));
  LH_ASSIGN_OR_RETURN(std::vector<Job> jobs, jobs_->List(filter));
  const AccessPolicy& policy = PolicyOf(request);
  Json out = Json::array();
  for (const Job& job : jobs) {
    if (Visible(policy, job)) out.push_back(job.ToJson());
  }
  return HttpResponse::JsonBody(Json{{"jobs", std::move(out)}});
}

bool JobHandlers::Visible(const AccessPolicy& policy, const Job& job) const {
  if (policy.unrestricted()) return true;
  if (job.owner.empty() || job.owner != policy.principal().name) return false;
  if (!dataset_of_ || authorizer_ == nullptr) return false;
  std::optional<std::string> dataset = dataset_of_(job);
  return dataset && authorizer_->Require(policy, *dataset, Permission::kRead).ok();
}

Status JobHandlers::CheckCancel(const AccessPolicy& policy, const Job& job) const {
  if (Visible(policy, job)) return Status::Ok();
  std::optional<std::string> dataset = dataset_of_ ? dataset_of_(job) : std::nullopt;
  if (!dataset || authorizer_ == nullptr) return NotFound("job '", job.id, "' not found");
  Status allowed = authorizer_->Require(policy, *dataset, Permission::kAdmin);
  if (allowed.code() == StatusCode::kNotFound) return NotFound("job '", job.id, "' not found");
  if (allowed.code() == StatusCode::kPermissionDenied) {
    return PermissionDenied("principal '", policy.principal().name, "' may not cancel job '",
                            job.id, "': it was started by someone else");
  }
  return allowed;
}

Status JobHandlers::CheckVisible(const HttpRequest& request, const Job& job) const {
  if (Visible(PolicyOf(request), job)) return Status::Ok();
  return NotFound("job '", job.id, "' not found");
}

Result<HttpResponse> JobHandlers::Get(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Job job, jobs_->Get(request.PathParam("id")));
  LH_RETURN_IF_ERROR(CheckVisible(request, job));
  return HttpResponse::JsonBody(job.ToJson());
}

Result<HttpResponse> JobHandlers::Cancel(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Job seen, jobs_->Get(request.PathParam("id")));
  LH_RETURN_IF_ERROR(CheckCancel(PolicyOf(request), seen));
  LH_ASSIGN_OR_RETURN(Job job, jobs_->Cancel(request.PathParam("id")));
  return HttpResponse::JsonBody(job.ToJson());
}

Result<HttpResponse> JobStartedResponse(JobService* jobs, const Job& started,
                                        const HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Job job, jobs->ClaimOwner(started.id, PolicyOf(request).principal().name));
  std::optional<std::string> wait = request.QueryParam("wait");
  if (!wait || (*wait != "true" && *wait != "1")) {
    return HttpResponse::JsonBody(
        Json{{"job_id", job.id}, {"state", JobStateName(job.state)}, {"job", job.ToJson()}}, 202);
  }
  LH_ASSIGN_OR_RETURN(int64_t timeout_ms, IntParam(request, "timeout_ms", 600'000, 1, 86'400'000));
  // The answer is deferred: no HTTP worker is held while the job runs.
  return HttpResponse::Deferred([jobs, id = job.id, timeout_ms](ResponseCompleter complete) {
    jobs->WhenFinished(id, std::chrono::milliseconds(timeout_ms),
                       [complete = std::move(complete)](Result<Job> done) {
                         complete(FinishedJobResponse(done));
                       });
  });
}

}  // namespace lakehouse
