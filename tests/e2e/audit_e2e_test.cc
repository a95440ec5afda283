// The audit log, the event journal and the subject audit, end to end (issue 20): a scripted
// session (ingest, an upsert changing a field, a tombstone, SQL, a vector search) against the
// real binary, then what GET /access/audit, /journal/*, /audit/subject and the SQL views show —
// before and after a restart on the same data directory.
#include <filesystem>

#include "tests/e2e/ingest_e2e_fixture.h"

namespace lakehouse {
namespace {

class AuditE2E : public IngestE2E {
 protected:
  // Every audited request (newest first), flushed by the read.
  Json Requests(const std::string& query = "") {
    auto r = c().Get("/access/audit" + query);
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["requests"];
  }
  // The newest request of `operation` (and with SQL text `sql`, when given).
  static Json Find(const Json& requests, const std::string& operation,
                   const std::string& sql = "") {
    for (const Json& r : requests) {
      if (r["operation"] == operation && (sql.empty() || r["sql"] == sql)) return r;
    }
    return Json();
  }
  // Bytes of every audit segment on disk, as they are now (no flush).
  std::string AuditFiles() {
    std::string out;
    for (const auto& entry : std::filesystem::directory_iterator(server_->data_dir() + "/audit")) {
      out += ReadFile(entry.path().string());
    }
    return out;
  }
};

TEST_F(AuditE2E, ScriptedSessionIsAuditedAndJournaledAndSurvivesRestart) {
  IngestOk({{"people.csv", "id,name,city\n1,ann,Oslo\n2,bob,Rome\n3,cy,Pisa\n"}},
           {{"dataset", "people"}, {"key", "id"}, {"mode", "upsert"}});
  IngestOk({{"people2.csv", "id,name,city\n1,ann,Bergen\n"}},
           {{"dataset", "people"}, {"key", "id"}, {"mode", "upsert"}});
  auto tomb = c().PostJson("/catalog/datasets/by-name/people/tombstone",
                           {{"row_key_column", "id"}, {"row_key_values", Json::array({"2"})}});
  ASSERT_EQ(tomb->status, 200) << tomb->body;
  // A write is on disk before its response: no read of the log has flushed anything yet.
  ASSERT_TRUE(tomb->Header("X-Request-Id").has_value());
  EXPECT_NE(AuditFiles().find(*tomb->Header("X-Request-Id")), std::string::npos);

  auto sql = c().PostJson("/query/sql", {{"sql", "SELECT id, name FROM people WHERE id = 1"}});
  ASSERT_EQ(sql->status, 200) << sql->body;
  auto index = c().PostJson("/vectors/index?wait=true", {{"index_name", "people_idx"},
                                                         {"dataset", "people"},
                                                         {"id_column", "id"},
                                                         {"text_column", "city"},
                                                         {"model", "builtin/hash-v1"}});
  ASSERT_EQ(index->status, 200) << index->body;
  auto search =
      c().PostJson("/vectors/search", {{"index", "people_idx"}, {"query", "Bergen"}, {"k", 5}});
  ASSERT_EQ(search->status, 200) << search->body;
  Json hits = Body(search)["results"];
  ASSERT_FALSE(hits.empty());
  auto app = c().PostJson("/journal/event", {{"type", "consent_given"},
                                             {"subject", {{"dataset", "people"}, {"key", "1"}}},
                                             {"payload", {{"purpose", "marketing"}}}});
  ASSERT_EQ(app->status, 201) << app->body;
  auto reserved = c().PostJson("/journal/event", {{"type", "update"}});
  EXPECT_EQ(reserved->status, 400) << reserved->body;

  auto check = [&](const std::string& phase) {
    SCOPED_TRACE(phase);
    // The audit log: principal, route, datasets, SQL text and rows, search hits, status.
    Json requests = Requests("?principal=dev&limit=1000");
    Json run_sql = Find(requests, "runSql", "SELECT id, name FROM people WHERE id = 1");
    ASSERT_TRUE(run_sql.is_object()) << requests.dump();
    EXPECT_EQ(run_sql["principal"], "dev");
    EXPECT_EQ(run_sql["sql"], "SELECT id, name FROM people WHERE id = 1");
    EXPECT_EQ(run_sql["row_count"], 1);
    EXPECT_EQ(run_sql["status"], 200);
    EXPECT_EQ(run_sql["datasets"], Json::array({"people"}));
    EXPECT_EQ(run_sql["subjects"], Json::parse(R"([{"dataset":"people","key":"1"}])"));
    Json ingest = Find(requests, "ingestFile");
    ASSERT_TRUE(ingest.is_object());
    EXPECT_EQ(ingest["datasets"], Json::array({"people"}));
    EXPECT_EQ(ingest["method"], "POST");
    Json searched = Find(requests, "searchVectors");
    ASSERT_TRUE(searched.is_object());
    EXPECT_EQ(searched["index_name"], "people_idx");
    EXPECT_EQ(searched["doc_ids"].size(), hits.size());
    EXPECT_EQ(searched["doc_ids"][0], hits[0]["doc_id"]);
    EXPECT_EQ(Requests("?principal=nobody").size(), 0u);
    Json on_people = Requests("?dataset=PEOPLE&limit=1000");
    for (const Json& r : on_people) {
      EXPECT_NE(std::find(r["datasets"].begin(), r["datasets"].end(), Json("people")),
                r["datasets"].end());
    }
    EXPECT_GE(on_people.size(), 5u);
    EXPECT_EQ(Requests("?since=2999-01-01T00:00:00Z").size(), 0u);
    EXPECT_EQ(c().Get("/access/audit?since=yesterday")->status, 400);

    // SQL over the views.
    auto counted = c().PostJson(
        "/query/sql", {{"sql", "SELECT count(*) FROM audit.requests WHERE operation = 'runSql'"}});
    ASSERT_EQ(counted->status, 200) << counted->body;
    EXPECT_GE(Body(counted)["rows"][0][0].get<int64_t>(), 1);
    auto events = c().PostJson("/query/sql",
                               {{"sql",
                                 "SELECT type, count(*) FROM journal.events GROUP BY type ORDER BY "
                                 "type"}});
    ASSERT_EQ(events->status, 200) << events->body;
    EXPECT_EQ(Body(events)["rows"],
              Json::parse(R"([["consent_given",1],["insert",3],["tombstone",1],["update",1]])"));

    // Parquet export.
    auto parquet = c().Get("/access/audit.parquet?principal=dev");
    ASSERT_EQ(parquet->status, 200);
    EXPECT_EQ(parquet->body.substr(0, 4), "PAR1");
    auto parquet2 = c().Get("/access/audit?format=parquet");
    ASSERT_EQ(parquet2->status, 200);
    EXPECT_EQ(parquet2->body.substr(0, 4), "PAR1");

    // The journal: one subject's history with the changed field, old and new.
    Json history = Body(c().Get("/journal/history/people/1"))["events"];
    ASSERT_EQ(history.size(), 3u) << history.dump();
    EXPECT_EQ(history[0]["type"], "insert");
    EXPECT_EQ(history[0]["actor"], "dev");
    EXPECT_EQ(history[1]["type"], "update");
    EXPECT_EQ(history[1]["changes"],
              Json::parse(R"([{"field":"city","old":"Oslo","new":"Bergen"}])"));
    EXPECT_EQ(history[1]["source"], "api");
    EXPECT_EQ(history[2]["type"], "consent_given");
    EXPECT_EQ(history[2]["payload"], Json::parse(R"({"purpose":"marketing"})"));
    Json tombstoned = Body(c().Get("/journal/history/people/2"))["events"];
    ASSERT_EQ(tombstoned.size(), 2u);
    EXPECT_EQ(tombstoned[1]["type"], "tombstone");
    EXPECT_EQ(Body(c().Get("/journal/recent?limit=2"))["events"].size(), 2u);
    Json stats = Body(c().Get("/journal/stats"));
    EXPECT_EQ(stats["events"], 6);
    EXPECT_EQ(stats["enabled"], true);
    EXPECT_EQ(c().Get("/journal/recent?limit=0")->status, 400);

    // The subject audit: every change and every read that returned the subject.
    Json subject = Body(c().Get("/audit/subject/people/1"));
    EXPECT_EQ(subject["changes"].size(), 3u);
    bool sql_read = false;
    bool search_read = false;
    for (const Json& read : subject["reads"]) {
      sql_read = sql_read || read["operation"] == "runSql";
      search_read = search_read || read["operation"] == "searchVectors";
    }
    EXPECT_TRUE(sql_read) << subject.dump();
    EXPECT_TRUE(search_read) << subject.dump();  // "Bergen" is row 1's city
    Json nobody = Body(c().Get("/audit/subject/people/42"));
    EXPECT_EQ(nobody["changes"].size(), 0u);
    EXPECT_EQ(nobody["reads"].size(), 0u);
  };
  check("fresh");
  ASSERT_TRUE(server_->Restart().ok()) << server_->Log();
  check("restarted");
}

}  // namespace
}  // namespace lakehouse
