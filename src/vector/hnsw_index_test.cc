#include "vector/hnsw_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "vector/exact_index.h"
#include "vector/vector_test_util.h"

// Under ThreadSanitizer: hnswlib takes its internal mutexes in both orders inside addPoint and
// recreates them in resizeIndex (std::mutex has a trivial destructor, so TSan keeps stale
// lock-order edges, reported without stacks). HnswIndex never runs two hnswlib writers at once,
// so these cannot deadlock; turn the deadlock detector off for this binary. Data races are
// still detected.
extern "C" const char* __tsan_default_options() { return "detect_deadlocks=0"; }

namespace lakehouse {
namespace {

using testing::Labels;

std::unique_ptr<HnswIndex> MakeIndex(const HnswOptions& options) {
  auto index = HnswIndex::Create(options);
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return std::move(index).value();
}

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("lh_hnsw_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(HnswIndexTest, RecallAgainstExactSearchOnClusteredData) {
  const size_t n = 10000, dims = 32;
  const auto data = testing::ClusteredVectors(n, dims, 40, 0.6f, 42);
  auto hnsw = MakeIndex({.dimensions = dims});
  auto exact = ExactIndex::Create({.dimensions = dims});
  ASSERT_TRUE(exact.ok());
  for (size_t i = 0; i < n; ++i) {
    ASSERT_TRUE(hnsw->Add(i, data[i]).ok());
    ASSERT_TRUE((*exact)->Add(i, data[i]).ok());
  }
  const auto queries = testing::ClusteredVectors(200, dims, 40, 0.6f, 43);
  size_t found = 0, total = 0;
  for (const auto& q : queries) {
    auto approx = hnsw->Search(q, 10);
    auto truth = (*exact)->Search(q, 10);
    ASSERT_TRUE(approx.ok() && truth.ok());
    const auto approx_labels = Labels(*approx);
    const std::set<uint64_t> got(approx_labels.begin(), approx_labels.end());
    for (const SearchHit& h : *truth) found += got.count(h.label);
    total += truth->size();
    // The score is the inner product itself (hnswlib sees its negation): a label found by both
    // carries the very same float.
    for (const SearchHit& a : *approx) {
      for (const SearchHit& t : *truth) {
        if (a.label == t.label) {
          EXPECT_EQ(a.score, t.score);
        }
      }
    }
  }
  const double recall = static_cast<double>(found) / total;
  EXPECT_GE(recall, 0.95);
  std::printf("recall@10 = %.4f\n", recall);
}

TEST(HnswIndexTest, DeletedLabelsAreNeverReturned) {
  const size_t n = 2000, dims = 16;
  const auto data = testing::RandomVectors(n, dims, 5);
  auto index = MakeIndex({.dimensions = dims, .ef_search = 32});
  for (size_t i = 0; i < n; ++i) ASSERT_TRUE(index->Add(i, data[i]).ok());
  std::set<uint64_t> deleted;
  for (uint64_t label = 0; label < n; label += 3) {
    ASSERT_TRUE(index->Remove(label).ok());
    deleted.insert(label);
  }
  EXPECT_EQ(index->Remove(0).code(), StatusCode::kNotFound);
  EXPECT_EQ(index->Remove(999999).code(), StatusCode::kNotFound);
  EXPECT_FALSE(index->Contains(0));
  EXPECT_TRUE(index->Contains(1));
  const HnswStats stats = index->stats();
  EXPECT_EQ(stats.deleted, static_cast<int64_t>(deleted.size()));
  EXPECT_EQ(stats.live, static_cast<int64_t>(n - deleted.size()));
  EXPECT_NEAR(stats.deleted_fraction(), 667.0 / 2000.0, 1e-9);

  for (size_t i = 0; i < n; i += 7) {  // queries that are exactly deleted vectors, too
    auto hits = index->Search(data[i], 50);
    ASSERT_TRUE(hits.ok());
    EXPECT_EQ(hits->size(), 50u);
    for (const SearchHit& h : *hits) EXPECT_FALSE(deleted.count(h.label)) << h.label;
  }
  // Re-adding a deleted label revives it with its new vector.
  ASSERT_TRUE(index->Add(0, data[1]).ok());
  EXPECT_TRUE(index->Contains(0));
  EXPECT_EQ(index->stats().deleted, static_cast<int64_t>(deleted.size()) - 1);
  const auto top = Labels(*index->Search(data[1], 2));
  EXPECT_EQ(std::set<uint64_t>(top.begin(), top.end()), (std::set<uint64_t>{0, 1}));
}

TEST(HnswIndexTest, GrowsGeometricallyFromTinyCapacity) {
  const size_t n = 1500, dims = 8;
  const auto data = testing::RandomVectors(n, dims, 9);
  auto index = MakeIndex({.dimensions = dims, .initial_capacity = 4});
  for (size_t i = 0; i < n; ++i) ASSERT_TRUE(index->Add(i * 10, data[i]).ok());
  const HnswStats stats = index->stats();
  EXPECT_EQ(stats.live, static_cast<int64_t>(n));
  EXPECT_GE(stats.capacity, static_cast<int64_t>(n));
  EXPECT_LT(stats.capacity, static_cast<int64_t>(2 * n + 16));
  for (size_t i = 0; i < n; i += 50) {
    auto hits = index->Search(data[i], 1);
    ASSERT_TRUE(hits.ok());
    EXPECT_EQ((*hits)[0].label, i * 10);
  }
}

TEST(HnswIndexTest, SaveLoadRoundTripGivesIdenticalResults) {
  TempDir dir;
  const size_t n = 3000, dims = 24;
  const auto data = testing::RandomVectors(n, dims, 13);
  auto index = MakeIndex({.dimensions = dims, .m = 12, .ef_construction = 100});
  for (size_t i = 0; i < n; ++i) ASSERT_TRUE(index->Add(i + 1, data[i]).ok());
  for (uint64_t label = 1; label <= n; label += 10) ASSERT_TRUE(index->Remove(label).ok());
  const std::string path = dir.File("index.hnsw");
  ASSERT_TRUE(index->Save(path).ok());
  ASSERT_TRUE(index->Save(path).ok());  // overwriting works too

  auto loaded = HnswIndex::Load(path, {.dimensions = dims});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ((*loaded)->stats().live, index->stats().live);
  EXPECT_EQ((*loaded)->stats().deleted, index->stats().deleted);
  for (const auto& q : testing::RandomVectors(50, dims, 14)) {
    auto before = index->Search(q, 10);
    auto after = (*loaded)->Search(q, 10);
    ASSERT_TRUE(before.ok() && after.ok());
    EXPECT_EQ(*before, *after);
  }
  ASSERT_TRUE((*loaded)->Add(999999, data[0]).ok());
  EXPECT_EQ((*(*loaded)->Search(data[0], 1))[0].label, 999999u);
  for (const auto& entry : std::filesystem::directory_iterator(dir.File(""))) {
    EXPECT_EQ(entry.path().filename(), "index.hnsw") << "temporary file left behind";
  }
}

TEST(HnswIndexTest, MissingOrCorruptFilesAreClearErrors) {
  TempDir dir;
  EXPECT_EQ(HnswIndex::Load(dir.File("missing"), {.dimensions = 8}).status().code(),
            StatusCode::kNotFound);

  auto index = MakeIndex({.dimensions = 8});
  for (uint64_t i = 0; i < 200; ++i)
    ASSERT_TRUE(index->Add(i, testing::RandomVectors(1, 8, i)[0]).ok());
  const std::string good = dir.File("good.hnsw");
  ASSERT_TRUE(index->Save(good).ok());
  EXPECT_EQ(HnswIndex::Load(good, {.dimensions = 16}).status().code(), StatusCode::kDataLoss);

  const auto size = std::filesystem::file_size(good);
  const std::string truncated = dir.File("truncated.hnsw");
  std::filesystem::copy_file(good, truncated);
  std::filesystem::resize_file(truncated, size - 7);
  EXPECT_EQ(HnswIndex::Load(truncated, {.dimensions = 8}).status().code(), StatusCode::kDataLoss);

  const std::string garbage = dir.File("garbage.hnsw");
  std::ofstream(garbage) << std::string(5000, '\x7f');
  EXPECT_EQ(HnswIndex::Load(garbage, {.dimensions = 8}).status().code(), StatusCode::kDataLoss);

  const std::string empty = dir.File("empty.hnsw");
  std::ofstream(empty).flush();
  EXPECT_EQ(HnswIndex::Load(empty, {.dimensions = 8}).status().code(), StatusCode::kDataLoss);

  // A dangling edge in an otherwise well-formed file: patch a level-0 neighbour id.
  const std::string dangling = dir.File("dangling.hnsw");
  std::filesystem::copy_file(good, dangling);
  {
    std::fstream f(dangling, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(96 + 4);  // header, then element 0's neighbour count word
    const uint32_t bogus = 1u << 30;
    f.write(reinterpret_cast<const char*>(&bogus), sizeof(bogus));
  }
  EXPECT_EQ(HnswIndex::Load(dangling, {.dimensions = 8}).status().code(), StatusCode::kDataLoss);
}

TEST(HnswIndexTest, RejectsBadOptionsAndInputs) {
  EXPECT_EQ(HnswIndex::Create({.dimensions = 0}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HnswIndex::Create({.dimensions = 8, .m = 1}).status().code(),
            StatusCode::kInvalidArgument);
  auto index = MakeIndex({.dimensions = 4});
  EXPECT_EQ(index->Add(1, std::vector<float>{1, 2}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index->Search(std::vector<float>{1, 2, 3, 4}, -1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(index->Search(std::vector<float>{1, 2, 3, 4}, 5)->empty());  // empty index
  EXPECT_EQ(index->SetEfSearch(0).code(), StatusCode::kInvalidArgument);
}

TEST(HnswIndexTest, ConcurrentSearchesWithAWriter) {
  const size_t initial = 1500, extra = 300, dims = 16;
  const auto data = testing::RandomVectors(initial + extra, dims, 31);
  auto index = MakeIndex({.dimensions = dims, .ef_construction = 64, .initial_capacity = 256});
  for (size_t i = 0; i < initial; ++i) ASSERT_TRUE(index->Add(i, data[i]).ok());

  std::atomic<bool> writer_done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&, t] {
      size_t i = static_cast<size_t>(t);
      do {
        auto hits = index->Search(data[i % initial], 5);
        if (!hits.ok() || hits->empty()) ++failures;
        i += 3;
      } while (!writer_done.load() || i < 300);
    });
  }
  std::thread writer([&] {
    for (size_t i = initial; i < initial + extra; ++i) {
      if (!index->Add(i, data[i]).ok()) ++failures;
      if (i % 10 == 0 && !index->Remove(i - initial).ok()) ++failures;
    }
    writer_done = true;
  });
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(index->stats().live, static_cast<int64_t>(initial + extra - extra / 10));
}

}  // namespace
}  // namespace lakehouse

namespace lakehouse {
namespace {

// AddBatch inserts on two threads: every label ends up in the graph exactly once, each vector
// finds itself, recall against exact search holds, and labels already present (or repeated in the
// batch) are updated, not duplicated.
TEST(HnswIndexBatchTest, ParallelBatchInsertFindsEveryVector) {
  constexpr size_t kDims = 16, kCount = 4000;
  const auto vectors = testing::ClusteredVectors(kCount, kDims, 40, 0.5f, 21);
  auto index = MakeIndex({.dimensions = kDims});
  std::vector<uint64_t> labels;
  std::vector<float> rows;
  for (size_t i = 0; i < kCount; ++i) {
    labels.push_back(i);
    rows.insert(rows.end(), vectors[i].begin(), vectors[i].end());
  }
  labels.push_back(5);  // a repeat inside the batch: added one by one, after the rest
  rows.insert(rows.end(), vectors[5].begin(), vectors[5].end());
  ASSERT_TRUE(index->AddBatch(labels, rows, 2).ok());
  EXPECT_EQ(index->stats().live, static_cast<int64_t>(kCount));
  size_t self = 0;
  for (size_t i = 0; i < kCount; i += 37) {
    auto hits = index->Search(vectors[i], 1).value();
    ASSERT_EQ(hits.size(), 1u);
    self += hits[0].label == i ? 1 : 0;
  }
  EXPECT_GE(self, (kCount / 37) * 95 / 100);
  // A second batch of labels already present updates them.
  ASSERT_TRUE(
      index->AddBatch(std::span(labels).first(100), std::span(rows).first(100 * kDims), 2).ok());
  EXPECT_EQ(index->stats().live, static_cast<int64_t>(kCount));
  EXPECT_FALSE(index->AddBatch(labels, std::span(rows).first(3), 2).ok());
}

}  // namespace
}  // namespace lakehouse
