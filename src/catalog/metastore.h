// Metastore: the transactional source of truth for datasets, their versions and their data files,
// kept in SQLite at <data_dir>/catalog.db or in PostgreSQL (`catalog.url`, ADR 018). It replaces
// per-dataset JSON manifests: every change is one SQLite transaction, so a dataset is never
// half-written, and a UNIQUE index on the live name (case-insensitive) makes registering a name
// twice impossible, not merely checked.
//
// Concurrency design:
//   * One writer connection, serialised by writer_mu_. Every mutation runs as
//     BEGIN IMMEDIATE → read current state → validate → write → COMMIT on it, so read-modify-write
//     updates (tag edits, version checks) cannot lose updates.
//     On PostgreSQL the transaction also holds the catalog's advisory writer lock, so writers of
//     every process sharing the database are serialised the same way; a write that fails with
//     UNAVAILABLE there (serialization failure, deadlock, lost connection) is re-run on a fresh
//     transaction (reconnecting) up to kMaxWriteAttempts times, so a Write function must only
//     touch the database.
//   * Readers use a pool of separate read-only connections; WAL mode (PostgreSQL: REPEATABLE
//     READ) gives each read transaction a consistent snapshot while the writer proceeds.
//   * lifecycle_mu_ orders snapshot pinning against the reaper's claim of removed files (see
//     snapshot_pin.h), so a version can't be pinned while its files are being claimed.
//   Lock order: lifecycle_mu_ before writer_mu_; neither is held while touching object storage.
//
// Methods are split by concern: metastore.cc (open, transactions), metastore_datasets.cc,
// metastore_versions.cc, metastore_files.cc (pins, reaping, orphans), metastore_resync.cc,
// metastore_stats.cc.
//
// Thread-safety: thread-safe. SnapshotPins it issues must not outlive it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog_connection_pool.h"
#include "catalog/catalog_db.h"
#include "catalog/catalog_stats.h"
#include "catalog/catalog_transaction.h"
#include "catalog/catalog_url.h"
#include "catalog/dataset.h"
#include "catalog/dataset_request.h"
#include "catalog/dataset_version.h"
#include "catalog/schema_migrations.h"
#include "catalog/snapshot_pin.h"
#include "common/clock.h"
#include "common/mutex.h"

namespace lakehouse {

struct MetastoreOptions {
  std::string data_dir;  // catalog.db is created here; the directory must exist
  int busy_timeout_ms = 5000;
  size_t max_idle_readers = 4;
  // `catalog.url` (catalog_url.h): empty for <data_dir>/catalog.db, sqlite:<path>, or
  // postgresql://… (then `password_file` is libpq's passfile when the URL has no password).
  // Initialised ({}), so `MetastoreOptions{.data_dir = d}` stays free of
  // -Wmissing-field-initializers.
  std::string url{};
  std::string password_file{};
};

class Metastore {
 public:
  // Opens or creates <data_dir>/catalog.db and applies pending migrations. `clock` must outlive
  // the Metastore.
  static Result<std::unique_ptr<Metastore>> Open(const MetastoreOptions& options,
                                                 const Clock& clock);
  ~Metastore();
  Metastore(const Metastore&) = delete;
  Metastore& operator=(const Metastore&) = delete;

  static std::string DatabasePath(const std::string& data_dir);  // <data_dir>/catalog.db
  const CatalogLocation& location() const { return location_; }
  CatalogDialect dialect() const { return location_.dialect; }
  static constexpr int kMaxWriteAttempts = 3;

  // --- Datasets (metastore_datasets.cc) ---
  // Registers the dataset at version 1 (operation "create", publishing request.initial_files).
  // ALREADY_EXISTS when a live dataset has the same name in any letter case.
  Result<Dataset> CreateDataset(const CreateDatasetRequest& request);
  Result<Dataset> GetDataset(std::string_view name);  // live datasets only; NOT_FOUND otherwise
  Result<Dataset> GetDatasetById(std::string_view id);
  Result<std::vector<Dataset>> ListDatasets();  // live datasets ordered by name
  // Applies the patch as one read-modify-write transaction. Unknown column → INVALID_ARGUMENT.
  Result<Dataset> UpdateMetadata(std::string_view name, const MetadataPatch& patch);
  // Commits a final "delete" version removing every live file, then tombstones the dataset (the
  // name becomes free; history stays for audit; files go through the reaper like any removal).
  Result<DatasetVersion> DeleteDataset(std::string_view name, std::string_view actor);

