// Test fixture for in-process VectorService / IndexRefresher tests: ingest's IngestServiceTest
// (fresh data directory, real metastore, in-memory DuckDB, the primary bucket behind a
// FaultInjectingObjectStore, real IngestService and TombstoneService, dataset views kept up to
// date) plus a real JobService, QueryService and VectorService whose embedder is the built-in
// lexical "builtin/hash-v1" behind FaultInjectingEmbedder. StartVectors() can be called again to
// build a new service over the same directories (a restart). Test-only.
//
// Thread-safety: externally synchronised (one test thread); FaultInjectingEmbedder is
// thread-safe (refresh jobs call it from a worker).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "embed/hash_embedder.h"
#include "ingest/ingest_service_fixture.h"
#include "jobs/job_service.h"
#include "sql/query_service.h"
#include "sql/query_watchdog.h"
#include "vector/index_store.h"
#include "vector/vector_service.h"

namespace lakehouse::testing {

// An Embedder decorator over the real HashEmbedder (the embedder-side sibling of
// FaultInjectingObjectStore): counts every text it embeds and, once armed, fails every call from
// the Nth on, as a provider that went away would.
class FaultInjectingEmbedder final : public Embedder {
 public:
  explicit FaultInjectingEmbedder(std::unique_ptr<HashEmbedder> inner) : inner_(std::move(inner)) {}

  Result<std::vector<std::vector<float>>> Embed(const std::vector<std::string>& texts) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++calls_;
      if (fail_from_ && calls_ >= *fail_from_) {
        ++failures_;
        return Unavailable("injected embedder fault");
      }
      for (const std::string& text : texts) ++embedded_[text];
    }
    return inner_->Embed(texts);
  }
  int32_t dimensions() const override { return inner_->dimensions(); }
  const std::string& model_id() const override { return inner_->model_id(); }

  // Calls from the `n`th one after now (1 = the next) fail until Heal().
  void FailFromCall(int64_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_from_ = calls_ + n;
  }
  void Heal() {
    std::lock_guard<std::mutex> lock(mu_);
    fail_from_.reset();
  }
  // Each text embedded so far, with how often; Reset() forgets them.
  std::map<std::string, int> embedded() const {
    std::lock_guard<std::mutex> lock(mu_);
    return embedded_;
  }
  int64_t failures() const {
    std::lock_guard<std::mutex> lock(mu_);
    return failures_;
  }
  void Reset() {
    std::lock_guard<std::mutex> lock(mu_);
    embedded_.clear();
  }

 private:
  const std::unique_ptr<HashEmbedder> inner_;
  mutable std::mutex mu_;
  int64_t calls_ = 0;
  std::optional<int64_t> fail_from_;
  int64_t failures_ = 0;
  std::map<std::string, int> embedded_;
};

// Forwards commits to the current VectorService (CommitListeners cannot drop one at a restart).
class VectorListener final : public DatasetCommitListener {
 public:
  void OnCommit(const Dataset& dataset, const DatasetVersion& version) override {
    if (target != nullptr) target->OnCommit(dataset, version);
  }
  void OnDatasetDeleted(const Dataset& dataset) override {
    if (target != nullptr) target->OnDatasetDeleted(dataset);
  }
  VectorService* target = nullptr;
};

class VectorServiceTest : public IngestServiceTest {
 protected:
  static constexpr char kModel[] = "builtin/hash-v1";

  void SetUp() override {
    IngestServiceTest::SetUp();
    LH_ASSERT_OK_AND_ASSIGN(std::unique_ptr<HashEmbedder> hash, HashEmbedder::Create());
    embedder_ = std::make_shared<FaultInjectingEmbedder>(std::move(hash));
    LH_ASSERT_OK_AND_ASSIGN(vector_pool_, ConnectionPool::Create(*db_, 4));
    queries_ = std::make_unique<QueryService>(pool_.get(), &watchdog_, DuckDbOptions{});
    index_store_ = std::make_unique<IndexStore>(metastore_.get());
    listeners_.Add(&forward_);
    StartVectors();
  }

  void TearDown() override {
    StopVectors();
    IngestServiceTest::TearDown();
  }

