// End-to-end: the vector CLI commands (`index`, `search`, `ask`, `refresh`, `stale`) run as the
// real binary against the real server, over a dataset ingested with the CLI; outputs and exit
// codes, including bad input (usage → 2, the server said no → 1, no server → 3). Generation goes to
// the fake Ollama/OpenAI server.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::FakeLlmServer;
using testing::RunCli;
using testing::ServerProcessOptions;

constexpr const char* kNotes =
    "id,title,body,year\n"
    "1,Lakes,\"A lake is a large body of water surrounded by land. Rivers feed lakes.\",2019\n"
    "2,Houses,\"A house is a building where people live. Houses have roofs and walls.\",2020\n"
    "3,Lakehouse,\"A lakehouse combines a data lake with a warehouse. It answers SQL over "
    "Parquet.\",2021\n"
    "4,Vectors,\"Vector search finds nearby embeddings. HNSW graphs make vector search "
    "fast.\",2022\n";

// Row 1's text changes; row 5 is new.
constexpr const char* kMoreNotes =
    "id,title,body,year\n"
    "1,Lakes,\"A lake is a body of fresh water. Glaciers carved many lakes.\",2019\n"
    "5,Rivers,\"Rivers flow downhill into lakes and seas.\",2023\n";

class VectorCliE2E : public testing::ServerTest {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start();
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
    ServerTest::SetUp();
  }
  ServerProcessOptions ServerOptions() override {
    ServerProcessOptions options;
    options.env = fake_->LakehouseEnv();
    return options;
  }

  // Runs `lakehouse ARGS --server URL`; ARGS is shell text (quote what has spaces).
  std::pair<int, std::string> Cli(const std::string& args) {
    return RunCli(args + " --server " + server_->base_url());
  }
  // Runs a command that must succeed with --json output and returns the parsed output.
  Json CliJson(const std::string& args) {
    auto [code, out] = Cli(args + " --json");
    EXPECT_EQ(code, 0) << args << "\n" << out;
    auto json = ParseJson(out);
    EXPECT_TRUE(json.ok()) << args << "\n" << out;
    return json.ok() ? *json : Json();
  }
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = scratch_.Join(name);
    std::ofstream(path) << content;
    return path;
  }
  // Ingests the four notes (key: id) and builds index notes_idx over them.
  void IngestAndIndexNotes() {
    auto [ingest, ingest_out] =
        Cli("ingest " + WriteFile("notes.csv", kNotes) + " --dataset notes --key id");
    ASSERT_EQ(ingest, 0) << ingest_out;
    auto [code, out] =
        Cli("index create notes_idx --dataset notes --id-column id --text-column body "
            "--chunk-size 200 --overlap 20 --model builtin/hash-v1 --wait");
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("index 'notes_idx' is ready"), std::string::npos) << out;
    EXPECT_NE(out.find("CHUNKS_EMBEDDED"), std::string::npos) << out;
  }
  Json WaitForJob(const std::string& job_id) {
    for (int i = 0; i < 600; ++i) {
      Json job = Body(c().Get("/jobs/" + job_id));
      const std::string state = job.value("state", "");
      if (state == "succeeded" || state == "failed" || state == "cancelled") return job;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "job " << job_id << " did not finish";
    return Json();
  }
  static bool Has(const std::string& out, const std::string& part) {
    return out.find(part) != std::string::npos;
  }

  std::unique_ptr<FakeLlmServer> fake_;
};

