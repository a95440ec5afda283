#include "api/audit_handlers.h"

#include <ctime>

#include "api/request_policy.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

constexpr int64_t kDefaultLimit = 100;

Status RequireAdmin(const HttpRequest& request) {
  if (PolicyOf(request).IsAdmin()) return Status::Ok();
  return PermissionDenied("principal '", PolicyOf(request).principal().name,
                          "' may not read the audit log or the journal (admin only)");
}

Result<int64_t> ParseLimit(const HttpRequest& request) {
  std::optional<std::string> text = request.QueryParam("limit");
  if (!text) return kDefaultLimit;
  if (text->empty() || text->size() > 9 ||
      text->find_first_not_of("0123456789") != std::string::npos || std::stoll(*text) < 1) {
    return InvalidArgument("query parameter 'limit' must be a positive integer, got '", *text, "'");
  }
  return std::min<int64_t>(std::stoll(*text), AuditQueries::kMaxLimit);
}

// Epoch microseconds, or an RFC 3339 UTC time ("2026-12-07T15:00:00Z", seconds optional).
Result<int64_t> ParseSince(const std::string& text) {
  if (!text.empty() && text.size() <= 18 &&
      text.find_first_not_of("0123456789") == std::string::npos) {
    return std::stoll(text);
  }
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) end = strptime(text.c_str(), "%Y-%m-%dT%H:%M", &tm);
  if (end == nullptr) end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  if (end == nullptr || !(*end == '\0' || (end[0] == 'Z' && end[1] == '\0'))) {
    return InvalidArgument(
        "query parameter 'since' must be epoch microseconds or an RFC 3339 UTC "
        "time like 2026-12-07T15:00:00Z, got '",
        text, "'");
  }
  return static_cast<int64_t>(timegm(&tm)) * 1'000'000;
}

Result<AuditFilter> ParseFilter(const HttpRequest& request) {
  AuditFilter filter;
  filter.principal = request.QueryParam("principal").value_or("");
  filter.dataset = request.QueryParam("dataset").value_or("");
  if (std::optional<std::string> since = request.QueryParam("since")) {
    LH_ASSIGN_OR_RETURN(filter.since_us, ParseSince(*since));
  }
  LH_ASSIGN_OR_RETURN(filter.limit, ParseLimit(request));
  return filter;
}

// A JSON-text column ("old", "new", "payload") back as its JSON value.
Json FromJsonText(const Json& text) {
  if (!text.is_string()) return text;
  Json parsed = Json::parse(text.get<std::string>(), nullptr, false);
  return parsed.is_discarded() ? text : parsed;
}

// Rows as objects by column name; the journal's JSON-text columns parsed back.
Json RowsToObjects(const RowSet& rows) {
  Json out = Json::array();
  for (const auto& row : rows.rows) {
    Json object = Json::object();
    for (size_t c = 0; c < rows.columns.size(); ++c) {
      const std::string& name = rows.columns[c].name;
      Json value = row[c].ToJson();
      if (name == "payload") value = FromJsonText(value);
      if (name == "changes" && value.is_array()) {
        for (Json& change : value) {
          change["old"] = FromJsonText(change["old"]);
          change["new"] = FromJsonText(change["new"]);
        }
      }
      object[name] = std::move(value);
    }
    out.push_back(std::move(object));
  }
  return out;
}

}  // namespace

AuditHandlers::AuditHandlers(AuditQueries* queries, ChangeJournal* journal)
    : queries_(queries), journal_(journal) {}

Result<HttpResponse> AuditHandlers::Export(const AuditFilter& filter) {
  LH_ASSIGN_OR_RETURN(ExportedFile exported, queries_->ExportRequests(filter));
  HttpResponse response;
  response.content_type = "application/vnd.apache.parquet";
  auto file = std::make_shared<ExportedFile>(std::move(exported));
  response.stream = [file](const std::function<bool(std::string_view)>& write) {
    return file->ReadChunks(write);
  };
  return response;
}

