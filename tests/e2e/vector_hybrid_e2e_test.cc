// Keyword (BM25), hybrid (RRF) and reranked search end to end: the real binary, embeddings and
// rerank scores from the fake provider server speaking Ollama's, TEI's and the Cohere/Jina wire
// formats. The keyword index follows refreshes (adds, changes, deletes), survives restarts and
// crashes, and is built for an index that predates it.
#include <filesystem>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

Result<ClientResponse> PostSearch(HttpClient& c, Json body) {
  if (!body.contains("index")) body["index"] = "notes_idx";
  return c.PostJson("/vectors/search", body);
}

std::string First(const Json& search) {
  return search["results"].empty() ? "" : search["results"][0]["doc_id"].get<std::string>();
}

// Every keyword.sqlite under the server's data directory.
std::vector<std::filesystem::path> KeywordFiles(const std::string& data_dir) {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir)) {
    if (entry.path().filename().string().starts_with("keyword.sqlite")) out.push_back(entry.path());
  }
  return out;
}

TEST_F(VectorE2E, KeywordModeFindsAnExactRareWordAndEveryResponseNamesItsMode) {
  StartServer();
  Ingest("notes", Notes(0, 200));
  FirstBuild("notes");

  Json keyword = Search({{"query", "w137"}, {"mode", "keyword"}, {"k", 3}});
  EXPECT_EQ(keyword["mode"], "keyword");
  EXPECT_TRUE(keyword["reranked_by"].is_null());
  ASSERT_EQ(keyword["results"].size(), 1u) << keyword.dump();  // the only chunk with that word
  EXPECT_EQ(First(keyword), "137");
  EXPECT_GT(keyword["results"][0]["score"].get<double>(), 0);
  EXPECT_EQ(keyword["results"][0]["row"]["title"], "note 137");  // rows as in vector mode

  EXPECT_EQ(Search({{"query", "w137"}})["mode"], "vector");
  Json hybrid = Search({{"query", "w135 lakes"}, {"mode", "hybrid"}, {"k", 5}});
  EXPECT_EQ(hybrid["mode"], "hybrid");
  EXPECT_EQ(First(hybrid), "135") << hybrid.dump();
  // Only the keyword side counts: the same order as keyword mode.
  Json keyword_only = Search({{"query", "w135 lakes"},
                              {"mode", "hybrid"},
                              {"k", 5},
                              {"hybrid", {{"vector_weight", 0}, {"rrf_k", 10}}}});
  EXPECT_EQ(DocIds(keyword_only),
            DocIds(Search({{"query", "w135 lakes"}, {"mode", "keyword"}, {"k", 5}})));

  // A filter applies to keyword hits too.
  Json filtered =
      Search({{"query", "lakes"}, {"mode", "keyword"}, {"k", 50}, {"filter", "category = 'rare'"}});
  for (const Json& hit : filtered["results"]) EXPECT_EQ(hit["row"]["category"], "rare");
  EXPECT_FALSE(filtered["results"].empty());

  // A batch runs every query in the mode.
  auto batch = c().PostJson(
      "/vectors/search/batch",
      {{"index", "notes_idx"}, {"queries", {"w12", "w13"}}, {"mode", "keyword"}, {"k", 1}});
  ASSERT_EQ(batch->status, 200) << batch->body;
  EXPECT_EQ(Body(batch)["mode"], "keyword");
  EXPECT_EQ(Body(batch)["results"][0][0]["doc_id"], "12");
  EXPECT_EQ(Body(batch)["results"][1][0]["doc_id"], "13");

  // RAG retrieves in the mode and says so.
  auto rag = c().PostJson("/vectors/rag",
                          {{"index", "notes_idx"}, {"question", "w42?"}, {"mode", "keyword"}});
  ASSERT_EQ(rag->status, 200) << rag->body;
  EXPECT_EQ(Body(rag)["search_mode"], "keyword");
  EXPECT_EQ(Body(rag)["citations"][0]["doc_id"], "42") << rag->body;
}

