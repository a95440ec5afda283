// Issue #18, "accuracy that holds on real embeddings": an index measures its own recall after a
// build, chooses its ef_search (or exact search) for its target_recall, shows both in
// GET /vectors/indexes/{name}, and keeps them across a restart; a request's ef_search still
// applies to that search. Housekeeping: the graph is saved at a graceful shutdown and last_used
// survives a restart.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

constexpr const char* kHashModel = "builtin/hash-v1";
constexpr int kNotes = 2600;  // above the size below which every search is exact

bool IsErrorShape(const ClientResponse& response) {
  auto body = response.JsonBody();
  if (!body.ok() || !body->contains("error")) return false;
  const Json& error = (*body)["error"];
  return error.is_object() && error.value("code", Json()).is_string() &&
         error.value("message", Json()).is_string() &&
         error.value("request_id", Json()).is_string();
}

class VectorRecallE2E : public VectorE2E {
 protected:
  Json Index() { return Body(c().Get("/vectors/indexes/notes_idx")); }
  int64_t RecallJobs() {
    return static_cast<int64_t>(
        Body(c().Get("/jobs?kind=vector_recall&limit=1000"))["jobs"].size());
  }
};

TEST_F(VectorRecallE2E, RecallIsMeasuredShownAndKeptAcrossRestart) {
  StartServer();
  Ingest("notes", Notes(0, kNotes));
  Json built = FirstBuild("notes", {{"model", kHashModel}, {"target_recall", 0.97}});
  ASSERT_EQ(built["docs_added"], kNotes) << built.dump();

  const Json index = Index();
  const Json recall = index["recall"];
  ASSERT_TRUE(recall.is_object()) << index.dump();
  EXPECT_EQ(index["target_recall"], 0.97);
  EXPECT_EQ(recall["target"], 0.97);
  ASSERT_FALSE(recall["measured"].is_null()) << recall.dump();
  EXPECT_GE(recall["measured"].get<double>(), 0.97) << recall.dump();
  EXPECT_EQ(recall["sample_queries"], 200);
  EXPECT_EQ(recall["k"], 10);
  EXPECT_TRUE(recall["measured_at"].is_string()) << recall.dump();
  const std::string strategy = recall["strategy"].get<std::string>();
  EXPECT_TRUE(strategy == "hnsw" || strategy == "exact") << strategy;
  EXPECT_GT(recall["ef_search"].get<int64_t>(), 0);
  ASSERT_FALSE(recall["trials"].empty()) << recall.dump();
  // The chosen rung is the first that reached the target (or none did, and search is exact).
  for (const Json& trial : recall["trials"]) {
    if (trial["ef_search"] == recall["ef_search"]) break;
    EXPECT_LT(trial["recall"].get<double>(), 0.97) << recall.dump();
  }
  // The list shows the same.
  Json list = Body(c().Get("/vectors/indexes"))["indexes"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["recall"], recall);

  // A request's ef_search applies to that search (and is validated).
  Json hits = Search({{"query", "weather lakes"}, {"k", 5}, {"ef_search", 300}, {"columns", {}}});
  EXPECT_EQ(hits["results"].size(), 5u) << hits.dump();
  for (const Json& bad : {Json(0), Json(10'001), Json("many")}) {
    auto r = c().PostJson("/vectors/search",
                          {{"index", "notes_idx"}, {"query", "weather"}, {"ef_search", bad}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 400) << r->body;
  }
  // target_recall is validated on create and PATCH; a bad PATCH changes nothing.
  for (const Json& bad : {Json(0), Json(1.5), Json(-0.1), Json("high")}) {
    auto r = Patch("/vectors/indexes/notes_idx", {{"target_recall", bad}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 400) << r->body;
  }
  EXPECT_EQ(Index()["recall"], recall);

  // Searches recorded last_used; a small refresh leaves the graph behind its parts.
  Ingest("notes", Notes(kNotes, kNotes + 20));
  Json grown = Refresh("notes");
  EXPECT_EQ(grown["docs_added"], 20) << grown.dump();
  Search({{"query", "rivers"}, {"k", 3}, {"columns", {}}});
  const Json before = Index();
  ASSERT_TRUE(before["last_used"].is_string()) << before.dump();
  EXPECT_EQ(before["recall"]["measured_at"], recall["measured_at"])
      << "20 of 2600 chunks is not enough change to measure again";
  const int64_t recall_jobs = RecallJobs();

  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  ASSERT_TRUE(Eventually([&] { return Index().value("status", "") == "ready"; })) << Index().dump();
  const Json after = Index();
  EXPECT_EQ(after["recall"], before["recall"]) << "the measurement survives a restart";
  EXPECT_EQ(after["last_used"], before["last_used"]);
  EXPECT_EQ(RecallJobs(), recall_jobs) << "a measured index is not measured again at start-up";
  // The graph was saved at shutdown: one graph file, as of the last part (a restart replays
  // nothing into an older graph).
  const std::string dir = server_->data_dir() + "/indexes/notes_idx/g1";
  std::vector<std::string> graphs;
  long long last_part = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    long long seq = 0;
    if (std::sscanf(name.c_str(), "part-%lld.parquet", &seq) == 1)
      last_part = std::max(last_part, seq);
    if (name.starts_with("graph-")) graphs.push_back(name);
  }
  ASSERT_EQ(graphs.size(), 1u);
  long long graph_seq = -1;
  EXPECT_EQ(std::sscanf(graphs[0].c_str(), "graph-%lld.hnsw", &graph_seq), 1);
  EXPECT_EQ(graph_seq, last_part) << graphs[0];
  EXPECT_NE(server_->Log().find("notes_idx"), std::string::npos);

  // PATCHing target_recall measures again, in a job.
  auto patched = Patch("/vectors/indexes/notes_idx", {{"target_recall", 0.99}});
  ASSERT_TRUE(patched.ok());
  ASSERT_EQ(patched->status, 200) << patched->body;
  ASSERT_TRUE(Eventually([&] {
    const Json r = Index()["recall"];
    return r["target"] == 0.99 && r["measured_at"] != before["recall"]["measured_at"];
  })) << Index().dump();
  const Json retuned = Index()["recall"];
  EXPECT_TRUE(retuned["strategy"] == "exact" || retuned["measured"].get<double>() >= 0.99)
      << retuned.dump();
}

TEST_F(VectorRecallE2E, EvalsScoreSampledAndGivenQueries) {
  StartServer();
  Ingest("notes", Notes(0, kNotes));
  Json built = FirstBuild("notes", {{"model", kHashModel}});
  ASSERT_EQ(built["docs_added"], kNotes) << built.dump();
  const std::string evals = "/vectors/indexes/notes_idx/evals";

  // Sampled from the index: exact search is the truth; more ef_search never loses recall here.
  auto r = c().PostJson(evals, {{"ef_search", {10, 400}}, {"sample", 50}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  Json sampled = Body(r);
  EXPECT_EQ(sampled["source"], "sampled");
  EXPECT_EQ(sampled["queries"], 50);
  EXPECT_EQ(sampled["exact"]["recall"], 1.0);
  ASSERT_EQ(sampled["trials"].size(), 2u);
  EXPECT_EQ(sampled["trials"][0]["ef_search"], 10);
  EXPECT_LE(sampled["trials"][0]["recall"].get<double>(),
            sampled["trials"][1]["recall"].get<double>());
  EXPECT_GT(sampled["trials"][1]["p50_us"].get<double>(), 0);
  // The same seed gives the same sample, hence the same recall.
  auto again = c().PostJson(evals, {{"ef_search", {10, 400}}, {"sample", 50}});
  EXPECT_EQ(Body(again)["trials"][0]["recall"], sampled["trials"][0]["recall"]);

  // Given queries with the documents they should find: note i's unique word finds note i.
  Json queries = Json::array();
  for (int i : {7, 123, 2001}) {
    queries.push_back({{"query", "Note number w" + std::to_string(i)},
                       {"expected_doc_ids", {std::to_string(i)}}});
  }
  r = c().PostJson(evals, {{"queries", queries}, {"k", 5}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  Json given = Body(r);
  EXPECT_EQ(given["source"], "given");
  EXPECT_EQ(given["queries"], 3);
  EXPECT_EQ(given["k"], 5);
  EXPECT_EQ(given["exact"]["recall"], 1.0) << given.dump();
  ASSERT_EQ(given["trials"].size(), 1u) << "default: the index's own ef_search";
  EXPECT_EQ(given["trials"][0]["ef_search"], Index()["recall"]["ef_search"]);

  // Bad requests are 400s in the error shape.
  for (const Json& bad :
       {Json{{"bogus", 1}}, Json{{"ef_search", 0}}, Json{{"sample", 0}}, Json{{"k", 0}},
        Json{{"queries", Json::array()}}, Json{{"queries", {{{"query", "x"}}}}},
        Json{{"queries", {{{"query", "x"}, {"expected_doc_ids", {"1"}}, {"extra", 1}}}}}}) {
    auto res = c().PostJson(evals, bad);
    ASSERT_TRUE(res.ok());
    EXPECT_EQ(res->status, 400) << bad.dump() << " → " << res->body;
    EXPECT_TRUE(IsErrorShape(*res)) << res->body;
  }
  auto missing = c().PostJson("/vectors/indexes/nope/evals", Json::object());
  EXPECT_EQ(missing->status, 404);

  // The CLI prints the same eval as a table, and shows the measured recall.
  auto [code, out] = testing::RunCli(
      "index eval notes_idx --ef-search 10 --ef-search 400 "
      "--sample 50 --server " +
      server_->base_url());
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("EF_SEARCH"), std::string::npos) << out;
  EXPECT_NE(out.find("400"), std::string::npos) << out;
  auto [show_code, show] = testing::RunCli("index show notes_idx --server " + server_->base_url());
  EXPECT_EQ(show_code, 0) << show;
  EXPECT_NE(show.find("recall"), std::string::npos) << show;
  EXPECT_NE(show.find("target 0.95"), std::string::npos) << show;
}

TEST_F(VectorRecallE2E, TrialsAreJournaledAndAutotunePromotesOnlyAboveMinRecall) {
  StartServer();
  Ingest("notes", Notes(0, kNotes));
  ASSERT_EQ(FirstBuild("notes", {{"model", kHashModel}})["docs_added"], kNotes);
  const std::string base = "/vectors/indexes/notes_idx";

  auto r = c().PostJson(base + "/trials", {{"ef_search", {10, 64, 400}}, {"sample", 60}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  Json run = Body(r)["trials"];
  ASSERT_EQ(run.size(), 3u);
  for (const Json& t : run) {
    EXPECT_GT(t["trial_id"].get<int64_t>(), 0);
    EXPECT_EQ(t["m"], 16);
    EXPECT_EQ(t["ef_construction"], 200);
    EXPECT_GT(t["memory_bytes"].get<int64_t>(), 0);
    EXPECT_GE(t["build_ms"].get<int64_t>(), 0);
    EXPECT_TRUE(t["p99_us"].get<double>() >= t["p50_us"].get<double>()) << t.dump();
    EXPECT_EQ(t["promoted"], false);
  }
  Json journal = Body(c().Get(base + "/trials"))["trials"];
  EXPECT_EQ(journal, run);
  Json best = Body(c().Get(base + "/trials/best?by=recall"));
  double top = 0;
  for (const Json& t : run) top = std::max(top, t["recall"].get<double>());
  EXPECT_EQ(best["best"]["recall"], top) << best.dump();
  Json fastest = Body(c().Get(base + "/trials/best?by=latency&min_recall=1.01"));
  EXPECT_EQ(c().Get(base + "/trials/best?by=latency&min_recall=1.01")->status, 400);
  fastest = Body(c().Get(base + "/trials/best?by=latency&min_recall=0"));
  EXPECT_FALSE(fastest["best"].is_null()) << fastest.dump();
  Json pareto = Body(c().Get(base + "/trials/best?by=pareto"));
  EXPECT_GE(pareto["trials"].size(), 1u);
  EXPECT_EQ(c().Get(base + "/trials/best?by=speed")->status, 400);

  // Autotune with an unreachable bar promotes nothing and leaves the index as it was.
  const Json recall_before = Body(c().Get(base))["recall"];
  r = c().PostJson(base + "/autotune",
                   {{"min_recall", 1.0}, {"ef_search", {4, 6}}, {"sample", 60}});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["promoted"], false) << r->body;
  EXPECT_EQ(Body(c().Get(base))["recall"], recall_before);
  // A reachable one promotes the fastest setting above it: the index searches at it.
  r = c().PostJson(base + "/autotune",
                   {{"min_recall", 0.5}, {"ef_search", {64, 400}}, {"sample", 60}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json tuned = Body(r);
  ASSERT_EQ(tuned["promoted"], true) << tuned.dump();
  const Json winner = tuned["winner"];
  EXPECT_GE(winner["recall"].get<double>(), 0.5);
  const Json recall_after = Body(c().Get(base))["recall"];
  EXPECT_EQ(recall_after["ef_search"], winner["ef_search"]) << recall_after.dump();
  EXPECT_EQ(recall_after["strategy"], "hnsw");
  bool marked = false;
  const Json journal_after = Body(c().Get(base + "/trials"));
  for (const Json& t : journal_after["trials"]) {
    if (t["trial_id"] == winner["trial_id"]) marked = t["promoted"].get<bool>();
  }
  EXPECT_TRUE(marked) << winner.dump() << journal_after.dump();
  for (const Json& bad : {Json{{"min_recall", 0}}, Json{{"min_recall", "high"}},
                          Json{{"bogus", true}}, Json{{"ef_search", {0}}}}) {
    auto res = c().PostJson(base + "/autotune", bad);
    EXPECT_EQ(res->status, 400) << bad.dump() << " → " << res->body;
  }

  // The CLI: list, best, autotune.
  const std::string server = " --server " + server_->base_url();
  auto [list_code, list] = testing::RunCli("index trials notes_idx --list" + server);
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_NE(list.find("EF_SEARCH"), std::string::npos) << list;
  auto [best_code, best_out] = testing::RunCli("index best notes_idx --by pareto" + server);
  EXPECT_EQ(best_code, 0) << best_out;
  auto [tune_code, tune_out] = testing::RunCli(
      "index autotune notes_idx --min-recall 0.5 --ef-search 64 --sample 30" + server);
  EXPECT_EQ(tune_code, 0) << tune_out;
  EXPECT_NE(tune_out.find("promoted ef_search 64"), std::string::npos) << tune_out;

  // Deleting the index deletes its journal with it.
  ASSERT_EQ(Delete(base)->status, 200);
  Ingest("notes2", Notes(0, 10));
  auto again = c().PostJson("/vectors/index?wait=true", {{"index_name", "notes_idx"},
                                                         {"dataset", "notes2"},
                                                         {"id_column", "id"},
                                                         {"text_column", "body"},
                                                         {"model", kHashModel}});
  ASSERT_EQ(again->status, 200) << again->body;
  EXPECT_TRUE(Body(c().Get(base + "/trials"))["trials"].empty());
}

TEST_F(VectorRecallE2E, UnknownTargetRecallFieldsAreRefused) {
  StartServer();
  Ingest("notes", Notes(0, 20));
  auto r = c().PostJson("/vectors/index", {{"index_name", "notes_idx"},
                                           {"dataset", "notes"},
                                           {"id_column", "id"},
                                           {"text_column", "body"},
                                           {"model", kHashModel},
                                           {"target_recall", 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(c().Get("/vectors/indexes/notes_idx")->status, 404);
}

}  // namespace
}  // namespace lakehouse::vector_e2e