  // A new JobService and VectorService over the same metastore and index directory.
  void StartVectors() {
    StopVectors();
    jobs_ = std::make_unique<JobService>(metastore_.get(), &clock_, JobServiceOptions{});
    RefresherDeps deps;
    deps.metastore = metastore_.get();
    deps.catalog = catalog_.get();
    deps.views = views_.get();
    deps.buckets = buckets_.get();
    deps.store = index_store_.get();
    deps.pool = vector_pool_.get();
    deps.clock = &clock_;
    deps.embedders = [this](std::string_view model) -> Result<std::shared_ptr<Embedder>> {
      if (model != kModel) return NotFound("no model '", std::string(model), "' in this test");
      return std::shared_ptr<Embedder>(embedder_);
    };
    VectorServiceOptions options;
    options.indexes_dir = dir_.Sub("indexes");
    options.default_model = kModel;
    options.refresher.batch_chunks = batch_chunks_;
    options.compact_parts = compact_parts_;
    vectors_ = std::make_unique<VectorService>(deps, jobs_.get(), queries_.get(), nullptr, options);
    vectors_->RegisterJobs();
    LH_ASSERT_OK(jobs_->Start());
    LH_ASSERT_OK(vectors_->Start());
    forward_.target = vectors_.get();
    // Start-up loads the registered indexes on a background thread.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!vectors_->CheckLoaded().ok() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    LH_ASSERT_OK(vectors_->CheckLoaded());
  }

  void StopVectors() {
    forward_.target = nullptr;
    if (jobs_) jobs_->Stop();
    if (vectors_) vectors_->Stop();
    vectors_.reset();
    jobs_.reset();
  }

  // Runs `job` to its end.
  Result<Job> Finish(const Job& job) { return jobs_->Wait(job.id, std::chrono::seconds(60)); }

  // POST /vectors/index over `dataset` (id, body), waited for.
  Result<Job> CreateIndex(const std::string& dataset) {
    IndexFields fields;
    fields.name = "idx";
    fields.dataset = dataset;
    fields.id_column = "id";
    fields.text_column = "body";
    fields.model = kModel;
    LH_ASSIGN_OR_RETURN(Job job, vectors_->CreateIndex(fields));
    return Finish(job);
  }

  // POST /vectors/refresh/{dataset}, waited for: the refresh's result (or up_to_date's).
  Result<Job> Refresh(const std::string& dataset) {
    IndexFields fields;
    fields.name = "idx";
    LH_ASSIGN_OR_RETURN(VectorService::RefreshRequestOutcome outcome,
                        vectors_->RequestRefresh(dataset, fields));
    if (outcome.up_to_date) {
      Job done;
      done.state = JobState::kSucceeded;
      done.result = outcome.up_to_date->ToJson();
      done.result["up_to_date"] = true;
      return done;
    }
    return Finish(outcome.job);
  }

  // The doc ids of the top `k` hits for `query`, best first.
  std::vector<std::string> SearchIds(const std::string& query, int32_t k = 3) {
    Result<SearchResults> results = Search(query, k);
    EXPECT_TRUE(results.ok()) << results.status().ToString();
    std::vector<std::string> ids;
    if (!results.ok()) return ids;
    for (const ChunkHit& hit : results->hits.at(0)) ids.push_back(hit.chunk.doc_id);
    return ids;
  }

  Result<SearchResults> Search(const std::string& query, int32_t k) {
    SearchRequest request;
    request.index = "idx";
    request.query = query;
    request.k = k;
    request.exact = true;
    return vectors_->Search(request);
  }

  int64_t batch_chunks_ = 2048;
  int64_t compact_parts_ = 8;
  std::shared_ptr<FaultInjectingEmbedder> embedder_;
  std::unique_ptr<ConnectionPool> vector_pool_;
  QueryWatchdog watchdog_;
  std::unique_ptr<QueryService> queries_;
  std::unique_ptr<IndexStore> index_store_;
  std::unique_ptr<JobService> jobs_;
  std::unique_ptr<VectorService> vectors_;
  VectorListener forward_;
};

}  // namespace lakehouse::testing