TEST_F(VectorE2E, BadModesAndOptionsAre400sNamingThem) {
  StartServer();
  Ingest("notes", Notes(0, 20));
  FirstBuild("notes");
  auto expect_400 = [&](Json body, const std::string& needle, const std::string& path) {
    if (!body.contains("index")) body["index"] = "notes_idx";
    auto r = c().PostJson(path, body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 400) << body.dump() << " → " << r->body;
    EXPECT_NE(r->body.find(needle), std::string::npos) << r->body;
    EXPECT_NE(r->body.find("request_id"), std::string::npos);
  };
  expect_400({{"query", "x"}, {"mode", "fuzzy"}}, "fuzzy", "/vectors/search");
  expect_400({{"queries", {"x"}}, {"mode", "semantic"}}, "semantic", "/vectors/search/batch");
  expect_400({{"question", "x"}, {"mode", "bm42"}}, "bm42", "/vectors/rag");
  expect_400({{"query", "x"}, {"hybrid", {{"rrf_k", 10}}}}, "mode", "/vectors/search");
  expect_400({{"query", "x"}, {"mode", "hybrid"}, {"hybrid", {{"alpha", 1}}}}, "hybrid.alpha",
             "/vectors/search");
  expect_400({{"query", "x"}, {"mode", "hybrid"}, {"hybrid", {{"rrf_k", 0}}}}, "rrf_k",
             "/vectors/search");
  expect_400({{"query", "x"},
              {"mode", "hybrid"},
              {"hybrid", {{"vector_weight", 0}, {"keyword_weight", 0}}}},
             "both", "/vectors/search");
  expect_400({{"vector", std::vector<float>(32, 0.1f)}, {"mode", "keyword"}}, "query",
             "/vectors/search");
  expect_400({{"query", "x"}, {"rerank", {{"top", 3}}}}, "rerank.top", "/vectors/search");
  expect_400({{"query", "x"}, {"rerank", {{"candidates", 0}}}}, "rerank.candidates",
             "/vectors/search");

  // An index of external vectors has no text to search by keyword.
  Json rows = Json::array();
  for (int i = 0; i < 5; ++i) {
    rows.push_back({{"id", "v" + std::to_string(i)},
                    {"embedding", FakeLlmServer::EmbeddingFor("item " + std::to_string(i), 8)}});
  }
  Ingest("items", rows);
  auto byo = c().PostJson("/vectors/index?wait=true", {{"index_name", "items_idx"},
                                                       {"dataset", "items"},
                                                       {"id_column", "id"},
                                                       {"vector_column", "embedding"}});
  ASSERT_EQ(byo->status, 200) << byo->body;
  expect_400({{"index", "items_idx"}, {"query", "item"}, {"mode", "keyword"}}, "external vectors",
             "/vectors/search");
}

TEST_F(VectorE2E, KeywordIndexFollowsRefreshesAndSurvivesARestart) {
  StartServer();
  Ingest("notes", Notes(0, 100));
  FirstBuild("notes");
  ASSERT_EQ(First(Search({{"query", "w37"}, {"mode", "keyword"}})), "37");
  ASSERT_EQ(KeywordFiles(server_->data_dir()).empty(), false);

  // Delete 37, change 38's text, add 100.
  auto deleted = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                              {{"row_key_column", "id"}, {"row_key_values", {37}}});
  ASSERT_TRUE(deleted.ok() && deleted->status < 300) << deleted->body;
  Json changed = Note(38);
  changed["body"] = "Note thirty-eight now mentions a zeppelin.";
  Ingest("notes", Json::array({changed}), "upsert");
  Ingest("notes", Notes(100, 101));
  Json refreshed = Refresh("notes");
  EXPECT_EQ(refreshed["docs_deleted"], 1) << refreshed.dump();

  auto keyword_ids = [&](const std::string& q) {
    return DocIds(Search({{"query", q}, {"mode", "keyword"}, {"k", 200}}));
  };
  EXPECT_TRUE(keyword_ids("w37").empty());
  EXPECT_TRUE(keyword_ids("w38").empty());  // its old words are gone with its old chunk
  EXPECT_EQ(keyword_ids("zeppelin"), std::set<std::string>{"38"});
  EXPECT_EQ(keyword_ids("w100"), std::set<std::string>{"100"});
  EXPECT_EQ(keyword_ids("weather").size(), 99u);  // 0..100 less 37 and 38

  ASSERT_TRUE(server_->Restart().ok());
  ASSERT_TRUE(Eventually([&] { return c().Get("/ready")->status == 200; }));
  EXPECT_TRUE(keyword_ids("w37").empty());
  EXPECT_EQ(keyword_ids("zeppelin"), std::set<std::string>{"38"});
  EXPECT_EQ(keyword_ids("weather").size(), 99u);
}

// An index built before keyword search existed (no keyword.sqlite) gets one when it loads.
TEST_F(VectorE2E, AnIndexWithoutAKeywordFileGetsOneAtLoad) {
  StartServer();
  Ingest("notes", Notes(0, 50));
  FirstBuild("notes");
  ASSERT_EQ(server_->Terminate(), 0);
  std::vector<std::filesystem::path> files = KeywordFiles(server_->data_dir());
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) std::filesystem::remove(f);
  ASSERT_TRUE(server_->Restart().ok());
  ASSERT_TRUE(Eventually([&] { return c().Get("/ready")->status == 200; }));
  EXPECT_EQ(First(Search({{"query", "w21"}, {"mode", "keyword"}})), "21");
  EXPECT_EQ(DocIds(Search({{"query", "weather"}, {"mode", "keyword"}, {"k", 100}})).size(), 50u);
  EXPECT_FALSE(KeywordFiles(server_->data_dir()).empty());
}

