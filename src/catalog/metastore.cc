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
  LH_ASSIGN_OR_RETURN(CatalogLocation location, ParseCatalogUrl(options.url, options.data_dir));
  location.password_file = options.password_file;
  LH_ASSIGN_OR_RETURN(CatalogDb writer,
                      OpenCatalogDb(location, /*read_only=*/false, options.busy_timeout_ms));
  LH_RETURN_IF_ERROR(ApplyMigrations(writer, CatalogMigrations(), clock.NowMicros()));
  return std::unique_ptr<Metastore>(
      new Metastore(options, clock, std::move(location), std::move(writer)));
}

Metastore::Metastore(const MetastoreOptions& options, const Clock& clock, CatalogLocation location,
                     CatalogDb writer)
    : clock_(clock),
      location_(std::move(location)),
      busy_timeout_ms_(options.busy_timeout_ms),
      readers_([this]() { return OpenCatalogDb(location_, /*read_only=*/true, busy_timeout_ms_); },
               options.max_idle_readers),
      writer_(std::move(writer)) {}

Status Metastore::ReconnectWriterIfBroken() {
  if (!writer_.broken()) return Status::Ok();
  LH_ASSIGN_OR_RETURN(CatalogDb fresh,
                      OpenCatalogDb(location_, /*read_only=*/false, busy_timeout_ms_));
  writer_ = std::move(fresh);
  return Status::Ok();
}

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
