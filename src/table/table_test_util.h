// Test fixture for table/: a fresh temporary data directory holding a real BucketRegistry (its
// primary bucket is a LocalObjectStore), a real Metastore, an in-memory DuckDB with a small pool,
// and the services under test. Parquet objects are written by DuckDB and moved into the bucket.
// Test-only.
//
// Thread-safety: externally synchronised (one test thread).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "catalog/catalog_db.h"
#include "catalog/catalog_service.h"
#include "catalog/metastore.h"
#include "catalog/pii_detector.h"
#include "common/clock.h"
#include "sql/connection_pool.h"
#include "sql/database.h"
#include "sql/sql_test_util.h"  // LH_ASSERT_OK, LH_ASSERT_OK_AND_ASSIGN
#include "storage/bucket_registry.h"
#include "storage/storage_test_util.h"
#include "table/parquet_inspector.h"
#include "table/resync_service.h"

namespace lakehouse::testing {

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    data_dir_ = dir_.Sub("data");
    LH_ASSERT_OK_AND_ASSIGN(buckets_, BucketRegistry::Open(StorageOptions{}, data_dir_, clock_));
    LH_ASSERT_OK_AND_ASSIGN(store_, buckets_->Get("primary"));
    MetastoreOptions options;
    options.data_dir = data_dir_;
    LH_ASSERT_OK_AND_ASSIGN(metastore_, Metastore::Open(options, clock_));
    LH_ASSERT_OK_AND_ASSIGN(Database db, Database::Open(DuckDbOptions{}));
    db_ = std::make_unique<Database>(std::move(db));
    LH_ASSERT_OK_AND_ASSIGN(pool_, ConnectionPool::Create(*db_, 2));
    catalog_ = std::make_unique<CatalogService>(*metastore_, detector_);
    inspector_ = std::make_unique<ParquetInspector>(pool_.get());
    resync_ = std::make_unique<ResyncService>(metastore_.get(), catalog_.get(), buckets_.get(),
                                              inspector_.get());
  }

  // Writes the rows of `select_sql` as a Parquet object under `key` in the primary bucket.
  void WriteParquet(const std::string& key, const std::string& select_sql,
                    const std::string& copy_options = "") {
    const std::string staged = dir_.Sub("staged-" + std::to_string(++staged_count_) + ".parquet");
    ExecuteSql("COPY (" + select_sql + ") TO '" + staged + "' (FORMAT parquet" + copy_options +
               ")");
    LH_ASSERT_OK(store_->PutFile(key, staged));
  }

  void ExecuteSql(const std::string& sql) {
    LH_ASSERT_OK_AND_ASSIGN(ConnectionLease lease, pool_->Acquire(std::chrono::seconds(5)));
    LH_ASSERT_OK(lease->Execute(sql));
  }

  std::string LocalPath(const std::string& key) {
    Result<std::string> path = store_->LocalPath(key);
    EXPECT_TRUE(path.ok()) << path.status().ToString();
    return path.value_or("");
  }

  int64_t FileSize(const std::string& key) {
    return static_cast<int64_t>(std::filesystem::file_size(LocalPath(key)));
  }

  // Runs SQL against catalog.db behind the Metastore's back, to plant wrong facts.
  void TamperCatalog(const std::string& sql) {
    LH_ASSERT_OK_AND_ASSIGN(CatalogDb db,
                            CatalogDb::OpenSqlite(Metastore::DatabasePath(data_dir_), {}));
    LH_ASSERT_OK(db.Execute(sql));
  }

  ScopedTempDir dir_;
  std::string data_dir_;
  ManualClock clock_;
  std::unique_ptr<BucketRegistry> buckets_;
  std::shared_ptr<ObjectStore> store_;
  std::unique_ptr<Metastore> metastore_;
  std::unique_ptr<Database> db_;
  std::unique_ptr<ConnectionPool> pool_;
  PiiDetector detector_;
  std::unique_ptr<CatalogService> catalog_;
  std::unique_ptr<ParquetInspector> inspector_;
  std::unique_ptr<ResyncService> resync_;
  int staged_count_ = 0;
};

}  // namespace lakehouse::testing
