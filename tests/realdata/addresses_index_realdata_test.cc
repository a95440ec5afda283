// Real-data acceptance: a vector index with a context template over the State of the Union
// addresses (paragraph-sized chunks, builtin/hash-v1 embeddings), through the life a user gives
// it: build, search (HNSW recall@10 against exact search on phrases taken from the addresses),
// stale counts after an append, refresh, an update (upserted texts) and deletes (tombstones) in one
// refresh, the CLI, and a restart on the same data directory after which counts and search results
// are identical.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

using testing::Body;

constexpr const char* kTemplate = "{year} {name}\n{chunk}";
constexpr int kQueries = 40;

struct Hit {
  std::string doc_id;
  int64_t chunk_idx;
  double score;
};
using Hits = std::vector<Hit>;

class AddressesIndexTest : public RealDataTest {
 protected:
  void SetUp() override {
    RealDataTest::SetUp();
    auto speeches = LoadSpeeches();
    ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
    // The addresses since 1913 (spoken again since Wilson; 110 of them, 3.8 million characters):
    // enough for thousands of chunks while the build stays within the suite's time budget.
    for (Speech& s : *speeches) {
      if (s.year >= 1913) (s.year < 2000 ? before_2000_ : since_2000_).push_back(std::move(s));
    }
    ASSERT_EQ(before_2000_.size(), 88u);
    ASSERT_EQ(since_2000_.size(), 22u);
  }

  Json IngestSpeeches(const std::vector<Speech>& speeches, const std::string& mode,
                      const std::string& name) {
    return IngestOk({{name, SpeechesNdjson(speeches)}},
                    {{"dataset", "sotu"}, {"key", "id"}, {"mode", mode}});
  }

  Json CreateIndex() {
    auto r = c().PostJson("/vectors/index?wait=true", {{"index_name", "sotu_idx"},
                                                       {"dataset", "sotu"},
                                                       {"id_column", "id"},
                                                       {"text_column", "text"},
                                                       {"template", kTemplate},
                                                       {"chunk_size", 800},
                                                       {"overlap", 80},
                                                       {"model", "builtin/hash-v1"}});
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? Body(r) : Json();
  }
  Json Refresh() {
    auto r = c().PostJson("/vectors/refresh/sotu?wait=true", {{"index_name", "sotu_idx"}});
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? Body(r) : Json();
  }
  Json Index() { return Body(c().Get("/vectors/indexes/sotu_idx")); }
  Json Stale() { return Body(c().Get("/vectors/stale"))["stale"]; }

  // One batch of searches; the hits of each query (each with its row's year only).
  std::vector<Hits> Search(const std::vector<std::string>& queries, bool exact, int k = 10) {
    auto r = c().PostJson("/vectors/search/batch",
                          {{"index", "sotu_idx"},
                           {"queries", queries},
                           {"k", k},
                           {"exact", exact},
                           {"columns", Json::array({"year"})}});  // not each hit's whole address
    EXPECT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
    std::vector<Hits> out;
    if (!r.ok() || r->status != 200) return out;
    const Json body = Body(r);
    EXPECT_TRUE(body.contains("results")) << r->body.substr(0, 1000);
    for (const Json& hits : body.value("results", Json::array())) {
      Hits list;
      for (const Json& hit : hits) {
        list.push_back({hit["doc_id"].get<std::string>(), hit["chunk_idx"].get<int64_t>(),
                        hit["score"].get<double>()});
      }
      out.push_back(std::move(list));
    }
    return out;
  }

  // Phrases of 12 words taken from the addresses at varying depths, with the address they are
  // from.
  std::vector<std::pair<std::string, std::string>> Phrases(const std::vector<Speech>& from) {
    std::vector<std::pair<std::string, std::string>> out;
    for (int q = 0; q < kQueries; ++q) {
      const Speech& s = from[(static_cast<size_t>(q) * 37) % from.size()];
      std::vector<std::string> words = Words(s.text);
      const size_t start = words.size() * static_cast<size_t>(q % 7 + 1) / 9;
      std::string phrase;
      for (size_t w = start; w < start + 12 && w < words.size(); ++w) {
        phrase += (phrase.empty() ? "" : " ") + words[w];
      }
      out.emplace_back(phrase, s.id);
    }
    return out;
  }

