#include "table/dataset_view.h"

#include <algorithm>
#include <cctype>

#include "common/logging.h"
#include "common/mutex.h"
#include "common/strings.h"
#include "sql/sql_literal.h"
#include "table/hot_cache.h"

namespace lakehouse {
namespace {

std::string PathList(const std::vector<const ViewFile*>& files) {
  std::string out = "[";
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out += ", ";
    out += SqlStringLiteral(files[i]->local_path);
  }
  return out + "]";
}

// VALUES rows (path, version, commit position) that label each file's rows.
std::string FileLabels(const std::vector<const ViewFile*>& files) {
  std::string out = "(VALUES ";
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out += ", ";
    out += "(" + SqlStringLiteral(files[i]->local_path) + ", " + std::to_string(files[i]->version) +
           "::BIGINT, " + std::to_string(i) + "::BIGINT)";
  }
  return out + ")";
}

Result<std::string> Projection(const Dataset& dataset, const std::set<std::string>& present,
                               std::string_view qualifier) {
  std::string out;
  for (const Column& column : dataset.columns) {
    LH_RETURN_IF_ERROR(CheckSqlText("column name", column.name));
    LH_RETURN_IF_ERROR(CheckTypeName(column.type));
    if (!out.empty()) out += ", ";
    std::string source = present.count(AsciiLower(column.name)) > 0
                             ? std::string(qualifier) + SqlIdentifier(column.name)
                             : std::string("NULL");
    out += "CAST(" + source + " AS " + column.type + ") AS " + SqlIdentifier(column.name);
  }
  if (out.empty()) return InvalidArgument("dataset '", dataset.name, "' has no columns");
  return out;
}

}  // namespace

std::string TombstoneKeyExpression(const std::vector<std::string>& key_columns,
                                   std::string_view qualifier) {
  std::string q(qualifier);
  if (key_columns.size() == 1) return "CAST(" + q + SqlIdentifier(key_columns[0]) + " AS VARCHAR)";
  std::string out = "concat_ws(chr(31)";
  for (const std::string& column : key_columns) {
    out += ", coalesce(CAST(" + q + SqlIdentifier(column) + " AS VARCHAR), '')";
  }
  return out + ")";
}

Result<std::string> BuildDatasetSelectSql(const Dataset& dataset,
                                          const std::vector<ViewFile>& files,
                                          const std::set<std::string>& present,
                                          std::string_view only_keys) {
  std::vector<const ViewFile*> data;
  std::vector<const ViewFile*> deletes;
  for (const ViewFile& file : files) {
    LH_RETURN_IF_ERROR(CheckSqlText("file path", file.local_path));
    (file.is_delete ? deletes : data).push_back(&file);
  }
  if (data.empty()) {
    LH_ASSIGN_OR_RETURN(std::string columns, Projection(dataset, {}, ""));
    return "SELECT " + columns + " WHERE false";
  }
  std::string scan = "read_parquet(" + PathList(data) + ", union_by_name = true";
  bool has_key = dataset.primary_key.has_value() && !dataset.primary_key->empty();
  if (!has_key) {
    LH_ASSIGN_OR_RETURN(std::string columns, Projection(dataset, present, ""));
    return "SELECT " + columns + " FROM " + scan + ")";
  }
  for (const std::string& key : *dataset.primary_key) {
    if (present.count(AsciiLower(key)) == 0) {
      return DataLoss("dataset '", dataset.name, "': no data file has key column '", key, "'");
    }
  }
  LH_ASSIGN_OR_RETURN(std::string columns, Projection(dataset, present, "r."));
  const std::string keys_in =
      only_keys.empty() ? std::string() : " IN (" + std::string(only_keys) + ")";
  std::string sql =
      "WITH __lh_rows AS (SELECT s.*, f.__lh_version, f.__lh_seq FROM " + scan +
      ", filename = '__lh_file', file_row_number = true) s JOIN " + FileLabels(data) +
      " f(__lh_file, __lh_version, __lh_seq) USING (__lh_file)" +
      (keys_in.empty() ? std::string()
                       : " WHERE " + TombstoneKeyExpression(*dataset.primary_key, "s.") + keys_in) +
      ")";
  std::string where;
  if (!deletes.empty()) {
    sql +=
        ", __lh_tombstones AS (SELECT CAST(t.\"key\" AS VARCHAR) AS __lh_key, f.__lh_version "
        "FROM read_parquet(" +
        PathList(deletes) + ", union_by_name = true, filename = '__lh_file') t JOIN " +
        FileLabels(deletes) + " f(__lh_file, __lh_version, __lh_seq) USING (__lh_file)" +
        (keys_in.empty() ? std::string() : " WHERE CAST(t.\"key\" AS VARCHAR)" + keys_in) + ")";
    std::string key_expr = TombstoneKeyExpression(*dataset.primary_key, "r.");
    where = " WHERE NOT EXISTS (SELECT 1 FROM __lh_tombstones t WHERE t.__lh_key = " + key_expr +
            " AND t.__lh_version > r.__lh_version)";
  }
  std::string partition;
  for (const std::string& key : *dataset.primary_key) {
    if (!partition.empty()) partition += ", ";
    partition += "r." + SqlIdentifier(key);
  }
  sql += " SELECT " + columns + " FROM __lh_rows r" + where +
         " QUALIFY row_number() OVER (PARTITION BY " + partition +
         " ORDER BY r.__lh_seq DESC, r.file_row_number DESC) = 1";
  return sql;
}

