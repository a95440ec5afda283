// End-to-end: the decoupled embedding refresh (issue #7) — the delta, updates and deletes,
// writes during a refresh, SIGKILL and cancellation, rejected chunks, provider failures,
// on_append, model changes through shadow generations, deferred graph saves.
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

// The seed system's scenario, then updates and deletes.
TEST_F(VectorE2E, RefreshEmbedsOnlyTheDelta) {
  StartServer();
  Ingest("notes", Notes(0, 20));
  Json first = FirstBuild("notes");
  EXPECT_EQ(first["docs_added"], 20);
  EXPECT_EQ(first["chunks_embedded"], 20);
  EXPECT_EQ(first["from_version"], 0);
  EXPECT_EQ(first["to_version"], 2);  // v1 created the dataset, v2 appended the rows
  EXPECT_EQ(fake_->texts_embedded(), 20);

  // Nothing changed: answered from a version comparison, nothing embedded.
  Json noop = Refresh("notes");
  EXPECT_EQ(noop["chunks_embedded"], 0);
  EXPECT_EQ(noop["up_to_date"], true);
  EXPECT_LT(noop["elapsed_ms"].get<int64_t>(), 50);
  EXPECT_EQ(fake_->texts_embedded(), 20);
  EXPECT_TRUE(Stale().empty());

  // Grow to 54 rows: the index is stale, with its timestamps and policy.
  Ingest("notes", Notes(20, 54));
  Json stale = Stale();
  ASSERT_EQ(stale.size(), 1u) << stale.dump();
  EXPECT_EQ(stale[0]["dataset"], "notes");
  EXPECT_EQ(stale[0]["index_name"], "notes_idx");
  EXPECT_EQ(stale[0]["policy"], "manual");
  EXPECT_EQ(stale[0]["lag_versions"], 1);
  EXPECT_EQ(stale[0]["pending_rows_estimate"], 34);
  EXPECT_TRUE(stale[0]["stale_since"].is_string());
  EXPECT_TRUE(stale[0]["last_embedded_at"].is_string());
  Json manifest = Body(c().Get("/catalog/datasets/by-name/notes"));
  EXPECT_TRUE(manifest["embedding_stale_since"].is_string()) << manifest.dump();
  EXPECT_EQ(manifest["embedding_refresh_policy"], "manual");
  // Searches say so (vector searches: the fake server counts only document texts here).
  EXPECT_TRUE(Search({{"vector", FakeLlmServer::EmbeddingFor("lakes", 32)}})["stale"].get<bool>());

  Json grow = Refresh("notes");
  EXPECT_EQ(grow["docs_added"], 34);
  EXPECT_EQ(grow["chunks_embedded"], 34);
  EXPECT_EQ(grow["docs_updated"], 0);
  EXPECT_EQ(grow["stale_cleared"], true);
  EXPECT_EQ(fake_->texts_embedded(), 54);
  EXPECT_TRUE(Stale().empty());
  Json fresh = Freshness();
  EXPECT_EQ(fresh["stale"], false);
  EXPECT_EQ(fresh["coverage"]["rows_embedded"], 54);
  EXPECT_EQ(fresh["coverage"]["dataset_rows"], 54);

  // Change the text of 5 rows (upsert by id): exactly those are re-embedded.
  Json changed = Json::array();
  for (int i : {3, 11, 25, 40, 53}) changed.push_back(Note(i, "v2"));
  Ingest("notes", changed, "upsert");
  Json update = Refresh("notes");
  EXPECT_EQ(update["docs_updated"], 5);
  EXPECT_EQ(update["docs_added"], 0);
  EXPECT_EQ(update["chunks_embedded"], 5);
  EXPECT_EQ(fake_->texts_embedded(), 59);
  // Searches never return the old text.
  Json old_text =
      Search({{"vector", FakeLlmServer::EmbeddingFor(Note(25)["body"], 32)}, {"k", 54}});
  for (const Json& hit : old_text["results"]) {
    EXPECT_EQ(hit["chunk_text"].get<std::string>().find("w25 is"), std::string::npos) << hit.dump();
  }
  Json new_text =
      Search({{"vector", FakeLlmServer::EmbeddingFor(Note(25, "v2")["body"], 32)}, {"k", 1}});
  ASSERT_EQ(new_text["results"].size(), 1u);
  EXPECT_EQ(new_text["results"][0]["doc_id"], "25");
  EXPECT_EQ(new_text["results"][0]["row"]["body"], Note(25, "v2")["body"]);

  // Delete two rows: their ids are never returned again.
  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({7, 40})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  Json del = Refresh("notes");
  EXPECT_EQ(del["docs_deleted"], 2);
  EXPECT_EQ(del["chunks_embedded"], 0);
  for (bool exact : {false, true}) {
    std::set<std::string> ids =
        DocIds(Search({{"vector", FakeLlmServer::EmbeddingFor("note weather", 32)},
                       {"k", 100},
                       {"exact", exact}}));
    EXPECT_EQ(ids.size(), 52u);
    EXPECT_EQ(ids.count("7"), 0u);
    EXPECT_EQ(ids.count("40"), 0u);
  }
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);  // no document text embedded twice

  // The embeddings are readable from SQL: exactly the live chunks, with their vectors.
  auto sql = [&](const std::string& q) {
    auto r = c().PostJson("/query/sql", {{"sql", q}});
    EXPECT_EQ(r->status, 200) << q << " → " << r->body;
    return Body(r)["rows"];
  };
  EXPECT_EQ(sql("SELECT count(*), count(DISTINCT doc_id), min(len(vector)), max(len(vector)) "
                "FROM embeddings.notes_idx"),
            Json::parse("[[52, 52, 32, 32]]"));
  EXPECT_EQ(sql("SELECT chunk_text FROM embeddings.notes_idx WHERE doc_id = '25'"),
            Json::array({Json::array({Note(25, "v2")["body"]})}));
  EXPECT_EQ(sql("SELECT count(*) FROM embeddings.notes_idx WHERE doc_id IN ('7', '40')"),
            Json::parse("[[0]]"));

  // The registry entry and listings.
  Json index = Body(c().Get("/vectors/indexes/notes_idx"));
  EXPECT_EQ(index["dataset"], "notes");
  EXPECT_EQ(index["model"], kModel);
  EXPECT_EQ(index["dimensions"], 32);
  EXPECT_EQ(index["doc_count"], 52);
  EXPECT_EQ(Body(c().Get("/vectors/indexes?dataset=notes"))["indexes"].size(), 1u);
  EXPECT_EQ(Body(c().Get("/vectors/indexes?model=openai/x"))["indexes"].size(), 0u);

  // Everything survives a restart (loaded from parts and the saved graph).
  ASSERT_TRUE(server_->Restart().ok());
  Json after = Search({{"query", Note(25, "v2")["body"]}, {"k", 1}});
  ASSERT_EQ(after["results"].size(), 1u);
  EXPECT_EQ(after["results"][0]["doc_id"], "25");
  EXPECT_EQ(Refresh("notes")["up_to_date"], true);
  EXPECT_EQ(Body(c().Get("/vectors/indexes/notes_idx"))["doc_count"], 52);
  EXPECT_EQ(sql("SELECT count(*) FROM embeddings.notes_idx"), Json::parse("[[52]]"));
}

