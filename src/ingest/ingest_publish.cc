// IngestService: publishing staged files (steps 3–5 of ingest_service.h), one phase per function
// over a PublishState; whatever was moved into the bucket is deleted again on every way out but a
// commit (one ScopeGuard).
#include <algorithm>
#include <filesystem>

#include "catalog/dataset_layout.h"
#include "common/logging.h"
#include "common/scope_guard.h"
#include "common/status_detail.h"
#include "ingest/commit_retry.h"
#include "ingest/ingest_prepared.h"
#include "ingest/keyed_changes.h"
#include "ingest/live_rows.h"
#include "ingest/schema_merge.h"
#include "telemetry/span.h"

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
Status IncompatibleSchema(const Dataset& dataset, const SchemaChanges& changes) {
  return WithDetail(
      Conflict("incompatible schema change for dataset '", dataset.name,
               "' (columns added, removed, renamed or changing type family; see schema_diff — "
               "resend with allow_schema_change to accept it)"),
      "schema_diff", SchemaChangesToJson(changes));
}

}  // namespace

// Everything one Publish call works on, phase by phase.
struct IngestService::PublishState {
  PublishState(const IngestRequest& request, Prepared& prepared, const PublishSource& source,
               IngestResult* result)
      : request(request), prepared(prepared), source(source), result(result) {}

  const IngestRequest& request;
  Prepared& prepared;
  const PublishSource& source;
  IngestResult* result;

  ColumnSamples samples;  // sampled VARCHAR values for PII detection
  Dataset dataset;        // the target, as last read
  std::shared_ptr<ObjectStore> store;
  std::string bucket;
  // Moved into the bucket; parallel to the first uploaded.size() staged files.
  std::vector<DataFile> uploaded;
};

// One attempt at the commit: the request and what it changes.
struct IngestService::CommitAttempt {
  CommitRequest commit;
  SchemaChanges changes;
  int64_t live_before = 0;
  int64_t live_after = 0;
  std::vector<JournalEvent> entity_changes;  // for the journal; keyed datasets only
  std::string entity_changes_error;          // why they could not be computed, or ""
  std::string job_id;                        // the job committing (lineage.ingest_job_id), or ""
};

Status IngestService::Publish(const IngestRequest& request, Prepared& prepared,
                              const PublishSource& source, IngestResult* result) {
  if (prepared.staged.empty()) {
    Result<Dataset> dataset = catalog_->GetDataset(request.dataset);
    if (dataset.ok()) {
      ReportUnchanged(*dataset, result);
      result->dataset = dataset->name;
    }
    return Status::Ok();
  }
  PublishState state(request, prepared, source, result);
  LH_RETURN_IF_ERROR(CheckBeforeWriting(state));
  LH_RETURN_IF_ERROR(OpenTarget(state));
  if (state.source.drop_known)
    LH_RETURN_IF_ERROR(state.source.drop_known(*state.store, state.uploaded));
  if (prepared.staged.empty()) {
    ReportUnchanged(state.dataset, result);
    return Status::Ok();
  }
  if (!request.allow_schema_change) {
    SchemaChanges changes = DiffSchemas(ToColumnSpecs(state.dataset.columns), prepared.columns);
    if (!changes.compatible) return IncompatibleSchema(state.dataset, changes);
  }

  ScopeGuard remove_uploaded([&] { RemoveUploaded(state); });
  LH_RETURN_IF_ERROR(Traced("ingest.upload", [&] { return Upload(state); }));
  LH_ASSIGN_OR_RETURN(std::optional<DatasetVersion> committed,
                      Traced("ingest.commit", [&] { return CommitWithRetries(state); }));
  remove_uploaded.Dismiss();
  if (!committed) return Status::Ok();  // the winners of races ingested every file meanwhile

  // 5. Tell the read path (views, indexes) about the new version.
  if (listeners_ != nullptr && !listeners_->empty()) {
    Result<Dataset> after = catalog_->GetDataset(request.dataset);
    if (after.ok()) listeners_->Notify(*after, *committed);
  }
  return Status::Ok();
}

void IngestService::ReportUnchanged(const Dataset& dataset, IngestResult* result) {
  result->version = dataset.current_version;
  result->row_count = dataset.row_count;
}

