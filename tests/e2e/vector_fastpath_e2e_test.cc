// End-to-end: the fast paths of vector search (issue #18, "Fast with rows and filters") give the
// same answers as the slow ones they replace — rows from the per-version row cache equal the
// dataset's live rows after upserts and tombstones, filtered searches (filters cached per dataset
// version, labels per index publish) equal exact search with the filter, before and after
// refreshes, and embeddings."<index>" counts stay right.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

class VectorFastPathE2E : public VectorE2E {
 protected:
  Json Sql(const std::string& q) {
    auto r = c().PostJson("/query/sql", {{"sql", q}, {"limit", 100000}});
    EXPECT_EQ(r->status, 200) << q << " → " << r->body;
    return Body(r)["rows"];
  }
  // The dataset's live rows by id, as /query/sql returns them.
  std::map<std::string, Json> LiveRows(const std::string& dataset) {
    auto r = c().PostJson("/query/sql", {{"sql", "SELECT * FROM " + dataset}, {"limit", 100000}});
    Json body = Body(r);
    std::map<std::string, Json> out;
    for (const Json& row : body["rows"]) {
      Json obj = Json::object();
      for (size_t i = 0; i < body["columns"].size(); ++i)
        obj[body["columns"][i]["name"].get<std::string>()] = row[i];
      out[std::to_string(obj["id"].get<int64_t>())] = obj;
    }
    return out;
  }
  // Every hit's row equals the live row of its document (null when the document is gone).
  void ExpectRowsLive(const Json& search, const std::map<std::string, Json>& live) {
    for (const Json& hit : search["results"]) {
      auto it = live.find(hit["doc_id"].get<std::string>());
      if (it == live.end()) {
        EXPECT_TRUE(hit["row"].is_null()) << hit.dump();
      } else {
        EXPECT_EQ(hit["row"], it->second) << hit.dump();
      }
    }
  }
  static double Cosine(const std::vector<float>& a, const std::vector<float>& b) {
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      dot += double{a[i]} * b[i];
      na += double{a[i]} * a[i];
      nb += double{b[i]} * b[i];
    }
    return dot / std::sqrt(na * nb);
  }
  // Exact with the filter, computed here: the best k cosine scores among the documents the
  // filter allows (each note is one chunk, its body).
  std::vector<double> ExactWithFilter(const std::vector<float>& query, const std::string& filter,
                                      std::set<std::string>* allowed, size_t k) {
    std::vector<double> scores;
    for (const Json& row : Sql("SELECT CAST(id AS VARCHAR), body FROM notes WHERE " + filter)) {
      allowed->insert(row[0].get<std::string>());
      scores.push_back(Cosine(query, FakeLlmServer::EmbeddingFor(row[1], 32)));
    }
    std::sort(scores.rbegin(), scores.rend());
    if (scores.size() > k) scores.resize(k);
    return scores;
  }
  void ExpectFilteredLikeExact(const std::string& filter, const std::string& text) {
    const std::vector<float> query = FakeLlmServer::EmbeddingFor(text, 32);
    std::set<std::string> allowed;
    const std::vector<double> truth = ExactWithFilter(query, filter, &allowed, 10);
    ASSERT_FALSE(truth.empty()) << filter;
    for (int round = 0; round < 3; ++round) {
      for (bool exact : {true, false}) {
        Json found = Search({{"vector", query},
                             {"k", 10},
                             {"filter", filter},
                             {"exact", exact},
                             {"columns", Json::array()}});
        SCOPED_TRACE(filter + (exact ? " exact" : " approximate"));
        ASSERT_EQ(found["results"].size(), truth.size()) << found.dump();
        size_t correct = 0;
        for (size_t i = 0; i < truth.size(); ++i) {
          const Json& hit = found["results"][i];
          EXPECT_EQ(allowed.count(hit["doc_id"].get<std::string>()), 1u) << hit.dump();
          const double score = hit["score"].get<double>();
          if (exact) {
            EXPECT_NEAR(score, truth[i], 1e-4) << hit.dump();
          }
          correct += score >= truth.back() - 1e-4 ? 1 : 0;
        }
        EXPECT_GE(correct * 10, truth.size() * 9) << "recall below 0.9: " << found.dump();
      }
    }
  }
};

TEST_F(VectorFastPathE2E, RowsAreTheLiveRowsAfterUpsertsAndTombstones) {
  StartServer();
  Ingest("notes", Notes(0, 60));
  FirstBuild("notes");
  const std::vector<float> query = FakeLlmServer::EmbeddingFor("note weather lakes", 32);
  auto check = [&](const Json& columns) {
    std::map<std::string, Json> live = LiveRows("notes");
    // Repeated: the first searches read rows with SQL while the row cache builds, later ones
    // read the cache; both must give the live rows.
    for (int round = 0; round < 8; ++round) {
      Json body = {{"vector", query}, {"k", 60}};
      if (!columns.is_null()) body["columns"] = columns;
      Json found = Search(body);
      ASSERT_EQ(found["results"].size(), 60u);
      if (columns.is_null()) {
        ExpectRowsLive(found, live);
      } else {
        for (const Json& hit : found["results"]) {
          auto it = live.find(hit["doc_id"].get<std::string>());
          if (it == live.end()) {
            EXPECT_TRUE(hit["row"].is_null());
            continue;
          }
          Json want = Json::object();
          for (const Json& c : columns)
            want[c.get<std::string>()] = it->second[c.get<std::string>()];
          EXPECT_EQ(hit["row"], want) << hit.dump();
        }
      }
      std::this_thread::sleep_for(20ms);
    }
  };
  check(nullptr);
  check(Json::array({"title", "category"}));

  // Upsert 5 rows and tombstone 2 without refreshing the index: the hits are the old chunks, the
  // rows are the dataset's current ones (new text, or null for the deleted).
  Json changed = Json::array();
  for (int i : {3, 11, 25, 40, 53}) changed.push_back(Note(i, "v2"));
  Ingest("notes", changed, "upsert");
  check(nullptr);
  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({7, 40})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  check(nullptr);
  check(Json::array({"title", "category"}));
  Json found = Search({{"vector", query}, {"k", 60}});
  for (const Json& hit : found["results"]) {
    const std::string id = hit["doc_id"];
    if (id == "7" || id == "40") {
      EXPECT_TRUE(hit["row"].is_null()) << hit.dump();
    }
    if (id == "25") {
      EXPECT_EQ(hit["row"]["body"], Note(25, "v2")["body"]);
    }
  }

  // A pinned dataset (hot cache) gives the same rows.
  ASSERT_EQ(c().PostJson("/query/cache/pin", {{"dataset", "notes"}})->status, 200);
  check(nullptr);
}