// A small refresh does not rewrite the whole HNSW graph file: the saved graph stays at its older
// part and a restart (even after SIGKILL) replays the newer parts into it. Once enough of the
// index changed (vectors.graph_save_percent, default 5) the graph is saved again.
TEST_F(VectorE2E, SmallRefreshesDeferTheGraphSaveAndARestartReplaysThem) {
  StartServer();
  Ingest("notes", Notes(0, 200));
  FirstBuild("notes");
  auto files = [&](const std::string& prefix) {
    std::set<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(
             std::filesystem::path(server_->data_dir()) / "indexes" / "notes_idx")) {
      const std::string name = e.path().filename().string();
      if (name.starts_with(prefix)) out.insert(name);
    }
    return out;
  };
  const std::set<std::string> graph_after_build = files("graph-");
  ASSERT_EQ(graph_after_build.size(), 1u);

  // +3 rows and 2 deletions: 2.5% of the index, under the 5% threshold.
  Ingest("notes", Notes(200, 203));
  EXPECT_EQ(Refresh("notes")["docs_added"], 3);
  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({5, 6})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  EXPECT_EQ(Refresh("notes")["docs_deleted"], 2);
  EXPECT_EQ(files("graph-"), graph_after_build);  // not rewritten
  EXPECT_GT(files("part-").size(), 1u);

  server_->Kill();
  ASSERT_TRUE(server_->Restart().ok());
  for (int i : {200, 201, 202}) {  // the graph search (not exact) finds the replayed rows
    Json hit = Search({{"vector", FakeLlmServer::EmbeddingFor(Note(i)["body"], 32)}, {"k", 1}});
    ASSERT_EQ(hit["results"].size(), 1u) << hit.dump();
    EXPECT_EQ(hit["results"][0]["doc_id"], std::to_string(i));
  }
  std::set<std::string> ids =
      DocIds(Search({{"vector", FakeLlmServer::EmbeddingFor("note weather", 32)}, {"k", 300}}));
  EXPECT_EQ(ids.size(), 201u);
  EXPECT_EQ(ids.count("5") + ids.count("6"), 0u);
  EXPECT_EQ(Refresh("notes")["up_to_date"], true);

  // 20 more rows (10% of the index): this refresh saves the graph, replacing the old file.
  Ingest("notes", Notes(203, 223));
  EXPECT_EQ(Refresh("notes")["docs_added"], 20);
  const std::set<std::string> graph_now = files("graph-");
  ASSERT_EQ(graph_now.size(), 1u);
  EXPECT_NE(graph_now, graph_after_build);
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(Body(c().Get("/vectors/indexes/notes_idx"))["doc_count"], 221);
}

