// IngestService: dedup hashes, staging and sampling (the DuckDB side of an ingest), and the
// schema diff of a stored object.
#include <filesystem>
#include <set>

#include "ingest/file_stager.h"
#include "ingest/ingest_prepared.h"
#include "ingest/ingest_service.h"
#include "ingest/schema_merge.h"
#include "sql/row_set.h"
#include "sql/sql_literal.h"

namespace lakehouse {

IngestService::Prepared::~Prepared() {
  for (const StagedFile& file : staged) {
    std::error_code ec;
    std::filesystem::remove(file.parquet_path, ec);
  }
}

Result<std::vector<std::string>> IngestService::IngestedHashes(std::string_view dataset) {
  Result<std::vector<std::string>> hashes = catalog_->IngestedHashes(dataset);
  if (!hashes.ok() && hashes.status().code() == StatusCode::kNotFound) {
    return std::vector<std::string>{};
  }
  return hashes;
}

std::shared_ptr<InputScanner> IngestService::StartUploadScan(const std::string& filename) const {
  std::optional<InputFormat> format = FormatFromExtension(filename);
  if (!format) return nullptr;
  return std::make_shared<InputScanner>(
      filename, *format,
      StagingScanLimits(options_.staging, *format, CsvOptions{}, /*hash=*/false));
}

Result<IngestService::Prepared> IngestService::Stage(const IngestRequest& request,
                                                     const std::vector<size_t>& fresh) {
  Prepared prepared;
  if (fresh.empty()) return prepared;
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
  FileStager stager(lease.connection(), options_.staging);
  for (size_t index : fresh) {
    const IngestFile& file = request.files[index];
    LH_ASSIGN_OR_RETURN(StagedFile staged, stager.StageFile({.input_path = file.local_path,
                                                             .source_name = file.original_name,
                                                             .format = request.format,
                                                             .csv = request.csv,
                                                             .sha256 = file.sha256,
                                                             .prescan = file.prescan}));
    prepared.staged.push_back(std::move(staged));
    Result<std::vector<ColumnSpec>> merged =
        MergeColumnSpecs(std::move(prepared.columns), prepared.staged.back().columns);
    if (!merged.ok()) return merged.status().WithContext(file.original_name);
    prepared.columns = std::move(*merged);
  }
  return prepared;
}

Result<ColumnSamples> IngestService::SampleStrings(const Prepared& prepared) {
  ColumnSamples samples;
  if (prepared.staged.empty() || options_.pii_sample_values <= 0) return samples;
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
  for (const StagedFile& file : prepared.staged) {
    for (const ColumnSpec& column : file.columns) {
      if (column.type != "VARCHAR") continue;
      std::vector<std::string>& values = samples[column.name];
      int64_t wanted = options_.pii_sample_values - static_cast<int64_t>(values.size());
      if (wanted <= 0) continue;
      std::string sql = "SELECT " + SqlIdentifier(column.name) + " FROM read_parquet(" +
                        SqlStringLiteral(file.parquet_path) + ") WHERE " +
                        SqlIdentifier(column.name) + " IS NOT NULL LIMIT " + std::to_string(wanted);
      LH_ASSIGN_OR_RETURN(QueryResult result, lease->Query(sql));
      const RowSet rows = ReadRowSet(result);
      for (size_t r = 0; r < rows.row_count(); ++r) {
        if (const std::string* text = rows.At(r, 0).AsString()) values.push_back(*text);
      }
    }
  }
  return samples;
}

Result<Json> IngestService::DiffObject(std::string_view name, std::string_view bucket,
                                       std::string_view key, std::optional<InputFormat> format) {
  LH_ASSIGN_OR_RETURN(Dataset dataset, catalog_->GetDataset(name));
  std::string bucket_name(bucket.empty() ? std::string_view(dataset.bucket) : bucket);
  LH_ASSIGN_OR_RETURN(auto store, buckets_->Get(bucket_name));
  LH_RETURN_IF_ERROR(store->Stat(key).status());
  LH_ASSIGN_OR_RETURN(std::string local_path, store->LocalPath(key));

  Prepared prepared;
  {
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
    FileStager stager(lease.connection(), options_.staging);
    StageRequest stage;
    stage.input_path = local_path;
    stage.source_name = std::string(key);
    stage.format = format;
    LH_ASSIGN_OR_RETURN(StagedFile staged, stager.StageFile(stage));
    prepared.staged.push_back(std::move(staged));
  }
  const std::vector<ColumnSpec>& incoming = prepared.staged.front().columns;
  Json columns = Json::array();
  for (const ColumnSpec& c : incoming) columns.push_back({{"name", c.name}, {"type", c.type}});
  return Json{
      {"dataset", dataset.name},
      {"bucket", bucket_name},
      {"key", std::string(key)},
      {"columns", std::move(columns)},
      {"schema_diff", SchemaChangesToJson(DiffSchemas(ToColumnSpecs(dataset.columns), incoming))}};
}

}  // namespace lakehouse
