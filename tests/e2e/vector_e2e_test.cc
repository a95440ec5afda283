// End-to-end: vector search over the real binary (issue #6) — filtered search, RAG with and
// without a generator, bring-your-own vectors, and bad requests as clear errors. The refresh
// itself is in vector_refresh_e2e_test.cc; the shared fixture in vector_e2e_fixture.h.
#include <limits>
#include <set>

#include "common/base64.h"
#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

TEST_F(VectorE2E, FilteredSearchReturnsKMatchingRows) {
  StartServer();
  Ingest("notes", Notes(0, 400));
  FirstBuild("notes");
  // 10 of 400 rows are 'rare'.
  Json rare = Search({{"query", "lakes weather"}, {"k", 10}, {"filter", "category = 'rare'"}});
  ASSERT_EQ(rare["results"].size(), 10u) << rare.dump();
  for (const Json& hit : rare["results"]) EXPECT_EQ(hit["row"]["category"], "rare");
  Json broad = Search({{"query", "rivers"},
                       {"k", 20},
                       {"filter", "id % 2 = 1 AND category <> 'rare'"},
                       {"columns", Json::array({"id", "title"})}});
  ASSERT_EQ(broad["results"].size(), 20u);
  for (const Json& hit : broad["results"]) {
    EXPECT_EQ(hit["row"]["id"].get<int64_t>() % 2, 1);
    EXPECT_FALSE(hit["row"].contains("body"));
  }
  Json none = Search({{"query", "rivers"}, {"filter", "id < 0"}});
  EXPECT_TRUE(none["results"].empty());

  // Bad filters and requests are 400s with a JSON error; unknown indexes 404.
  for (const Json& bad :
       {Json{{"index", "notes_idx"}, {"query", "x"}, {"filter", "no_such_col = 1"}},
        Json{{"index", "notes_idx"}, {"query", "x"}, {"filter", "1=1; DROP TABLE notes"}},
        Json{{"index", "notes_idx"}, {"query", "x"}, {"k", 0}}, Json{{"index", "notes_idx"}},
        Json{{"index", "notes_idx"}, {"query", "x"}, {"vector", {1.0}}},
        Json{{"index", "notes_idx"}, {"vector", {1.0, 2.0}}},
        Json{{"index", "notes_idx"}, {"query", "x"}, {"columns", {"nope"}}}}) {
    auto r = c().PostJson("/vectors/search", bad);
    EXPECT_EQ(r->status, 400) << bad.dump() << " → " << r->body;
    EXPECT_TRUE(Body(r).contains("error")) << r->body;
  }
  auto missing = c().PostJson("/vectors/search", {{"index", "nope"}, {"query", "x"}});
  EXPECT_EQ(missing->status, 404) << missing->body;
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/notes"))["row_count"], 400);
}

