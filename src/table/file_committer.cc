#include "table/file_committer.h"

#include <set>

#include "catalog/dataset_layout.h"
#include "common/strings.h"
#include "storage/object_key.h"

namespace lakehouse {
namespace {

// Values read per text column for PII detection (as many as an ingest samples).
constexpr int64_t kPiiSampleValues = 100;

// INVALID_ARGUMENT naming the first column one side has and the other lacks (by name, any case).
Status SameColumnNames(const std::vector<Column>& dataset, const std::vector<Column>& files) {
  auto names = [](const std::vector<Column>& columns) {
    std::set<std::string> out;
    for (const Column& c : columns) out.insert(AsciiLower(c.name));
    return out;
  };
  const std::set<std::string> have = names(dataset);
  const std::set<std::string> got = names(files);
  for (const std::string& name : got) {
    if (!have.contains(name)) {
      return InvalidArgument("the new files have a column '", name,
                             "' the dataset lacks; change a schema through the ingest API");
    }
  }
  for (const std::string& name : have) {
    if (!got.contains(name)) {
      return InvalidArgument("the new files lack the dataset's column '", name, "'");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<DatasetVersion> FileCommitter::Commit(const FileCommitRequest& request) {
  const VersionOperation op = request.operation;
  if (op != VersionOperation::kAppend && op != VersionOperation::kReplace &&
      op != VersionOperation::kDelete) {
    return InvalidArgument(
        "field 'operation': only append, replace and delete are committed "
        "this way, got '",
        VersionOperationName(op), "'");
  }
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(request.dataset));
  if (dataset.primary_key) {
    return FailedPrecondition("dataset '", dataset.name,
                              "' has a primary key: write it through the ingest API");
  }
  const std::string prefix = DatasetKeyPrefix(dataset.id);
  std::vector<DataFile> added;
  std::vector<std::string> local_paths;
  std::vector<Column> columns;
  std::set<std::string> seen;
  for (const auto& [raw_bucket, raw_key] : request.files_added) {
    const std::string bucket = raw_bucket.empty() ? dataset.bucket : raw_bucket;
    Result<std::string> key = ValidateObjectKey(raw_key);
    if (!key.ok()) return key.status().WithContext(StrCat("field 'files_added': '", raw_key, "'"));
    if (bucket != dataset.bucket || !key->starts_with(prefix)) {
      return InvalidArgument("field 'files_added': '", bucket, ":", *key, "' is not under ",
                             dataset.bucket, ":", prefix);
    }
    if (!seen.insert(*key).second) {
      return InvalidArgument("field 'files_added': '", *key, "' is listed twice");
    }
    LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets_->Get(bucket));
    Result<ObjectInfo> info = store->Stat(*key);
    if (info.status().code() == StatusCode::kNotFound) {
      return NotFound("object '", bucket, ":", *key, "' does not exist");
    }
    LH_RETURN_IF_ERROR(info);
    LH_ASSIGN_OR_RETURN(std::string local_path, buckets_->ReadPath(bucket, *key));
    Result<ParquetFileFacts> facts = inspector_->Inspect(local_path);
    if (!facts.ok()) {
      return Status(facts.status().code(),
                    StrCat("object '", bucket, ":", *key, "' is not a readable Parquet file"));
    }
    added.push_back(DataFile{*key, bucket, facts->row_count, facts->size_bytes});
    if (local_paths.empty()) columns = facts->columns;
    local_paths.push_back(std::move(local_path));
  }
  if (local_paths.size() > 1) {
    LH_ASSIGN_OR_RETURN(columns, inspector_->UnifiedColumns(local_paths));
  }

  CommitRequest commit;
  commit.dataset_id = dataset.id;
  commit.expected_version = request.expected_version;
  commit.operation = op;
  commit.files_added = std::move(added);
  commit.files_removed = request.files_removed;
  commit.actor = request.actor;
  if (!local_paths.empty()) {
    if (op == VersionOperation::kReplace || dataset.columns.empty()) {
      commit.columns = columns;
    } else {
      LH_RETURN_IF_ERROR(SameColumnNames(dataset.columns, columns));
    }
  }
  ColumnSamples samples;
  if (!local_paths.empty()) {
    LH_ASSIGN_OR_RETURN(samples, inspector_->SampleText(local_paths, columns, kPiiSampleValues));
  }
  LH_ASSIGN_OR_RETURN(DatasetVersion version, catalog_->Commit(std::move(commit), samples));
  if (listeners_ != nullptr && !listeners_->empty()) {
    Result<Dataset> after = catalog_->GetDataset(dataset.name);
    if (after.ok() && after->id == version.dataset_id) listeners_->Notify(*after, version);
  }
  return version;
}

}  // namespace lakehouse
