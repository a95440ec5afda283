// In-process integration tests of VectorService and IndexRefresher (issue #17 item 9) over a real
// metastore, an in-memory DuckDB, real ingests and tombstones, and the built-in lexical embedder
// behind a fault-injecting decorator: a refresh embeds exactly the delta (appends, changed texts,
// tombstones), a provider failing mid-refresh leaves the index at the version it last reached,
// visibly stale, and the next refresh embeds only what is missing; a restart loads the saved
// generation. Searches are asserted by the documents they return.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "vector/vector_service_fixture.h"

namespace lakehouse {
namespace {

using testing::VectorServiceTest;
using Ids = std::vector<std::string>;
using Embedded = std::map<std::string, int>;

// Row i: a text with one word no other row has, so a search for that word finds row i first.
const char* const kWords[] = {"aardvark", "badger",  "cheetah", "dingo",  "egret",
                              "ferret",   "gazelle", "heron",   "ibis",   "jackal",
                              "koala",    "lemur",   "marmot",  "narwhal"};

std::string Body(int i) { return std::string("a note about the ") + kWords[i]; }

std::string Csv(int begin, int end) {
  std::string csv = "id,body\n";
  for (int i = begin; i < end; ++i) csv += std::to_string(i) + "," + Body(i) + "\n";
  return csv;
}

Embedded Texts(int begin, int end) {
  Embedded texts;
  for (int i = begin; i < end; ++i) texts[Body(i)] = 1;
  return texts;
}

class VectorServiceIntegrationTest : public VectorServiceTest {
 protected:
  // Dataset "notes" keyed by id with rows [0, 6), indexed.
  void Build() {
    LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "id", Csv(0, 6)).status());
    LH_ASSERT_OK_AND_ASSIGN(Job built, CreateIndex("notes"));
    ASSERT_EQ(built.state, JobState::kSucceeded) << built.error.value_or("");
    EXPECT_EQ(built.result["docs_added"], 6) << built.result.dump();
    EXPECT_EQ(built.result["chunks_embedded"], 6);
    EXPECT_EQ(Documents(), Texts(0, 6));
    embedder_->Reset();
  }

  // The document texts embedded since the last Reset() (search queries are single words).
  Embedded Documents() {
    Embedded docs;
    for (const auto& [text, times] : embedder_->embedded()) {
      if (text.find(' ') != std::string::npos) docs[text] = times;
    }
    return docs;
  }

  Json Freshness() {
    Result<IndexFreshness> fresh = vectors_->Freshness("idx");
    EXPECT_TRUE(fresh.ok()) << fresh.status().ToString();
    return fresh.ok() ? fresh->ToJson() : Json();
  }

  // The refresh's result after it succeeded.
  Json RefreshOk() {
    Result<Job> job = Refresh("notes");
    EXPECT_TRUE(job.ok()) << job.status().ToString();
    if (!job.ok()) return Json();
    EXPECT_EQ(job->state, JobState::kSucceeded) << job->error.value_or("");
    return job->result;
  }
};

TEST_F(VectorServiceIntegrationTest, CreateEmbedsEveryRowAndSearchFindsThem) {
  Build();
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(SearchIds(kWords[i], 1), Ids{std::to_string(i)}) << kWords[i];
  }
  LH_ASSERT_OK_AND_ASSIGN(SearchResults rows, Search("cheetah", 1));
  ASSERT_EQ(rows.hits.at(0).size(), 1u);
  EXPECT_EQ(rows.hits[0][0].chunk.text, Body(2));
  EXPECT_FALSE(rows.stale());
  EXPECT_EQ(Freshness()["stale"], false);

  // Nothing changed: answered from the versions, nothing embedded.
  Json noop = RefreshOk();
  EXPECT_EQ(noop["up_to_date"], true);
  EXPECT_EQ(noop["chunks_embedded"], 0);
  EXPECT_TRUE(Documents().empty());
}