TEST_F(VectorCliE2E, IndexCommandsCreateListShowAndDelete) {
  IngestAndIndexNotes();
  Json index = Body(c().Get("/vectors/indexes/notes_idx"));
  EXPECT_EQ(index["doc_count"], 4);
  EXPECT_EQ(index["chunk_size"], 200);
  EXPECT_EQ(index["overlap"], 20);

  // Without --wait: a background build, its job id printed (--json: the 202 body).
  Json started = CliJson(
      "index create nightly --dataset notes --id-column id --text-column body "
      "--template '{title}: {chunk}' --cron '0 3 * * *' --hnsw-m 8 --ef-search 32");
  ASSERT_TRUE(started["job_id"].is_string()) << started;
  EXPECT_EQ(WaitForJob(started["job_id"])["state"], "succeeded");

  auto [list_code, list] = Cli("index list");
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_TRUE(Has(list, "NAME") && Has(list, "notes_idx") && Has(list, "nightly")) << list;
  EXPECT_TRUE(Has(list, "builtin/use-lite-v1") && Has(list, "scheduled") && Has(list, "text:body"))
      << list;
  Json listed = CliJson("index list --dataset notes");
  EXPECT_EQ(listed["indexes"].size(), 2u) << listed;
  // Issue #16 (15): a dataset that does not exist is an error, not "no indexes"/"up to date".
  auto [none_code, none] = Cli("index list --dataset elsewhere");
  EXPECT_EQ(none_code, 1) << none;
  EXPECT_TRUE(Has(none, "elsewhere") && Has(none, "HTTP 404")) << none;
  auto [stale_none_code, stale_none] = Cli("stale --dataset elsewhere");
  EXPECT_EQ(stale_none_code, 1) << stale_none;
  EXPECT_FALSE(Has(stale_none, "up to date")) << stale_none;

  auto [show_code, show] = Cli("index show nightly");
  EXPECT_EQ(show_code, 0) << show;
  EXPECT_TRUE(Has(show, "scheduled, cron \"0 3 * * *\" (next run 20")) << show;
  EXPECT_TRUE(Has(show, "{title}: {chunk}")) << show;
  EXPECT_TRUE(Has(show, "m 8, ef_construction 200, ef_search 32")) << show;
  EXPECT_TRUE(Has(show, "4 of 4 rows embedded")) << show;
  EXPECT_TRUE(Has(show, "version 2 of 2: up to date")) << show;
  Json shown = CliJson("index show nightly");
  EXPECT_EQ(shown["index_name"], "nightly");
  EXPECT_EQ(shown["refresh_policy"]["mode"], "scheduled");
  EXPECT_EQ(shown["freshness"]["stale"], false) << shown;

  auto [delete_code, deleted] = Cli("index delete nightly");
  EXPECT_EQ(delete_code, 0) << deleted;
  EXPECT_TRUE(Has(deleted, "deleted index 'nightly'")) << deleted;
  auto [gone_code, gone] = Cli("index show nightly");
  EXPECT_EQ(gone_code, 1) << gone;
  EXPECT_TRUE(Has(gone, "does not exist")) << gone;
  EXPECT_EQ(CliJson("index")["indexes"].size(), 1u) << "no subcommand lists";
}

