// End-to-end: vector indexes never answer with data that is gone or silently missing (issue #16):
// a deleted dataset takes its indexes with it, ids that do not identify rows are refused, a
// templated index refreshes a deletion, empty texts and empty queries, counts that say what
// changed, a failing index that says so.
#include <set>

#include "tests/e2e/vector_e2e_fixture.h"

namespace lakehouse::vector_e2e {
namespace {

// Pages of two PDFs: `page` repeats across the files, `uid` does not.
Json Pages() {
  Json rows = Json::array();
  for (const std::string file : {"a.pdf", "b.pdf"}) {
    for (int page = 1; page <= 3; ++page) {
      rows.push_back({{"uid", file + "#" + std::to_string(page)},
                      {"file", file},
                      {"page", page},
                      {"text", "Page " + std::to_string(page) + " of " + file + " about rivers."}});
    }
  }
  return rows;
}

class VectorIntegrityE2E : public VectorE2E {
 protected:
  // Ingests `rows` without a key (as PDF pages or log lines come).
  void IngestUnkeyed(const std::string& dataset, const Json& rows) {
    std::string ndjson;
    for (const Json& row : rows) ndjson += DumpJson(row) + "\n";
    auto r = c().PostMultipart("/ingest/file", {{"dataset", dataset, "", "", ""},
                                                {"mode", "append", "", "", ""},
                                                {"file", ndjson, "rows.ndjson", "", ""}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  }
  Json Sql(const std::string& q) {
    auto r = c().PostJson("/query/sql", {{"sql", q}});
    EXPECT_EQ(r->status, 200) << q << " → " << r->body;
    return Body(r);
  }
  // The query names a table that does not exist (a client error, never rows).
  void ExpectNoSuchTable(const std::string& q) {
    auto r = c().PostJson("/query/sql", {{"sql", q}});
    EXPECT_EQ(r->status / 100, 4) << q << " → " << r->body;
  }
  std::string ErrorMessage(const Result<ClientResponse>& r) {
    Json body = Body(r);
    return body.contains("error") ? body["error"].value("message", "") : r->body;
  }
};

// Issue #16 (2): deleting a dataset deletes its indexes — registry, search, the SQL view — and a
// dataset re-created under the name is never served by the old index.
TEST_F(VectorIntegrityE2E, DeletingADatasetDeletesItsIndexes) {
  StartServer();
  Ingest("notes", Notes(0, 10));
  FirstBuild("notes");
  EXPECT_EQ(Sql("SELECT count(*) FROM embeddings.notes_idx")["rows"], Json::parse("[[10]]"));

  auto deleted = Delete("/catalog/datasets/by-name/notes");
  ASSERT_EQ(deleted->status, 200) << deleted->body;
  EXPECT_EQ(c().Get("/vectors/indexes/notes_idx")->status, 404);
  EXPECT_TRUE(Body(c().Get("/vectors/indexes"))["indexes"].empty());
  ExpectNoSuchTable("SELECT chunk_text FROM embeddings.notes_idx");  // the view went with it
  auto search = c().PostJson("/vectors/search", {{"index", "notes_idx"}, {"query", "lakes"}});
  EXPECT_EQ(search->status, 404) << search->body;

  // Re-created under the same name: a new index over the new rows only, from version 0.
  keyed_.erase("notes");
  Ingest("notes", Notes(100, 105));
  Json rebuilt = FirstBuild("notes");
  EXPECT_EQ(rebuilt["from_version"], 0) << rebuilt.dump();
  EXPECT_EQ(rebuilt["docs_added"], 5);
  std::set<std::string> ids = DocIds(Search({{"query", Note(3)["body"]}, {"k", 100}}));
  EXPECT_EQ(ids, (std::set<std::string>{"100", "101", "102", "103", "104"}));
  EXPECT_EQ(Sql("SELECT count(*) FROM embeddings.notes_idx")["rows"], Json::parse("[[5]]"));

  // Deleted again, then a restart: nothing comes back.
  ASSERT_EQ(Delete("/catalog/datasets/by-name/notes")->status, 200);
  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(c().Get("/vectors/indexes/notes_idx")->status, 404);
  ExpectNoSuchTable("SELECT count(*) FROM embeddings.notes_idx");
}

// Issue #16 (9): an id column that repeats is refused at create (naming the ids) and at each
// refresh; nothing is dropped silently.
TEST_F(VectorIntegrityE2E, AnIdColumnThatRepeatsIsRefused) {
  StartServer();
  IngestUnkeyed("pages", Pages());
  auto by_page = c().PostJson("/vectors/index?wait=true", {{"index_name", "pages_idx"},
                                                           {"dataset", "pages"},
                                                           {"id_column", "page"},
                                                           {"text_column", "text"},
                                                           {"model", kModel}});
  EXPECT_EQ(by_page->status, 400) << by_page->body;
  const std::string message = ErrorMessage(by_page);
  EXPECT_NE(message.find("3 duplicate id(s)"), std::string::npos) << message;
  EXPECT_NE(message.find("'1' ×2"), std::string::npos) << message;
  EXPECT_EQ(c().Get("/vectors/indexes/pages_idx")->status, 404);  // nothing registered

  // A unique column works; a later append that repeats one of its ids fails the refresh, and
  // the index keeps serving every page it had.
  auto by_uid = c().PostJson("/vectors/index?wait=true", {{"index_name", "pages_idx"},
                                                          {"dataset", "pages"},
                                                          {"id_column", "uid"},
                                                          {"text_column", "text"},
                                                          {"model", kModel}});
  ASSERT_EQ(by_uid->status, 200) << by_uid->body;
  EXPECT_EQ(Body(by_uid)["docs_added"], 6);
  IngestUnkeyed("pages", Json::array({{{"uid", "b.pdf#2"},
                                       {"file", "b.pdf"},
                                       {"page", 2},
                                       {"text", "A second page 2 of b.pdf."}}}));
  auto refresh = c().PostJson("/vectors/refresh/pages?wait=true", {{"index_name", "pages_idx"}});
  EXPECT_EQ(refresh->status, 400) << refresh->body;
  EXPECT_NE(ErrorMessage(refresh).find("'b.pdf#2' ×2"), std::string::npos) << refresh->body;
  Json index = Body(c().Get("/vectors/indexes/pages_idx"));
  EXPECT_EQ(index["doc_count"], 6);
  EXPECT_EQ(index["status"], "failing") << index.dump();
  EXPECT_NE(index["last_error"].get<std::string>().find("b.pdf#2"), std::string::npos);
}

// Issue #16 (3, 15): a templated index refreshes a deletion-only change and rows whose template
// column is NULL; a row with an empty text still gets the chunk its template makes.
TEST_F(VectorIntegrityE2E, ATemplatedIndexRefreshesDeletionsNullsAndEmptyTexts) {
  StartServer();
  Ingest("notes", Notes(0, 10));
  Json first = FirstBuild("notes", {{"template", "{title}\n{chunk}"}});
  EXPECT_EQ(first["docs_added"], 10);

  auto tomb = c().PostJson("/catalog/datasets/by-name/notes/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({4})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  Json del = Refresh("notes");
  EXPECT_EQ(del["docs_deleted"], 1) << del.dump();
  std::set<std::string> ids = DocIds(Search({{"query", "note weather"}, {"k", 100}}));
  EXPECT_EQ(ids.size(), 9u);
  EXPECT_EQ(ids.count("4"), 0u);

  // The first row of a batch with a NULL title; a row with an empty body.
  Json nulled = Note(0, "v2");
  nulled["title"] = nullptr;
  Json empty = Note(10);
  empty["title"] = "Budget meeting";
  empty["body"] = "";
  Ingest("notes", Json::array({nulled, empty}), "upsert");
  Json update = Refresh("notes");
  EXPECT_EQ(update["docs_updated"], 1) << update.dump();
  EXPECT_EQ(update["docs_added"], 1) << update.dump();
  EXPECT_EQ(update["chunks_embedded"], 2) << update.dump();
  EXPECT_EQ(fake_->embeds_of("Budget meeting\n"), 1);
  EXPECT_EQ(Body(c().Get("/vectors/indexes/notes_idx"))["doc_count"], 10);
}

// Issue #16 (15): an upsert that rewrites rows changes only the documents whose text changed.
TEST_F(VectorIntegrityE2E, ARefreshCountsOnlyTheDocumentsThatChanged) {
  StartServer();
  Ingest("notes", Notes(0, 39));
  FirstBuild("notes");
  Json rewrite = Notes(0, 39);
  for (int i : {3, 11, 25, 30, 38}) rewrite[i] = Note(i, "v2");
  Ingest("notes", rewrite, "upsert");
  Json update = Refresh("notes");
  EXPECT_EQ(update["docs_updated"], 5) << update.dump();
  EXPECT_EQ(update["docs_added"], 0);
  EXPECT_EQ(update["chunks_embedded"], 5);
  EXPECT_EQ(fake_->max_embeds_of_one_text(), 1);
}

// Issue #16 (15): pending rows count rows that changed; a compaction changes none.
TEST_F(VectorIntegrityE2E, PendingRowsIgnoreCompactions) {
  StartServer();
  Ingest("notes", Notes(0, 20));
  FirstBuild("notes");
  Ingest("notes", Notes(20, 54));
  ASSERT_EQ(Stale().size(), 1u);
  EXPECT_EQ(Stale()[0]["pending_rows_estimate"], 34);
  auto compact = c().PostJson("/query/compact", {{"dataset", "notes"}});
  ASSERT_EQ(compact->status, 200) << compact->body;
  Json stale = Stale();
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0]["pending_rows_estimate"], 34) << stale.dump();
  Json grow = Refresh("notes");
  EXPECT_EQ(grow["docs_added"], 34);
  EXPECT_EQ(grow["docs_updated"], 0);  // the compaction rewrote them all; none changed
}

// Issue #16 (15): an empty query is a 400, not hits with score 0; a filter naming a dataset that
// does not exist is a 404, not "nothing stale".
TEST_F(VectorIntegrityE2E, EmptyQueriesAndUnknownDatasetsAreErrors) {
  StartServer();
  Ingest("notes", Notes(0, 5));
  FirstBuild("notes");
  for (const char* q : {"", "   "}) {
    auto r = c().PostJson("/vectors/search", {{"index", "notes_idx"}, {"query", q}});
    EXPECT_EQ(r->status, 400) << r->body;
  }
  auto batch = c().PostJson("/vectors/search/batch",
                            {{"index", "notes_idx"}, {"queries", Json::array({"lakes", ""})}});
  EXPECT_EQ(batch->status, 400) << batch->body;
  EXPECT_NE(ErrorMessage(batch).find("queries[1]"), std::string::npos) << batch->body;
  EXPECT_EQ(c().Get("/vectors/indexes?dataset=nosuch")->status, 404);
  EXPECT_EQ(c().Get("/vectors/stale?dataset=nosuch")->status, 404);
  EXPECT_EQ(c().Get("/vectors/stale?dataset=notes")->status, 200);
}

// Issue #16 (18, 19): a failing index says so (status, error, next retry); a build reports its
// total, and the index shows the running job's progress instead of "last build 0 ms".
TEST_F(VectorIntegrityE2E, AFailingIndexSaysSoAndBuildsReportTheirTotal) {
  // Small batches and checkpoints, so a build's progress moves in steps.
  StartServer({{"LAKEHOUSE_AI_MAX_RETRIES", "1"},
               {"LAKEHOUSE_AI_BATCH_SIZE", "20"},
               {"LAKEHOUSE_VECTORS_CHECKPOINT_CHUNKS", "20"}});
  Ingest("notes", Notes(0, 10));
  Json first = FirstBuild("notes");
  Json jobs = Body(c().Get("/jobs?kind=vector_refresh"))["jobs"];
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0]["progress"]["total"], 10) << jobs[0].dump();
  EXPECT_EQ(jobs[0]["progress"]["done"], 10);