DatasetViewRegistry::DatasetViewRegistry(const Database* query_db, Metastore* metastore,
                                         BucketRegistry* buckets, ViewSource* source)
    : query_db_(query_db), metastore_(metastore), buckets_(buckets), source_(source) {}

Status DatasetViewRegistry::BuildAll() {
  {
    MutexLock lock(mu_);
    if (!conn_) {
      LH_ASSIGN_OR_RETURN(Connection conn, query_db_->Connect());
      conn_ = std::make_unique<Connection>(std::move(conn));
    }
  }
  return Sync();
}

Status DatasetViewRegistry::Sync() {
  // Read before the catalog: a write after this point changes it, so the next Sync looks again.
  const uint64_t sequence = metastore_->write_count();
  {
    MutexLock lock(mu_);
    if (synced_sequence_ == sequence) return Status::Ok();
  }
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, metastore_->ListDatasets());
  MutexLock lock(mu_);
  if (!conn_) return FailedPrecondition("dataset views are not built yet");
  bool all_built = true;
  std::set<std::string> live;
  for (const Dataset& d : datasets) {
    live.insert(d.id);
    auto it = built_.find(d.id);
    if (it != built_.end() && it->second.name == d.name &&
        it->second.version == d.current_version && it->second.fingerprint == d.schema_fingerprint) {
      continue;
    }
    Status status = RefreshLocked(d);
    if (!status.ok()) {
      all_built = false;
      LH_LOG_WARN("view of dataset '{}' not built: {}", d.name, status.ToString());
    }
  }
  for (auto it = built_.begin(); it != built_.end();) {
    if (live.count(it->first) > 0) {
      ++it;
      continue;
    }
    Status status = DropLocked(it->second);
    if (!status.ok()) {
      all_built = false;
      LH_LOG_WARN("view '{}' not dropped: {}", it->second.name, status.ToString());
    }
    it = built_.erase(it);
  }
  if (all_built) synced_sequence_ = sequence;
  return Status::Ok();
}

Status DatasetViewRegistry::Refresh(std::string_view name) {
  LH_ASSIGN_OR_RETURN(Dataset d, metastore_->GetDataset(name));
  MutexLock lock(mu_);
  if (!conn_) return FailedPrecondition("dataset views are not built yet");
  return RefreshLocked(d);
}

void DatasetViewRegistry::OnCommit(const Dataset& dataset, const DatasetVersion&) {
  try {
    MutexLock lock(mu_);
    if (!conn_) return;  // BuildAll has not run; it will see this commit
    Status status = RefreshLocked(dataset);
    if (!status.ok()) {
      LH_LOG_WARN("view of dataset '{}' not refreshed: {}", dataset.name, status.ToString());
    }
  } catch (const std::exception& e) {
    LH_LOG_ERROR("view of dataset '{}' not refreshed: {}", dataset.name, e.what());
  }
}

