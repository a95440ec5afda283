// IndexGeneration compaction: a base file folds the parts (superseded chunks and deletion rows
// gone) into exactly the state the parts describe — for a reopened generation and for the
// embeddings view's SQL — and a crash at any step of it (fault injection: the compaction stops
// there without cleanup) loses nothing at the next Open.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>

#include "sql/sql_test_util.h"
#include "vector/index_generation.h"
#include "vector/part_merge_sql.h"
#include "vector/vector_test_util.h"

namespace lakehouse {
namespace {

using testing::SqlTest;

constexpr int32_t kDims = 16;

class IndexCompactionTest : public SqlTest {
 protected:
  void SetUp() override {
    SqlTest::SetUp();
    vectors_ = testing::RandomVectors(400, kDims, 11);
  }

  GenerationOptions Options() const {
    GenerationOptions options;
    options.dir = dir_.File("g1");
    options.dimensions = kDims;
    options.ef_search = 64;
    return options;
  }

  // Documents doc-<i>, one chunk each, label = i + label_base, hash "h<i>" + suffix.
  IndexBatch Adds(int begin, int end, uint64_t label_base = 0, const std::string& suffix = "") {
    IndexBatch batch;
    for (int i = begin; i < end; ++i) {
      const std::string doc = "doc-" + std::to_string(i);
      const std::string hash = "h" + std::to_string(i) + suffix;
      batch.docs.push_back({doc, hash});
      batch.adds.push_back({static_cast<uint64_t>(i) + label_base, doc, 0,
                            "text of " + doc + suffix, "c" + std::to_string(i), hash,
                            vectors_[static_cast<size_t>(i + label_base) % vectors_.size()]});
    }
    return batch;
  }

  // Five parts: adds, a replacement of doc-1..9 (drop + new chunks), a chunk deletion, a
  // document deleted outright, a document whose only change is its hash, and more adds.
  void WriteParts(IndexGeneration* gen) {
    std::vector<IndexBatch> batches;
    batches.push_back(Adds(0, 100));
    IndexBatch replace = Adds(1, 10, 1000, "-v2");
    for (int i = 1; i < 10; ++i) replace.drops.push_back("doc-" + std::to_string(i));
    batches.push_back(std::move(replace));
    IndexBatch del;
    del.removes = {20, 21};
    batches.push_back(std::move(del));
    IndexBatch drop;
    drop.drops = {"doc-30"};
    drop.docs = {{"doc-31", ""}};  // hash unknown: retried by the next refresh
    batches.push_back(std::move(drop));
    batches.push_back(Adds(100, 150));
    for (size_t i = 0; i < batches.size(); ++i) {
      const int64_t seq = static_cast<int64_t>(i) + 1;
      LH_ASSERT_OK(gen->WritePart(seq, batches[i], &*conn_));
      LH_ASSERT_OK(gen->Apply(batches[i], seq));
    }
  }

  // What a generation holds, comparable across reopenings.
  Json State(const IndexGeneration& gen) {
    Json docs = Json::object();
    for (const auto& [doc, hash] : gen.DocHashes()) {
      Json chunks = Json::array();
      const std::optional<DocRecord> record = gen.Doc(doc);
      for (uint64_t label : record->labels) {
        chunks.push_back({label, gen.Chunk(label)->text, gen.Vector(label).value()[0]});
      }
      docs[doc] = {hash, chunks};
    }
    return {{"docs", docs}, {"chunks", gen.chunk_count()}, {"pending", gen.docs_pending_retry()}};
  }

  // The view's rows; a failed query fails the test with DuckDB's message (not a silent null).
  Json ViewRows(const PartFiles& files) {
    Json result = QueryJson("SELECT doc_id, chunk_idx, chunk_text, content_hash, vector[1] FROM (" +
                            LiveChunksSql(files, "FLOAT[16]") + ") ORDER BY doc_id, chunk_text");
    EXPECT_FALSE(result.contains("error")) << result.dump();
    return result.contains("rows") ? result["rows"] : result;
  }

  int CountFiles(const std::string& prefix) const {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(Options().dir)) {
      n += e.path().filename().string().starts_with(prefix) ? 1 : 0;
    }
    return n;
  }

