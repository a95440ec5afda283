#include "api/query_handlers.h"

#include <cctype>
#include <memory>
#include <optional>

#include "api/request_audit.h"
#include "api/request_policy.h"

namespace lakehouse {

namespace {

constexpr std::string_view kCsvType = "text/csv";
constexpr std::string_view kParquetType = "application/vnd.apache.parquet";

Result<int64_t> ParseCount(std::string_view what, const std::string& text) {
  if (text.empty() || text.size() > 18 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(what, " must be a non-negative integer, got '", text, "'");
  }
  return std::stoll(text);
}

// The export format the Accept header asks for; none → the JSON document.
std::optional<ExportFormat> RequestedExport(const HttpRequest& request) {
  std::string accept = request.Header("Accept").value_or("");
  for (char& c : accept) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (accept.find(kParquetType) != std::string::npos) return ExportFormat::kParquet;
  if (accept.find(kCsvType) != std::string::npos) return ExportFormat::kCsv;
  return std::nullopt;
}

}  // namespace

Result<HttpResponse> QueryHandlers::Sql(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"sql", "params", "limit", "timeout_ms", "cache"}));
  LH_ASSIGN_OR_RETURN(SqlRequest sql, ParseSqlRequest(body));
  sql.client_gone = request.client_gone;
  AuditRecord* audit = AuditOf(request);
  if (audit != nullptr) audit->sql = sql.sql;
  LH_ASSIGN_OR_RETURN(sql.scope, policy_views_->ScopeFor(PolicyOf(request)));
  if (std::optional<ExportFormat> format = RequestedExport(request)) {
    LH_ASSIGN_OR_RETURN(ExportedFile exported, queries_->Export(sql, *format));
    if (audit != nullptr) {
      for (const std::string& table : exported.tables()) audit->AddDataset(table);
    }
    HttpResponse response;
    response.content_type = std::string(*format == ExportFormat::kCsv ? kCsvType : kParquetType);
    auto file = std::make_shared<ExportedFile>(std::move(exported));
    response.stream = [file](const std::function<bool(std::string_view)>& write) {
      return file->ReadChunks(write);
    };
    return response;
  }
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->Query(sql));
  if (audit != nullptr) {
    audit->row_count = static_cast<int64_t>(answer.rows->rows.size());
    for (const std::string& table : answer.tables) audit->AddDataset(table);
    audit->result_rows = answer.rows;  // subject keys are resolved off the request path
  }
  return HttpResponse::JsonBody(QueryAnswerToJson(answer));
}

Result<HttpResponse> QueryHandlers::Paged(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(
      RejectUnknownFields(body, {"sql", "params", "limit", "timeout_ms", "cache", "page_size"}));
  LH_ASSIGN_OR_RETURN(SqlRequest sql, ParseSqlRequest(body));
  sql.client_gone = request.client_gone;
  if (AuditRecord* audit = AuditOf(request)) audit->sql = sql.sql;
  LH_ASSIGN_OR_RETURN(sql.scope, policy_views_->ScopeFor(PolicyOf(request)));
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> page_size, OptionalInt(body, "page_size"));
  LH_ASSIGN_OR_RETURN(PagedQuery started,
                      pager_->Start(std::move(sql), page_size, PolicyOf(request).principal().name));
  return HttpResponse::JsonBody(started.ToJson());
}

Result<HttpResponse> QueryHandlers::Page(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(int64_t page, ParseCount("page", request.PathParam("page")));
  std::optional<int64_t> size;
  if (std::optional<std::string> text = request.QueryParam("size")) {
    LH_ASSIGN_OR_RETURN(size, ParseCount("query parameter 'size'", *text));
  }
  const AccessPolicy& policy = PolicyOf(request);
  LH_ASSIGN_OR_RETURN(QueryPage rows,
                      pager_->Page(request.PathParam("id"), page, size,
                                   policy.unrestricted() ? nullptr : &policy.principal().name));
  if (AuditRecord* audit = AuditOf(request)) {
    // The page's rows are what this request returned: their subject keys, as /query/sql's.
    audit->row_count = static_cast<int64_t>(rows.count);
    for (const std::string& table : rows.tables) audit->AddDataset(table);
    if (!rows.tables.empty()) {
      const auto first = rows.rows->rows.begin() + static_cast<std::ptrdiff_t>(rows.first);
      auto page_rows = std::make_shared<RowSet>();
      page_rows->columns = rows.rows->columns;
      page_rows->rows.assign(first, first + static_cast<std::ptrdiff_t>(rows.count));
      audit->result_rows = std::move(page_rows);
    }
  }
  return HttpResponse::JsonBody(rows.ToJson());
}

Result<HttpResponse> QueryHandlers::Compact(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"dataset"}));
  LH_ASSIGN_OR_RETURN(std::string dataset, RequiredString(body, "dataset"));
  LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), dataset, Permission::kWrite));
  if (AuditRecord* audit = AuditOf(request)) audit->AddDataset(dataset);
  LH_ASSIGN_OR_RETURN(CompactionResult done, compactor_->Compact(dataset));
  return HttpResponse::JsonBody(done.ToJson());
}

Result<HttpResponse> QueryHandlers::CachePin(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"dataset"}));
  LH_ASSIGN_OR_RETURN(std::string dataset, RequiredString(body, "dataset"));
  LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), dataset, Permission::kWrite));
  LH_ASSIGN_OR_RETURN(HotCacheEntry entry, hot_cache_->Pin(dataset));
  return HttpResponse::JsonBody(entry.ToJson());
}

Result<HttpResponse> QueryHandlers::CacheEvict(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"dataset"}));
  LH_ASSIGN_OR_RETURN(std::string dataset, RequiredString(body, "dataset"));
  LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), dataset, Permission::kWrite));
  LH_RETURN_IF_ERROR(hot_cache_->Evict(dataset));
  return HttpResponse::JsonBody(Json{{"evicted", dataset}});
}

Result<HttpResponse> QueryHandlers::CacheStats(HttpRequest&) {
  return HttpResponse::JsonBody(hot_cache_->Stats().ToJson());
}

}  // namespace lakehouse