  // --- Versions (metastore_versions.cc) ---
  // Publishes files and schema changes atomically, updating row_count, size_bytes, columns,
  // fingerprint and freshness in the same transaction. CONFLICT when expected_version is not the
  // current version; NOT_FOUND for an unknown or deleted dataset.
  Result<DatasetVersion> Commit(const CommitRequest& request);
  Result<std::vector<DatasetVersion>> ListVersions(std::string_view name);  // oldest first
  // What commits recorded for later ingests (catalog/ingest_marks.h), since the dataset's last
  // replace: the input hashes (each once), and the newest high-water mark of `column` (nullopt
  // when none). NOT_FOUND for an unknown or deleted dataset.
  Result<std::vector<std::string>> IngestedHashes(std::string_view name);
  Result<std::optional<std::string>> LatestHighWaterMark(std::string_view name,
                                                         std::string_view column);

  // --- Snapshots and file lifecycle (metastore_files.cc) ---
  // Pins `version` (default: current) of a live dataset. FAILED_PRECONDITION when a file of that
  // version has already been reclaimed; NOT_FOUND for a version that does not exist.
  Result<SnapshotPin> PinSnapshot(std::string_view name, std::optional<int64_t> version);
  // Marks removed files in `buckets` that no pinned reader needs as purged and returns them; the
  // caller (FileReaper) deletes the objects afterwards.
  Result<std::vector<DataFile>> ClaimReapableFiles(const std::set<std::string>& buckets);
  // Paths in `bucket` that committed, unpurged file rows reference.
  Result<std::set<std::string>> ReferencedPaths(std::string_view bucket);
  // Whether one such row references `path` in `bucket` (the object API keeps these read-only).
  Result<bool> ReferencesPath(std::string_view bucket, std::string_view path);
  int64_t pinned_snapshot_count() const { return snapshots_.pin_count(); }

  // --- Resync (metastore_resync.cc) ---
  // Corrects what the catalog recorded about a dataset's data from the data itself, without
  // adding a version (the data did not change): sets row_count/size_bytes of each file in
  // `corrected_live_files` (matched by bucket and path), recomputes the dataset's totals from its
  // live files, and replaces its columns — a column keeping its name keeps its description, PII
  // tag and sensitivity override, as in Commit — and fingerprint. When nothing differs nothing is
  // written (updated_at stays). CONFLICT when the dataset is not at `expected_version` (a commit
  // raced the resync); INVALID_ARGUMENT when a file is not live in the dataset or the columns are
  // invalid; FAILED_PRECONDITION when the columns lack a primary-key column; NOT_FOUND for an
  // unknown or deleted dataset.
  Result<Dataset> ApplyResync(const std::string& dataset_id, int64_t expected_version,
                              const std::vector<DataFile>& corrected_live_files,
                              const std::vector<Column>& columns);

  // --- Stats (metastore_stats.cc) ---
  Result<CatalogStats> Stats();

  // --- Transactions, for the stores of other subsystems that keep their tables in catalog.db
  // (jobs, the vector index registry). ---
  // A store registers its own schema steps (numbered per store; schema_migrations.h) when it is
  // constructed; they run before the next Read or Write of anyone. Registering a store again is a
  // no-op. An error applying them is returned by that Read or Write (and the next ones).
  void RegisterStoreSchema(std::string store, std::vector<Migration> steps);
  // Runs fn(CatalogDb&) → Result<T> inside one IMMEDIATE (writer) transaction on the writer
  // connection; commits when fn succeeds, rolls back otherwise. On PostgreSQL an UNAVAILABLE
  // failure re-runs fn (see the class comment).
  template <typename Fn>
  auto Write(Fn&& fn) -> decltype(fn(std::declval<CatalogDb&>()));
  // Write transactions committed so far. Bumped after each COMMIT and before Write returns, so a
  // value read before a read transaction began proves that nothing committed since then when it
  // is unchanged (DatasetCache and DatasetViewManager rely on this). Changes other processes
  // make to catalog.db are not counted.
  uint64_t write_count() const { return write_count_.load(std::memory_order_acquire); }
  // Runs fn inside one DEFERRED (snapshot) transaction on a pooled read connection.
  template <typename Fn>
  auto Read(Fn&& fn) -> decltype(fn(std::declval<CatalogDb&>()));