TEST_F(VectorServiceIntegrationTest, AppendEmbedsOnlyTheNewRows) {
  Build();
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 9)).status());
  EXPECT_EQ(Freshness()["stale"], true);
  LH_ASSERT_OK_AND_ASSIGN(SearchResults before, Search("heron", 1));
  EXPECT_TRUE(before.stale());
  EXPECT_NE(before.hits.at(0).at(0).chunk.doc_id, "7");  // not embedded yet

  Json grown = RefreshOk();
  EXPECT_EQ(grown["docs_added"], 3) << grown.dump();
  EXPECT_EQ(grown["docs_updated"], 0);
  EXPECT_EQ(grown["chunks_embedded"], 3);
  EXPECT_EQ(grown["full_diff"], false);
  EXPECT_EQ(Documents(), Texts(6, 9));
  EXPECT_EQ(SearchIds("heron", 1), Ids{"7"});
  EXPECT_EQ(SearchIds("aardvark", 1), Ids{"0"});
  EXPECT_EQ(Freshness()["stale"], false);
}

TEST_F(VectorServiceIntegrationTest, UpsertReembedsOnlyTheRowsWhoseTextChanged) {
  Build();
  // Row 1 gets a new text, row 2 is rewritten unchanged, row 9 is new.
  const std::string changed = "a note about the wolverine";
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kUpsert, "id",
                         "id,body\n1," + changed + "\n2," + Body(2) + "\n9," + Body(9) + "\n")
                   .status());
  Json update = RefreshOk();
  EXPECT_EQ(update["docs_updated"], 1) << update.dump();
  EXPECT_EQ(update["docs_added"], 1);
  EXPECT_EQ(update["chunks_embedded"], 2);
  EXPECT_EQ(Documents(), (Embedded{{changed, 1}, {Body(9), 1}}));

  EXPECT_EQ(SearchIds("wolverine", 1), Ids{"1"});
  EXPECT_EQ(SearchIds("jackal", 1), Ids{"9"});
  // The old text of row 1 is gone from every hit.
  LH_ASSERT_OK_AND_ASSIGN(SearchResults all, Search("badger", 20));
  ASSERT_EQ(all.hits.at(0).size(), 7u);
  for (const ChunkHit& hit : all.hits[0]) EXPECT_NE(hit.chunk.text, Body(1)) << hit.chunk.doc_id;
}

TEST_F(VectorServiceIntegrationTest, TombstonedRowsLeaveTheResults) {
  Build();
  LH_ASSERT_OK(Tombstone("notes", "id", {"3", "4"}).status());
  EXPECT_EQ(Freshness()["stale"], true);
  Json removed = RefreshOk();
  EXPECT_EQ(removed["docs_deleted"], 2) << removed.dump();
  EXPECT_EQ(removed["chunks_embedded"], 0);
  EXPECT_TRUE(Documents().empty());

  LH_ASSERT_OK_AND_ASSIGN(SearchResults all, Search("dingo", 20));
  Ids ids;
  for (const ChunkHit& hit : all.hits.at(0)) ids.push_back(hit.chunk.doc_id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (Ids{"0", "1", "2", "5"}));

  // Upserting a tombstoned key brings it back, embedded once more.
  LH_ASSERT_OK(
      IngestCsv("notes", IngestMode::kUpsert, "id", "id,body\n3," + Body(3) + "\n").status());
  Json back = RefreshOk();
  EXPECT_EQ(back["docs_added"], 1) << back.dump();
  EXPECT_EQ(SearchIds("dingo", 1), Ids{"3"});
}