  // Mean over queries of |approximate ∩ exact| / |exact| on (doc_id, chunk_idx).
  static double RecallAt10(const std::vector<Hits>& approximate, const std::vector<Hits>& exact) {
    double sum = 0;
    for (size_t q = 0; q < exact.size(); ++q) {
      std::set<std::pair<std::string, int64_t>> truth;
      for (const Hit& h : exact[q]) truth.insert({h.doc_id, h.chunk_idx});
      int found = 0;
      for (const Hit& h : approximate[q]) found += truth.count({h.doc_id, h.chunk_idx});
      sum += truth.empty() ? 1.0 : static_cast<double>(found) / truth.size();
    }
    return exact.empty() ? 0 : sum / exact.size();
  }

  // Every speech in `speeches` is in the index, chunked without losing text: its chunks cover at
  // least its length less the white space dropped between chunks.
  void ExpectChunksCover(const std::vector<Speech>& speeches) {
    std::map<std::string, std::pair<int64_t, int64_t>> chunks;  // id → (chunks, code points)
    for (const Json& row : Sql("SELECT doc_id, count(*), sum(length(chunk_text)) "
                               "FROM embeddings.sotu_idx GROUP BY doc_id")) {
      chunks[row[0].get<std::string>()] = {row[1].get<int64_t>(), row[2].get<int64_t>()};
    }
    for (const Speech& s : speeches) {
      auto it = chunks.find(s.id);
      ASSERT_NE(it, chunks.end()) << s.id << " has no chunk";
      const auto [n, covered] = it->second;
      EXPECT_GE(covered, CodePoints(s.text) - n) << s.id;
      EXPECT_LE(covered, CodePoints(s.text) + 80 * (n - 1)) << s.id;
    }
  }

  std::vector<Speech> before_2000_;
  std::vector<Speech> since_2000_;
};

