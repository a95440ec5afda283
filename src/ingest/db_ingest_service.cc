#include "ingest/db_ingest_service.h"

#include <filesystem>

#include "catalog/dataset_validation.h"
#include "common/hash.h"
#include "common/logging.h"
#include "ingest/db_source.h"
#include "ingest/schema_merge.h"
#include "telemetry/span.h"

namespace lakehouse {
Status DbIngestService::Validate(const DbIngestRequest& request) {
  if (request.table.empty() == request.query.empty()) {
    return InvalidArgument("give exactly one of 'table' and 'query'");
  }
  if (request.dataset.empty() && request.table.empty()) {
    return InvalidArgument("field 'dataset' is required when pulling a query");
  }
  if (request.mode == IngestMode::kUpsert && request.key.empty()) {
    return InvalidArgument("mode 'upsert' requires a key column (field 'key')");
  }
  if (request.mode == IngestMode::kReplace && !request.incremental_column.empty()) {
    return InvalidArgument(
        "mode 'replace' cannot be incremental (it would keep only the newest rows); use append "
        "or upsert with incremental_column");
  }
  if (request.batch_size < 0) return InvalidArgument("field 'batch_size' must be positive");
  if (Status name = ValidateDatasetName(TargetDataset(request)); !name.ok()) {
    // Say which field to fix: the catalog's message names its own field, 'name'.
    std::string reason = name.message();
    constexpr std::string_view kCatalogField = "field 'name': ";
    if (reason.rfind(kCatalogField, 0) == 0) reason.erase(0, kCatalogField.size());
    if (request.dataset.empty()) {
      return InvalidArgument("the dataset name taken from table '", request.table,
                             "' is not usable: ", reason,
                             "; name the dataset with field 'dataset'");
    }
    return InvalidArgument("field 'dataset': ", reason);
  }
  return Status::Ok();
}

std::string DbIngestService::TargetDataset(const DbIngestRequest& request) {
  if (!request.dataset.empty()) return request.dataset;
  size_t dot = request.table.rfind('.');
  return dot == std::string::npos ? request.table : request.table.substr(dot + 1);
}

Json DbIngestResult::ToJson() const {
  Json out = commit.ToJson();
  out.erase("files");
  out["source"] = source;
  out["rows_read"] = rows_read;
  out["zero_dates_as_null"] = zero_dates;
  out["type_notes"] = type_notes;
  if (!incremental_column.empty()) {
    out["incremental"] = {{"column", incremental_column},
                          {"previous_high_water_mark",
                           previous_high_water_mark ? Json(*previous_high_water_mark) : Json()},
                          {"high_water_mark", high_water_mark ? Json(*high_water_mark) : Json()}};
  }
  return out;
}

DbIngestService::DbIngestService(IngestService* ingest, CatalogService* catalog,
                                 ConnectionPool* ingest_pool, DbIngestOptions options)
    : ingest_(ingest), catalog_(catalog), pool_(ingest_pool), options_(std::move(options)) {}

Status DbIngestService::CheckSource(const DbDsn& dsn) const {
  if (const MysqlDsn* mysql = dsn.mysql(); mysql != nullptr) {
    return options_.mysql_source_policy.Check(*mysql);
  }
  return options_.source_policy.Check(*dsn.pg());
}

Result<std::optional<std::string>> DbIngestService::PreviousMark(const std::string& dataset,
                                                                 const std::string& column) {
  Result<std::optional<std::string>> mark = catalog_->LatestHighWaterMark(dataset, column);
  if (!mark.ok() && mark.status().code() == StatusCode::kNotFound) {
    return std::optional<std::string>();
  }
  return mark;
}

Result<DbIngestResult> DbIngestService::Ingest(const DbIngestRequest& request,
                                               const DbProgress& progress) {
  Span span("ingest.db");  // its phases: ingest.db.connect, ingest.db.pull, then the publish's
  LH_RETURN_IF_ERROR(Validate(request));
  LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(request.dsn));
  span.SetAttribute("lakehouse.source_system", dsn.system_name());
  span.SetAttribute("lakehouse.dataset", TargetDataset(request));
  LH_RETURN_IF_ERROR(CheckSource(dsn));
  const std::string dataset = TargetDataset(request);

