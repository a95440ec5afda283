// IngestService: uploaded files → one commit to a dataset. Per call, in order:
//
//   1. content dedup (append only) — a file whose SHA-256 was already ingested into the dataset
//      since its last replace (or appears twice in the call) is skipped and reported duplicate;
//      all duplicates → no new version. Replace and upsert always load what they are given (the
//      result's `dedup` says whether it applied);
//   2. staging — every other file goes through FileStager (any supported format → zstd Parquet)
//      on a connection of the ingest DuckDB (which may read local files; the query DuckDB may not);
//   3. keys and schema — the dataset is looked up by name (names are case-insensitive, as SQL
//      identifiers are, but an ingest must spell an existing dataset's name exactly: a different
//      spelling is INVALID_ARGUMENT naming the stored one). With a key (the request's, or the
//      dataset's primary key) NULL keys are refused and repeated keys are refused unless
//      on_duplicate_key says which row to keep (staged_keys.h). The files' merged columns are
//      diffed against the dataset's (ingest/schema_diff.h): lossless widenings are applied; added,
//      removed or renamed columns and changes of type family are CONFLICT with the diff unless
//      allow_schema_change (then columns are added/kept and types unified, VARCHAR at worst);
//   4. publish — the staged files are moved into the bucket under the dataset's prefix
//      (NewDataFileKey) and committed with expected_version as ONE version (append, replace or
//      upsert), carrying lineage (source_system "file"), sampled VARCHAR values for PII
//      detection, the files' SHA-256 (CommitRequest::input_sha256), detail {"files":[…],
//      "schema_changes":{…}}, and the live
//      row count after the commit (live_rows.h). A CONFLICT from a concurrent commit is retried
//      once after re-reading the dataset;
//   5. the commit listeners are notified.
//
// A dataset that does not exist is created first (version 1, empty, columns of the files; the key
// column, when given, becomes its primary key), so its first data is version 2.
//
// Failure leaves the dataset unchanged: staged files are deleted; objects already moved into the
// bucket are deleted when the commit fails (whatever a crash leaves behind is an orphan under the
// dataset prefix, removed by the start-up orphan collector).
//
// Dedup hashes are committed with each version into the catalog's dataset_input_hashes table
// (catalog/ingest_marks.h) and looked up there with one indexed query; a replace starts afresh
// (only the hashes of the replace and later versions count, since earlier files are no longer in
// the dataset).
//
// Thread-safety: thread-safe; concurrent calls use separate pooled connections. Everything
// borrowed must outlive the service.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "audit/change_journal.h"
#include "catalog/catalog_service.h"
#include "catalog/commit_listener.h"
#include "catalog/metastore.h"
#include "catalog/schema_changes.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/result.h"
#include "ingest/input_scanner.h"
#include "ingest/stage_request.h"
#include "ingest/staged_file.h"
#include "ingest/staged_keys.h"
#include "ingest/staging_options.h"
#include "sql/connection_pool.h"
#include "storage/bucket_registry.h"

namespace lakehouse {

enum class IngestMode { kAppend, kReplace, kUpsert };

std::string_view IngestModeName(IngestMode mode);  // "append" | "replace" | "upsert"
Result<IngestMode> ParseIngestMode(std::string_view name);

// One uploaded file, already spooled to local disk.
struct IngestFile {
  std::string local_path;     // read, never modified or removed
  std::string original_name;  // as uploaded; names the file in errors, lineage and results
  std::string sha256;         // lower-case hex of the bytes
  // Optional: the bytes' scan run while they were uploaded (StartUploadScan), finished.
  std::shared_ptr<const InputScanner> prescan;
};

struct IngestRequest {
  std::string dataset;
  IngestMode mode = IngestMode::kAppend;
  // Required for upsert. On the first ingest it becomes the dataset's primary key; afterwards it
  // must name the primary key (when given).
  std::string key;
  std::vector<IngestFile> files;
  std::optional<InputFormat> format;  // unset → detected per file
  CsvOptions csv;                     // also on_bad_rows and null_values
  bool allow_schema_change = false;
  DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError;
  std::string bucket;  // empty → the dataset's bucket (primary for a new dataset)
  std::string actor = "api";
  // The job running this ingest (a watch schedule's run), or "": lineage.ingest_job_id, and the
  // journal's source "ingest:<job id>" ("api" when empty).
  std::string job_id{};
};

struct IngestedFile {
  std::string name;
  std::string sha256;
  int64_t rows = 0;  // rows loaded from the file (after skipped rows and dropped duplicate keys)
  bool duplicate = false;
  BadRows bad_rows;                    // skipped/padded under on_bad_rows
  int64_t duplicate_keys_dropped = 0;  // under on_duplicate_key
};

struct IngestResult {
  std::string dataset;     // as the catalog spells it
  int64_t version = 0;     // the new version; the current one when nothing was committed
  bool committed = false;  // false when every file was a duplicate
  bool dedup = false;      // whether content dedup applied (append mode only)
  std::vector<IngestedFile> files;
  int64_t rows_added = 0;  // rows written by this commit (the files' rows)
  // What a query sees change: new rows, rows that replaced a row with the same key (upserts, and
  // appends into a keyed dataset), rows a replace removed, and the live rows after the commit.
  int64_t rows_inserted = 0;
  int64_t rows_updated = 0;
  int64_t rows_removed = 0;
  int64_t row_count = 0;
  int64_t rows_skipped = 0;            // over the files
  int64_t rows_padded = 0;             // over the files
  int64_t duplicate_keys_dropped = 0;  // over the files
  SchemaChanges schema_changes;
  int64_t elapsed_ms = 0;