Status IngestService::CheckBeforeWriting(PublishState& state) {
  const IngestRequest& request = state.request;
  if (!request.key.empty()) {
    bool found = false;
    for (const ColumnSpec& c : state.prepared.columns) {
      found = found || SameColumnName(c.name, request.key);
    }
    if (!found) {
      return InvalidArgument("key column '", request.key, "' is not in the ",
                             state.source.system == "file" ? "uploaded files" : "ingested data",
                             " (columns: ", JoinNames(state.prepared.columns), ")");
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
  LH_RETURN_IF_ERROR(CheckKeys(request, existing, state.prepared));
  LH_ASSIGN_OR_RETURN(state.samples, SampleStrings(state.prepared));
  return Status::Ok();
}

Status IngestService::OpenTarget(PublishState& state) {
  bool created = false;
  LH_ASSIGN_OR_RETURN(state.dataset, GetOrCreateDataset(state.request, state.prepared,
                                                        state.source.system, &created));
  state.result->dataset = state.dataset.name;
  state.bucket = state.request.bucket.empty() ? state.dataset.bucket : state.request.bucket;
  LH_ASSIGN_OR_RETURN(state.store, buckets_->Get(state.bucket));
  return Status::Ok();
}

// 3. Move the staged files into the bucket (invisible until committed).
Status IngestService::Upload(PublishState& state) {
  for (const StagedFile& staged : state.prepared.staged) {
    std::error_code ec;
    auto size = std::filesystem::file_size(staged.parquet_path, ec);
    if (ec) {
      return Unavailable("staged file for ", staged.source_name, " is unreadable: ", ec.message());
    }
    DataFile file{NewDataFileKey(state.dataset.id), state.bucket, staged.row_count,
                  static_cast<int64_t>(size)};
    LH_RETURN_IF_ERROR(
        state.store->PutFile(file.path, staged.parquet_path).WithContext(staged.source_name));
    state.uploaded.push_back(std::move(file));
  }
  return Status::Ok();
}

void IngestService::RemoveUploaded(PublishState& state) {
  for (const DataFile& file : state.uploaded) {
    Status s = state.store->Delete(file.path);
    if (!s.ok())
      LH_LOG_WARN("ingest: could not delete uncommitted {}: {}", file.path, s.ToString());
  }
  state.uploaded.clear();
}

// 4. Commit; when another writer got there first, re-read and retry (kMaxCommitAttempts).
Result<std::optional<DatasetVersion>> IngestService::CommitWithRetries(PublishState& state) {
  for (int attempt = 0;; ++attempt) {
    LH_ASSIGN_OR_RETURN(CommitAttempt next, PrepareCommit(state));
    Result<DatasetVersion> version = catalog_->Commit(std::move(next.commit), state.samples);
    if (version.ok()) {
      RecordCommitted(state, *version, std::move(next));
      return std::optional<DatasetVersion>(std::move(*version));
    }
    if (version.status().code() != StatusCode::kConflict || attempt + 1 >= kMaxCommitAttempts) {
      return version.status();
    }
    CommitBackoff(attempt + 1);
    LH_ASSIGN_OR_RETURN(bool left, Rebase(state, version.status()));
    if (!left) return std::optional<DatasetVersion>();
  }
}

Result<IngestService::CommitAttempt> IngestService::PrepareCommit(PublishState& state) {
  const IngestRequest& request = state.request;
  const Dataset& dataset = state.dataset;
  CommitAttempt next;
  next.changes = DiffSchemas(ToColumnSpecs(dataset.columns), state.prepared.columns);
  if (!next.changes.compatible && !request.allow_schema_change) {
    return IncompatibleSchema(dataset, next.changes);
  }
  LH_ASSIGN_OR_RETURN(std::vector<Column> merged,
                      MergeDatasetColumns(dataset.columns, state.prepared.columns));

  // What a query will see: the live rows before and after this commit.
  Dataset viewed = dataset;
  viewed.columns = merged;
  LH_ASSIGN_OR_RETURN(SnapshotPin pin,
                      metastore_->PinSnapshot(dataset.name, dataset.current_version));
  // The journal never blocks an ingest: when the comparison fails the commit is journaled as
  // counts, naming the error.
  Result<std::vector<JournalEvent>> entity_changes =
      EntityChanges(viewed, request.mode, pin.files(), state.uploaded);
  if (entity_changes.ok()) {
    next.entity_changes = std::move(*entity_changes);
  } else {
    next.entity_changes_error = entity_changes.status().ToString();
    LH_LOG_ERROR("journal: changes of {} not computed: {}", dataset.name,
                 next.entity_changes_error);
  }
  const bool compared = entity_changes.ok() && request.mode != IngestMode::kReplace &&
                        viewed.primary_key && !viewed.primary_key->empty() &&
                        options_.journal != nullptr && options_.journal->enabled();
  if (compared) {
    // The comparison found every added key the view did not show before (its inserts): the live
    // rows after the commit are those before plus them, without merging the files a second time.
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
    LH_ASSIGN_OR_RETURN(next.live_before,
                        CountLiveRows(lease.connection(), *buckets_, viewed, pin.files()));
    next.live_after =
        next.live_before + std::count_if(next.entity_changes.begin(), next.entity_changes.end(),
                                         [](const JournalEvent& e) { return e.type == "insert"; });
  } else {
    LH_ASSIGN_OR_RETURN(auto live,
                        LiveRowsAround(viewed, request.mode, pin.files(), state.uploaded));
    next.live_before = live.first;
    next.live_after = live.second;
  }

  CommitRequest& commit = next.commit;
  commit.dataset_id = dataset.id;
  commit.expected_version = dataset.current_version;
  commit.operation = OperationFor(request.mode);
  commit.files_added = state.uploaded;
  commit.live_rows = next.live_after;
  if (merged != dataset.columns) commit.columns = std::move(merged);
  if (!next.changes.empty()) commit.schema_changes = next.changes;
  Lineage lineage = dataset.lineage;
  lineage.source_system = state.source.system;
  lineage.source_uri.clear();
  lineage.ingest_job_id.clear();  // a writer that runs as a job names it in describe
  commit.detail = Json{{"mode", std::string(IngestModeName(request.mode))}};
  state.source.describe(state.uploaded, &lineage, &commit);
  next.job_id = lineage.ingest_job_id;
  commit.lineage = std::move(lineage);
  commit.actor = request.actor;
  return next;
}

void IngestService::RecordCommitted(PublishState& state, const DatasetVersion& version,
                                    CommitAttempt attempt) {
  IngestResult* result = state.result;
  result->version = version.version;
  result->committed = true;
  result->rows_added = version.rows_added;
  result->row_count = attempt.live_after;
  if (state.request.mode == IngestMode::kReplace) {
    result->rows_removed = attempt.live_before;
    result->rows_inserted = attempt.live_after;
  } else {
    result->rows_inserted = std::max<int64_t>(0, attempt.live_after - attempt.live_before);
    result->rows_updated = std::max<int64_t>(0, result->rows_added - result->rows_inserted);
  }
  JournalCommitted(state, version, attempt);
  result->schema_changes = std::move(attempt.changes);
}

Result<bool> IngestService::Rebase(PublishState& state, const Status& conflict) {
  Result<Dataset> reread = catalog_->GetDataset(state.request.dataset);
  if (!reread.ok()) return reread.status();
  if (reread->id != state.dataset.id) return conflict;
  state.dataset = std::move(*reread);
  if (!state.source.drop_known) return true;
  // The winner may have ingested the same content: those files are duplicates after all.
  LH_RETURN_IF_ERROR(state.source.drop_known(*state.store, state.uploaded));
  if (!state.prepared.staged.empty()) return true;
  ReportUnchanged(state.dataset, state.result);
  return false;
}

Result<std::vector<JournalEvent>> IngestService::EntityChanges(const Dataset& viewed,
                                                               IngestMode mode,
                                                               const std::vector<DataFile>& before,
                                                               std::vector<DataFile> added) {
  // Off the path entirely when the journal is off; a replace and a dataset without a key are
  // journaled as counts (JournalCommitted).
  if (options_.journal == nullptr || !options_.journal->enabled() || mode == IngestMode::kReplace ||
      !viewed.primary_key || viewed.primary_key->empty()) {
    return std::vector<JournalEvent>();
  }
  for (DataFile& file : added) file.version_added = viewed.current_version + 1;
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(options_.connection_timeout));
  return KeyedChanges(lease.connection(), *buckets_, viewed, before, added);
}

void IngestService::JournalCommitted(const PublishState& state, const DatasetVersion& version,
                                     const CommitAttempt& attempt) {
  if (options_.journal == nullptr || !options_.journal->enabled()) return;
  const IngestRequest& request = state.request;
  const std::string system = state.source.system == "file" ? "ingest" : "db_pull";
  const std::string source = attempt.job_id.empty() ? (system == "ingest" ? "api" : system)
                                                    : system + ":" + attempt.job_id;
  std::vector<JournalEvent> events = attempt.entity_changes;
  const bool keyed = state.dataset.primary_key && !state.dataset.primary_key->empty() &&
                     request.mode != IngestMode::kReplace;
  if (!keyed || !attempt.entity_changes_error.empty()) {
    JournalEvent commit;
    commit.type = "commit";
    commit.dataset = state.dataset.name;
    commit.payload = Json{{"mode", std::string(IngestModeName(request.mode))},
                          {"rows_added", version.rows_added},
                          {"rows_removed", state.result->rows_removed},
                          {"row_count", attempt.live_after}};
    if (!attempt.entity_changes_error.empty()) {
      commit.payload["entity_changes_error"] = attempt.entity_changes_error;
    }
    events.push_back(std::move(commit));
  }
  for (JournalEvent& event : events) {
    event.actor = request.actor;
    event.source = source;
    event.version = version.version;
  }
  Status s = options_.journal->Record(std::move(events));
  if (!s.ok()) {
    LH_LOG_ERROR("journal: the events of {} version {} were not written: {}", state.dataset.name,
                 version.version, s.ToString());
  }
}

}  // namespace lakehouse