TEST_F(VectorFastPathE2E, FilteredSearchEqualsExactWithFilter) {
  StartServer();
  // Over 2000 chunks, so unselective filters go through the graph (over-fetched), selective ones
  // exact over the allowed set.
  Ingest("notes", Notes(0, 2600));
  FirstBuild("notes");
  for (const char* filter : {"category = 'rare'", "id % 10 = 3", "id % 10 <> 3", "id < 5"}) {
    ExpectFilteredLikeExact(filter, "note weather rivers");
    ExpectFilteredLikeExact(filter, "Note number w1234 is about deserts");
  }

  // Rows that become 'rare' by upsert, and a rare row deleted: the next filtered search (a new
  // dataset version, so a new filter key) sees the dataset as it is now.
  Json changed = Json::array();
  for (int i : {5, 6, 7}) {
    Json row = Note(i);
    row["category"] = "rare";
    changed.push_back(row);
  }
  Ingest("notes", changed, "upsert");
  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({40})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  std::set<std::string> rare = DocIds(Search({{"query", "note"},
                                              {"k", 1000},
                                              {"filter", "category = 'rare'"},
                                              {"columns", Json::array()}}));
  EXPECT_EQ(rare.count("5"), 1u);
  EXPECT_EQ(rare.count("7"), 1u);
  EXPECT_EQ(rare.count("40"), 0u);
  EXPECT_EQ(rare.count("80"), 1u);
  Refresh("notes");
  ExpectFilteredLikeExact("category = 'rare'", "note weather rivers");

  // New rare rows appended: a filtered search before the refresh caches the filter for this
  // version (the new documents have no chunks yet); after the refresh (same dataset version)
  // the same filter finds their chunks.
  Json extra = Json::array();
  for (int i = 5000; i < 5005; ++i) {
    Json row = Note(i);
    row["category"] = "rare";
    extra.push_back(row);
  }
  Ingest("notes", extra);
  const std::string text = Note(5002)["body"];
  Json before = Search({{"query", text}, {"k", 1}, {"filter", "category = 'rare'"}});
  ASSERT_EQ(before["results"].size(), 1u);
  EXPECT_NE(before["results"][0]["doc_id"], "5002");
  Refresh("notes");
  Json after = Search({{"query", text}, {"k", 1}, {"filter", "category = 'rare'"}});
  ASSERT_EQ(after["results"].size(), 1u);
  EXPECT_EQ(after["results"][0]["doc_id"], "5002");
  ExpectFilteredLikeExact("category = 'rare'", text);

  // Validation is unchanged: a bad filter is a 400 every time, never cached as an empty set.
  for (int round = 0; round < 2; ++round) {
    for (const char* bad : {"no_such_col = 1", "1=1; DROP TABLE notes", "id IN (SELECT 1) --"}) {
      auto r = c().PostJson("/vectors/search",
                            {{"index", "notes_idx"}, {"query", "x"}, {"filter", bad}});
      EXPECT_EQ(r->status, 400) << bad << " → " << r->body;
    }
  }
}

TEST_F(VectorFastPathE2E, EmbeddingsViewCountsAfterRefreshes) {
  StartServer();
  Ingest("notes", Notes(0, 300));
  FirstBuild("notes");
  EXPECT_EQ(Sql("SELECT count(*) FROM embeddings.notes_idx"), Json::parse("[[300]]"));
  Json changed = Json::array();
  for (int i = 0; i < 300; i += 7) changed.push_back(Note(i, "v2"));
  Ingest("notes", changed, "upsert");
  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({1, 2, 3})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  Ingest("notes", Notes(300, 320));
  Refresh("notes");
  EXPECT_EQ(Sql("SELECT count(*), count(DISTINCT doc_id) FROM embeddings.notes_idx"),
            Json::parse("[[317, 317]]"));
  EXPECT_EQ(Sql("SELECT count(*) FROM (SELECT doc_id FROM embeddings.notes_idx LIMIT 1)"),
            Json::parse("[[1]]"));
  EXPECT_EQ(Sql("SELECT chunk_text, len(vector) FROM embeddings.notes_idx WHERE doc_id = '14'"),
            Json::array({Json::array({Note(14, "v2")["body"], 32})}));
  EXPECT_EQ(Sql("SELECT count(*) FROM embeddings.notes_idx WHERE doc_id IN ('1', '2', '3')"),
            Json::parse("[[0]]"));
  // The text of every live chunk is the dataset's current text.
  EXPECT_EQ(Sql("SELECT count(*) FROM embeddings.notes_idx e JOIN notes n "
                "ON e.doc_id = CAST(n.id AS VARCHAR) WHERE e.chunk_text <> n.body"),
            Json::parse("[[0]]"));
}

}  // namespace
}  // namespace lakehouse::vector_e2e