  // {"dataset","version","committed","dedup","files":[{"name","sha256","rows","duplicate",
  //  "rows_skipped","rows_padded","bad_row_lines":[…],"duplicate_keys_dropped"}],"rows_added",
  //  "rows_inserted","rows_updated","rows_removed","row_count","rows_skipped","rows_padded",
  //  "duplicate_keys_dropped","schema_diff":{…},"elapsed_ms"}
  Json ToJson() const;
};

// Parquet files staged elsewhere (e.g. a database pull, ingest/db_ingest_service.h), committed
// exactly like uploads — modes, schema evolution, PII samples, version log, listeners — minus the
// content dedup. Lineage names `source_system`/`source_uri`; `detail` is merged into the version's
// detail (next to "mode" and "files": [{"rows","path"}]).
struct StagedIngest {
  std::string dataset;
  IngestMode mode = IngestMode::kAppend;
  std::string key;  // as IngestRequest::key
  bool allow_schema_change = false;
  DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError;
  std::string bucket;
  std::string actor = "api";
  std::vector<StagedFile> files;  // at least one; the service owns them from the call on
  std::string source_system;      // e.g. "postgres"
  std::string source_uri;         // stored redacted (RedactUri) by the catalog
  Json detail;                    // an object, or null
  // An incremental pull's mark after this commit (CommitRequest::high_water_mark).
  std::optional<HighWaterMark> high_water_mark;
  std::string job_id;  // the job running this ingest (lineage.ingest_job_id), or ""
};

struct IngestServiceOptions {
  StagingOptions staging;
  // How long a call waits for a free ingest connection.
  std::chrono::milliseconds connection_timeout{60'000};
  // Values sampled per VARCHAR column for PII detection.
  int64_t pii_sample_values = 100;
  // The event journal (borrowed; null or disabled: no entity changes are computed). Keyed
  // commits record one event per inserted or changed row (keyed_changes.h), others one "commit"
  // event with counts.
  ChangeJournal* journal = nullptr;
};

class IngestService {
 public:
  IngestService(CatalogService* catalog, Metastore* metastore, BucketRegistry* buckets,
                ConnectionPool* ingest_pool, const CommitListeners* listeners, const Clock* clock,
                IngestServiceOptions options);

  // Errors: INVALID_ARGUMENT "<file name>: <reason>" for a bad file or option, bad rows (naming
  // the lines), NULL or repeated keys, or a dataset name spelled differently from the catalog's
  // (dataset unchanged); NOT_FOUND for an unknown bucket (listing the valid ones); CONFLICT for an
  // incompatible schema change — carrying the diff as its "schema_diff" detail
  // (common/status_detail.h) — or for a commit race lost twice; FAILED_PRECONDITION for upsert into
  // a dataset without a key.
  Result<IngestResult> Ingest(const IngestRequest& request);

  // Commits already-staged Parquet files as one version (steps 3–5 above, no dedup). The
  // staged files are moved into the bucket or deleted, whatever the outcome. Errors as Ingest.
  Result<IngestResult> CommitStaged(StagedIngest staged);