 private:
  Metastore(const MetastoreOptions& options, const Clock& clock, CatalogLocation location,
            CatalogDb writer);

  // Declared before the members whose thread-safety annotations name it (clang parses the
  // annotation after a trailing return type where later members are not yet visible).
  Mutex writer_mu_;

  template <typename Fn>
  auto WriteOnce(Fn& fn) -> decltype(fn(std::declval<CatalogDb&>())) LH_REQUIRES(writer_mu_);
  // Reopens the writer connection when it was lost (PostgreSQL restarted).
  Status ReconnectWriterIfBroken() LH_REQUIRES(writer_mu_);

  const Clock& clock_;
  const CatalogLocation location_;
  const int busy_timeout_ms_;
  CatalogConnectionPool readers_;
  SnapshotRegistry snapshots_;
  Mutex lifecycle_mu_;

  // Applies registered store schemas not yet applied (takes writer_mu_).
  Status ApplyPendingStoreSchemas();

  CatalogDb writer_ LH_GUARDED_BY(writer_mu_);
  struct StoreSchema {
    std::string store;
    std::vector<Migration> steps;
    bool applied = false;
  };
  std::vector<StoreSchema> store_schemas_ LH_GUARDED_BY(writer_mu_);
  std::atomic<bool> store_schemas_pending_{false};
  std::atomic<uint64_t> write_count_{0};
};

namespace metastore_internal {
inline const Status& StatusOf(const Status& status) { return status; }
template <typename T>
const Status& StatusOf(const Result<T>& result) {
  return result.status();
}
}  // namespace metastore_internal

template <typename Fn>
auto Metastore::WriteOnce(Fn& fn) -> decltype(fn(std::declval<CatalogDb&>())) {
  // The declaration's LH_REQUIRES is checked at the callers; clang does not carry it onto this
  // out-of-line template body, so the body says what its callers guarantee.
  writer_mu_.AssertHeld();
  LH_RETURN_IF_ERROR(ReconnectWriterIfBroken());
  LH_ASSIGN_OR_RETURN(auto tx,
                      CatalogTransaction::Begin(writer_, CatalogTransaction::Mode::kImmediate));
  auto result = fn(writer_);
  if (!result.ok()) return result;
  LH_RETURN_IF_ERROR(tx.Commit());
  write_count_.fetch_add(1, std::memory_order_acq_rel);
  return result;
}

template <typename Fn>
auto Metastore::Write(Fn&& fn) -> decltype(fn(std::declval<CatalogDb&>())) {
  if (store_schemas_pending_.load(std::memory_order_acquire)) {
    LH_RETURN_IF_ERROR(ApplyPendingStoreSchemas());
  }
  MutexLock lock(writer_mu_);
  for (int attempt = 1;; ++attempt) {
    auto result = WriteOnce(fn);
    if (result.ok() || location_.dialect != CatalogDialect::kPostgres ||
        attempt >= kMaxWriteAttempts) {
      return result;
    }
    const Status& status = metastore_internal::StatusOf(result);
    if (status.code() != StatusCode::kUnavailable) return result;
  }
}

template <typename Fn>
auto Metastore::Read(Fn&& fn) -> decltype(fn(std::declval<CatalogDb&>())) {
  if (store_schemas_pending_.load(std::memory_order_acquire)) {
    LH_RETURN_IF_ERROR(ApplyPendingStoreSchemas());
  }
  LH_ASSIGN_OR_RETURN(auto lease, readers_.Acquire());
  LH_ASSIGN_OR_RETURN(auto tx,
                      CatalogTransaction::Begin(lease.db(), CatalogTransaction::Mode::kDeferred));
  auto result = fn(lease.db());
  if (!result.ok()) return result;
  LH_RETURN_IF_ERROR(tx.Commit());
  return result;
}

}  // namespace lakehouse