Result<HttpResponse> AuditHandlers::Requests(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(AuditFilter filter, ParseFilter(request));
  const std::string format = request.QueryParam("format").value_or("json");
  if (format == "parquet") return Export(filter);
  if (format != "json") {
    return InvalidArgument("query parameter 'format' must be 'json' or 'parquet', got '", format,
                           "'");
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> rows, queries_->Requests(filter));
  return HttpResponse::JsonBody(Json{{"requests", RowsToObjects(*rows)}});
}

Result<HttpResponse> AuditHandlers::RequestsParquet(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(AuditFilter filter, ParseFilter(request));
  return Export(filter);
}

Result<HttpResponse> AuditHandlers::History(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(int64_t limit, ParseLimit(request));
  const std::string& dataset = request.PathParam("dataset");
  const std::string& key = request.PathParam("key");
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> rows, queries_->History(dataset, key, limit));
  return HttpResponse::JsonBody(
      Json{{"dataset", dataset}, {"key", key}, {"events", RowsToObjects(*rows)}});
}

Result<HttpResponse> AuditHandlers::Recent(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(int64_t limit, ParseLimit(request));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> rows, queries_->Recent(limit));
  return HttpResponse::JsonBody(Json{{"events", RowsToObjects(*rows)}});
}

Result<HttpResponse> AuditHandlers::Stats(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> rows, queries_->Stats());
  int64_t total = 0;
  Json by = RowsToObjects(*rows);
  for (const Json& row : by) total += row.value("events", int64_t{0});
  return HttpResponse::JsonBody(
      Json{{"enabled", journal_->enabled()}, {"events", total}, {"by_dataset_and_type", by}});
}

Result<HttpResponse> AuditHandlers::PostEvent(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_RETURN_IF_ERROR(RejectUnknownFields(body, {"type", "subject", "payload"}));
  JournalEvent event;
  LH_ASSIGN_OR_RETURN(event.type, RequiredString(body, "type"));
  if (event.type.empty() || event.type.size() > 128) {
    return InvalidArgument("field 'type' must be 1 to 128 characters");
  }
  for (std::string_view reserved : {"insert", "update", "tombstone", "commit"}) {
    if (event.type == reserved) {
      return InvalidArgument("type '", event.type,
                             "' is reserved for the server's own change events");
    }
  }
  if (body.contains("subject") && !body["subject"].is_null()) {
    const Json& subject = body["subject"];
    if (!subject.is_object()) return InvalidArgument("field 'subject' must be an object");
    LH_RETURN_IF_ERROR(RejectUnknownFields(subject, {"dataset", "key"}));
    LH_ASSIGN_OR_RETURN(event.dataset, RequiredString(subject, "dataset"));
    LH_ASSIGN_OR_RETURN(event.key, RequiredString(subject, "key"));
  }
  if (body.contains("payload")) {
    if (!body["payload"].is_object() && !body["payload"].is_null()) {
      return InvalidArgument("field 'payload' must be an object");
    }
    event.payload = body["payload"];
  }
  if (!journal_->enabled()) return FailedPrecondition("the journal is disabled (journal.enabled)");
  event.actor = PolicyOf(request).principal().name;
  event.source = "app";
  std::vector<JournalEvent> events{event};
  LH_RETURN_IF_ERROR(journal_->Record(events));
  return HttpResponse::JsonBody(
      Json{{"recorded", true}, {"type", event.type}, {"actor", event.actor}}, 201);
}

Result<HttpResponse> AuditHandlers::Subject(HttpRequest& request) {
  LH_RETURN_IF_ERROR(RequireAdmin(request));
  LH_ASSIGN_OR_RETURN(int64_t limit, ParseLimit(request));
  const std::string& dataset = request.PathParam("dataset");
  const std::string& key = request.PathParam("key");
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> changes,
                      queries_->History(dataset, key, limit));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const RowSet> reads,
                      queries_->SubjectReads(dataset, key, limit));
  return HttpResponse::JsonBody(Json{{"dataset", dataset},
                                     {"key", key},
                                     {"changes", RowsToObjects(*changes)},
                                     {"reads", RowsToObjects(*reads)}});
}

}  // namespace lakehouse
