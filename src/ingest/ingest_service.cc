#include "ingest/ingest_service.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "catalog/dataset_layout.h"
#include "common/logging.h"
#include "common/status_detail.h"
#include "ingest/commit_retry.h"
#include "ingest/ingest_prepared.h"
#include "ingest/live_rows.h"
#include "ingest/schema_merge.h"
#include "telemetry/span.h"

namespace lakehouse {
namespace {

Status ValidateRequest(const IngestRequest& request) {
  if (request.dataset.empty()) return InvalidArgument("field 'dataset' is required");
  if (request.files.empty()) return InvalidArgument("no files to ingest (send parts named 'file')");
  if (request.mode == IngestMode::kUpsert && request.key.empty()) {
    return InvalidArgument("mode 'upsert' requires a key column (field 'key')");
  }
  for (const IngestFile& file : request.files) {
    if (file.local_path.empty() || file.sha256.empty()) {
      return InvalidArgument(file.original_name, ": upload was not spooled");
    }
  }
  return Status::Ok();
}

std::string JoinNames(const std::vector<ColumnSpec>& columns) {
  std::string out;
  for (const ColumnSpec& c : columns) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

}  // namespace

std::string_view IngestModeName(IngestMode mode) {
  switch (mode) {
    case IngestMode::kReplace:
      return "replace";
    case IngestMode::kUpsert:
      return "upsert";
    case IngestMode::kAppend:
      break;
  }
  return "append";
}

Result<IngestMode> ParseIngestMode(std::string_view name) {
  if (name == "append") return IngestMode::kAppend;
  if (name == "replace") return IngestMode::kReplace;
  if (name == "upsert") return IngestMode::kUpsert;
  return InvalidArgument("unknown mode '", name, "' (use append, replace or upsert)");
}

Json IngestResult::ToJson() const {
  Json files_json = Json::array();
  for (const IngestedFile& f : files) {
    files_json.push_back({{"name", f.name},
                          {"sha256", f.sha256},
                          {"rows", f.rows},
                          {"duplicate", f.duplicate},
                          {"rows_skipped", f.bad_rows.skipped},
                          {"rows_padded", f.bad_rows.padded},
                          {"bad_row_lines", f.bad_rows.lines},
                          {"duplicate_keys_dropped", f.duplicate_keys_dropped}});
  }
  return Json{{"dataset", dataset},
              {"version", version},
              {"committed", committed},
              {"dedup", dedup},
              {"files", std::move(files_json)},
              {"rows_added", rows_added},
              {"rows_inserted", rows_inserted},
              {"rows_updated", rows_updated},
              {"rows_removed", rows_removed},
              {"row_count", row_count},
              {"rows_skipped", rows_skipped},
              {"rows_padded", rows_padded},
              {"duplicate_keys_dropped", duplicate_keys_dropped},
              {"schema_diff", SchemaChangesToJson(schema_changes)},
              {"elapsed_ms", elapsed_ms}};
}

IngestService::IngestService(CatalogService* catalog, Metastore* metastore, BucketRegistry* buckets,
                             ConnectionPool* ingest_pool, const CommitListeners* listeners,
                             const Clock* clock, IngestServiceOptions options)
    : catalog_(catalog),
      metastore_(metastore),
      buckets_(buckets),
      pool_(ingest_pool),
      listeners_(listeners),
      clock_(clock),
      options_(std::move(options)) {}

Result<Dataset> IngestService::GetOrCreateDataset(const IngestRequest& request,
                                                  const Prepared& prepared,
                                                  std::string_view source_system, bool* created) {
  *created = false;
  Result<Dataset> existing = catalog_->GetDataset(request.dataset);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;
  CreateDatasetRequest create;
  create.name = request.dataset;
  if (!request.bucket.empty()) create.bucket = request.bucket;
  create.columns = ToColumns(prepared.columns);
  if (!request.key.empty()) create.primary_key = std::vector<std::string>{request.key};
  create.lineage.source_system = std::string(source_system);
  create.actor = request.actor;
  Result<Dataset> made = catalog_->CreateDataset(std::move(create));
  if (made.ok()) {
    *created = true;
    return made;
  }
  // Another ingest created it first: continue against theirs.
  if (made.status().code() == StatusCode::kAlreadyExists)
    return catalog_->GetDataset(request.dataset);
  return made.status();
}

Result<IngestResult> IngestService::Ingest(const IngestRequest& request) {
  const int64_t started = clock_->MonotonicMicros();
  Span span("ingest");
  span.SetAttribute("lakehouse.dataset", request.dataset);
  span.SetAttribute("lakehouse.ingest.files", static_cast<int64_t>(request.files.size()));
  LH_RETURN_IF_ERROR(ValidateRequest(request));
  if (!request.bucket.empty()) LH_RETURN_IF_ERROR(buckets_->Get(request.bucket).status());

  IngestResult result;
  result.dataset = request.dataset;

  // 1. Dedup against the version log and within the call: appends only, since a replace or an
  // upsert of known content is how a client restores it.
  result.dedup = request.mode == IngestMode::kAppend;
  std::set<std::string> seen;
  if (result.dedup) {
    LH_ASSIGN_OR_RETURN(std::vector<std::string> known_list,
                        Traced("ingest.dedup", [&] { return IngestedHashes(request.dataset); }));
    seen.insert(known_list.begin(), known_list.end());
  }
  std::vector<size_t> fresh;  // indexes into request.files
  for (size_t i = 0; i < request.files.size(); ++i) {
    const IngestFile& file = request.files[i];
    bool duplicate = result.dedup && !seen.insert(file.sha256).second;
    IngestedFile& reported = result.files.emplace_back();
    reported.name = file.original_name;
    reported.sha256 = file.sha256;
    reported.duplicate = duplicate;
    if (!duplicate) fresh.push_back(i);
  }

  // 2. Stage (any bad file fails the whole call before anything is written).
  LH_ASSIGN_OR_RETURN(Prepared prepared,
                      Traced("ingest.stage", [&] { return Stage(request, fresh); }));

  PublishSource source;
  source.system = "file";
  // Drops files whose content the version log now holds. Reading the log after the dataset
  // (whose version the commit expects) closes the race with a concurrent ingest of the same
  // bytes: it either shows up here or makes the commit conflict, and the retry comes back here.
  if (result.dedup)
    source.drop_known = [&](ObjectStore& store, std::vector<DataFile>& uploaded) -> Status {
      LH_ASSIGN_OR_RETURN(std::vector<std::string> now_known, IngestedHashes(request.dataset));
      std::set<std::string> known(now_known.begin(), now_known.end());
      bool dropped = false;
      for (size_t k = fresh.size(); k-- > 0;) {
        if (!known.contains(request.files[fresh[k]].sha256)) continue;
        result.files[fresh[k]].duplicate = true;
        result.files[fresh[k]].rows = 0;
        if (k < uploaded.size()) {
          (void)store.Delete(uploaded[k].path);
          uploaded.erase(uploaded.begin() + static_cast<std::ptrdiff_t>(k));
        } else {
          std::error_code ec;
          std::filesystem::remove(prepared.staged[k].parquet_path, ec);
        }
        prepared.staged.erase(prepared.staged.begin() + static_cast<std::ptrdiff_t>(k));
        fresh.erase(fresh.begin() + static_cast<std::ptrdiff_t>(k));
        dropped = true;
      }
      if (!dropped) return Status::Ok();
      std::vector<ColumnSpec> columns;  // the schema of what is left
      for (const StagedFile& staged : prepared.staged) {
        LH_ASSIGN_OR_RETURN(columns, MergeColumnSpecs(std::move(columns), staged.columns));
      }
      prepared.columns = std::move(columns);
      return Status::Ok();
    };
  source.describe = [&](const std::vector<DataFile>& uploaded, Lineage* lineage,
                        CommitRequest* commit) {
    lineage->ingest_job_id = request.job_id;
    Json files = Json::array();
    for (size_t k = 0; k < fresh.size(); ++k) {
      const IngestFile& in = request.files[fresh[k]];
      lineage->source_uri += (k == 0 ? "" : ", ") + in.original_name;
      commit->input_sha256.push_back(in.sha256);
      files.push_back({{"name", in.original_name},
                       {"sha256", in.sha256},
                       {"rows", prepared.staged[k].row_count},
                       {"path", uploaded[k].path}});
    }
    commit->detail["files"] = std::move(files);
  };
  LH_RETURN_IF_ERROR(
      Traced("ingest.publish", [&] { return Publish(request, prepared, source, &result); }));
  for (size_t k = 0; k < fresh.size(); ++k) {
    const StagedFile& staged = prepared.staged[k];
    IngestedFile& file = result.files[fresh[k]];
    file.rows = staged.row_count;
    file.bad_rows = staged.bad_rows;
    file.duplicate_keys_dropped = staged.duplicate_keys_dropped;
    result.rows_skipped += staged.bad_rows.skipped;
    result.rows_padded += staged.bad_rows.padded;
    result.duplicate_keys_dropped += staged.duplicate_keys_dropped;
  }
  result.elapsed_ms = (clock_->MonotonicMicros() - started) / 1000;
  return result;
}

Result<IngestResult> IngestService::CommitStaged(StagedIngest staged) {
  const int64_t started = clock_->MonotonicMicros();
  Prepared prepared;  // owns the staged files from here on
  prepared.staged = std::move(staged.files);
  IngestRequest target;
  target.dataset = std::move(staged.dataset);
  target.mode = staged.mode;
  target.key = std::move(staged.key);
  target.allow_schema_change = staged.allow_schema_change;
  target.on_duplicate_key = staged.on_duplicate_key;
  target.bucket = std::move(staged.bucket);
  target.actor = std::move(staged.actor);
  if (target.dataset.empty()) return InvalidArgument("field 'dataset' is required");
  if (target.mode == IngestMode::kUpsert && target.key.empty()) {
    return InvalidArgument("mode 'upsert' requires a key column (field 'key')");
  }
  if (prepared.staged.empty()) return InvalidArgument("nothing staged to commit");
  if (!target.bucket.empty()) LH_RETURN_IF_ERROR(buckets_->Get(target.bucket).status());
  for (const StagedFile& file : prepared.staged) {
    LH_ASSIGN_OR_RETURN(prepared.columns,
                        MergeColumnSpecs(std::move(prepared.columns), file.columns));
  }

  IngestResult result;
  result.dataset = target.dataset;
  PublishSource source;
  source.system = staged.source_system;
  source.describe = [&](const std::vector<DataFile>& uploaded, Lineage* lineage,
                        CommitRequest* commit) {
    lineage->source_uri = staged.source_uri;
    lineage->ingest_job_id = staged.job_id;
    Json files = Json::array();
    for (size_t k = 0; k < uploaded.size(); ++k) {
      files.push_back({{"rows", prepared.staged[k].row_count}, {"path", uploaded[k].path}});
    }
    if (staged.detail.is_object()) commit->detail.update(staged.detail);
    commit->detail["files"] = std::move(files);
    commit->high_water_mark = staged.high_water_mark;
  };
  LH_RETURN_IF_ERROR(Publish(target, prepared, source, &result));
  for (const StagedFile& file : prepared.staged) {
    result.duplicate_keys_dropped += file.duplicate_keys_dropped;
  }
  result.elapsed_ms = (clock_->MonotonicMicros() - started) / 1000;
  return result;
}

Status IngestService::CheckKeys(const IngestRequest& request,
                                const std::optional<Dataset>& existing, Prepared& prepared) {
  std::vector<std::string> keys;
  if (!request.key.empty()) {
    keys = {request.key};
  } else if (existing && existing->primary_key) {
    keys = *existing->primary_key;
  }
  if (keys.empty()) return Status::Ok();
  for (const StagedFile& file : prepared.staged) {
    for (const std::string& key : keys) {
      bool found = false;
      for (const ColumnSpec& c : file.columns) found = found || SameColumnName(c.name, key);
      if (!found) {
        return InvalidArgument(file.source_name, ": has no key column '", key,
                               "' (columns: ", JoinNames(file.columns), ")");
      }
    }
  }
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
  return EnforceUniqueKeys(lease.connection(), keys, request.on_duplicate_key, prepared.staged)
      .status();
}

Result<std::pair<int64_t, int64_t>> IngestService::LiveRowsAround(
    const Dataset& dataset, IngestMode mode, const std::vector<DataFile>& files,
    std::vector<DataFile> added) {
  for (DataFile& file : added) file.version_added = dataset.current_version + 1;
  std::vector<DataFile> after = mode == IngestMode::kReplace ? std::vector<DataFile>{} : files;
  after.insert(after.end(), added.begin(), added.end());
  if (!dataset.primary_key || dataset.primary_key->empty()) {
    return std::pair<int64_t, int64_t>{TotalRows(files), TotalRows(after)};
  }
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
  LH_ASSIGN_OR_RETURN(int64_t before_rows,
                      CountLiveRows(lease.connection(), *buckets_, dataset, files));
  LH_ASSIGN_OR_RETURN(int64_t after_rows,
                      CountLiveRows(lease.connection(), *buckets_, dataset, after));
  return std::pair<int64_t, int64_t>{before_rows, after_rows};
}

}  // namespace lakehouse