// The provider fails on the second batch of a refresh: the first batch's checkpoint stays, the
// index stays at the version it was built from (stale, failing, with the error), searches keep
// answering, and the next refresh embeds exactly the documents that were not embedded.
TEST_F(VectorServiceIntegrationTest, EmbedderFailingMidRefreshResumesWithExactlyTheMissingRows) {
  batch_chunks_ = 3;
  StartVectors();
  Build();
  const int64_t built_from = Freshness()["built_from_version"].get<int64_t>();
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 14)).status());

  embedder_->FailFromCall(2);  // batch 1 (rows 6-8) is embedded; batch 2 fails
  LH_ASSERT_OK_AND_ASSIGN(Job failed, Refresh("notes"));
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_NE(failed.error.value_or("").find("injected embedder fault"), std::string::npos)
      << failed.error.value_or("");
  EXPECT_GT(embedder_->failures(), 0);
  const Embedded first_batch = Documents();
  EXPECT_EQ(first_batch.size(), 3u);

  Json fresh = Freshness();
  EXPECT_EQ(fresh["stale"], true) << fresh.dump();
  EXPECT_EQ(fresh["built_from_version"], built_from);
  EXPECT_EQ(fresh["status"], "failing");
  EXPECT_EQ(fresh["failures"], 1);
  EXPECT_NE(fresh["last_error"].get<std::string>().find("injected embedder fault"),
            std::string::npos);
  // Searches go on over what the index holds.
  embedder_->Heal();
  EXPECT_EQ(SearchIds("aardvark", 1), Ids{"0"});
  embedder_->Reset();

  Json resumed = RefreshOk();
  EXPECT_EQ(resumed["docs_added"].get<int64_t>() + static_cast<int64_t>(first_batch.size()), 8)
      << resumed.dump();
  Embedded all = first_batch;
  for (const auto& [text, times] : Documents()) {
    EXPECT_EQ(first_batch.count(text), 0u) << text << " embedded twice";
    all[text] += times;
  }
  EXPECT_EQ(all, Texts(6, 14));
  fresh = Freshness();
  EXPECT_EQ(fresh["stale"], false) << fresh.dump();
  EXPECT_EQ(fresh["status"], "ready");
  EXPECT_EQ(fresh["failures"], 0);
  for (int i = 0; i < 14; ++i) EXPECT_EQ(SearchIds(kWords[i], 1), Ids{std::to_string(i)});
}

// The bucket cannot resolve the dataset's files while a refresh plans its delta: the refresh
// fails without touching the index, which stays searchable at its version, and once the bucket
// is back the next refresh embeds exactly the new rows.
TEST_F(VectorServiceIntegrationTest, StoreFailingMidRefreshLeavesTheIndexAtItsVersion) {
  Build();
  const int64_t built_from = Freshness()["built_from_version"].get<int64_t>();
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 9)).status());
  faulty_->FailAlways(StoreOp::kLocalPath, "datasets/", Unavailable("bucket unmounted"));
  LH_ASSERT_OK_AND_ASSIGN(Job failed, Refresh("notes"));
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_NE(failed.error.value_or("").find("bucket unmounted"), std::string::npos)
      << failed.error.value_or("");
  EXPECT_TRUE(Documents().empty());
  Json fresh = Freshness();
  EXPECT_EQ(fresh["stale"], true) << fresh.dump();
  EXPECT_EQ(fresh["built_from_version"], built_from);
  EXPECT_EQ(fresh["status"], "failing");
  EXPECT_EQ(SearchIds("badger", 1), Ids{"1"});

  faulty_->ClearFaults();
  Json resumed = RefreshOk();
  EXPECT_EQ(resumed["docs_added"], 3) << resumed.dump();
  EXPECT_EQ(Documents(), Texts(6, 9));
  EXPECT_EQ(SearchIds("gazelle", 1), Ids{"6"});
  EXPECT_EQ(Freshness()["status"], "ready");
}

// A first build whose provider fails leaves nothing to search and a failed index; the retry
// builds it whole.
TEST_F(VectorServiceIntegrationTest, EmbedderFailingTheFirstBuildThenRetried) {
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "id", Csv(0, 4)).status());
  embedder_->FailFromCall(1);
  LH_ASSERT_OK_AND_ASSIGN(Job failed, CreateIndex("notes"));
  EXPECT_EQ(failed.state, JobState::kFailed);
  EXPECT_EQ(Freshness()["status"], "failed");
  EXPECT_TRUE(Documents().empty());

  embedder_->Heal();
  Json built = RefreshOk();
  EXPECT_EQ(built["docs_added"], 4) << built.dump();
  EXPECT_EQ(Documents(), Texts(0, 4));
  EXPECT_EQ(SearchIds("dingo", 1), Ids{"3"});
}

