#include "api/audited_routes.h"

#include <chrono>
#include <set>
#include <string>

#include "api/request_policy.h"
#include "http/status_mapping.h"

namespace lakehouse {
namespace {

using SteadyClock = std::chrono::steady_clock;

double MillisSince(SteadyClock::time_point start) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
}

// Routes that change nothing although they are POSTs (their body is a query): their records are
// batched like GETs'.
bool IsRead(const RouteSpec& spec) {
  if (spec.method == HttpMethod::kGet || spec.method == HttpMethod::kHead) return true;
  static const std::set<std::string, std::less<>> kPostReads = {
      "runSql",     "runPagedSql", "searchVectors", "searchVectorsBatch",
      "askVectors", "embedTexts",  "generateText",  "rerankDocuments"};
  return kPostReads.contains(spec.operation_id);
}

void Finish(AuditLog* log, std::shared_ptr<AuditRecord> record, const HttpRequest& request,
            bool read, int status, SteadyClock::time_point start) {
  record->principal = PolicyOf(request).principal().name;
  record->status = status;
  record->duration_ms = MillisSince(start);
  log->Record(std::move(*record), /*durable=*/!read);
}

int StatusOf(const Result<HttpResponse>& response) {
  return response.ok() ? response->status : HttpStatusFor(response.status().code());
}

}  // namespace

std::function<void(const HttpRequest&, std::string_view, int)> AuditEarlyAnswers(
    AuditLog* log, const Clock* clock) {
  if (!log->enabled()) return nullptr;
  return [log, clock](const HttpRequest& request, std::string_view operation, int status) {
    AuditRecord record;
    record.request_id = request.request_id;
    record.time_us = clock->NowMicros();
    record.operation = std::string(operation);
    record.method = std::string(HttpMethodName(request.method));
    record.path = request.path;
    record.principal = request.policy != nullptr ? request.policy->principal().name
                                                 : DenyAllPolicy()->principal().name;
    record.status = status;
    if (auto it = request.path_params.find("dataset"); it != request.path_params.end()) {
      record.AddDataset(it->second);
    }
    log->Record(std::move(record), /*durable=*/false);
  };
}

void AuditEveryRoute(RouteTable* routes, AuditLog* log, const Clock* clock) {
  if (!log->enabled()) return;
  routes->WrapHandlers([log, clock](const RouteSpec& spec, HttpHandler handler) -> HttpHandler {
    // A dataset named in the path is touched whatever the handler adds.
    const bool dataset_route = spec.pattern.find("/datasets/") != std::string::npos;
    const bool read = IsRead(spec);
    return [log, clock, operation = spec.operation_id, dataset_route, read,
            handler = std::move(handler)](HttpRequest& request) -> Result<HttpResponse> {
      const auto start = SteadyClock::now();
      auto record = std::make_shared<AuditRecord>();
      record->request_id = request.request_id;
      record->time_us = clock->NowMicros();
      record->operation = operation;
      record->method = std::string(HttpMethodName(request.method));
      record->path = request.path;
      if (auto it = request.path_params.find("dataset"); it != request.path_params.end()) {
        record->AddDataset(it->second);
      } else if (auto name = request.path_params.find("name");
                 dataset_route && name != request.path_params.end()) {
        record->AddDataset(name->second);
      }
      request.audit = record;
      Result<HttpResponse> response = handler(request);
      request.audit.reset();
      if (response.ok() && response->deferred) {
        // Recorded when the answer is known; the request object is gone by then.
        HttpRequest shell;
        shell.method = request.method;
        shell.policy = request.policy;
        response->deferred = [log, record, shell = std::move(shell), start, read,
                              start_deferred =
                                  std::move(response->deferred)](ResponseCompleter complete) {
          start_deferred([log, record, shell, start, read,
                          complete = std::move(complete)](Result<HttpResponse> answer) {
            Finish(log, record, shell, read, StatusOf(answer), start);
            complete(std::move(answer));
          });
        };
        return response;
      }
      Finish(log, std::move(record), request, read, StatusOf(response), start);
      return response;
    };
  });
}

}  // namespace lakehouse