TEST_F(VectorCliE2E, SearchAndAskPrintRankedResultsAndCitations) {
  IngestAndIndexNotes();
  auto [code, out] = Cli("search notes_idx 'data lake warehouse' --k 2");
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(out.rfind(" 1. ", 0), 0u) << out;
  EXPECT_TRUE(Has(out, "doc 3  chunk 0")) << out;
  EXPECT_TRUE(Has(out, "A lakehouse combines a data lake")) << out;
  EXPECT_TRUE(Has(out, "2 results from index 'notes_idx'")) << out;
  EXPECT_FALSE(Has(out, "stale")) << out;

  Json found = CliJson("search notes_idx 'data lake warehouse' --k 2 --exact");
  ASSERT_EQ(found["results"].size(), 2u) << found;
  EXPECT_EQ(found["results"][0]["doc_id"], "3");
  EXPECT_EQ(found["exact"], true);
  EXPECT_TRUE(found["results"][0]["row"].is_object()) << "--json keeps the server's rows";

  Json filtered = CliJson("search notes_idx lake --filter 'year >= 2021' --columns title,year");
  ASSERT_EQ(filtered["results"].size(), 2u) << filtered;
  for (const Json& r : filtered["results"]) {
    EXPECT_GE(r["row"]["year"].get<int>(), 2021) << r;
    EXPECT_FALSE(r["row"].contains("body")) << r;
  }
  auto [cols_code, cols] = Cli("search notes_idx lake --filter 'year >= 2021' --columns title");
  EXPECT_EQ(cols_code, 0) << cols;
  EXPECT_TRUE(Has(cols, "title=Lakehouse")) << cols;

  // No generator configured: an extractive answer quoting the sources.
  auto [ask_code, ask] = Cli("ask notes_idx 'What does a lakehouse combine?'");
  EXPECT_EQ(ask_code, 0) << ask;
  EXPECT_TRUE(Has(ask, "A lakehouse combines a data lake with a warehouse")) << ask;
  EXPECT_TRUE(Has(ask, "Sources:\n  [1] doc 3, chunk 0 (score ")) << ask;
  EXPECT_TRUE(Has(ask, "extractive answer")) << ask;
  auto [nothing_code, nothing] = Cli("ask notes_idx 'zebra quantum'");
  EXPECT_EQ(nothing_code, 0) << nothing;
  EXPECT_TRUE(Has(nothing, "no retrieved chunk was relevant")) << nothing;
  EXPECT_FALSE(Has(nothing, "Sources:")) << nothing;

  // A generator named with --model (the fake Ollama) answers and cites.
  fake_->SetChatReply("It combines a data lake with a warehouse [1].");
  auto [gen_code, gen] =
      Cli("ask notes_idx 'What does a lakehouse combine?' --k 3 --model ollama/chat");
  EXPECT_EQ(gen_code, 0) << gen;
  EXPECT_EQ(gen.rfind("It combines a data lake with a warehouse [1].\n", 0), 0u) << gen;
  EXPECT_TRUE(Has(gen, "[1] doc 3")) << gen;
  EXPECT_TRUE(Has(gen, "answer generated by ollama/chat")) << gen;
  Json answer = CliJson("ask notes_idx 'What does a lakehouse combine?' --model ollama/chat");
  EXPECT_EQ(answer["mode"], "generated");
  ASSERT_EQ(answer["citations"].size(), 1u) << answer;
  EXPECT_EQ(answer["citations"][0]["doc_id"], "3");
  EXPECT_EQ(fake_->chat_requests().size(), 2u);
}

// Issue #18: --mode picks keyword or hybrid retrieval, --rerank a rerank model.
TEST_F(VectorCliE2E, SearchModesAndRerank) {
  IngestAndIndexNotes();
  auto [code, out] = Cli("search notes_idx 'glaciers Parquet' --mode keyword --k 3");
  EXPECT_EQ(code, 0) << out;
  EXPECT_TRUE(Has(out, "doc 3  chunk 0")) << out;  // the only note with "Parquet"
  EXPECT_TRUE(Has(out, "1 result from index 'notes_idx' (keyword search")) << out;
  Json hybrid = CliJson("search notes_idx 'lakehouse warehouse' --mode hybrid --k 2");
  EXPECT_EQ(hybrid["mode"], "hybrid");
  EXPECT_EQ(hybrid["results"][0]["doc_id"], "3") << hybrid;
  Json reranked =
      CliJson("search notes_idx 'vector search embeddings' --rerank tei/bge-reranker-base --k 1");
  EXPECT_EQ(reranked["reranked_by"], "tei/bge-reranker-base") << reranked;
  EXPECT_EQ(reranked["results"][0]["doc_id"], "4");
  Json asked = CliJson("ask notes_idx 'What is Parquet?' --mode keyword");
  EXPECT_EQ(asked["search_mode"], "keyword");
  auto [bad_code, bad] = Cli("search notes_idx lake --mode fuzzy");
  EXPECT_NE(bad_code, 0) << bad;
}

