#include "rpc/catalog_proto.h"

namespace lakehouse {
namespace {

void ToProto(const Column& column, pb::Column* out) {
  out->set_name(column.name);
  out->set_type(column.type);
  out->set_nullable(column.nullable);
  out->set_description(column.description);
  if (column.pii) {
    out->mutable_pii()->set_kind(std::string(PiiKindName(column.pii->kind)));
    out->mutable_pii()->set_confidence(column.pii->confidence);
  }
  if (column.sensitivity_override) {
    out->set_sensitivity_override(ToProto(*column.sensitivity_override));
  }
  out->set_effective_sensitivity(ToProto(column.EffectiveSensitivity()));
}

void ToProto(const Lineage& lineage, pb::Lineage* out) {
  out->set_source_system(lineage.source_system);
  out->set_source_uri(lineage.source_uri);
  out->set_ingest_job_id(lineage.ingest_job_id);
  for (const std::string& p : lineage.parent_datasets) out->add_parent_datasets(p);
}

void ToProto(const DataFile& file, pb::DataFile* out) {
  out->set_path(file.path);
  out->set_bucket(file.bucket);
  out->set_row_count(file.row_count);
  out->set_size_bytes(file.size_bytes);
  out->set_kind(file.kind);
  out->set_version_added(file.version_added);
}

Result<VersionOperation> FromProto(pb::VersionOperation op) {
  switch (op) {
    case pb::VERSION_OPERATION_APPEND:
      return VersionOperation::kAppend;
    case pb::VERSION_OPERATION_UPSERT:
      return VersionOperation::kUpsert;
    case pb::VERSION_OPERATION_REPLACE:
      return VersionOperation::kReplace;
    case pb::VERSION_OPERATION_DELETE:
      return VersionOperation::kDelete;
    case pb::VERSION_OPERATION_COMPACT:
      return VersionOperation::kCompact;
    case pb::VERSION_OPERATION_CREATE:
      return VersionOperation::kCreate;
    default:
      return InvalidArgument("field 'operation' is required");
  }
}

}  // namespace

pb::Sensitivity ToProto(Sensitivity s) {
  switch (s) {
    case Sensitivity::kPublic:
      return pb::SENSITIVITY_PUBLIC;
    case Sensitivity::kInternal:
      return pb::SENSITIVITY_INTERNAL;
    case Sensitivity::kConfidential:
      return pb::SENSITIVITY_CONFIDENTIAL;
    case Sensitivity::kRestricted:
      return pb::SENSITIVITY_RESTRICTED;
  }
  return pb::SENSITIVITY_UNSPECIFIED;
}

std::optional<Sensitivity> FromProto(pb::Sensitivity s) {
  switch (s) {
    case pb::SENSITIVITY_PUBLIC:
      return Sensitivity::kPublic;
    case pb::SENSITIVITY_INTERNAL:
      return Sensitivity::kInternal;
    case pb::SENSITIVITY_CONFIDENTIAL:
      return Sensitivity::kConfidential;
    case pb::SENSITIVITY_RESTRICTED:
      return Sensitivity::kRestricted;
    default:
      return std::nullopt;
  }
}

pb::VersionOperation ToProto(VersionOperation op) {
  switch (op) {
    case VersionOperation::kCreate:
      return pb::VERSION_OPERATION_CREATE;
    case VersionOperation::kAppend:
      return pb::VERSION_OPERATION_APPEND;
    case VersionOperation::kUpsert:
      return pb::VERSION_OPERATION_UPSERT;
    case VersionOperation::kReplace:
      return pb::VERSION_OPERATION_REPLACE;
    case VersionOperation::kDelete:
      return pb::VERSION_OPERATION_DELETE;
    case VersionOperation::kCompact:
      return pb::VERSION_OPERATION_COMPACT;
  }
  return pb::VERSION_OPERATION_UNSPECIFIED;
}

void ToProto(const Dataset& dataset, pb::Dataset* out) {
  out->set_id(dataset.id);
  out->set_name(dataset.name);
  out->set_description(dataset.description);
  out->set_owner(dataset.owner);
  out->set_declared_sensitivity(ToProto(dataset.declared_sensitivity));
  out->set_effective_sensitivity(ToProto(dataset.EffectiveSensitivity()));
  for (const std::string& tag : dataset.tags) out->add_tags(tag);
  for (const Column& column : dataset.columns) ToProto(column, out->add_columns());
  ToProto(dataset.lineage, out->mutable_lineage());
  out->set_created_at_micros(dataset.created_at);
  out->set_updated_at_micros(dataset.updated_at);
  if (dataset.last_ingest_at) out->set_last_ingest_at_micros(*dataset.last_ingest_at);
  out->set_row_count(dataset.row_count);
  out->set_size_bytes(dataset.size_bytes);
  out->set_schema_fingerprint(dataset.schema_fingerprint);
  out->set_bucket(dataset.bucket);
  if (dataset.primary_key) {
    for (const std::string& column : *dataset.primary_key) out->add_primary_key(column);
  }
  out->set_current_version(dataset.current_version);
}

void ToProto(const DatasetVersion& version, pb::DatasetVersion* out) {
  out->set_dataset_id(version.dataset_id);
  out->set_version(version.version);
  out->set_operation(ToProto(version.operation));
  for (const DataFile& f : version.files_added) ToProto(f, out->add_files_added());
  for (const DataFile& f : version.files_removed) ToProto(f, out->add_files_removed());
  out->set_rows_added(version.rows_added);
  out->set_rows_removed(version.rows_removed);
  out->set_actor(version.actor);
  out->set_committed_at_micros(version.committed_at);
  if (version.detail.is_object()) {
    google::protobuf::Value detail;
    ToProto(version.detail, &detail);
    *out->mutable_detail() = std::move(*detail.mutable_struct_value());
  }
}

void ToProto(const Json& value, google::protobuf::Value* out) {
  switch (value.type()) {
    case Json::value_t::null:
    case Json::value_t::discarded:
      out->set_null_value(google::protobuf::NULL_VALUE);
      return;
    case Json::value_t::boolean:
      out->set_bool_value(value.get<bool>());
      return;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      out->set_number_value(value.get<double>());
      return;
    case Json::value_t::string:
      out->set_string_value(value.get<std::string>());
      return;
    case Json::value_t::binary:
      out->set_null_value(google::protobuf::NULL_VALUE);
      return;
    case Json::value_t::array: {
      google::protobuf::ListValue* list = out->mutable_list_value();
      for (const Json& item : value) ToProto(item, list->add_values());
      return;
    }
    case Json::value_t::object: {
      auto* fields = out->mutable_struct_value()->mutable_fields();
      for (auto it = value.begin(); it != value.end(); ++it)
        ToProto(it.value(), &(*fields)[it.key()]);
      return;
    }
  }
}

Result<RegisterRequest> FromProto(const pb::RegisterDatasetRequest& request) {
  RegisterRequest out;
  CreateDatasetRequest& create = out.create;
  create.name = request.name();
  create.description = request.description();
  create.owner = request.owner();
  create.sensitivity = FromProto(request.sensitivity()).value_or(Sensitivity::kInternal);
  create.tags.assign(request.tags().begin(), request.tags().end());
  for (const pb::ColumnSpec& spec : request.columns()) {
    Column column;
    column.name = spec.name();
    column.type = spec.type();
    column.nullable = spec.nullable();
    column.description = spec.description();
    column.sensitivity_override = FromProto(spec.sensitivity());
    create.columns.push_back(std::move(column));
  }
  if (!request.bucket().empty()) create.bucket = request.bucket();
  if (request.primary_key_size() > 0) {
    create.primary_key =
        std::vector<std::string>(request.primary_key().begin(), request.primary_key().end());
  }
  if (request.has_lineage()) {
    const pb::Lineage& lineage = request.lineage();
    create.lineage.source_system = lineage.source_system();
    create.lineage.source_uri = lineage.source_uri();
    create.lineage.ingest_job_id = lineage.ingest_job_id();
    create.lineage.parent_datasets.assign(lineage.parent_datasets().begin(),
                                          lineage.parent_datasets().end());
  }
  create.actor = request.actor().empty() ? "grpc" : request.actor();
  LH_ASSIGN_OR_RETURN(create, CheckCreateDatasetRequest(std::move(create)));
  for (const pb::ObjectRef& file : request.files()) {
    if (file.key().empty()) return InvalidArgument("field 'files': a key is empty");
    out.files.emplace_back(file.bucket().empty() ? create.bucket : file.bucket(), file.key());
  }
  return out;
}

Result<FileCommitRequest> FromProto(const pb::CommitVersionRequest& request) {
  FileCommitRequest out;
  if (request.name().empty()) return InvalidArgument("field 'name' is required");
  out.dataset = request.name();
  if (request.expected_version() < 1) {
    return InvalidArgument("field 'expected_version' must be the version the commit builds on");
  }
  out.expected_version = request.expected_version();
  LH_ASSIGN_OR_RETURN(out.operation, FromProto(request.operation()));
  for (const pb::ObjectRef& file : request.files_added()) {
    out.files_added.emplace_back(file.bucket(), file.key());
  }
  out.files_removed.assign(request.files_removed().begin(), request.files_removed().end());
  out.actor = request.actor().empty() ? "grpc" : request.actor();
  return out;
}

}  // namespace lakehouse