  // A scan to run over an upload while it streams in (fed from the upload spool's writing thread,
  // finished once the spool is), so that staging need not read the file again. It uses what
  // staging will most likely decide: the format of `filename`'s extension, default CSV options.
  // Staging uses its result only when its own format and options turn out the same (the form
  // may name another format or CSV options after the file part). Null when the extension names
  // no format.
  std::shared_ptr<InputScanner> StartUploadScan(const std::string& filename) const;

  // The schema diff of object `key` in `bucket` (any supported format) against dataset `name`,
  // without ingesting anything: {"dataset","bucket","key","columns":[…],"schema_diff":{…}}.
  Result<Json> DiffObject(std::string_view name, std::string_view bucket, std::string_view key,
                          std::optional<InputFormat> format);

 private:
  struct Staged;
  struct Prepared;
  // What differs between committing uploads and committing staged pulls.
  struct PublishSource {
    std::string system;  // lineage source_system
    // Fills lineage->source_uri and adds to commit->detail (and the typed ingest marks) for what
    // is about to be committed.
    std::function<void(const std::vector<DataFile>& uploaded, Lineage* lineage,
                       CommitRequest* commit)>
        describe;
    // Uploads only: drops files whose content the version log holds by now (from the staged
    // files, and from `uploaded` after deleting them from the store).
    std::function<Status(ObjectStore& store, std::vector<DataFile>& uploaded)> drop_known;
  };

  Result<std::vector<std::string>> IngestedHashes(std::string_view dataset);
  Result<Prepared> Stage(const IngestRequest& request, const std::vector<size_t>& fresh);
  Result<ColumnSamples> SampleStrings(const Prepared& prepared);
  Result<Dataset> GetOrCreateDataset(const IngestRequest& request, const Prepared& prepared,
                                     std::string_view source_system, bool* created);
  // Step 3's key rules over the staged files, before anything is created or moved.
  Status CheckKeys(const IngestRequest& request, const std::optional<Dataset>& existing,
                   Prepared& prepared);
  // Live rows of `dataset` at its current version (`files`: its live files), and after adding
  // `added` (replace: instead of `files`).
  Result<std::pair<int64_t, int64_t>> LiveRowsAround(const Dataset& dataset, IngestMode mode,
                                                     const std::vector<DataFile>& files,
                                                     std::vector<DataFile> added);
  // Steps 3–5 for `prepared` (ingest_publish.cc): create the dataset if needed, check schema and
  // key, move the files into the bucket, commit (retrying lost races), notify the listeners;
  // fills *result. Files moved into the bucket are deleted again unless committed.
  Status Publish(const IngestRequest& request, Prepared& prepared, const PublishSource& source,
                 IngestResult* result);
  // Publish's state and its phases, in order.
  struct PublishState;
  struct CommitAttempt;
  // Refusals that must leave no trace (key column, dataset spelling, keys), and PII samples.
  Status CheckBeforeWriting(PublishState& state);
  // The dataset (created if new), its bucket and store.
  Status OpenTarget(PublishState& state);
  // Moves the staged files into the bucket (state.uploaded).
  Status Upload(PublishState& state);
  void RemoveUploaded(PublishState& state);
  // The committed version, or nullopt when lost races made every file a duplicate.
  Result<std::optional<DatasetVersion>> CommitWithRetries(PublishState& state);
  Result<CommitAttempt> PrepareCommit(PublishState& state);
  void RecordCommitted(PublishState& state, const DatasetVersion& version, CommitAttempt attempt);
  // The journal's events for a commit (ingest_publish.cc): entity changes of a keyed commit,
  // computed before it (EntityChanges), written after it (JournalCommitted).
  Result<std::vector<JournalEvent>> EntityChanges(const Dataset& viewed, IngestMode mode,
                                                  const std::vector<DataFile>& before,
                                                  std::vector<DataFile> added);
  void JournalCommitted(const PublishState& state, const DatasetVersion& version,
                        const CommitAttempt& attempt);
  // After a lost race: re-reads the dataset and drops files the winner ingested; false when none
  // is left. `conflict` is returned when the dataset was replaced by another of the same name.
  Result<bool> Rebase(PublishState& state, const Status& conflict);
  static void ReportUnchanged(const Dataset& dataset, IngestResult* result);

  CatalogService* catalog_;
  Metastore* metastore_;
  BucketRegistry* buckets_;
  ConnectionPool* pool_;
  const CommitListeners* listeners_;
  const Clock* clock_;
  IngestServiceOptions options_;
};

}  // namespace lakehouse
