#include "api/db_ingest_handlers.h"

#include "api/job_handlers.h"
#include "api/request_audit.h"
#include "api/request_policy.h"

namespace lakehouse {
namespace {

constexpr std::string_view kFields[] = {"dsn",
                                        "table",
                                        "query",
                                        "dataset",
                                        "mode",
                                        "key",
                                        "batch_size",
                                        "incremental_column",
                                        "allow_schema_change",
                                        "on_duplicate_key"};

Result<DbIngestRequest> ParseDbIngestRequest(const Json& body, const HttpRequest& http) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    bool known = false;
    for (std::string_view f : kFields) known = known || name == f;
    if (!known) return InvalidArgument("unknown field '", name, "'");
  }
  DbIngestRequest request;
  LH_ASSIGN_OR_RETURN(request.dsn, RequiredString(body, "dsn"));
  LH_ASSIGN_OR_RETURN(auto table, OptionalString(body, "table"));
  LH_ASSIGN_OR_RETURN(auto query, OptionalString(body, "query"));
  LH_ASSIGN_OR_RETURN(auto dataset, OptionalString(body, "dataset"));
  LH_ASSIGN_OR_RETURN(auto mode, OptionalString(body, "mode"));
  LH_ASSIGN_OR_RETURN(auto key, OptionalString(body, "key"));
  LH_ASSIGN_OR_RETURN(auto batch_size, OptionalInt(body, "batch_size"));
  LH_ASSIGN_OR_RETURN(auto incremental, OptionalString(body, "incremental_column"));
  LH_ASSIGN_OR_RETURN(auto allow, OptionalBool(body, "allow_schema_change"));
  request.table = table.value_or("");
  request.query = query.value_or("");
  request.dataset = dataset.value_or("");
  if (mode && !mode->empty()) {
    LH_ASSIGN_OR_RETURN(request.mode, ParseIngestMode(*mode));
  }
  request.key = key.value_or("");
  if (batch_size && *batch_size <= 0) return InvalidArgument("field 'batch_size' must be positive");
  request.batch_size = batch_size.value_or(0);
  request.incremental_column = incremental.value_or("");
  request.allow_schema_change = allow.value_or(false);
  LH_ASSIGN_OR_RETURN(auto on_duplicate_key, OptionalString(body, "on_duplicate_key"));
  if (on_duplicate_key && !on_duplicate_key->empty()) {
    LH_ASSIGN_OR_RETURN(request.on_duplicate_key, ParseDuplicateKeyPolicy(*on_duplicate_key));
  }
  request.bucket = http.Header("X-Lakehouse-Bucket").value_or("");
  request.actor = ActorOf(http, http.Header("X-Lakehouse-Actor"));
  return request;
}

}  // namespace

Result<HttpResponse> DbIngestHandlers::IngestDb(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(DbIngestRequest ingest, ParseDbIngestRequest(body, request));
  LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), DbIngestService::TargetDataset(ingest),
                                          Permission::kWrite));
  if (AuditRecord* audit = AuditOf(request)) audit->AddDataset(ingest.dataset);
  LH_ASSIGN_OR_RETURN(Job job, pulls_->Submit(ingest));
  return JobStartedResponse(jobs_, job, request);
}

}  // namespace lakehouse