TEST_F(VectorE2E, AWriteDuringARefreshLeavesTheIndexStale) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "16"}});
  Ingest("notes", Notes(0, 160));
  fake_->SetDelay(60ms);  // ten requests of 16 texts: the build takes ~0.6 s
  auto started = c().PostJson("/vectors/refresh/notes", {{"index_name", "notes_idx"},
                                                         {"id_column", "id"},
                                                         {"text_column", "body"},
                                                         {"model", kModel}});
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string job = Body(started)["job_id"];
  ASSERT_TRUE(Eventually([&] { return fake_->embed_requests() >= 1; }));
  Ingest("notes", Notes(160, 170));  // lands while the refresh runs
  Json done = WaitForJob(job);
  ASSERT_EQ(done["state"], "succeeded") << done.dump();
  EXPECT_EQ(done["result"]["to_version"], 2);  // never further than the version it read
  EXPECT_EQ(done["result"]["docs_added"], 160);
  ASSERT_EQ(Stale().size(), 1u);
  fake_->SetDelay(0ms);
  Json next = Refresh("notes");
  EXPECT_EQ(next["docs_added"], 10);
  EXPECT_EQ(next["to_version"], 3);
  EXPECT_TRUE(Stale().empty());
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
}

// A refresh killed with SIGKILL resumes after the restart from its last checkpoint: every text is
// embedded exactly once overall.
TEST_F(VectorE2E, KilledRefreshResumesWithoutReembedding) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "20"}, {"LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS", "20"}});
  Ingest("notes", Notes(0, 300));
  fake_->SetDelay(20ms);
  auto started = c().PostJson("/vectors/refresh/notes", {{"index_name", "notes_idx"},
                                                         {"id_column", "id"},
                                                         {"text_column", "body"},
                                                         {"model", kModel}});
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string job = Body(started)["job_id"];
  ASSERT_TRUE(Eventually([&] { return fake_->embed_requests() >= 5; }));
  // Hold the next embedding request: the server has committed the checkpoints of every answered
  // request (one request per checkpoint) and waits for this one when it dies.
  fake_->SetDelay(1500ms);
  ASSERT_TRUE(Eventually([&] { return fake_->in_flight_requests() == 1; }, 5s));
  std::this_thread::sleep_for(100ms);
  const int64_t answered = fake_->texts_embedded();
  EXPECT_LT(answered, 300);
  server_->Kill();
  // The held request is answered with an error to a dead connection: it embeds nothing.
  fake_->FailNext(1, 500);
  ASSERT_TRUE(Eventually([&] { return fake_->in_flight_requests() == 0; }, 5s));
  fake_->SetDelay(0ms);
  ASSERT_EQ(fake_->texts_embedded(), answered);

  ASSERT_TRUE(server_->Restart().ok());
  Json done = WaitForJob(job);  // the interrupted job is resumed by the restarted server
  ASSERT_EQ(done["state"], "succeeded") << done.dump() << server_->Log();
  EXPECT_EQ(fake_->texts_embedded(), 300);
  EXPECT_EQ(fake_->distinct_texts_embedded(), 300);
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
  EXPECT_TRUE(Stale().empty());
  EXPECT_EQ(Body(c().Get("/vectors/indexes/notes_idx"))["doc_count"], 300);
  std::set<std::string> ids = DocIds(Search({{"query", "weather"}, {"k", 300}, {"exact", true}}));
  EXPECT_EQ(ids.size(), 300u);
}

