// IndexGeneration: checkpoint batches applied in memory and written as Parquet parts; reopening
// replays the parts (with or without a saved graph) and drops parts a crash left unrecorded;
// replaced and deleted chunks disappear from search; filtered search; parts readable from SQL.
#include "vector/index_generation.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "sql/sql_test_util.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;

constexpr int32_t kDims = 16;

class IndexGenerationTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    vectors_ = testing::RandomVectors(400, kDims, 7);
  }

  GenerationOptions Options() const {
    GenerationOptions options;
    options.dir = dir_.File("g1");
    options.ef_search = 64;
    return options;
  }

  // One add per document doc-<i> (i in [begin, end)), one chunk each, label = i + label_base.
  IndexBatch Adds(int begin, int end, uint64_t label_base = 0) const {
    IndexBatch batch;
    for (int i = begin; i < end; ++i) {
      const std::string doc = "doc-" + std::to_string(i);
      batch.docs.push_back({doc, "h" + std::to_string(i)});
      batch.adds.push_back({static_cast<uint64_t>(i) + label_base, doc, 0, "text of " + doc,
                            "c" + std::to_string(i), "h" + std::to_string(i),
                            vectors_[static_cast<size_t>(i)]});
    }
    return batch;
  }

  std::vector<std::string> Docs(const std::vector<ChunkHit>& hits) const {
    std::vector<std::string> out;
    for (const ChunkHit& h : hits) out.push_back(h.chunk.doc_id);
    return out;
  }

  testing::TempDir dir_;
  std::vector<std::vector<float>> vectors_;
};

TEST_F(IndexGenerationTest, AppliedBatchesAreSearchable) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 200)));
  EXPECT_EQ(gen->doc_count(), 200);
  EXPECT_EQ(gen->chunk_count(), 200);
  EXPECT_EQ(gen->dimensions(), kDims);
  for (bool exact : {true, false}) {
    LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(vectors_[42], 5, exact, nullptr));
    ASSERT_EQ(hits.size(), 5u);
    EXPECT_EQ(hits[0].chunk.doc_id, "doc-42");
    EXPECT_EQ(hits[0].chunk.text, "text of doc-42");
    EXPECT_NEAR(hits[0].score, 1.0f, 1e-4);
  }
  auto doc = gen->Doc("doc-7");
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->doc_hash, "h7");
  EXPECT_EQ(doc->labels, std::vector<uint64_t>{7});
  EXPECT_FALSE(gen->Doc("doc-999").has_value());
}

// While a batch is being applied its labels are in the indexes but not yet visible; when they
// are the query's nearest neighbours, a search must look further instead of returning fewer than
// k hits. Batch b holds 40 near-copies of vectors_[b]; the searcher cycles through those queries,
// so some of its searches land inside a batch's window with their own near-copies crowding in.
TEST_F(IndexGenerationTest, UnpublishedLabelsNeverCrowdOutVisibleHits) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 200)));
  constexpr int kBatches = 25;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int b = 0; b < kBatches; ++b) {
      IndexBatch batch;
      for (int i = 0; i < 40; ++i) {
        const int n = 1000 + b * 40 + i;
        const std::string doc = "near-" + std::to_string(n);
        std::vector<float> v = vectors_[static_cast<size_t>(b)];
        v[static_cast<size_t>(i % kDims)] += 1e-3f * static_cast<float>(i + 1);
        batch.docs.push_back({doc, "h" + doc});
        batch.adds.push_back({static_cast<uint64_t>(n), doc, 0, "t", "c" + doc, "h" + doc, v});
      }
      EXPECT_TRUE(gen->Apply(batch).ok());
    }
    done = true;
  });
  int64_t searches = 0;
  while (!done) {
    const std::vector<float>& query = vectors_[static_cast<size_t>(searches % kBatches)];
    const bool exact = (searches / kBatches) % 2 == 0;
    LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(query, 10, exact, nullptr));
    ASSERT_EQ(hits.size(), 10u) << "search " << searches;
    ++searches;
  }
  writer.join();
  EXPECT_GT(searches, 0);
  EXPECT_EQ(gen->chunk_count(), 200 + kBatches * 40);
}

TEST_F(IndexGenerationTest, WrongDimensionsAreRejected) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 3)));
  IndexBatch bad = Adds(3, 4);
  bad.adds[0].vector.resize(kDims + 1);
  Status s = gen->Apply(bad);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.ToString();
  EXPECT_EQ(gen->doc_count(), 3);
}

TEST_F(IndexGenerationTest, ReplacedAndDeletedChunksLeaveSearch) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 100)));
  // doc-5's text changed: its chunk 5 is removed and a new one (label 1000) takes the vector of
  // doc-300; doc-6 is deleted.
  IndexBatch change;
  change.drops = {"doc-6"};
  change.removes = {5};
  change.docs = {{"doc-5", "h5b"}};
  change.adds.push_back({1000, "doc-5", 0, "new text of doc-5", "c5b", "h5b", vectors_[300]});
  LH_ASSERT_OK(gen->Apply(change));
  EXPECT_EQ(gen->doc_count(), 99);
  EXPECT_EQ(gen->chunk_count(), 99);
  for (bool exact : {true, false}) {
    LH_ASSERT_OK_AND_ASSIGN(auto old_hits, gen->Search(vectors_[5], 3, exact, nullptr));
    for (const ChunkHit& h : old_hits) EXPECT_NE(h.chunk.text, "text of doc-5");
    LH_ASSERT_OK_AND_ASSIGN(auto new_hits, gen->Search(vectors_[300], 1, exact, nullptr));
    ASSERT_EQ(new_hits.size(), 1u);
    EXPECT_EQ(new_hits[0].chunk.text, "new text of doc-5");
    LH_ASSERT_OK_AND_ASSIGN(auto deleted, gen->Search(vectors_[6], 10, exact, nullptr));
    for (const ChunkHit& h : deleted) EXPECT_NE(h.chunk.doc_id, "doc-6");
  }
  EXPECT_FALSE(gen->Doc("doc-6").has_value());
  EXPECT_EQ(gen->Doc("doc-5")->doc_hash, "h5b");
}

