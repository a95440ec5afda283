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

namespace lakehouse {
namespace {

VersionOperation OperationFor(IngestMode mode) {
  switch (mode) {
    case IngestMode::kReplace:
      return VersionOperation::kReplace;
    case IngestMode::kUpsert:
      return VersionOperation::kUpsert;
    case IngestMode::kAppend:
      break;
  }
  return VersionOperation::kAppend;
}

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

// The key rules of an existing dataset: the key given must be its primary key, and upsert needs
// one.
Status CheckKey(const IngestRequest& request, const Dataset& dataset) {
  if (request.key.empty()) return Status::Ok();
  if (!dataset.primary_key || dataset.primary_key->empty()) {
    return FailedPrecondition("dataset '", dataset.name,
                              "' has no primary key; a key column can only be set on its first "
                              "ingest");
  }
  const std::vector<std::string>& pk = *dataset.primary_key;
  if (pk.size() != 1 || !SameColumnName(pk.front(), request.key)) {
    std::string names;
    for (const std::string& n : pk) names += (names.empty() ? "" : ", ") + n;
    return InvalidArgument("key '", request.key, "' is not the primary key of dataset '",
                           dataset.name, "' (", names, ")");
  }
  return Status::Ok();
}

// CONFLICT for an incompatible schema change, with the diff as its "schema_diff" detail.
Status SchemaConflict(const std::string& dataset, const SchemaChanges& changes) {
  return WithDetail(
      Conflict("incompatible schema change for dataset '", dataset,
               "' (columns added, removed, renamed or changing type family; see schema_diff — "
               "resend with allow_schema_change to accept it)"),
      "schema_diff", SchemaChangesToJson(changes));
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
  LH_RETURN_IF_ERROR(ValidateRequest(request));
  if (!request.bucket.empty()) LH_RETURN_IF_ERROR(buckets_->Get(request.bucket).status());

  IngestResult result;
  result.dataset = request.dataset;

  // 1. Dedup against the version log and within the call: appends only, since a replace or an
  // upsert of known content is how a client restores it.
  result.dedup = request.mode == IngestMode::kAppend;
  std::set<std::string> seen;
  if (result.dedup) {
    LH_ASSIGN_OR_RETURN(std::vector<std::string> known_list, IngestedHashes(request.dataset));
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
  LH_ASSIGN_OR_RETURN(Prepared prepared, Stage(request, fresh));

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
  source.describe = [&](const std::vector<DataFile>& uploaded, Lineage* lineage, Json* detail) {
    Json hashes = Json::array();
    Json files = Json::array();
    for (size_t k = 0; k < fresh.size(); ++k) {
      const IngestFile& in = request.files[fresh[k]];
      lineage->source_uri += (k == 0 ? "" : ", ") + in.original_name;
      hashes.push_back(in.sha256);
      files.push_back({{"name", in.original_name},
                       {"sha256", in.sha256},
                       {"rows", prepared.staged[k].row_count},
                       {"path", uploaded[k].path}});
    }
    (*detail)["input_sha256"] = std::move(hashes);
    (*detail)["files"] = std::move(files);
  };
  LH_RETURN_IF_ERROR(Publish(request, prepared, source, &result));
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
  source.describe = [&](const std::vector<DataFile>& uploaded, Lineage* lineage, Json* detail) {
    lineage->source_uri = staged.source_uri;
    lineage->ingest_job_id = staged.job_id;
    Json files = Json::array();
    for (size_t k = 0; k < uploaded.size(); ++k) {
      files.push_back({{"rows", prepared.staged[k].row_count}, {"path", uploaded[k].path}});
    }
    if (staged.detail.is_object()) detail->update(staged.detail);
    (*detail)["files"] = std::move(files);
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

Status IngestService::Publish(const IngestRequest& request, Prepared& prepared,
                              const PublishSource& source, IngestResult* result) {
  if (prepared.staged.empty()) {
    Result<Dataset> dataset = catalog_->GetDataset(request.dataset);
    if (dataset.ok()) {
      result->version = dataset->current_version;
      result->row_count = dataset->row_count;
      result->dataset = dataset->name;
    }
    return Status::Ok();
  }
  if (!request.key.empty()) {
    bool found = false;
    for (const ColumnSpec& c : prepared.columns)
      found = found || SameColumnName(c.name, request.key);
    if (!found) {
      return InvalidArgument("key column '", request.key, "' is not in the ",
                             source.system == "file" ? "uploaded files" : "ingested data",
                             " (columns: ", JoinNames(prepared.columns), ")");
    }
  }
  // The dataset as it is now, without creating it yet: nothing below may leave a trace when it
  // refuses the ingest.
  std::optional<Dataset> existing;
  if (Result<Dataset> found = catalog_->GetDataset(request.dataset); found.ok()) {
    existing = std::move(*found);
  } else if (found.status().code() != StatusCode::kNotFound) {
    return found.status();
  }
  if (existing && existing->name != request.dataset) {
    return InvalidArgument("dataset '", request.dataset, "' is spelled '", existing->name,
                           "' in the catalog; dataset names are case-insensitive, so this ingest "
                           "would land in '",
                           existing->name, "' — resend with that exact name");
  }
  if (existing) LH_RETURN_IF_ERROR(CheckKey(request, *existing));
  LH_RETURN_IF_ERROR(CheckKeys(request, existing, prepared));
  LH_ASSIGN_OR_RETURN(ColumnSamples samples, SampleStrings(prepared));

  bool created = false;
  LH_ASSIGN_OR_RETURN(Dataset dataset,
                      GetOrCreateDataset(request, prepared, source.system, &created));
  result->dataset = dataset.name;
  const std::string bucket = request.bucket.empty() ? dataset.bucket : request.bucket;
  LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, buckets_->Get(bucket));
  std::vector<DataFile> uploaded;  // parallel to the first uploaded.size() staged files

  if (source.drop_known) LH_RETURN_IF_ERROR(source.drop_known(*store, uploaded));
  if (prepared.staged.empty()) {
    result->version = dataset.current_version;
    result->row_count = dataset.row_count;
    return Status::Ok();
  }
  if (!request.allow_schema_change) {
    SchemaChanges changes = DiffSchemas(ToColumnSpecs(dataset.columns), prepared.columns);
    if (!changes.compatible) {
      return SchemaConflict(dataset.name, changes);
    }
  }

  // 3. Move the staged files into the bucket (invisible until committed).
  auto remove_uploaded = [&]() {
    for (const DataFile& file : uploaded) {
      Status s = store->Delete(file.path);
      if (!s.ok())
        LH_LOG_WARN("ingest: could not delete uncommitted {}: {}", file.path, s.ToString());
    }
  };
  for (const StagedFile& staged : prepared.staged) {
    std::error_code ec;
    auto size = std::filesystem::file_size(staged.parquet_path, ec);
    if (ec) {
      remove_uploaded();
      return Unavailable("staged file for ", staged.source_name, " is unreadable: ", ec.message());
    }
    DataFile file{NewDataFileKey(dataset.id), bucket, staged.row_count, static_cast<int64_t>(size)};
    Status put = store->PutFile(file.path, staged.parquet_path);
    if (!put.ok()) {
      remove_uploaded();
      return put.WithContext(staged.source_name);
    }
    uploaded.push_back(std::move(file));
  }

  // 4. Commit; when another writer got there first, re-read and retry (kMaxCommitAttempts).
  DatasetVersion committed;
  for (int attempt = 0;; ++attempt) {
    SchemaChanges changes = DiffSchemas(ToColumnSpecs(dataset.columns), prepared.columns);
    if (!changes.compatible && !request.allow_schema_change) {
      remove_uploaded();
      return SchemaConflict(dataset.name, changes);
    }
    Result<std::vector<Column>> merged = MergeDatasetColumns(dataset.columns, prepared.columns);
    if (!merged.ok()) {
      remove_uploaded();
      return merged.status();
    }

    // What a query will see: the live rows before and after this commit.
    std::pair<int64_t, int64_t> live{0, 0};
    {
      Dataset viewed = dataset;
      viewed.columns = *merged;
      Result<SnapshotPin> pin = metastore_->PinSnapshot(dataset.name, dataset.current_version);
      Result<std::pair<int64_t, int64_t>> counted =
          pin.ok() ? LiveRowsAround(viewed, request.mode, pin->files(), uploaded)
                   : Result<std::pair<int64_t, int64_t>>(pin.status());
      if (!counted.ok()) {
        remove_uploaded();
        return counted.status();
      }
      live = *counted;
    }

    CommitRequest commit;
    commit.dataset_id = dataset.id;
    commit.expected_version = dataset.current_version;
    commit.operation = OperationFor(request.mode);
    commit.files_added = uploaded;
    commit.live_rows = live.second;
    if (*merged != dataset.columns) commit.columns = std::move(*merged);
    Lineage lineage = dataset.lineage;
    lineage.source_system = source.system;
    lineage.source_uri.clear();
    lineage.ingest_job_id.clear();  // a writer that runs as a job names it in describe
    Json detail = Json{{"mode", std::string(IngestModeName(request.mode))}};
    source.describe(uploaded, &lineage, &detail);
    commit.lineage = std::move(lineage);
    commit.actor = request.actor;
    commit.detail = std::move(detail);
    if (!changes.empty()) commit.detail["schema_changes"] = SchemaChangesToJson(changes);

    Result<DatasetVersion> version = catalog_->Commit(std::move(commit), samples);
    if (version.ok()) {
      committed = *version;
      result->version = version->version;
      result->committed = true;
      result->rows_added = version->rows_added;
      result->row_count = live.second;
      if (request.mode == IngestMode::kReplace) {
        result->rows_removed = live.first;
        result->rows_inserted = live.second;
      } else {
        result->rows_inserted = std::max<int64_t>(0, live.second - live.first);
        result->rows_updated = std::max<int64_t>(0, result->rows_added - result->rows_inserted);
      }
      result->schema_changes = std::move(changes);
      break;
    }
    if (version.status().code() != StatusCode::kConflict || attempt + 1 >= kMaxCommitAttempts) {
      remove_uploaded();
      return version.status();
    }
    CommitBackoff(attempt + 1);
    Result<Dataset> reread = catalog_->GetDataset(request.dataset);
    if (!reread.ok() || reread->id != dataset.id) {
      remove_uploaded();
      return reread.ok() ? version.status() : reread.status();
    }
    dataset = std::move(*reread);
    if (!source.drop_known) continue;
    // The winner may have ingested the same content: those files are duplicates after all.
    if (Status dropped = source.drop_known(*store, uploaded); !dropped.ok()) {
      remove_uploaded();
      return dropped;
    }
    if (prepared.staged.empty()) {
      result->version = dataset.current_version;
      result->row_count = dataset.row_count;
      return Status::Ok();
    }
  }

  // 5. Tell the read path (views, indexes) about the new version.
  if (listeners_ != nullptr && !listeners_->empty()) {
    Result<Dataset> after = catalog_->GetDataset(request.dataset);
    if (after.ok()) listeners_->Notify(*after, committed);
  }
  return Status::Ok();
}

}  // namespace lakehouse