  testing::TempDir dir_;
  std::vector<std::vector<float>> vectors_;
};

TEST_F(IndexCompactionTest, BaseHoldsExactlyTheLiveStateOfTheParts) {
  Json before, view_before;
  {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 0, 0, &*conn_));
    WriteParts(gen.get());
    before = State(*gen);
    view_before = ViewRows(gen->LiveFiles(5));
    ASSERT_EQ(view_before.size(), 100u - 1 + 50 - 2);  // doc-30 gone, labels 20 and 21 deleted
    LH_ASSERT_OK_AND_ASSIGN(bool wrote, gen->WriteBase(4, &*conn_));
    EXPECT_TRUE(wrote);
    EXPECT_EQ(gen->base_seq(), 4);
    // The view over the base and the part after it, before and after the old parts go.
    EXPECT_EQ(ViewRows(gen->LiveFiles(5)), view_before);
    LH_ASSERT_OK(gen->RemoveSuperseded());
    EXPECT_EQ(ViewRows(gen->LiveFiles(5)), view_before);
    // Part 5 only adds: the tail needs no anti-join, and says so.
    PartFiles append_only = gen->LiveFiles(5);
    EXPECT_EQ(Row(TailDeletesSql(append_only)), Json::array({0}));
    append_only.tail_deletes = false;
    EXPECT_EQ(ViewRows(append_only), view_before);
    EXPECT_EQ(Row(TailDeletesSql(gen->LiveFiles(5))), Json::array({0}));
    EXPECT_EQ(CountFiles("part-"), 1);  // part 5
    EXPECT_EQ(CountFiles("base-"), 1);
    // Superseded chunks are not in the base: only live 'add' rows and one 'doc' row per document.
    EXPECT_EQ(Row("SELECT count(*) FILTER (op = 'add'), count(*) FILTER (op = 'doc'), "
                  "count(*) FILTER (op NOT IN ('add', 'doc')) FROM '" +
                  gen->BasePath(4) + "'"),
              Json::array({97, 99, 0}));
  }
  for (int64_t graph_seq : {0, 5}) {
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 5, graph_seq, &*conn_));
    EXPECT_EQ(State(*gen), before) << graph_seq;
    EXPECT_EQ(gen->Doc("doc-31")->doc_hash, "");
    EXPECT_EQ(gen->Doc("doc-5")->doc_hash, "h5-v2");
    LH_ASSERT_OK_AND_ASSIGN(auto hits, gen->Search(vectors_[1005 % 400], 1, false, nullptr));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].chunk.doc_id, "doc-5");
    LH_ASSERT_OK_AND_ASSIGN(auto kw, gen->KeywordSearch("v2", 20, nullptr));
    EXPECT_EQ(kw.size(), 9u);
    if (graph_seq == 0) {
      // A second compaction folds the base and the later part.
      LH_ASSERT_OK_AND_ASSIGN(bool wrote, gen->WriteBase(5, &*conn_));
      EXPECT_TRUE(wrote);
      LH_ASSERT_OK(gen->RemoveSuperseded());
      EXPECT_EQ(CountFiles("part-"), 0);
      EXPECT_EQ(ViewRows(gen->LiveFiles(5)), view_before);
      LH_ASSERT_OK_AND_ASSIGN(bool again, gen->WriteBase(5, &*conn_));
      EXPECT_FALSE(again);  // nothing after the base
    }
  }
  // The saved graph (seq 5, written by no one here) is absent: Open rebuilt it from the vectors.
  LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 5, 0, &*conn_));
  EXPECT_EQ(State(*gen), before);
}

// A crash at each step boundary of a compaction: the next Open sees the same generation, the
// view the same rows, and no temp or superseded file is left behind.
TEST_F(IndexCompactionTest, CrashAtAnyStepLosesNothing) {
  for (const std::string step : {"base_written", "base_renamed", "superseded_removed"}) {
    std::filesystem::remove_all(Options().dir);
    Json before, view_before;
    {
      GenerationOptions options = Options();
      options.compaction_fault = [&](std::string_view at) {
        return at == step ? Internal("crash at ", step) : Status::Ok();
      };
      LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(options, 0, 0, &*conn_));
      WriteParts(gen.get());
      LH_ASSERT_OK(gen->SaveGraph(3));
      before = State(*gen);
      view_before = ViewRows(gen->LiveFiles(5));
      Result<bool> wrote = gen->WriteBase(3, &*conn_);
      Status removed = wrote.ok() ? gen->RemoveSuperseded() : Status::Ok();
      EXPECT_FALSE(wrote.ok() && removed.ok()) << step;
    }
    LH_ASSERT_OK_AND_ASSIGN(auto gen, IndexGeneration::Open(Options(), 5, 3, &*conn_));
    EXPECT_EQ(State(*gen), before) << step;
    EXPECT_EQ(ViewRows(gen->LiveFiles(5)), view_before) << step;
    EXPECT_EQ(gen->base_seq(), step == "base_written" ? 0 : 3) << step;
    EXPECT_EQ(CountFiles("."), 0) << step;                                   // temp files
    EXPECT_EQ(CountFiles("part-"), step == "base_written" ? 5 : 2) << step;  // parts 4 and 5
    // Compaction works again afterwards.
    LH_ASSERT_OK_AND_ASSIGN(bool wrote, gen->WriteBase(5, &*conn_));
    EXPECT_TRUE(wrote);
    LH_ASSERT_OK(gen->RemoveSuperseded());
    EXPECT_EQ(ViewRows(gen->LiveFiles(5)), view_before) << step;
  }
}

}  // namespace
}  // namespace lakehouse
