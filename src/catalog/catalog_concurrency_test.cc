// Eight threads register, patch and commit against the same and different datasets at once:
// no duplicate registrations, no lost tag updates, no lost or doubled versions. Run under TSan.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "catalog/catalog_backend_fixture.h"
#include "catalog/catalog_test_util.h"
#include "catalog/file_reaper.h"

namespace lakehouse {
namespace {

using testing::CatalogBackend;
using testing::CatalogBackendName;
using testing::FreshCatalogUrl;
using testing::InMemoryObjectStore;
using testing::MakeCreateRequest;
using testing::OpenMetastore;
using testing::TempDir;
using testing::WriteDataFile;

constexpr int kThreads = 8;

class CatalogConcurrencyTest : public ::testing::TestWithParam<CatalogBackend> {};

constexpr int kRounds = 6;  // 8 × 6 = 48 tags, under kMaxTags

TEST_P(CatalogConcurrencyTest, RegistrationsAndPatchesDoNotDuplicateOrLoseUpdates) {
  TempDir dir;
  ManualClock clock;
  std::unique_ptr<Metastore> metastore =
      OpenMetastore(dir.path(), clock, FreshCatalogUrl(GetParam()));
  std::atomic<int> shared_created{0};
  std::atomic<int> shared_rejected{0};
  std::atomic<int> unexpected{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Everyone races to register the same names (some differ only in case).
        std::string shared = round % 2 == 0 ? "shared_" + std::to_string(round)
                                            : "SHARED_" + std::to_string(round - 1);
        auto created = metastore->CreateDataset(MakeCreateRequest(shared));
        if (created.ok()) {
          ++shared_created;
        } else if (created.status().code() == StatusCode::kAlreadyExists) {
          ++shared_rejected;
        } else {
          ++unexpected;
        }
        // Each thread also owns a dataset of its own.
        if (round == 0) {
          if (!metastore->CreateDataset(MakeCreateRequest("own_" + std::to_string(t))).ok()) {
            ++unexpected;
          }
        }
        // Read-modify-write of the tag set of one hot dataset: every tag must survive.
        MetadataPatch patch;
        patch.add_tags = {"t" + std::to_string(t) + "_r" + std::to_string(round)};
        auto patched = metastore->UpdateMetadata("shared_0", patch);
        if (!patched.ok() && patched.status().code() != StatusCode::kNotFound) ++unexpected;
        if (!metastore->GetDataset("own_" + std::to_string(t)).ok()) ++unexpected;
        if (!metastore->ListDatasets().ok() || !metastore->Stats().ok()) ++unexpected;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(shared_created.load(), kRounds / 2);
  EXPECT_EQ(shared_rejected.load(), kThreads * kRounds - kRounds / 2);
  auto list = metastore->ListDatasets();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), static_cast<size_t>(kRounds / 2 + kThreads));

  // Patches before shared_0 existed got NOT_FOUND; every later one must be present. Retry the
  // whole set once more to make the expectation exact.
  for (int t = 0; t < kThreads; ++t) {
    for (int round = 0; round < kRounds; ++round) {
      MetadataPatch patch;
      patch.add_tags = {"t" + std::to_string(t) + "_r" + std::to_string(round)};
      ASSERT_TRUE(metastore->UpdateMetadata("shared_0", patch).ok());
    }
  }
  auto hot = metastore->GetDataset("shared_0");
  ASSERT_TRUE(hot.ok());
  EXPECT_EQ(hot->tags.size(), static_cast<size_t>(kThreads * kRounds));
}

TEST_P(CatalogConcurrencyTest, ConcurrentTagAddsAreNeverLost) {
  TempDir dir;
  ManualClock clock;
  std::unique_ptr<Metastore> metastore =
      OpenMetastore(dir.path(), clock, FreshCatalogUrl(GetParam()));
  ASSERT_TRUE(metastore->CreateDataset(MakeCreateRequest("hot")).ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        MetadataPatch patch;
        patch.add_tags = {"t" + std::to_string(t) + "_r" + std::to_string(round)};
        EXPECT_TRUE(metastore->UpdateMetadata("hot", patch).ok());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(metastore->GetDataset("hot")->tags.size(), static_cast<size_t>(kThreads * kRounds));
}

TEST_P(CatalogConcurrencyTest, OptimisticCommitsSerialiseWithRetries) {
  TempDir dir;
  ManualClock clock;
  InMemoryObjectStore store;
  std::unique_ptr<Metastore> metastore =
      OpenMetastore(dir.path(), clock, FreshCatalogUrl(GetParam()));
  auto d = metastore->CreateDataset(MakeCreateRequest("ledger"));
  ASSERT_TRUE(d.ok());
  std::atomic<int> conflicts{0};
  std::atomic<bool> stop_readers{false};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 4; ++round) {
        DataFile file = WriteDataFile(store, d->id, 1);
        while (true) {
          auto current = metastore->GetDataset("ledger");
          ASSERT_TRUE(current.ok());
          CommitRequest request;
          request.dataset_id = d->id;
          request.expected_version = current->current_version;
          // Every fourth commit replaces the contents, so the reaper has removed files to chase.
          request.operation = round == 3 ? VersionOperation::kReplace : VersionOperation::kAppend;
          request.files_added = {file};
          auto committed = metastore->Commit(request);
          if (committed.ok()) break;
          ASSERT_EQ(committed.status().code(), StatusCode::kConflict);
          ++conflicts;
        }
      }
    });
  }
  // Readers pin snapshots while the reaper runs; a pinned version's files must stay readable.
  std::thread reader([&] {
    FileReaper reaper(*metastore, {{"primary", &store}});
    while (!stop_readers.load()) {
      auto pin = metastore->PinSnapshot("ledger", std::nullopt);
      ASSERT_TRUE(pin.ok());
      ASSERT_TRUE(reaper.ReapOnce().ok());
      for (const DataFile& file : pin->files()) ASSERT_TRUE(store.Contains(file.path));
    }
  });
  for (std::thread& thread : threads) thread.join();
  stop_readers = true;
  reader.join();

  auto final_state = metastore->GetDataset("ledger");
  ASSERT_TRUE(final_state.ok());
  EXPECT_EQ(final_state->current_version, 1 + kThreads * 4);
  auto live = metastore->PinSnapshot("ledger", std::nullopt);
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(final_state->row_count, TotalRows(live->files()));
  EXPECT_GE(final_state->row_count, 1);
  auto versions = metastore->ListVersions("ledger");
  ASSERT_TRUE(versions.ok());
  for (size_t i = 0; i < versions->size(); ++i) EXPECT_EQ((*versions)[i].version, int64_t(i + 1));
}