  DbIngestResult result;
  result.source = dsn.Redacted();
  result.source += (result.source.find('?') == std::string::npos ? "?" : "&");
  result.source +=
      request.table.empty() ? "query_sha256=" + Sha256Hex(request.query) : "table=" + request.table;
  result.incremental_column = request.incremental_column;
  if (!request.incremental_column.empty()) {
    LH_ASSIGN_OR_RETURN(result.previous_high_water_mark,
                        PreviousMark(dataset, request.incremental_column));
  }

  DbConnectOptions connect{options_.connect_timeout, options_.password_file,
                           options_.mysql_password_file};
  DbPullSpec spec{request.table, request.query, request.incremental_column,
                  result.previous_high_water_mark};
  LH_ASSIGN_OR_RETURN(std::unique_ptr<DbSource> source, Traced("ingest.db.connect", [&] {
                        return OpenDbSource(dsn, spec, connect);
                      }));
  if (!request.key.empty()) {
    // Checked before streaming: the commit would refuse it only after the whole pull.
    bool found = false;
    std::string names;
    for (const DbColumn& c : source->columns()) {
      found = found || SameColumnName(c.name, request.key);
      names += (names.empty() ? "" : ", ") + c.name;
    }
    if (!found) {
      return InvalidArgument("key column '", request.key,
                             "' is not a column of the source (columns: ", names, ")");
    }
  }
  result.high_water_mark = source->high_water_mark();

  DbStageOptions stage = options_.stage;
  if (request.batch_size > 0) stage.batch_rows = request.batch_size;
  std::vector<StagedFile> staged;
  {
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
    const std::string source_name = request.table.empty() ? "query" : request.table;
    Span pull("ingest.db.pull");
    Result<std::vector<StagedFile>> files =
        StageDbPull(lease.connection(), *source, source_name, stage, progress);
    if (!files.ok()) pull.SetError(files.status().message());
    if (!files.ok()) {
      LH_LOG_WARN("ingest-db: pull from {} into '{}' failed: {}", result.source, dataset,
                  files.status().ToString());
      return files.status();
    }
    staged = std::move(*files);
  }
  for (const StagedFile& f : staged) result.rows_read += f.row_count;
  span.SetAttribute("lakehouse.rows", result.rows_read);
  (void)source->Finish();
  DbPullStats stats = source->stats();
  source.reset();  // the source connection is not needed for the commit
  result.zero_dates = stats.zero_dates;
  result.type_notes = stats.type_notes;

  Result<Dataset> existing = catalog_->GetDataset(dataset);
  if (result.rows_read == 0 && request.mode != IngestMode::kReplace && existing.ok()) {
    for (const StagedFile& f : staged) {
      std::error_code ec;
      std::filesystem::remove(f.parquet_path, ec);
    }
    result.commit.dataset = dataset;
    result.commit.version = existing->current_version;
    result.high_water_mark = result.previous_high_water_mark;
    return result;
  }

  StagedIngest commit;
  commit.dataset = dataset;
  commit.mode = request.mode;
  commit.key = request.key;
  commit.allow_schema_change = request.allow_schema_change;
  commit.on_duplicate_key = request.on_duplicate_key;
  commit.bucket = request.bucket;
  commit.actor = request.actor;
  commit.files = std::move(staged);
  commit.source_system = std::string(dsn.system_name());
  commit.source_uri = result.source;
  commit.job_id = request.job_id;
  Json lineage = {{"system", std::string(dsn.system_name())},
                  {"host", dsn.host()},
                  {"port", dsn.port()},
                  {"database", dsn.database()}};
  if (request.table.empty()) {
    lineage["query_sha256"] = Sha256Hex(request.query);
  } else {
    lineage["table"] = request.table;
  }
  commit.detail = {{"source", std::move(lineage)}, {"rows_read", result.rows_read}};
  if (result.zero_dates > 0) commit.detail["zero_dates_as_null"] = result.zero_dates;
  if (!result.type_notes.empty()) commit.detail["type_notes"] = result.type_notes;
  if (result.high_water_mark) {
    commit.high_water_mark = HighWaterMark{request.incremental_column, *result.high_water_mark};
  }
  LH_ASSIGN_OR_RETURN(result.commit, ingest_->CommitStaged(std::move(commit)));
  LH_LOG_INFO("ingest-db: {} rows from {} into '{}' version {}", result.rows_read, result.source,
              dataset, result.commit.version);
  return result;
}

}  // namespace lakehouse