// A restart (a new service over the same metastore and index directory) loads the saved
// generation: the same answers, nothing embedded again; then refreshes continue from it.
TEST_F(VectorServiceIntegrationTest, RestartLoadsTheSavedGeneration) {
  Build();
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 8)).status());
  RefreshOk();
  const Json before = Freshness();
  embedder_->Reset();

  StartVectors();
  EXPECT_EQ(Freshness()["built_from_version"], before["built_from_version"]);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(SearchIds(kWords[i], 1), Ids{std::to_string(i)});
  Json noop = RefreshOk();
  EXPECT_EQ(noop["up_to_date"], true) << noop.dump();
  EXPECT_TRUE(Documents().empty());

  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(8, 9)).status());
  embedder_->Reset();
  Json grown = RefreshOk();
  EXPECT_EQ(grown["docs_added"], 1) << grown.dump();
  EXPECT_EQ(Documents(), Texts(8, 9));
  EXPECT_EQ(SearchIds("ibis", 1), Ids{"8"});
}

// A refresh interrupted by a restart after a failed batch picks up from the checkpoint on the
// restarted service: nothing embedded twice across the restart.
TEST_F(VectorServiceIntegrationTest, FailedRefreshResumesAfterARestart) {
  batch_chunks_ = 2;
  StartVectors();
  Build();
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 12)).status());
  embedder_->FailFromCall(3);  // two batches (4 rows) land, the third fails
  LH_ASSERT_OK_AND_ASSIGN(Job failed, Refresh("notes"));
  ASSERT_EQ(failed.state, JobState::kFailed);
  const Embedded landed = Documents();
  EXPECT_EQ(landed.size(), 4u);
  embedder_->Heal();
  embedder_->Reset();

  StartVectors();
  EXPECT_EQ(Freshness()["stale"], true);
  Json resumed = RefreshOk();
  EXPECT_EQ(resumed["docs_added"], 2) << resumed.dump();
  Embedded all = landed;
  for (const auto& [text, times] : Documents()) {
    EXPECT_EQ(landed.count(text), 0u) << text << " embedded twice";
    all[text] += times;
  }
  EXPECT_EQ(all, Texts(6, 12));
  for (int i = 0; i < 12; ++i) EXPECT_EQ(SearchIds(kWords[i], 1), Ids{std::to_string(i)});
}

// One part per chunk and a compaction after 3: the refresh job schedules a vector_compact job that
// folds the parts into a base; later refreshes (appends, a tombstone) and a restart read the base
// plus the newer parts, and every document is found exactly as before.
TEST_F(VectorServiceIntegrationTest, PartsAreCompactedInTheBackgroundAndSurviveARestart) {
  batch_chunks_ = 1;
  compact_parts_ = 3;
  StartVectors();
  Build();
  const std::filesystem::path dir = std::filesystem::path(dir_.Sub("indexes")) / "idx" / "g1";
  auto count = [&](const std::string& prefix) {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      n += e.path().filename().string().starts_with(prefix) ? 1 : 0;
    return n;
  };
  auto wait_for_base = [&](int max_parts) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((count("base-") != 1 || count("part-") > max_parts) &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(count("base-"), 1);
    EXPECT_LE(count("part-"), max_parts);
  };
  wait_for_base(0);  // the build saved its graph at its last part: everything folded
  LH_ASSERT_OK(IngestCsv("notes", IngestMode::kAppend, "", Csv(6, 10)).status());
  RefreshOk();
  LH_ASSERT_OK(Tombstone("notes", "id", {"2"}).status());
  RefreshOk();
  wait_for_base(2);  // parts 1-7 folded at least (the graph may not be saved after each refresh)
  auto expect_all = [&] {
    for (int i = 0; i < 10; ++i) {
      const Ids top = SearchIds(kWords[i], 1);
      if (i == 2) {
        EXPECT_NE(top, Ids{"2"});
      } else {
        EXPECT_EQ(top, Ids{std::to_string(i)}) << i;
      }
    }
  };
  expect_all();
  StartVectors();
  expect_all();
  EXPECT_EQ(SearchIds("note", 20).size(), 9u);
}

}  // namespace
}  // namespace lakehouse