// Two metastores on one catalog — two processes on one SQLite file, two nodes on one PostgreSQL —
// commit to the same dataset at once, each from the version it read: every version is published
// exactly once, and each lost race is a clean CONFLICT that the writer retries from the new state.
TEST_P(CatalogConcurrencyTest, TwoNodesCommittingConcurrentlyConflictCleanly) {
  TempDir dir;
  ManualClock clock;
  InMemoryObjectStore store;
  const std::string url = FreshCatalogUrl(GetParam());
  std::unique_ptr<Metastore> node_a = OpenMetastore(dir.path(), clock, url);
  std::unique_ptr<Metastore> node_b = OpenMetastore(dir.path(), clock, url);
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  auto d = node_a->CreateDataset(MakeCreateRequest("shared"));
  ASSERT_TRUE(d.ok()) << d.status().ToString();

  // The plain race: both read version 1; the first commit wins, the second is refused.
  auto read_a = node_a->GetDataset("shared");
  auto read_b = node_b->GetDataset("shared");
  ASSERT_TRUE(read_a.ok() && read_b.ok());
  CommitRequest first;
  first.dataset_id = d->id;
  first.expected_version = read_a->current_version;
  first.operation = VersionOperation::kAppend;
  first.files_added = {WriteDataFile(store, d->id, 2)};
  ASSERT_TRUE(node_a->Commit(first).ok());
  CommitRequest second = first;
  second.files_added = {WriteDataFile(store, d->id, 3)};
  second.expected_version = read_b->current_version;
  auto refused = node_b->Commit(second);
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict) << refused.status().ToString();

  constexpr int kPerNode = 4;
  constexpr int kCommits = 3;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kPerNode; ++t) {
    Metastore* node = t % 2 == 0 ? node_a.get() : node_b.get();
    threads.emplace_back([&, node] {
      for (int round = 0; round < kCommits; ++round) {
        DataFile file = WriteDataFile(store, d->id, 1);
        while (true) {
          auto current = node->GetDataset("shared");
          ASSERT_TRUE(current.ok()) << current.status().ToString();
          CommitRequest request;
          request.dataset_id = d->id;
          request.expected_version = current->current_version;
          request.operation = VersionOperation::kAppend;
          request.files_added = {file};
          auto committed = node->Commit(request);
          if (committed.ok()) break;
          ASSERT_EQ(committed.status().code(), StatusCode::kConflict)
              << committed.status().ToString();
          ++conflicts;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  const int64_t expected_version = 2 + 2 * kPerNode * kCommits;
  for (Metastore* node : {node_a.get(), node_b.get()}) {
    auto state = node->GetDataset("shared");
    ASSERT_TRUE(state.ok());
    EXPECT_EQ(state->current_version, expected_version);
    EXPECT_EQ(state->row_count, 2 + 2 * kPerNode * kCommits);
    auto versions = node->ListVersions("shared");
    ASSERT_TRUE(versions.ok());
    ASSERT_EQ(versions->size(), static_cast<size_t>(expected_version));
    for (size_t i = 0; i < versions->size(); ++i) EXPECT_EQ((*versions)[i].version, int64_t(i + 1));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CatalogConcurrencyTest, testing::kCatalogBackends,
                         CatalogBackendName);

}  // namespace
}  // namespace lakehouse
