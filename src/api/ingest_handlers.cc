#include "api/ingest_handlers.h"

#include <map>
#include <memory>
#include <vector>

#include "api/request_audit.h"
#include "api/request_policy.h"
#include "storage/upload_spool.h"

namespace lakehouse {
namespace {

constexpr size_t kMaxFieldBytes = 4096;
constexpr std::string_view kFields[] = {"dataset",
                                        "mode",
                                        "key",
                                        "format",
                                        "delimiter",
                                        "header",
                                        "allow_schema_change",
                                        "on_bad_rows",
                                        "null_values",
                                        "on_duplicate_key"};

// `null_values`: a JSON array of strings, e.g. ["n/a","NA",""].
Result<std::vector<std::string>> ParseNullValues(const std::string& text) {
  Result<Json> parsed = ParseJson(text);
  if (!parsed.ok() || !parsed->is_array()) {
    return InvalidArgument(
        R"(field 'null_values' must be a JSON array of strings, e.g. ["n/a","NA",""])");
  }
  std::vector<std::string> values;
  for (const Json& value : *parsed) {
    if (!value.is_string()) return InvalidArgument("field 'null_values' must hold only strings");
    values.push_back(value.get<std::string>());
  }
  return values;
}

Result<bool> ParseBoolField(const std::string& name, const std::string& value) {
  if (value == "true" || value == "1") return true;
  if (value == "false" || value == "0" || value.empty()) return false;
  return InvalidArgument("field '", name, "' must be true or false, got '", value, "'");
}

// The multipart body: spooled files and plain fields.
struct IngestForm {
  std::vector<std::unique_ptr<UploadSpool>> spools;
  std::vector<std::string> names;
  std::vector<std::shared_ptr<InputScanner>> scans;  // per spool; null when none ran
  std::map<std::string, std::string> fields;
};

Result<IngestForm> ReadForm(HttpRequest& request, const IngestService* ingest,
                            const std::string& spool_dir, int64_t max_upload_bytes) {
  if (!request.read_multipart) {
    return InvalidArgument("expected a multipart/form-data body with parts named 'file'");
  }
  IngestForm form;
  Status problem;
  UploadSpool* file = nullptr;
  std::string* field = nullptr;
  Status read = request.read_multipart(
      [&](const MultipartPartHeader& part) {
        file = nullptr;
        field = nullptr;
        if (part.name == "file") {
          if (part.filename.empty()) {
            problem = InvalidArgument("part 'file' must carry a filename");
            return false;
          }
          // Scanned on the spool's writing thread while it streams in (see StartUploadScan).
          std::shared_ptr<InputScanner> scan = ingest->StartUploadScan(part.filename);
          SpoolObserver observer;
          if (scan) observer = [scan](std::string_view bytes) { (void)scan->Feed(bytes); };
          auto spool = UploadSpool::Create(spool_dir, max_upload_bytes, std::move(observer));
          if (!spool.ok()) {
            problem = spool.status();
            return false;
          }
          form.spools.push_back(std::move(*spool));
          form.names.push_back(part.filename);
          form.scans.push_back(std::move(scan));
          file = form.spools.back().get();
          return true;
        }
        bool known = false;
        for (std::string_view f : kFields) known = known || part.name == f;
        if (!known || form.fields.contains(part.name)) {
          problem = InvalidArgument(known ? "field '" + part.name + "' given twice"
                                          : "unknown field '" + part.name + "'");
          return false;
        }
        field = &form.fields[part.name];
        return true;
      },
      [&](std::string_view chunk) {
        if (file != nullptr) {
          problem = file->Append(chunk);
          return problem.ok();
        }
        if (field != nullptr) {
          if (field->size() + chunk.size() > kMaxFieldBytes) {
            problem = InvalidArgument("a form field is longer than ",
                                      std::to_string(kMaxFieldBytes), " bytes");
            return false;
          }
          field->append(chunk);
        }
        return true;
      });
  LH_RETURN_IF_ERROR(problem);  // the spool's or the form's reason comes first
  LH_RETURN_IF_ERROR(read);
  for (size_t i = 0; i < form.spools.size(); ++i) {
    LH_RETURN_IF_ERROR(form.spools[i]->Finish());  // joins the helper: the scan is complete
    if (form.scans[i]) form.scans[i]->Finish();
  }
  return form;
}

Result<IngestRequest> ToIngestRequest(const IngestForm& form, const HttpRequest& http) {
  IngestRequest request;
  auto field = [&](const char* name) -> std::string {
    auto it = form.fields.find(name);
    return it == form.fields.end() ? "" : it->second;
  };
  request.dataset = field("dataset");
  if (std::string mode = field("mode"); !mode.empty()) {
    LH_ASSIGN_OR_RETURN(request.mode, ParseIngestMode(mode));
  }
  request.key = field("key");
  if (std::string format = field("format"); !format.empty()) {
    LH_ASSIGN_OR_RETURN(request.format, ParseInputFormat(format));
  }
  if (form.fields.contains("delimiter")) request.csv.delimiter = field("delimiter");
  if (form.fields.contains("header")) {
    LH_ASSIGN_OR_RETURN(request.csv.header, ParseBoolField("header", field("header")));
  }
  LH_ASSIGN_OR_RETURN(request.allow_schema_change,
                      ParseBoolField("allow_schema_change", field("allow_schema_change")));
  if (std::string policy = field("on_bad_rows"); !policy.empty()) {
    LH_ASSIGN_OR_RETURN(request.csv.on_bad_rows, ParseBadRowPolicy(policy));
  }
  if (form.fields.contains("null_values")) {
    LH_ASSIGN_OR_RETURN(request.csv.null_values, ParseNullValues(field("null_values")));
  }
  if (std::string policy = field("on_duplicate_key"); !policy.empty()) {
    LH_ASSIGN_OR_RETURN(request.on_duplicate_key, ParseDuplicateKeyPolicy(policy));
  }
  request.bucket = http.Header("X-Lakehouse-Bucket").value_or("");
  request.actor = ActorOf(http, http.Header("X-Lakehouse-Actor"));
  for (size_t i = 0; i < form.spools.size(); ++i) {
    request.files.push_back(
        {form.spools[i]->path(), form.names[i], form.spools[i]->sha256(), form.scans[i]});
  }
  return request;
}

Result<TombstoneRequest> ParseTombstoneRequest(const Json& body, const HttpRequest& http) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    if (name != "row_key_column" && name != "row_key_values" && name != "actor" &&
        name != "reason") {
      return InvalidArgument("unknown field '", name, "'");
    }
  }
  TombstoneRequest request;
  LH_ASSIGN_OR_RETURN(request.key_column, RequiredString(body, "row_key_column"));
  auto values = body.find("row_key_values");
  if (values == body.end() || !values->is_array()) {
    return InvalidArgument("field 'row_key_values' must be an array of strings or numbers");
  }
  for (const Json& value : *values) {
    if (value.is_string()) {
      request.values.push_back(value.get<std::string>());
    } else if (value.is_number()) {
      request.values.push_back(DumpJson(value));  // compared with CAST(key AS VARCHAR)
    } else {
      return InvalidArgument("field 'row_key_values' must hold strings or numbers");
    }
  }
  LH_ASSIGN_OR_RETURN(auto actor, OptionalString(body, "actor"));
  request.actor = ActorOf(http, actor ? actor : http.Header("X-Lakehouse-Actor"));
  LH_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  request.reason = reason.value_or("");
  return request;
}

}  // namespace