  fake_->FailNext(1000, 503);
  Ingest("notes", Notes(10, 20));
  auto r = c().PostJson("/vectors/refresh/notes?wait=true", {{"index_name", "notes_idx"}});
  EXPECT_EQ(r->status, 502) << r->body;
  for (const Json& index : {Body(c().Get("/vectors/indexes/notes_idx")),
                            Body(c().Get("/vectors/indexes"))["indexes"][0]}) {
    EXPECT_EQ(index["status"], "failing") << index.dump();
    EXPECT_TRUE(index["last_error"].is_string()) << index.dump();
    EXPECT_TRUE(index["next_retry_at"].is_string()) << index.dump();
    EXPECT_EQ(index["failures"], 1);
  }
  EXPECT_EQ(Stale()[0]["status"], "failing");
  fake_->FailNext(0, 503);
  Refresh("notes");
  Json index = Body(c().Get("/vectors/indexes/notes_idx"));
  EXPECT_EQ(index["status"], "ready");
  EXPECT_TRUE(index["last_error"].is_null());

  // While a build runs, the index shows its job: done of total, rate.
  fake_->SetDelay(100ms);
  Ingest("notes", Notes(20, 80));
  auto started = c().PostJson("/vectors/refresh/notes", {{"index_name", "notes_idx"}});
  ASSERT_EQ(started->status, 202) << started->body;
  Json running;
  ASSERT_TRUE(Eventually([&] {
    running = Body(c().Get("/vectors/indexes/notes_idx"));
    return running["job"].is_object() && running["job"]["progress"]["done"].get<int64_t>() > 0;
  })) << running.dump();
  EXPECT_EQ(running["job"]["progress"]["total"], 60) << running.dump();
  EXPECT_EQ(running["job"]["state"], "running");
  fake_->SetDelay(0ms);
  WaitForJob(Body(started)["job_id"]);
  EXPECT_TRUE(Body(c().Get("/vectors/indexes/notes_idx"))["job"].is_null());
}

// Issue #16 (17): start-up does not wait for indexes to load: the port opens at once, /ready says
// what is still loading, a search of a loading index is a 503 with Retry-After; then all answer.
TEST_F(VectorIntegrityE2E, IndexesLoadInTheBackgroundAfterTheServerListens) {
  StartServer();
  Ingest("notes", Notes(0, 10));
  FirstBuild("notes");
  ASSERT_EQ(server_->Terminate(), 0);

  ServerProcessOptions options;
  options.data_dir = server_->data_dir();
  options.env = fake_->LakehouseEnv();
  options.env["LAKEHOUSE_DEBUG_INDEX_LOAD_PAUSE_MS"] = "3000";
  options.wait_ready = false;
  auto restarted = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
  HttpClient& client = (*restarted)->client();
  auto ready = client.Get("/ready");
  EXPECT_EQ(ready->status, 503) << ready->body;
  EXPECT_NE(ready->body.find("notes_idx"), std::string::npos) << ready->body;
  EXPECT_TRUE(ready->Header("Retry-After").has_value());
  auto search = client.PostJson("/vectors/search", {{"index", "notes_idx"}, {"query", "lakes"}});
  EXPECT_EQ(search->status, 503) << search->body;
  EXPECT_TRUE(search->Header("Retry-After").has_value());
  EXPECT_EQ(Body(client.Get("/vectors/indexes/notes_idx"))["status"], "loading");
  // The rest of the server answers meanwhile.
  EXPECT_EQ(client.PostJson("/query/sql", {{"sql", "SELECT count(*) FROM notes"}})->status, 200);

  ASSERT_TRUE(Eventually([&] { return client.Get("/ready")->status == 200; }, 30s));
  auto after = client.PostJson("/vectors/search", {{"index", "notes_idx"}, {"query", "lakes"}});
  EXPECT_EQ(after->status, 200) << after->body;
  EXPECT_EQ(Body(client.Get("/vectors/indexes/notes_idx"))["status"], "ready");
  EXPECT_NE((*restarted)->Log().find("vector index 'notes_idx' loaded (1 of 1)"), std::string::npos)
      << (*restarted)->Log();
}

}  // namespace
}  // namespace lakehouse::vector_e2e