// Issue #16 (18): an index whose refresh failed is shown as failing, with its error and next
// retry, by `index list` and `index show` (it used to show "ready").
TEST_F(VectorCliE2E, AFailingIndexSaysSoInListAndShow) {
  auto [ingest, ingest_out] =
      Cli("ingest " + WriteFile("notes.csv", kNotes) + " --dataset notes --key id");
  ASSERT_EQ(ingest, 0) << ingest_out;
  auto [created, created_out] =
      Cli("index create notes_idx --dataset notes --id-column id --text-column body "
          "--model ollama/nomic-embed-text --wait");
  ASSERT_EQ(created, 0) << created_out;
  fake_->FailNext(1000, 503);
  auto [more, more_out] = Cli("ingest " + WriteFile("more.csv", kMoreNotes) +
                              " --dataset notes --mode upsert --key id");
  ASSERT_EQ(more, 0) << more_out;
  auto [refresh_code, refresh] = Cli("refresh notes --wait");
  EXPECT_EQ(refresh_code, 1) << refresh;
  auto [list_code, list] = Cli("index list");
  EXPECT_EQ(list_code, 0) << list;
  EXPECT_TRUE(Has(list, "failing") && Has(list, "its last refresh failed (1 in a row")) << list;
  auto [show_code, show] = Cli("index show notes_idx");
  EXPECT_EQ(show_code, 0) << show;
  EXPECT_TRUE(Has(show, "failing") && Has(show, "last error")) << show;
  EXPECT_FALSE(Has(show, "ready")) << show;
  fake_->FailNext(0, 503);
  auto [retry_code, retry] = Cli("refresh notes --wait");
  EXPECT_EQ(retry_code, 0) << retry;
  auto [after_code, after] = Cli("index show notes_idx");
  EXPECT_TRUE(Has(after, "ready") && !Has(after, "last error")) << after;
}