TEST_F(AddressesIndexTest, BuildSearchRefreshAndRestart) {
  // Build over the addresses before 2000.
  Json ingest = IngestSpeeches(before_2000_, "append", "before-2000.ndjson");
  EXPECT_EQ(ingest["rows_added"], 88);
  Json built = CreateIndex();
  EXPECT_EQ(built["docs_added"], 88) << built.dump();
  Json index = Index();
  EXPECT_EQ(index["doc_count"], 88);
  EXPECT_EQ(index["template"], kTemplate);
  const int64_t chunks = index["chunk_count"].get<int64_t>();
  EXPECT_GT(chunks, 88 * 20) << "long texts become many paragraph-sized chunks";
  EXPECT_EQ(SqlValue("SELECT count(*) FROM embeddings.sotu_idx"), chunks);
  ExpectChunksCover(before_2000_);

  // Search: HNSW finds what exact search finds, and a phrase finds its own address.
  std::vector<std::string> queries;
  std::vector<std::string> sources;
  for (auto& [phrase, id] : Phrases(before_2000_)) {
    queries.push_back(phrase);
    sources.push_back(id);
  }
  std::vector<Hits> exact = Search(queries, /*exact=*/true);
  std::vector<Hits> approximate = Search(queries, /*exact=*/false);
  ASSERT_EQ(exact.size(), static_cast<size_t>(kQueries));
  ASSERT_EQ(approximate.size(), static_cast<size_t>(kQueries));
  EXPECT_GE(RecallAt10(approximate, exact), 0.9);
  int own = 0;
  for (size_t q = 0; q < exact.size(); ++q) {
    ASSERT_EQ(exact[q].size(), 10u) << queries[q];
    bool found = false;
    for (const Hit& h : exact[q]) found = found || h.doc_id == sources[q];
    own += found;
  }
  EXPECT_GE(own, kQueries * 9 / 10) << "a 12-word phrase finds the address it was taken from";

  // Append the addresses since 2000: the index is stale by exactly those rows.
  Json appended = IngestSpeeches(since_2000_, "append", "since-2000.ndjson");
  EXPECT_EQ(appended["rows_added"], 22);
  Json stale = Stale();
  ASSERT_EQ(stale.size(), 1u) << stale.dump();
  EXPECT_EQ(stale[0]["index_name"], "sotu_idx");
  EXPECT_EQ(stale[0]["lag_versions"], 1);
  EXPECT_EQ(stale[0]["pending_rows_estimate"], 22);
  Json cli_stale = CliJson("stale");
  EXPECT_EQ(cli_stale.dump().find("sotu_idx") != std::string::npos, true) << cli_stale.dump();
  Json grow = Refresh();
  EXPECT_EQ(grow["docs_added"], 22);
  EXPECT_EQ(grow["docs_updated"], 0);
  EXPECT_EQ(grow["docs_deleted"], 0);
  EXPECT_EQ(grow["stale_cleared"], true);
  EXPECT_TRUE(Stale().empty());
  EXPECT_EQ(Index()["doc_count"], 110);
  ExpectChunksCover(since_2000_);

  // Update three addresses (a closing sentence of words found nowhere else added) and delete
  // two, then one refresh.
  std::vector<Speech> updated = {before_2000_[10], before_2000_[70], since_2000_[5]};
  const std::vector<std::string> closings = {
      "Lighthouse keepers of Nantucket polish brass lanterns nightly.",
      "Glassblowers in Murano anneal cobalt goblets slowly.",
      "Beekeepers on Tasmania harvest leatherwood honey carefully."};
  for (size_t i = 0; i < updated.size(); ++i) updated[i].text += " " + closings[i];
  IngestSpeeches(updated, "upsert", "updated.ndjson");
  const std::vector<std::string> deleted = {before_2000_[50].id, since_2000_[20].id};
  auto tomb = c().PostJson("/catalog/datasets/by-name/sotu/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", deleted}});
  ASSERT_TRUE(tomb.ok());
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  EXPECT_EQ(Count("sotu"), 108);
  stale = Stale();
  ASSERT_EQ(stale.size(), 1u) << stale.dump();
  EXPECT_EQ(stale[0]["lag_versions"], 2);
  Json change = Refresh();
  EXPECT_EQ(change["docs_updated"], 3) << change.dump();
  EXPECT_EQ(change["docs_deleted"], 2) << change.dump();
  EXPECT_EQ(change["docs_added"], 0) << change.dump();
  EXPECT_GT(change["chunks_reused"].get<int64_t>(), 0) << "unchanged chunks keep their vectors";
  EXPECT_LE(change["chunks_embedded"].get<int64_t>(), 3 * 2) << change.dump();
  EXPECT_EQ(Index()["doc_count"], 108);
  ExpectChunksCover(updated);
  // The new sentences are found: exact search ranks their address first, and HNSW still agrees
  // with exact search (recall@10 over the phrases and the new sentences).
  std::vector<std::string> after_update = queries;
  after_update.insert(after_update.end(), closings.begin(), closings.end());
  const std::vector<Hits> exact_after = Search(after_update, true);
  ASSERT_EQ(exact_after.size(), after_update.size());
  for (size_t i = 0; i < updated.size(); ++i) {
    const Hits& hits = exact_after[queries.size() + i];
    ASSERT_FALSE(hits.empty());
    EXPECT_EQ(hits[0].doc_id, updated[i].id) << closings[i];
  }
  EXPECT_GE(RecallAt10(Search(after_update, false), exact_after), 0.9);
  for (bool exact_search : {true, false}) {
    for (const Hits& hits : Search(queries, exact_search, 50)) {
      for (const Hit& h : hits) {
        EXPECT_TRUE(h.doc_id != deleted[0] && h.doc_id != deleted[1]) << "deleted " << h.doc_id;
      }
    }
  }
  EXPECT_EQ(SqlValue("SELECT count(*) FROM embeddings.sotu_idx WHERE doc_id IN ('" + deleted[0] +
                     "', '" + deleted[1] + "')"),
            0);

  // The CLI sees the same index and results.
  auto [code, out] = Cli("search sotu_idx '" + queries[0] + "' --k 5 --exact --json");
  ASSERT_EQ(code, 0) << out;
  auto cli_hits = ParseJson(out);
  ASSERT_TRUE(cli_hits.ok()) << out;
  std::vector<Hits> http_hits = Search({queries[0]}, true, 5);
  ASSERT_EQ((*cli_hits)["results"].size(), 5u) << out;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*cli_hits)["results"][i]["doc_id"], http_hits[0][i].doc_id);
  }
  auto [refresh_code, refresh_out] = Cli("refresh sotu --wait");
  EXPECT_EQ(refresh_code, 0) << refresh_out;

  // Restart on the same data directory: counts and search results are identical.
  const Json counts_before =
      Json::array({Count("sotu"), Index()["doc_count"], Index()["chunk_count"],
                   SqlValue("SELECT count(*) FROM embeddings.sotu_idx")});
  const std::vector<Hits> exact_before = Search(queries, true);
  const std::vector<Hits> approximate_before = Search(queries, false);
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  const Json counts_after =
      Json::array({Count("sotu"), Index()["doc_count"], Index()["chunk_count"],
                   SqlValue("SELECT count(*) FROM embeddings.sotu_idx")});
  EXPECT_EQ(counts_after, counts_before);
  auto same = [](const std::vector<Hits>& a, const std::vector<Hits>& b) {
    if (a.size() != b.size()) return false;
    for (size_t q = 0; q < a.size(); ++q) {
      if (a[q].size() != b[q].size()) return false;
      for (size_t i = 0; i < a[q].size(); ++i) {
        if (a[q][i].doc_id != b[q][i].doc_id || a[q][i].chunk_idx != b[q][i].chunk_idx ||
            std::abs(a[q][i].score - b[q][i].score) > 1e-6) {
          return false;
        }
      }
    }
    return true;
  };
  EXPECT_TRUE(same(Search(queries, true), exact_before)) << "exact results changed on restart";
  EXPECT_TRUE(same(Search(queries, false), approximate_before))
      << "HNSW results changed on restart";
  EXPECT_EQ(Refresh()["up_to_date"], true);
}