// A cancelled build keeps its checkpoints; the next refresh continues from them.
TEST_F(VectorE2E, ACancelledBuildResumesFromItsCheckpoints) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "20"}, {"LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS", "20"}});
  Ingest("notes", Notes(0, 200));
  fake_->SetDelay(30ms);
  auto started = c().PostJson("/vectors/refresh/notes", {{"index_name", "notes_idx"},
                                                         {"id_column", "id"},
                                                         {"text_column", "body"},
                                                         {"model", kModel}});
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string job = Body(started)["job_id"];
  ASSERT_TRUE(Eventually([&] { return fake_->embed_requests() >= 3; }));
  Json running = Job(job);
  EXPECT_EQ(running["kind"], "vector_refresh");
  EXPECT_EQ(running["target"], "notes_idx");
  EXPECT_EQ(running["progress"]["unit"], "documents");
  auto cancel = c().PostJson("/jobs/" + job + "/cancel", Json::object());
  ASSERT_EQ(cancel->status / 100, 2) << cancel->body;
  Json done = WaitForJob(job);
  EXPECT_EQ(done["state"], "cancelled") << done.dump();
  fake_->SetDelay(0ms);
  const int64_t embedded = fake_->texts_embedded();
  EXPECT_GT(embedded, 0);
  EXPECT_LT(embedded, 200);
  Json resumed = Refresh("notes");
  EXPECT_EQ(resumed["chunks_embedded"].get<int64_t>(), 200 - embedded) << resumed.dump();
  EXPECT_EQ(fake_->texts_embedded(), 200);
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
  EXPECT_EQ(Body(c().Get("/vectors/indexes/notes_idx"))["doc_count"], 200);
}

// A chunk the model always rejects is recorded (result and job detail) without failing the
// build; the next refresh retries it, even though the dataset has not moved.
TEST_F(VectorE2E, ARejectedChunkIsRecordedAndRetried) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "8"}});
  Json rows = Notes(0, 30);
  rows[13]["body"] = "POISON row that the model refuses.";
  Ingest("notes", rows);
  fake_->RejectTextsContaining("POISON");
  Json built = FirstBuild("notes");
  EXPECT_EQ(built["docs_added"], 30);
  EXPECT_EQ(built["chunks_embedded"], 29);
  ASSERT_EQ(built["failed_chunks"].size(), 1u) << built.dump();
  EXPECT_EQ(built["failed_chunks"][0].get<std::string>().rfind("13#0: ", 0), 0u) << built.dump();
  EXPECT_NE(built["failed_chunks"][0].get<std::string>().find("context length"), std::string::npos);
  Json job = Job(built["job_id"]);
  EXPECT_EQ(job["state"], "succeeded");
  EXPECT_EQ(job["detail"]["failed_chunks"].size(), 1u) << job.dump();
  EXPECT_EQ(Freshness()["docs_pending_retry"], 1);
  for (int i = 0; i < 30; ++i) {
    if (i != 13) {
      EXPECT_EQ(fake_->embeds_of(rows[i]["body"]), 1) << i;  // bisection: once each
    }
  }
  std::set<std::string> ids = DocIds(Search(
      {{"vector", FakeLlmServer::EmbeddingFor("POISON row", 32)}, {"k", 30}, {"exact", true}}));
  EXPECT_EQ(ids.count("13"), 0u);

  // The model is fixed: a refresh with no new version still retries the document.
  fake_->RejectTextsContaining("");
  Json retried = Refresh("notes");
  EXPECT_EQ(retried["chunks_embedded"], 1) << retried.dump();
  EXPECT_TRUE(retried["failed_chunks"].empty());
  EXPECT_EQ(Freshness()["docs_pending_retry"], 0);
  EXPECT_EQ(Refresh("notes")["up_to_date"], true);
  Json hit = Search({{"vector", FakeLlmServer::EmbeddingFor(rows[13]["body"], 32)}, {"k", 1}});
  EXPECT_EQ(hit["results"][0]["doc_id"], "13");
  for (int i = 0; i < 30; ++i) {
    if (i != 13) {
      EXPECT_EQ(fake_->embeds_of(rows[i]["body"]), 1) << i;  // not re-embedded
    }
  }
}

// A provider that is down fails the refresh visibly (status, error, backoff); ingest goes on.
TEST_F(VectorE2E, ProviderFailuresBackOffAndNeverBlockIngest) {
  StartServer({{"LAKEHOUSE_AI_MAX_RETRIES", "1"}});
  Ingest("notes", Notes(0, 10));
  FirstBuild("notes");
  fake_->FailNext(1000, 503);
  Ingest("notes", Notes(10, 20));
  auto r = c().PostJson("/vectors/refresh/notes?wait=true", {{"index_name", "notes_idx"}});
  EXPECT_EQ(r->status, 502) << r->body;  // the provider's error, as an upstream error
  Json fresh = Freshness();
  EXPECT_EQ(fresh["stale"], true);
  EXPECT_EQ(fresh["failures"], 1);
  EXPECT_TRUE(fresh["last_error"].is_string()) << fresh.dump();
  EXPECT_TRUE(fresh["next_retry_at"].is_string());
  EXPECT_EQ(fresh["docs_pending_retry"], 0);  // nothing blamed on the chunks
  Ingest("notes", Notes(20, 30));             // writes never wait for embeddings
  EXPECT_EQ(Body(c().Get("/catalog/datasets/by-name/notes"))["row_count"], 30);
  fake_->FailNext(0, 503);
  Json recovered = Refresh("notes");
  EXPECT_EQ(recovered["docs_added"], 20);
  Json after = Freshness();
  EXPECT_EQ(after["failures"], 0);
  EXPECT_TRUE(after["last_error"].is_null());
}