Result<HttpResponse> IngestHandlers::IngestFile(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(IngestForm form, ReadForm(request, ingest_, spool_dir_, max_upload_bytes_));
  LH_ASSIGN_OR_RETURN(IngestRequest ingest, ToIngestRequest(form, request));
  LH_RETURN_IF_ERROR(authorizer_->Require(PolicyOf(request), ingest.dataset, Permission::kWrite));
  if (AuditRecord* audit = AuditOf(request)) audit->AddDataset(ingest.dataset);
  LH_ASSIGN_OR_RETURN(IngestResult result, ingest_->Ingest(ingest));
  return HttpResponse::JsonBody(result.ToJson());
}

Result<HttpResponse> IngestHandlers::SchemaDiff(HttpRequest& request) {
  std::optional<std::string> against = request.QueryParam("against");
  if (!against || against->empty()) {
    return InvalidArgument("query parameter 'against' (an object key) is required");
  }
  std::optional<InputFormat> format;
  if (auto name = request.QueryParam("format"); name && !name->empty()) {
    LH_ASSIGN_OR_RETURN(format, ParseInputFormat(*name));
  }
  LH_ASSIGN_OR_RETURN(
      Json diff, ingest_->DiffObject(request.PathParam("name"),
                                     request.QueryParam("bucket").value_or(""), *against, format));
  return HttpResponse::JsonBody(diff);
}

Result<HttpResponse> IngestHandlers::AddTombstones(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(Json body, request.JsonBody());
  LH_ASSIGN_OR_RETURN(TombstoneRequest tombstones, ParseTombstoneRequest(body, request));
  tombstones.dataset = request.PathParam("name");
  LH_RETURN_IF_ERROR(
      authorizer_->Require(PolicyOf(request), tombstones.dataset, Permission::kWrite));
  if (AuditRecord* audit = AuditOf(request)) audit->AddDataset(tombstones.dataset);
  LH_ASSIGN_OR_RETURN(TombstoneResult result, tombstones_->Add(tombstones));
  return HttpResponse::JsonBody(result.ToJson(), result.failures.empty() ? 200 : 207);
}

Result<HttpResponse> IngestHandlers::ListTombstones(HttpRequest& request) {
  LH_ASSIGN_OR_RETURN(std::vector<Tombstone> tombstones,
                      tombstones_->List(request.PathParam("name")));
  return HttpResponse::JsonBody(TombstonesToJson(tombstones));
}

}  // namespace lakehouse