// A refresh killed between checkpoints resumes, and both sides hold every document exactly once.
TEST_F(VectorE2E, AKilledRefreshLeavesKeywordAndVectorSidesConsistent) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "20"}, {"LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS", "20"}});
  Ingest("notes", Notes(0, 200));
  fake_->SetDelay(20ms);
  auto started = c().PostJson("/vectors/refresh/notes", {{"index_name", "notes_idx"},
                                                         {"id_column", "id"},
                                                         {"text_column", "body"},
                                                         {"model", kModel}});
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string job = Body(started)["job_id"];
  ASSERT_TRUE(Eventually([&] { return fake_->embed_requests() >= 4; }));
  server_->Kill();
  fake_->SetDelay(0ms);
  ASSERT_TRUE(server_->Restart().ok());
  Json done = WaitForJob(job);
  ASSERT_EQ(done["state"], "succeeded") << done.dump() << server_->Log();
  Json by_keyword = Search({{"query", "weather"}, {"mode", "keyword"}, {"k", 1000}});
  Json by_vector = Search({{"query", "weather"}, {"k", 1000}, {"exact", true}});
  EXPECT_EQ(by_keyword["results"].size(), 200u);  // no chunk twice, none missing
  EXPECT_EQ(DocIds(by_keyword), DocIds(by_vector));
}

TEST_F(VectorE2E, RerankThroughTeiAndCohereStyleProviders) {
  StartServer();
  // /ai/rerank, both wire formats.
  const Json docs = {"the cat sat", "a dog and a cat sat on the mat", "nothing relevant here"};
  for (const std::string model : {"tei/bge-reranker-base", "openai/jina-reranker-v2"}) {
    auto r = c().PostJson("/ai/rerank",
                          {{"model", model}, {"query", "dog cat mat"}, {"documents", docs}});
    ASSERT_EQ(r->status, 200) << r->body;
    Json out = Body(r);
    EXPECT_EQ(out["model"], model);
    ASSERT_EQ(out["results"].size(), 3u);
    EXPECT_EQ(out["results"][0]["index"], 1);
    EXPECT_EQ(out["results"][0]["document"], docs[1]);
    EXPECT_DOUBLE_EQ(out["results"][0]["score"].get<double>(),
                     FakeLlmServer::RerankScoreFor("dog cat mat", docs[1]));
    EXPECT_EQ(out["results"][2]["index"], 2);
  }
  EXPECT_EQ(fake_->requests("/rerank"), 1);
  EXPECT_EQ(fake_->requests("/v1/rerank"), 1);
  auto top = c().PostJson(
      "/ai/rerank",
      {{"model", "tei/x"}, {"query", "dog cat mat"}, {"documents", docs}, {"top_n", 1}});
  EXPECT_EQ(Body(top)["results"].size(), 1u);
  EXPECT_EQ(c().PostJson("/ai/rerank", {{"query", "q"}, {"documents", docs}})->status, 412);
  EXPECT_EQ(c().PostJson("/ai/rerank", {{"model", "ollama/x"}, {"query", "q"}, {"documents", docs}})
                ->status,
            400);
  EXPECT_EQ(
      c().PostJson("/ai/rerank", {{"model", "tei/x"}, {"query", "q"}, {"documents", {}}})->status,
      400);
  fake_->FailNext(10, 500);
  EXPECT_EQ(
      c().PostJson("/ai/rerank", {{"model", "tei/x"}, {"query", "q"}, {"documents", docs}})->status,
      502);
  fake_->FailNext(0, 500);

  // Search: candidates from the index, the reranker's order and scores.
  Ingest("notes", Notes(0, 60));
  FirstBuild("notes");
  const std::string query = "w7 mountains weather";
  Json reranked = Search({{"query", query},
                          {"k", 3},
                          {"mode", "hybrid"},
                          {"rerank", {{"model", "tei/bge-reranker-base"}, {"candidates", 30}}}});
  EXPECT_EQ(reranked["mode"], "hybrid");
  EXPECT_EQ(reranked["reranked_by"], "tei/bge-reranker-base");
  ASSERT_EQ(reranked["results"].size(), 3u) << reranked.dump();
  EXPECT_EQ(First(reranked), "7") << reranked.dump();  // the only note with all three words
  double previous = 2;
  for (const Json& hit : reranked["results"]) {
    const double expected =
        FakeLlmServer::RerankScoreFor(query, hit["chunk_text"].get<std::string>());
    EXPECT_NEAR(hit["score"].get<double>(), expected, 1e-6);  // sent as a float
    EXPECT_LE(hit["score"].get<double>(), previous);
    previous = hit["score"].get<double>();
  }
  EXPECT_EQ(fake_->requests("/rerank"), 8);  // 2 + 5 failed attempts + 1

  auto rag = c().PostJson("/vectors/rag", {{"index", "notes_idx"},
                                           {"question", "w9 deserts"},
                                           {"mode", "keyword"},
                                           {"rerank", {{"model", "openai/jina-reranker-v2"}}}});
  ASSERT_EQ(rag->status, 200) << rag->body;
  EXPECT_EQ(Body(rag)["reranked_by"], "openai/jina-reranker-v2");
  EXPECT_EQ(Body(rag)["citations"][0]["doc_id"], "9") << rag->body;
  EXPECT_EQ(fake_->requests("/v1/rerank"), 2);
  // A rerank model that is not configured fails the search, not silently skips the rerank.
  auto unknown = PostSearch(c(), {{"query", "w7"}, {"rerank", {{"model", "cohere/x"}}}});
  EXPECT_EQ(unknown->status, 400) << unknown->body;
}

}  // namespace
}  // namespace lakehouse::vector_e2e