TEST_F(VectorE2E, OnAppendRefreshesAfterTheDebounceAndCoalescesBursts) {
  StartServer();
  Ingest("notes", Notes(0, 10));
  auto created = c().PostJson("/vectors/index?wait=true",
                              {{"index_name", "notes_idx"},
                               {"dataset", "notes"},
                               {"id_column", "id"},
                               {"text_column", "body"},
                               {"model", kModel},
                               {"refresh_policy", {{"mode", "on_append"}, {"debounce_ms", 300}}}});
  ASSERT_EQ(created->status, 200) << created->body;
  EXPECT_EQ(fake_->texts_embedded(), 10);

  Ingest("notes", Notes(10, 15));
  EXPECT_TRUE(Eventually([&] { return Stale().empty() && fake_->texts_embedded() == 15; }, 10s))
      << Stale().dump();
  EXPECT_EQ(Freshness()["policy"], "on_append");

  const int64_t jobs_before = RefreshJobs();
  // A refresh may start wherever the burst pauses longer than the debounce; on a loaded machine
  // one ingest can take longer than 300 ms, so those pauses are counted, not assumed away.
  int pauses = 0;
  auto last = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    Ingest("notes", Notes(100 + i, 101 + i));
    const auto now = std::chrono::steady_clock::now();
    pauses += now - last > 300ms ? 1 : 0;
    last = now;
  }
  EXPECT_TRUE(Eventually([&] { return Stale().empty() && fake_->texts_embedded() == 65; }, 20s))
      << Stale().dump();
  const int64_t burst_jobs = RefreshJobs() - jobs_before;
  EXPECT_GE(burst_jobs, 1);
  EXPECT_LE(burst_jobs, 5 + pauses)
      << "a burst of 50 ingests with " << pauses << " pauses over the debounce caused "
      << burst_jobs << " refreshes";
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
}

TEST_F(VectorE2E, ModelChangeBuildsAShadowAndSwaps) {
  StartServer({{"LAKEHOUSE_AI_BATCH_SIZE", "10"}});
  Ingest("notes", Notes(0, 100));
  FirstBuild("notes");
  fake_->SetDelay(100ms);  // ten requests: the shadow build takes ~1 s
  auto patched = Patch("/vectors/indexes/notes_idx", {{"model", "openai/text-embedding-3-small"}});
  ASSERT_EQ(patched->status, 202) << patched->body;
  const std::string job = Body(patched)["job_id"];
  // Searches keep answering from the current generation while the shadow builds (counted only
  // when the job was running before and after the search, so a slow build, e.g. under ASan,
  // cannot pass by searching before or after it).
  int during_build = 0;
  for (int i = 0; i < 400; ++i) {
    const std::string before = Job(job)["state"];
    if (before == "succeeded" || before == "failed") break;
    Json hit = Search({{"vector", FakeLlmServer::EmbeddingFor(Note(42)["body"], 32)}, {"k", 1}});
    ASSERT_EQ(hit["results"].size(), 1u);
    EXPECT_EQ(hit["results"][0]["doc_id"], "42");
    if (before == "running" && Job(job)["state"] == "running") ++during_build;
  }
  EXPECT_GE(during_build, 1);
  ASSERT_EQ(WaitForJob(job)["state"], "succeeded");
  fake_->SetDelay(0ms);
  Json index = Body(c().Get("/vectors/indexes/notes_idx"));
  EXPECT_EQ(index["model"], "openai/text-embedding-3-small");
  EXPECT_EQ(index["doc_count"], 100);
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 10);  // the shadow embedded every row once
  // Queries are now embedded with the new model.
  Json hit = Search({{"query", Note(42)["body"]}, {"k", 1}});
  EXPECT_EQ(hit["results"][0]["doc_id"], "42");
  EXPECT_EQ(fake_->requests("/v1/embeddings"), 11);
}

}  // namespace
}  // namespace lakehouse::vector_e2e
