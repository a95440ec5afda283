#include "catalog/metastore.h"

#include <filesystem>

#include "catalog/schema_migrations.h"

namespace lakehouse {

std::string Metastore::DatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "catalog.db").string();
}

Result<std::unique_ptr<Metastore>> Metastore::Open(const MetastoreOptions& options,
                                                   const Clock& clock) {
  std::error_code ec;
  if (!std::filesystem::is_directory(options.data_dir, ec)) {
    return FailedPrecondition("catalog data directory '", options.data_dir, "' does not exist");
  }
  std::string path = DatabasePath(options.data_dir);
  SqliteOpenOptions open_options;
  open_options.busy_timeout_ms = options.busy_timeout_ms;
  LH_ASSIGN_OR_RETURN(CatalogDb writer, CatalogDb::OpenSqlite(path, open_options));
  LH_RETURN_IF_ERROR(ApplyMigrations(writer, CatalogMigrations(), clock.NowMicros()));
  return std::unique_ptr<Metastore>(new Metastore(options, clock, std::move(writer)));
}

Metastore::Metastore(const MetastoreOptions& options, const Clock& clock, CatalogDb writer)
    : clock_(clock),
      readers_(DatabasePath(options.data_dir),
               SqliteOpenOptions{.read_only = true, .busy_timeout_ms = options.busy_timeout_ms},
               options.max_idle_readers),
      writer_(std::move(writer)) {}

Metastore::~Metastore() = default;

void Metastore::RegisterStoreSchema(std::string store, std::vector<Migration> steps) {
  MutexLock lock(writer_mu_);
  for (const StoreSchema& known : store_schemas_) {
    if (known.store == store) return;
  }
  store_schemas_.push_back({std::move(store), std::move(steps), false});
  store_schemas_pending_.store(true, std::memory_order_release);
}

Status Metastore::ApplyPendingStoreSchemas() {
  MutexLock lock(writer_mu_);
  for (StoreSchema& schema : store_schemas_) {
    if (schema.applied) continue;
    LH_RETURN_IF_ERROR(
        ApplyStoreMigrations(writer_, schema.store, schema.steps, clock_.NowMicros()));
    schema.applied = true;
    write_count_.fetch_add(1, std::memory_order_acq_rel);
  }
  store_schemas_pending_.store(false, std::memory_order_release);
  return Status::Ok();
}

}  // namespace lakehouse