TEST_F(IndexGenerationTest, FilteredSearchReturnsKAllowedDocs) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 400)));
  // A selective filter (10 of 400 docs) and a broad one (every other doc).
  std::unordered_set<std::string> selective, broad;
  for (int i = 0; i < 400; i += 40) selective.insert("doc-" + std::to_string(i));
  for (int i = 0; i < 400; i += 2) broad.insert("doc-" + std::to_string(i));
  for (const auto* allowed : {&selective, &broad}) {
    for (bool exact : {true, false}) {
      LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(vectors_[1], 10, exact, allowed));
      ASSERT_EQ(hits.size(), 10u) << "allowed=" << allowed->size() << " exact=" << exact;
      for (const ChunkHit& h : hits) EXPECT_TRUE(allowed->count(h.chunk.doc_id)) << h.chunk.doc_id;
    }
  }
  std::unordered_set<std::string> none;
  LH_ASSERT_OK_AND_ASSIGN(auto empty, gen->Search(vectors_[1], 10, false, &none));
  EXPECT_TRUE(empty.empty());
}

TEST_F(IndexGenerationTest, ReopenReplaysPartsWithAndWithoutASavedGraph) {
  {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
    IndexBatch first = Adds(0, 150);
    LH_ASSERT_OK(gen->WritePart(1, first, &*conn_));
    LH_ASSERT_OK(gen->Apply(first));
    EXPECT_EQ(gen->unsaved_graph_changes(), 150);
    LH_ASSERT_OK(gen->SaveGraph(1));
    EXPECT_EQ(gen->unsaved_graph_changes(), 0);
    IndexBatch second = Adds(150, 200);
    second.drops = {"doc-3"};
    second.removes = {3};
    LH_ASSERT_OK(gen->WritePart(2, second, &*conn_));
    LH_ASSERT_OK(gen->Apply(second));
    EXPECT_EQ(gen->unsaved_graph_changes(), 52);  // 50 adds, one removal, one dropped document
    // A third part written but never recorded in the registry (a crash before SaveCheckpoint).
    LH_ASSERT_OK(gen->WritePart(3, Adds(200, 210), &*conn_));
  }
  GenerationOptions options = Options();
  options.dimensions = kDims;
  for (int64_t graph_seq : {1, 0}) {  // the saved graph plus a replayed part; parts only
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(options, 2, graph_seq, &*conn_));
    EXPECT_EQ(gen->doc_count(), 199) << graph_seq;
    // What the saved graph lacks was replayed into it, and stays unsaved until the next save.
    EXPECT_EQ(gen->unsaved_graph_changes(), graph_seq == 1 ? 52 : 150 + 52);
    EXPECT_EQ(gen->chunk_count(), 199);
    EXPECT_FALSE(gen->Doc("doc-3").has_value());
    EXPECT_FALSE(gen->Doc("doc-205").has_value());
    EXPECT_FALSE(std::filesystem::exists(gen->PartPath(3)));
    LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(vectors_[170], 1, false, nullptr));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].chunk.doc_id, "doc-170");
    LH_ASSERT_OK_AND_ASSIGN(auto deleted, gen->Search(vectors_[3], 5, false, nullptr));
    for (const ChunkHit& h : deleted) EXPECT_NE(h.chunk.doc_id, "doc-3");
  }
}

TEST_F(IndexGenerationTest, PartsAreReadableFromSql) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->WritePart(1, Adds(0, 10), &*conn_));
  const std::string part = gen->PartPath(1);
  EXPECT_EQ(Row("SELECT count(*), min(doc_id), max(chunk_idx), len(first(vector)) FROM '" + part +
                "' WHERE op = 'add'"),
            Json::array({10, "doc-0", 0, kDims}));
  EXPECT_EQ(Row("SELECT chunk_text, content_hash FROM '" + part +
                "' WHERE doc_id = 'doc-4' AND "
                "op = 'add'"),
            Json::array({"text of doc-4", "c4"}));
}

TEST_F(IndexGenerationTest, GraphIsCompactedWhenManyChunksAreDeleted) {
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
  LH_ASSERT_OK(gen->Apply(Adds(0, 200)));
  LH_ASSERT_OK_AND_ASSIGN(bool compacted, gen->CompactGraphIfNeeded(0.3));
  EXPECT_FALSE(compacted);
  IndexBatch drop;
  for (int i = 0; i < 100; ++i) {
    drop.drops.push_back("doc-" + std::to_string(i));
    drop.removes.push_back(static_cast<uint64_t>(i));
  }
  LH_ASSERT_OK(gen->Apply(drop));
  LH_ASSERT_OK_AND_ASSIGN(compacted, gen->CompactGraphIfNeeded(0.3));
  EXPECT_TRUE(compacted);
  EXPECT_EQ(gen->graph_stats().deleted, 0);
  LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(vectors_[150], 1, false, nullptr));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].chunk.doc_id, "doc-150");
}

}  // namespace
}  // namespace lakehouse