TEST_F(VectorE2E, RagCitesOnlyRetrievedChunks) {
  StartServer({{"LAKEHOUSE_AI_GENERATE_MODEL", "ollama/llama3"}});
  Ingest("notes", Notes(0, 50));
  FirstBuild("notes");
  const std::string question = "What is note number w12 about?";
  fake_->SetChatReply("It is about forests [1], see also [2] and [9].");
  auto r = c().PostJson("/vectors/rag", {{"index", "notes_idx"}, {"question", question}, {"k", 3}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json rag = Body(r);
  EXPECT_EQ(rag["mode"], "generated");
  EXPECT_EQ(rag["model"], "ollama/llama3");
  std::set<std::string> retrieved = DocIds(Search({{"query", question}, {"k", 3}}));
  ASSERT_FALSE(rag["citations"].empty());
  for (const Json& cit : rag["citations"]) {
    EXPECT_TRUE(retrieved.count(cit["doc_id"].get<std::string>())) << cit.dump();
    EXPECT_LE(cit["n"].get<int>(), 3);  // [9] named no source
  }
  ASSERT_EQ(fake_->chat_requests().size(), 1u);
  const std::string prompt = DumpJson(fake_->chat_requests()[0]["messages"]);
  EXPECT_NE(prompt.find("w12"), std::string::npos);
  EXPECT_NE(prompt.find(question), std::string::npos);
}

TEST_F(VectorE2E, ExtractiveRagWithoutAGenerator) {
  StartServer();
  Ingest("notes", Notes(0, 50));
  FirstBuild("notes");
  const std::string question = "What is note number w12 about?";
  Json rag = Body(
      c().PostJson("/vectors/rag", {{"index", "notes_idx"}, {"question", question}, {"k", 3}}));
  EXPECT_EQ(rag["mode"], "extractive");
  EXPECT_NE(rag["answer"].get<std::string>().find("w12"), std::string::npos) << rag.dump();
  std::set<std::string> retrieved = DocIds(Search({{"query", question}, {"k", 3}}));
  for (const Json& cit : rag["citations"]) {
    EXPECT_TRUE(retrieved.count(cit["doc_id"].get<std::string>())) << cit.dump();
  }
  EXPECT_TRUE(fake_->chat_requests().empty());
  Json nothing = Body(c().PostJson(
      "/vectors/rag", {{"index", "notes_idx"}, {"question", "quantum chromodynamics?"}}));
  EXPECT_NE(nothing["answer"].get<std::string>().find("could not find"), std::string::npos)
      << nothing.dump();
  auto empty = c().PostJson("/vectors/rag", {{"index", "notes_idx"}, {"question", "  "}});
  EXPECT_EQ(empty->status, 400);
}

TEST_F(VectorE2E, BringYourOwnVectors) {
  StartServer();
  Json rows = Json::array();
  for (int i = 0; i < 30; ++i) {
    rows.push_back({{"id", "v" + std::to_string(i)},
                    {"embedding", FakeLlmServer::EmbeddingFor("item " + std::to_string(i), 8)}});
  }
  Ingest("items", rows);
  auto r = c().PostJson("/vectors/index?wait=true", {{"index_name", "items_idx"},
                                                     {"dataset", "items"},
                                                     {"id_column", "id"},
                                                     {"vector_column", "embedding"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["docs_added"], 30);
  EXPECT_EQ(fake_->requests(), 0);  // no embedder ran
  Json index = Body(c().Get("/vectors/indexes/items_idx"));
  EXPECT_EQ(index["dimensions"], 8);
  EXPECT_EQ(index["model"], "external");
  Json hit = Search(
      {{"index", "items_idx"}, {"vector", FakeLlmServer::EmbeddingFor("item 17", 8)}, {"k", 1}});
  ASSERT_EQ(hit["results"].size(), 1u);
  EXPECT_EQ(hit["results"][0]["doc_id"], "v17");
  // Rows leave out the (wide) vector column unless "columns" names it.
  EXPECT_EQ(hit["results"][0]["row"], Json({{"id", "v17"}})) << hit.dump();
  Json with_vector = Search({{"index", "items_idx"},
                             {"vector", FakeLlmServer::EmbeddingFor("item 17", 8)},
                             {"k", 1},
                             {"columns", {"embedding"}}});
  EXPECT_EQ(with_vector["results"][0]["row"]["embedding"].size(), 8u) << with_vector.dump();
  auto text_query = c().PostJson("/vectors/search", {{"index", "items_idx"}, {"query", "item"}});
  EXPECT_EQ(text_query->status, 400) << text_query->body;
  auto wrong_dims =
      c().PostJson("/vectors/search", {{"index", "items_idx"}, {"vector", {1, 2, 3}}});
  EXPECT_EQ(wrong_dims->status, 400) << wrong_dims->body;

  // Refresh treats it like any index: appended vectors are indexed, nothing embedded.
  Ingest("items",
         Json::array({{{"id", "v100"}, {"embedding", FakeLlmServer::EmbeddingFor("new", 8)}}}));
  Json refreshed = Refresh("items", {{"index_name", "items_idx"}});
  EXPECT_EQ(refreshed["docs_added"], 1);
  EXPECT_EQ(fake_->requests(), 0);
}

// POST /vectors/search/batch answers each query exactly as POST /vectors/search would, embeds
// text queries in one embedder call and resolves the filter once.
TEST_F(VectorE2E, BatchSearchMatchesSingleSearches) {
  StartServer();
  Ingest("notes", Notes(0, 200));
  FirstBuild("notes");
  const std::vector<std::string> questions = {"lakes weather", "rivers", "note w12", "forests"};
  const Json shared = {{"k", 5}, {"filter", "id % 2 = 0"}, {"columns", {"id", "category"}}};
  const int64_t embeds_before = fake_->embed_requests();
  Json batch_body = shared;
  batch_body["index"] = "notes_idx";
  batch_body["queries"] = questions;
  auto r = c().PostJson("/vectors/search/batch", batch_body);
  ASSERT_EQ(r->status, 200) << r->body;
  Json batch = Body(r);
  EXPECT_EQ(fake_->embed_requests() - embeds_before, 1);  // one call for the four questions
  ASSERT_EQ(batch["results"].size(), questions.size());
  EXPECT_EQ(batch["index"], "notes_idx");
  EXPECT_EQ(batch["stale"], false);
  for (size_t i = 0; i < questions.size(); ++i) {
    Json one = shared;
    one["query"] = questions[i];
    Json single = Search(one);
    EXPECT_EQ(batch["results"][i], single["results"]) << questions[i];
    ASSERT_EQ(batch["results"][i].size(), 5u);
    for (const Json& hit : batch["results"][i]) EXPECT_EQ(hit["row"]["id"].get<int64_t>() % 2, 0);
    EXPECT_EQ(batch["index_version"], single["index_version"]);
  }

  // Vectors in a batch, including the fast-parse path's exact reading of the numbers.
  Json by_vector = Search({{"query", "rivers"}, {"k", 3}, {"columns", Json::array()}});
  std::vector<float> v = FakeLlmServer::EmbeddingFor("rivers", 32);
  Json vectors = Json::array({v, FakeLlmServer::EmbeddingFor("forests", 32)});
  Json vector_batch = Body(c().PostJson(
      "/vectors/search/batch",
      {{"index", "notes_idx"}, {"vectors", vectors}, {"k", 3}, {"columns", Json::array()}}));
  ASSERT_EQ(vector_batch["results"].size(), 2u) << vector_batch.dump();
  Json single_vector = Search({{"vector", v}, {"k", 3}, {"columns", Json::array()}});
  EXPECT_EQ(vector_batch["results"][0], single_vector["results"]);
  EXPECT_FALSE(vector_batch["results"][0][0].contains("row"));

  // Bad batches are 400s naming what is wrong; nothing partial is returned.
  std::vector<std::string> too_many(1025, "x");  // the limit is 1024 queries
  Json huge = v;
  huge[3] = 1e39;  // a finite double, not a finite float
  struct Case {
    Json body;
    std::string says;
  };
  for (const Case& bad : std::vector<Case>{
           {{{"index", "notes_idx"}}, "exactly one of"},
           {{{"index", "notes_idx"}, {"queries", {"a"}}, {"vectors", vectors}}, "exactly one of"},
           {{{"index", "notes_idx"}, {"queries", Json::array()}}, "non-empty"},
           {{{"index", "notes_idx"}, {"queries", {"a", 3}}}, "array of strings"},
           {{{"index", "notes_idx"}, {"vectors", {v, {1, 2}}}}, "vectors[1]"},
           {{{"index", "notes_idx"}, {"vectors", {v, {1, "x"}}}}, "vectors[1]"},
           {{{"index", "notes_idx"}, {"vectors", {huge}}}, "finite"},
           {{{"index", "notes_idx"}, {"queries", too_many}}, "at most"},
           {{{"index", "notes_idx"}, {"queries", {"a"}}, {"filter", "nope = 1"}}, "filter"},
           {{{"index", "notes_idx"}, {"queries", {"a"}}, {"k", 0}}, "'k'"},
       }) {
    auto res = c().PostJson("/vectors/search/batch", bad.body);
    EXPECT_EQ(res->status, 400) << bad.body.dump().substr(0, 200) << " → " << res->body;
    EXPECT_NE(res->body.find(bad.says), std::string::npos) << res->body;
  }
  auto missing = c().PostJson("/vectors/search/batch", {{"index", "nope"}, {"queries", {"a"}}});
  EXPECT_EQ(missing->status, 404) << missing->body;
}

// A vector may be sent as base64 little-endian float32 (OpenAI's encoding_format "base64"): the
// same search as the JSON numbers, in single and batch requests; malformed ones are 400s.
TEST_F(VectorE2E, Base64VectorsSearchLikeNumbers) {
  StartServer();
  Ingest("notes", Notes(0, 60));
  FirstBuild("notes");
  auto base64 = [](const std::vector<float>& v) {
    return Base64Encode(
        std::string_view(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
  };
  const std::vector<float> rivers = FakeLlmServer::EmbeddingFor("rivers", 32);
  const std::vector<float> forests = FakeLlmServer::EmbeddingFor("forests", 32);
  const Json options = {{"k", 4}, {"columns", {"id"}}};
  Json as_numbers = options, as_base64 = options;
  as_numbers["vector"] = rivers;
  as_base64["vector"] = base64(rivers);
  Json want = Search(as_numbers)["results"];
  ASSERT_EQ(want.size(), 4u);
  EXPECT_EQ(Search(as_base64)["results"], want);
  // Written with an escape sequence (its first character as \u00XX): valid JSON, which the fast
  // path declines and the slow path decodes.
  const std::string encoded = base64(rivers);
  char escape[8];
  std::snprintf(escape, sizeof(escape), "\\u%04x", static_cast<unsigned>(encoded[0]));
  const std::string escaped = escape + encoded.substr(1);
  auto slow =
      c().Send(HttpMethod::kPost, "/vectors/search",
               R"({"index":"notes_idx","k":4,"columns":["id"],"vector":")" + escaped + "\"}");
  ASSERT_EQ(slow->status, 200) << slow->body;
  EXPECT_EQ(Body(slow)["results"], want);

  Json batch =
      Body(c().PostJson("/vectors/search/batch", {{"index", "notes_idx"},
                                                  {"k", 4},
                                                  {"columns", {"id"}},
                                                  {"vectors", {base64(rivers), forests}}}));
  ASSERT_EQ(batch["results"].size(), 2u) << batch.dump();
  EXPECT_EQ(batch["results"][0], want);
  as_numbers["vector"] = forests;
  EXPECT_EQ(batch["results"][1], Search(as_numbers)["results"]);

  std::vector<float> nan = rivers;
  nan[0] = std::numeric_limits<float>::quiet_NaN();
  for (const auto& [body, says] : std::vector<std::pair<Json, std::string>>{
           {{{"index", "notes_idx"}, {"vector", "AACAPw"}}, "base64"},     // unpadded
           {{{"index", "notes_idx"}, {"vector", "AACAPwA="}}, "float32"},  // 5 bytes
           {{{"index", "notes_idx"}, {"vector", "not base64!"}}, "base64"},
           {{{"index", "notes_idx"}, {"vector", ""}}, "empty"},
           {{{"index", "notes_idx"}, {"vector", base64({1, 2, 3})}}, "dimensions"},
           {{{"index", "notes_idx"}, {"vector", base64(nan)}}, "finite"},
       }) {
    auto res = c().PostJson("/vectors/search", body);
    EXPECT_EQ(res->status, 400) << body.dump() << " → " << res->body;
    EXPECT_NE(res->body.find(says), std::string::npos) << res->body;
  }
  auto bad_row = c().PostJson("/vectors/search/batch",
                              {{"index", "notes_idx"}, {"vectors", {base64(rivers), "AAAA="}}});
  EXPECT_EQ(bad_row->status, 400) << bad_row->body;
  EXPECT_NE(bad_row->body.find("vectors[1]"), std::string::npos) << bad_row->body;
}

TEST_F(VectorE2E, BadRequestsAreClearErrors) {
  StartServer();
  Ingest("notes", Notes(0, 5));
  auto post = [&](const std::string& path, const Json& body) { return c().PostJson(path, body); };
  struct Case {
    std::string path;
    Json body;
    int status;
  };
  const std::vector<Case> cases = {
      {"/vectors/index",
       {{"index_name", "x"}, {"dataset", "nope"}, {"id_column", "id"}, {"text_column", "body"}},
       404},
      {"/vectors/index",
       {{"index_name", "x"}, {"dataset", "notes"}, {"id_column", "nope"}, {"text_column", "body"}},
       400},
      {"/vectors/index",
       {{"index_name", "x"}, {"dataset", "notes"}, {"id_column", "id"}, {"text_column", "nope"}},
       400},
      {"/vectors/index",
       {{"index_name", "bad name"},
        {"dataset", "notes"},
        {"id_column", "id"},
        {"text_column", "body"}},
       400},
      {"/vectors/index",
       {{"index_name", "x"},
        {"dataset", "notes"},
        {"id_column", "id"},
        {"text_column", "body"},
        {"model", "nope/m"}},
       400},
      {"/vectors/index",
       {{"index_name", "x"},
        {"dataset", "notes"},
        {"id_column", "id"},
        {"text_column", "body"},
        {"refresh_policy", {{"mode", "scheduled"}, {"cron", "61 * * * *"}}}},
       400},
      {"/vectors/index",
       {{"index_name", "x"}, {"dataset", "notes"}, {"id_column", "id"}, {"vector_column", "body"}},
       400},
      {"/vectors/refresh/notes", {{"index_name", "nope"}}, 400},
      {"/vectors/rag", {{"index", "nope"}, {"question", "q"}}, 404},
  };
  for (const Case& tc : cases) {
    auto r = post(tc.path, tc.body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, tc.status) << tc.path << " " << tc.body.dump() << " → " << r->body;
    EXPECT_TRUE(Body(r).contains("error")) << r->body;
  }
  EXPECT_EQ(c().Get("/vectors/indexes/nope")->status, 404);
  EXPECT_EQ(Delete("/vectors/indexes/nope")->status, 404);
  EXPECT_EQ(c().Get("/vectors/indexes/nope/freshness")->status, 404);

  // A valid index, then conflicting and invalid changes.
  FirstBuild("notes");
  auto dup = post("/vectors/index", {{"index_name", "notes_idx"},
                                     {"dataset", "notes"},
                                     {"id_column", "id"},
                                     {"text_column", "body"}});
  EXPECT_EQ(dup->status, 409) << dup->body;
  EXPECT_EQ(Patch("/vectors/indexes/notes_idx", {{"dataset", "other"}})->status, 400);
  EXPECT_EQ(Patch("/vectors/indexes/notes_idx",
                  {{"refresh_policy", {{"mode", "scheduled"}, {"cron", "* * 31 2 *"}}}})
                ->status,
            400);
  auto patched = Patch("/vectors/indexes/notes_idx",
                       {{"refresh_policy", {{"mode", "scheduled"}, {"cron", "*/15 * * * *"}}}});
  ASSERT_EQ(patched->status, 200) << patched->body;
  Json fresh = Freshness();
  EXPECT_EQ(fresh["policy"], "scheduled");
  EXPECT_TRUE(fresh["next_scheduled_run"].is_string()) << fresh.dump();

  // Nothing committed was touched by the failures; deleting the index removes it.
  EXPECT_EQ(Search({{"query", "lakes"}, {"k", 5}})["results"].size(), 5u);
  EXPECT_EQ(Delete("/vectors/indexes/notes_idx")->status, 200);
  EXPECT_EQ(c().Get("/vectors/indexes/notes_idx")->status, 404);
  auto gone = c().PostJson("/query/sql", {{"sql", "SELECT * FROM embeddings.notes_idx"}});
  EXPECT_EQ(gone->status / 100, 4) << gone->body;
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/notes"))["row_count"], 5);
}

}  // namespace
}  // namespace lakehouse::vector_e2e
