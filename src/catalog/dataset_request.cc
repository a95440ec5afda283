#include "catalog/dataset_request.h"

#include <set>

#include "catalog/dataset_validation.h"
#include "catalog/redact_uri.h"

namespace lakehouse {

namespace {

Status RejectUnknownFields(const Json& obj, const std::set<std::string>& allowed,
                           std::string_view where) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (allowed.count(it.key()) == 0) {
      return InvalidArgument("unknown field '", std::string(where), it.key(), "'");
    }
  }
  return Status::Ok();
}

Result<std::vector<std::string>> StringArray(const Json& obj, const std::string& key,
                                             const std::string& field) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return out;
  if (!it->is_array()) return InvalidArgument("field '", field, "' must be an array of strings");
  for (const Json& item : *it) {
    if (!item.is_string()) {
      return InvalidArgument("field '", field, "' must be an array of strings");
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

// Reports errors of a field looked up inside a nested object with the object's path as context:
// "columns[2]: missing required field 'type'".
template <typename T>
Result<T> InField(Result<T> result, const std::string& where) {
  if (!result.ok()) return result.status().WithContext(where);
  return result;
}

Result<std::optional<Sensitivity>> OptionalSensitivity(const Json& obj, const std::string& key,
                                                       const std::string& where) {
  LH_ASSIGN_OR_RETURN(auto name, InField(OptionalString(obj, key), where));
  if (!name) return std::optional<Sensitivity>();
  auto parsed = ParseSensitivity(*name);
  if (!parsed.ok()) {
    std::string path = where.empty() ? key : StrCat(where, ".", key);
    return parsed.status().WithContext(StrCat("field '", path, "'"));
  }
  return std::optional<Sensitivity>(*parsed);
}

Result<Column> ParseColumn(const Json& item, size_t index) {
  std::string field = StrCat("columns[", std::to_string(index), "]");
  if (!item.is_object()) return InvalidArgument("field '", field, "' must be an object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      item, {"name", "type", "nullable", "description", "sensitivity"}, field + "."));
  Column column;
  LH_ASSIGN_OR_RETURN(column.name, InField(RequiredString(item, "name"), field));
  LH_ASSIGN_OR_RETURN(column.type, InField(RequiredString(item, "type"), field));
  LH_ASSIGN_OR_RETURN(auto nullable, InField(OptionalBool(item, "nullable"), field));
  column.nullable = nullable.value_or(true);
  LH_ASSIGN_OR_RETURN(auto description, InField(OptionalString(item, "description"), field));
  column.description = description.value_or("");
  LH_ASSIGN_OR_RETURN(column.sensitivity_override, OptionalSensitivity(item, "sensitivity", field));
  return column;
}

Result<Lineage> ParseLineage(const Json& obj) {
  if (!obj.is_object()) return InvalidArgument("field 'lineage' must be an object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      obj, {"source_system", "source_uri", "ingest_job_id", "parent_datasets"}, "lineage."));
  Lineage lineage;
  LH_ASSIGN_OR_RETURN(auto system, InField(OptionalString(obj, "source_system"), "lineage"));
  LH_ASSIGN_OR_RETURN(auto uri, InField(OptionalString(obj, "source_uri"), "lineage"));
  LH_ASSIGN_OR_RETURN(auto job, InField(OptionalString(obj, "ingest_job_id"), "lineage"));
  LH_ASSIGN_OR_RETURN(lineage.parent_datasets,
                      StringArray(obj, "parent_datasets", "lineage.parent_datasets"));
  lineage.source_system = system.value_or("");
  lineage.source_uri = RedactUri(uri.value_or(""));
  lineage.ingest_job_id = job.value_or("");
  for (const std::string& parent : lineage.parent_datasets) {
    auto status = ValidateDatasetName(parent);
    if (!status.ok()) return InvalidArgument("field 'lineage.parent_datasets': ", status.message());
  }
  return lineage;
}

Status CheckDescription(const std::optional<std::string>& text, std::string_view field) {
  if (text && text->size() > kMaxDescriptionBytes) {
    return InvalidArgument("field '", std::string(field), "' is too long");
  }
  return Status::Ok();
}

}  // namespace

Result<CreateDatasetRequest> ParseCreateDatasetRequest(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(body,
                                         {"name", "description", "owner", "sensitivity", "tags",
                                          "columns", "bucket", "primary_key", "lineage"},
                                         ""));
  CreateDatasetRequest request;
  LH_ASSIGN_OR_RETURN(request.name, RequiredString(body, "name"));
  LH_RETURN_IF_ERROR(ValidateDatasetName(request.name));
  LH_ASSIGN_OR_RETURN(auto description, OptionalString(body, "description"));
  LH_RETURN_IF_ERROR(CheckDescription(description, "description"));
  request.description = description.value_or("");
  LH_ASSIGN_OR_RETURN(auto owner, OptionalString(body, "owner"));
  request.owner = owner.value_or("");
  LH_ASSIGN_OR_RETURN(auto sensitivity, OptionalSensitivity(body, "sensitivity", ""));
  request.sensitivity = sensitivity.value_or(Sensitivity::kInternal);
  LH_ASSIGN_OR_RETURN(auto tags, StringArray(body, "tags", "tags"));
  LH_ASSIGN_OR_RETURN(request.tags, NormalizeTags(tags, "tags"));
  LH_ASSIGN_OR_RETURN(auto bucket, OptionalString(body, "bucket"));
  if (bucket) {
    if (bucket->empty()) return InvalidArgument("field 'bucket' must not be empty");
    request.bucket = *bucket;
  }
  auto columns = body.find("columns");
  if (columns != body.end() && !columns->is_null()) {
    if (!columns->is_array()) return InvalidArgument("field 'columns' must be an array");
    for (size_t i = 0; i < columns->size(); ++i) {
      LH_ASSIGN_OR_RETURN(Column column, ParseColumn((*columns)[i], i));
      request.columns.push_back(std::move(column));
    }
  }
  LH_RETURN_IF_ERROR(ValidateColumns(request.columns));
  if (body.contains("primary_key") && !body["primary_key"].is_null()) {
    LH_ASSIGN_OR_RETURN(auto key, StringArray(body, "primary_key", "primary_key"));
    LH_RETURN_IF_ERROR(ValidatePrimaryKey(key, request.columns));
    request.primary_key = std::move(key);
  }
  auto lineage = body.find("lineage");
  if (lineage != body.end() && !lineage->is_null()) {
    LH_ASSIGN_OR_RETURN(request.lineage, ParseLineage(*lineage));
  }
  return request;
}

Result<CreateDatasetRequest> CheckCreateDatasetRequest(CreateDatasetRequest request) {
  LH_RETURN_IF_ERROR(ValidateDatasetName(request.name));
  LH_RETURN_IF_ERROR(CheckDescription(request.description, "description"));
  LH_ASSIGN_OR_RETURN(request.tags, NormalizeTags(request.tags, "tags"));
  if (request.bucket.empty()) return InvalidArgument("field 'bucket' must not be empty");
  LH_RETURN_IF_ERROR(ValidateColumns(request.columns));
  if (request.primary_key) {
    LH_RETURN_IF_ERROR(ValidatePrimaryKey(*request.primary_key, request.columns));
  }
  request.lineage.source_uri = RedactUri(request.lineage.source_uri);
  for (const std::string& parent : request.lineage.parent_datasets) {
    Status status = ValidateDatasetName(parent);
    if (!status.ok()) return InvalidArgument("field 'lineage.parent_datasets': ", status.message());
  }
  return request;
}

Result<MetadataPatch> ParseMetadataPatch(const Json& body) {
  if (!body.is_object()) return InvalidArgument("request body must be a JSON object");
  LH_RETURN_IF_ERROR(RejectUnknownFields(
      body, {"description", "owner", "sensitivity", "tags", "add_tags", "remove_tags", "columns"},
      ""));
  MetadataPatch patch;
  LH_ASSIGN_OR_RETURN(patch.description, OptionalString(body, "description"));
  LH_RETURN_IF_ERROR(CheckDescription(patch.description, "description"));
  LH_ASSIGN_OR_RETURN(patch.owner, OptionalString(body, "owner"));
  LH_ASSIGN_OR_RETURN(patch.sensitivity, OptionalSensitivity(body, "sensitivity", ""));
  if (body.contains("tags") && !body["tags"].is_null()) {
    LH_ASSIGN_OR_RETURN(auto tags, StringArray(body, "tags", "tags"));
    LH_ASSIGN_OR_RETURN(patch.tags, NormalizeTags(tags, "tags"));
  }
  LH_ASSIGN_OR_RETURN(auto add, StringArray(body, "add_tags", "add_tags"));
  LH_ASSIGN_OR_RETURN(patch.add_tags, NormalizeTags(add, "add_tags"));
  LH_ASSIGN_OR_RETURN(auto remove, StringArray(body, "remove_tags", "remove_tags"));
  LH_ASSIGN_OR_RETURN(patch.remove_tags, NormalizeTags(remove, "remove_tags"));
  auto columns = body.find("columns");
  if (columns != body.end() && !columns->is_null()) {
    if (!columns->is_object()) {
      return InvalidArgument("field 'columns' must be an object keyed by column name");
    }
    for (auto it = columns->begin(); it != columns->end(); ++it) {
      std::string field = StrCat("columns.", it.key());
      if (!it->is_object()) return InvalidArgument("field '", field, "' must be an object");
      LH_RETURN_IF_ERROR(RejectUnknownFields(*it, {"description", "sensitivity"}, field + "."));
      ColumnMetadataPatch column;
      LH_ASSIGN_OR_RETURN(column.description, InField(OptionalString(*it, "description"), field));
      LH_RETURN_IF_ERROR(CheckDescription(column.description, field + ".description"));
      if (it->contains("sensitivity")) {
        LH_ASSIGN_OR_RETURN(column.sensitivity, OptionalSensitivity(*it, "sensitivity", field));
      }
      patch.columns[it.key()] = std::move(column);
    }
  }
  return patch;
}

}  // namespace lakehouse