TEST_F(VectorCliE2E, StaleAndRefreshFollowTheDataset) {
  IngestAndIndexNotes();
  auto [second_code, second] =
      Cli("index create titles --dataset notes --id-column id --text-column title --wait");
  ASSERT_EQ(second_code, 0) << second;

  auto [fresh_code, fresh] = Cli("stale");
  EXPECT_EQ(fresh_code, 0) << fresh;
  EXPECT_TRUE(Has(fresh, "no stale indexes")) << fresh;
  auto [noop_code, noop] = Cli("refresh notes --wait");
  EXPECT_EQ(noop_code, 0) << noop;
  EXPECT_TRUE(Has(noop, "already up to date")) << noop;
  EXPECT_FALSE(Has(noop, "refreshed")) << noop;

  // An upsert changes doc 1's text and adds doc 5: both indexes go stale.
  auto [ingest, ingest_out] = Cli("ingest " + WriteFile("more.csv", kMoreNotes) +
                                  " --dataset notes --mode upsert --key id");
  ASSERT_EQ(ingest, 0) << ingest_out;
  auto [stale_code, stale] = Cli("stale");
  EXPECT_EQ(stale_code, 0) << stale;
  EXPECT_TRUE(Has(stale, "DATASET") && Has(stale, "notes_idx") && Has(stale, "titles")) << stale;
  EXPECT_TRUE(Has(stale, "manual")) << stale;
  Json stale_json = CliJson("stale");
  ASSERT_EQ(stale_json["stale"].size(), 2u) << stale_json;
  for (const Json& e : stale_json["stale"]) {
    EXPECT_EQ(e["dataset"], "notes");
    EXPECT_EQ(e["lag_versions"], 1);
    EXPECT_TRUE(e["stale_since"].is_string()) << e;
  }
  EXPECT_EQ(CliJson("stale --dataset notes")["stale"].size(), 2u);
  EXPECT_EQ(Cli("stale --dataset elsewhere --json").first, 1);  // no such dataset: not "none
  auto [search_code, search] = Cli("search notes_idx lake --k 1");
  EXPECT_EQ(search_code, 0) << search;
  EXPECT_TRUE(
      Has(search, "note: the index is stale (built from dataset version 2, dataset now at 3)"))
      << search;

  // One index, waited for: doc 5 added, doc 1 updated.
  auto [one_code, one] = Cli("refresh notes --index notes_idx --wait");
  EXPECT_EQ(one_code, 0) << one;
  EXPECT_TRUE(Has(one, "DOCS_ADDED") && Has(one, "refreshed")) << one;
  Json one_json = CliJson("refresh notes --index notes_idx --wait");
  EXPECT_EQ(one_json["up_to_date"], true) << one_json;
  Json index = Body(c().Get("/vectors/indexes/notes_idx"));
  EXPECT_EQ(index["doc_count"], 5);
  EXPECT_EQ(index["built_from_version"], 3);

  // Every index of the dataset, without waiting: titles gets a job; notes_idx is up to date.
  auto [all_code, all] = Cli("refresh notes");
  EXPECT_EQ(all_code, 0) << all;
  EXPECT_TRUE(Has(all, "index 'notes_idx': up to date at version 3")) << all;
  EXPECT_TRUE(Has(all, "index 'titles': refresh ")) << all;
  EXPECT_TRUE(Has(all, " as job ")) << all;
  Json titles = CliJson("refresh notes --index titles --wait");  // waits for it (or is a no-op)
  EXPECT_EQ(titles["index_name"], "titles") << titles;
  for (int i = 0; i < 100 && !CliJson("stale")["stale"].empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(CliJson("stale")["stale"].size(), 0u);

  // Another change, refreshed with --wait --json: one result per index, with the counts.
  const std::string update = "id,title,body,year\n2,Homes,\"Homes keep people warm.\",2020\n";
  auto [again, again_out] =
      Cli("ingest " + WriteFile("update.csv", update) + " --dataset notes --mode upsert --key id");
  ASSERT_EQ(again, 0) << again_out;
  Json results = CliJson("refresh notes --wait");
  ASSERT_TRUE(results.is_array()) << results;
  ASSERT_EQ(results.size(), 2u) << results;
  for (const Json& r : results) {
    EXPECT_EQ(r["from_version"], 3) << r;
    EXPECT_EQ(r["to_version"], 4) << r;
    EXPECT_EQ(r["docs_added"], 0) << r;
    EXPECT_EQ(r["docs_updated"], 1) << r;
    EXPECT_EQ(r["docs_deleted"], 0) << r;
    EXPECT_EQ(r["chunks_embedded"], 1) << r;
    EXPECT_TRUE(r["job_id"].is_string()) << r;
    EXPECT_TRUE(r.contains("elapsed_ms")) << r;
  }
}

TEST_F(VectorCliE2E, ExternalVectorsAreSearchedWithVector) {
  const std::string vectors =
      WriteFile("vecs.ndjson",
                "{\"id\":\"a\",\"emb\":[1,0,0]}\n{\"id\":\"b\",\"emb\":[0,1,0]}\n"
                "{\"id\":\"c\",\"emb\":[0.7,0.7,0]}\n");
  auto [ingest, ingest_out] = Cli("ingest " + vectors + " --dataset vecs");
  ASSERT_EQ(ingest, 0) << ingest_out;
  auto [code, out] =
      Cli("index create vidx --dataset vecs --id-column id --vector-column emb --wait");
  ASSERT_EQ(code, 0) << out;
  Json found = CliJson("search vidx --vector '[1, 0.1, 0]' --k 2");
  ASSERT_EQ(found["results"].size(), 2u) << found;
  EXPECT_EQ(found["results"][0]["doc_id"], "a");
  EXPECT_EQ(found["results"][1]["doc_id"], "c");
  auto [text_code, text] = Cli("search vidx 'some text'");
  EXPECT_EQ(text_code, 1) << text;
  EXPECT_TRUE(Has(text, "search with 'vector'")) << text;
  auto [dims_code, dims] = Cli("search vidx --vector '[1, 0]'");
  EXPECT_EQ(dims_code, 1) << dims;
  EXPECT_TRUE(Has(dims, "3 dimensions")) << dims;
}

TEST_F(VectorCliE2E, BadInputIsAUsageErrorOrTheServersMessage) {
  IngestAndIndexNotes();
  auto [other, other_out] =
      Cli("ingest " + WriteFile("other.csv", "id,body\n1,x\n") + " --dataset other");
  ASSERT_EQ(other, 0) << other_out;

  // Usage errors: exit 2 with a message, before anything reaches the server.
  for (const char* args : {
           "search notes_idx",                               // neither query nor --vector
           "search notes_idx lake --vector '[1]'",           // both
           "search notes_idx lake --k 0",                    // out of range
           "search notes_idx --vector 'not json'",           // not an array
           "ask notes_idx",                                  // no question
           "ask notes_idx '  '",                             // empty question
           "refresh",                                        // no dataset
           "index create x --dataset notes --id-column id",  // no column to index
           "index create x --dataset notes --id-column id --text-column body --vector-column v",
           "index create x --dataset notes --text-column body",  // no id column
           "index create x --dataset notes --id-column id --text-column body --policy weekly",
           "index create x --dataset notes --id-column id --text-column body --policy scheduled",
           "index create x --dataset notes --id-column id --text-column body --cron '* * * * *' "
           "--policy manual",
           "index show",
       }) {
    auto [code, out] = Cli(args);
    EXPECT_EQ(code, 2) << args << "\n" << out;
    EXPECT_FALSE(out.empty()) << args;
  }

  // The server said no: exit 1 with its message.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"search nope lake", "vector index 'nope' does not exist"},
      {"search notes_idx lake --filter 'no_such_column > 1'", "no_such_column"},
      {"ask nope 'what?'", "vector index 'nope' does not exist"},
      {"ask notes_idx 'What does a lakehouse combine?' --model builtin/hash-v1",
       "no built-in generator"},
      {"index create notes_idx --dataset notes --id-column id --text-column body",
       "vector index 'notes_idx' already exists"},
      {"index create x --dataset notes --id-column id --text-column nope",
       "dataset 'notes' has no column 'nope'"},
      {"index create x --dataset nope --id-column id --text-column body",
       "dataset 'nope' does not exist"},
      {"index create x --dataset notes --id-column id --text-column body --cron 'bad'",
       "cron expression 'bad'"},
      {"index create x --dataset notes --id-column id --text-column body --model nosuch/m",
       "unknown model provider 'nosuch'"},
      {"index create x --dataset notes --id-column id --text-column body --chunk-size 4",
       "chunk_size"},
      {"index delete nope", "vector index 'nope' does not exist"},
      {"refresh nope", "dataset 'nope' does not exist"},
      {"refresh other", "dataset 'other' has no vector indexes"},
      {"refresh notes --index nope", "vector index 'nope' does not exist"},
      {"refresh other --index notes_idx", "belongs to dataset 'notes'"},
  };
  for (const auto& [args, message] : refused) {
    auto [code, out] = Cli(args);
    EXPECT_EQ(code, 1) << args << "\n" << out;
    EXPECT_TRUE(Has(out, "lakehouse: ") && Has(out, message)) << args << "\n" << out;
  }
  EXPECT_EQ(CliJson("index list")["indexes"].size(), 1u) << "no failed create left an index";

  // No server.
  auto [down, down_out] = RunCli("stale --server http://127.0.0.1:1");
  EXPECT_EQ(down, 3) << down_out;
  EXPECT_TRUE(Has(down_out, "is the server running?")) << down_out;
}

}  // namespace
}  // namespace lakehouse