Result<std::vector<ViewFile>> DatasetViewRegistry::ToViewFiles(const std::vector<DataFile>& files) {
  std::vector<ViewFile> out;
  for (const DataFile& file : files) {
    LH_ASSIGN_OR_RETURN(HeldLocalPath local, buckets_->HoldReadPath(file.bucket, file.path));
    out.push_back(ViewFile{std::move(local.path), file.version_added, file.is_delete(),
                           std::move(local.hold)});
  }
  return out;
}

Result<DatasetViewRegistry::HeldSelect> DatasetViewRegistry::SelectSql(
    const Dataset& dataset, const std::vector<DataFile>& data_files) {
  LH_ASSIGN_OR_RETURN(std::vector<ViewFile> files, ToViewFiles(data_files));
  MutexLock lock(mu_);
  if (!conn_) return FailedPrecondition("dataset views are not built yet");
  LH_ASSIGN_OR_RETURN(std::set<std::string> present, PresentColumnsLocked(files));
  HeldSelect out;
  LH_ASSIGN_OR_RETURN(out.sql, BuildDatasetSelectSql(dataset, files, present));
  for (ViewFile& file : files) {
    if (file.hold) out.file_holds.push_back(std::move(file.hold));
  }
  return out;
}

Result<std::set<std::string>> DatasetViewRegistry::PresentColumnsLocked(
    const std::vector<ViewFile>& files) {
  std::set<std::string> present;
  std::vector<const ViewFile*> data;
  for (const ViewFile& file : files) {
    if (!file.is_delete) data.push_back(&file);
  }
  if (data.empty()) return present;
  for (const ViewFile* file : data) LH_RETURN_IF_ERROR(CheckSqlText("file path", file->local_path));
  LH_ASSIGN_OR_RETURN(QueryResult described,
                      conn_->Query("DESCRIBE SELECT * FROM read_parquet(" + PathList(data) +
                                   ", union_by_name = true)"));
  while (std::optional<DataChunk> chunk = described.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      std::optional<std::string> name = chunk->GetString(0, row);
      if (name) present.insert(AsciiLower(*name));
    }
  }
  return present;
}

Status DatasetViewRegistry::RefreshLocked(const Dataset& dataset) {
  LH_RETURN_IF_ERROR(CheckSqlText("dataset name", dataset.name));
  auto previous = built_.find(dataset.id);
  if (previous != built_.end() && AsciiLower(previous->second.name) != AsciiLower(dataset.name)) {
    LH_RETURN_IF_ERROR(DropLocked(previous->second));
    built_.erase(previous);
  }
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, metastore_->PinSnapshot(dataset.name, std::nullopt));
  LH_ASSIGN_OR_RETURN(std::vector<ViewFile> files, ToViewFiles(pin.files()));
  LH_ASSIGN_OR_RETURN(std::set<std::string> present, PresentColumnsLocked(files));
  LH_ASSIGN_OR_RETURN(std::string select, BuildDatasetSelectSql(dataset, files, present));
  if (source_ != nullptr) {
    LH_ASSIGN_OR_RETURN(select, source_->ViewSelect(*conn_, dataset, select));
  }
  LH_RETURN_IF_ERROR(
      conn_->Execute("CREATE OR REPLACE VIEW " + SqlIdentifier(dataset.name) + " AS " + select));
  std::vector<std::shared_ptr<const void>> holds;
  for (ViewFile& file : files) {
    if (file.hold) holds.push_back(std::move(file.hold));
  }
  Built& built = built_[dataset.id];
  if (built.pin) leases_.Retire(std::move(*built.pin), std::move(built.file_holds));
  built = Built{dataset.name, dataset.current_version, dataset.schema_fingerprint, std::move(pin),
                std::move(holds)};
  return Status::Ok();
}

Status DatasetViewRegistry::DropLocked(Built& built) {
  LH_RETURN_IF_ERROR(conn_->Execute("DROP VIEW IF EXISTS " + SqlIdentifier(built.name)));
  if (built.pin) leases_.Retire(std::move(*built.pin), std::move(built.file_holds));
  built.pin.reset();
  built.file_holds.clear();
  return Status::Ok();
}

}  // namespace lakehouse
