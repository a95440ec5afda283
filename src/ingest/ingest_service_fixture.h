// Test fixture for in-process ingest tests: table/'s TableTest (fresh data directory, real
// BucketRegistry and Metastore, in-memory DuckDB) with the primary bucket behind a
// FaultInjectingObjectStore, the dataset views kept up to date as a commit listener (so queries
// read merge-on-read views like the server's), and a real IngestService and TombstoneService.
// Test-only.
//
// Thread-safety: externally synchronised (one test thread).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "catalog/commit_listener.h"
#include "common/hash.h"
#include "ingest/ingest_service.h"
#include "ingest/tombstone_service.h"
#include "sql/result_json.h"
#include "storage/fault_injecting_object_store.h"
#include "table/dataset_view.h"
#include "table/table_test_util.h"

namespace lakehouse::testing {

class IngestServiceTest : public TableTest {
 protected:
  void SetUp() override {
    TableTest::SetUp();
    ObjectStoreFactory factory =
        [this](const BucketInfo& bucket) -> Result<std::shared_ptr<ObjectStore>> {
      LH_ASSIGN_OR_RETURN(std::shared_ptr<ObjectStore> store, OpenBucketStore(bucket));
      faulty_ = std::make_shared<FaultInjectingObjectStore>(store);
      return std::shared_ptr<ObjectStore>(faulty_);
    };
    LH_ASSERT_OK_AND_ASSIGN(buckets_,
                            BucketRegistry::Open(StorageOptions{}, data_dir_, clock_, factory));
    LH_ASSERT_OK_AND_ASSIGN(store_, buckets_->Get("primary"));
    ASSERT_NE(faulty_, nullptr);
    views_ = std::make_unique<DatasetViewRegistry>(db_.get(), metastore_.get(), buckets_.get());
    LH_ASSERT_OK(views_->BuildAll());
    listeners_.Add(views_.get());
    IngestServiceOptions options;
    options.staging.staging_dir = dir_.Sub("staging");
    ingest_ = std::make_unique<IngestService>(catalog_.get(), metastore_.get(), buckets_.get(),
                                              pool_.get(), &listeners_, &clock_, options);
    tombstones_ = std::make_unique<TombstoneService>(catalog_.get(), metastore_.get(),
                                                     buckets_.get(), pool_.get(), &listeners_,
                                                     &clock_, options.staging.staging_dir);
  }

  void TearDown() override {
    tombstones_.reset();
    ingest_.reset();
    views_.reset();
  }

  // Ingests `csv` (header line first) as one uploaded file.
  Result<IngestResult> IngestCsv(const std::string& dataset, IngestMode mode,
                                 const std::string& key, const std::string& csv,
                                 DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError) {
    const std::string path = dir_.Sub("upload-" + std::to_string(++uploads_) + ".csv");
    std::ofstream(path, std::ios::binary) << csv;
    IngestRequest request;
    request.dataset = dataset;
    request.mode = mode;
    request.key = key;
    request.files = {IngestFile{path, "upload.csv", Sha256Hex(csv), nullptr}};
    request.format = InputFormat::kCsv;
    request.csv.header = true;  // the first line names the columns, even when all are text
    request.on_duplicate_key = on_duplicate_key;
    return ingest_->Ingest(request);
  }

  Result<TombstoneResult> Tombstone(const std::string& dataset, const std::string& key_column,
                                    std::vector<std::string> values) {
    TombstoneRequest request;
    request.dataset = dataset;
    request.key_column = key_column;
    request.values = std::move(values);
    return tombstones_->Add(request);
  }

  // The rows of `sql` over the views, each row's values as text joined by tabs (NULL as "NULL").
  Result<std::vector<std::string>> QueryRows(const std::string& sql) {
    LH_ASSIGN_OR_RETURN(ConnectionLease lease, pool_->Acquire(std::chrono::seconds(30)));
    LH_ASSIGN_OR_RETURN(QueryResult result, lease->Query(sql));
    Json json = ResultToJson(result, -1);
    std::vector<std::string> rows;
    for (const Json& row : json["rows"]) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) line += '\t';
        line += row[i].is_null()     ? "NULL"
                : row[i].is_string() ? row[i].get<std::string>()
                                     : row[i].dump();
      }
      rows.push_back(std::move(line));
    }
    return rows;
  }

  int64_t Versions(const std::string& dataset) {
    Result<Dataset> d = metastore_->GetDataset(dataset);
    return d.ok() ? d->current_version : 0;
  }

  std::shared_ptr<FaultInjectingObjectStore> faulty_;
  CommitListeners listeners_;
  std::unique_ptr<DatasetViewRegistry> views_;
  std::unique_ptr<IngestService> ingest_;
  std::unique_ptr<TombstoneService> tombstones_;
  int uploads_ = 0;
};

}  // namespace lakehouse::testing