// Issue #16 item 3: a templated index refreshes a change that only deletes rows; the deleted
// addresses are no longer found.
TEST_F(AddressesIndexTest, TemplatedIndexRefreshesADeletionOnlyChange) {
  std::vector<Speech> some(before_2000_.begin(), before_2000_.begin() + 20);
  IngestSpeeches(some, "append", "some.ndjson");
  EXPECT_EQ(CreateIndex()["docs_added"], 20);
  auto tomb =
      c().PostJson("/catalog/datasets/by-name/sotu/tombstone",
                   {{"row_key_column", "id"}, {"row_key_values", Json::array({some[3].id})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  Json refreshed = Refresh();
  EXPECT_EQ(refreshed["docs_deleted"], 1) << refreshed.dump();
  EXPECT_EQ(Index()["doc_count"], 19);
  EXPECT_TRUE(Stale().empty());
  for (const Hits& hits :
       Search({Words(some[3].text)[5] + " " + Words(some[3].text)[6]}, true, 100)) {
    for (const Hit& h : hits) EXPECT_NE(h.doc_id, some[3].id);
  }
}

// Issue #16 items 10 and 15 (counts after tombstones): the stale estimate counts the rows a
// refresh has to handle, deletions included (each tombstone is a document to delete).
TEST_F(AddressesIndexTest, StaleCountsIncludeTombstonedRows) {
  std::vector<Speech> some(before_2000_.begin(), before_2000_.begin() + 20);
  IngestSpeeches(some, "append", "some.ndjson");
  auto built = c().PostJson("/vectors/index?wait=true", {{"index_name", "sotu_idx"},
                                                         {"dataset", "sotu"},
                                                         {"id_column", "id"},
                                                         {"text_column", "text"},
                                                         {"model", "builtin/hash-v1"}});
  ASSERT_EQ(built->status, 200) << built->body;
  some[0].text += " An added closing sentence.";
  IngestSpeeches({some[0]}, "upsert", "one.ndjson");
  auto tomb =
      c().PostJson("/catalog/datasets/by-name/sotu/tombstone",
                   {{"row_key_column", "id"}, {"row_key_values", {some[3].id, some[4].id}}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  Json stale = Stale();
  ASSERT_EQ(stale.size(), 1u) << stale.dump();
  EXPECT_EQ(stale[0]["pending_rows_estimate"], 3) << stale.dump();
  Json refreshed = Refresh();
  EXPECT_EQ(refreshed["docs_updated"], 1) << refreshed.dump();
  EXPECT_EQ(refreshed["docs_deleted"], 2) << refreshed.dump();
}

// Issue #16 item 15: an empty search query is a 400, not hits with score 0.
TEST_F(AddressesIndexTest, AnEmptyQueryIsRefused) {
  IngestSpeeches({before_2000_.begin(), before_2000_.begin() + 10}, "append", "ten.ndjson");
  EXPECT_EQ(CreateIndex()["docs_added"], 10);
  auto r = c().PostJson("/vectors/search", {{"index", "sotu_idx"}, {"query", ""}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400) << r->body.substr(0, 500);
  EXPECT_TRUE(IsErrorShape(*r));
}

// Issue #16 item 2: deleting a dataset never leaves its index serving the deleted text; a dataset
// re-created under the same name is not "up to date" in the old index.
TEST_F(AddressesIndexTest, DeletingADatasetTakesItsIndexAlong) {
  std::vector<Speech> ten(before_2000_.begin(), before_2000_.begin() + 10);
  IngestSpeeches(ten, "append", "ten.ndjson");
  EXPECT_EQ(CreateIndex()["docs_added"], 10);
  auto deleted = c().Send(HttpMethod::kDelete, "/catalog/datasets/by-name/sotu", "", "");
  ASSERT_TRUE(deleted.ok());
  if (deleted->status == 409) {  // the documented alternative: refuse unless cascade
    EXPECT_NE(ErrorMessage(*deleted).find("sotu_idx"), std::string::npos) << deleted->body;
    deleted = c().Send(HttpMethod::kDelete, "/catalog/datasets/by-name/sotu?cascade=true", "", "");
    ASSERT_TRUE(deleted.ok());
  }
  ASSERT_EQ(deleted->status, 200) << deleted->body;
  EXPECT_EQ(c().Get("/vectors/indexes/sotu_idx")->status, 404);
  auto rows = c().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM embeddings.sotu_idx"}});
  ASSERT_TRUE(rows.ok());
  EXPECT_NE(rows->status, 200) << rows->body;
  // Re-created with other addresses: nothing of the deleted ones is found.
  std::vector<Speech> other(before_2000_.begin() + 10, before_2000_.begin() + 20);
  IngestSpeeches(other, "append", "other.ndjson");
  auto search =
      c().PostJson("/vectors/search", {{"index", "sotu_idx"}, {"query", Words(ten[0].text)[7]}});
  ASSERT_TRUE(search.ok());
  if (search->status == 200) {
    const Json body = Body(search);
    for (const Json& hit : body["results"]) {
      for (const Speech& s : ten) EXPECT_NE(hit["doc_id"], s.id);
    }
  }
}

}  // namespace
}  // namespace lakehouse::realdata
