// Governance gaps closed after issue 20's first round, end to end against the real binary with
// access control on (an admin key plus keys of built-in and custom roles):
//   - AI-safe views appear in GET /catalog/datasets, for principals that may query them;
//   - jobs have an owner: non-admins see and cancel only their own (403/404 otherwise);
//   - journal.events read through SQL is masked per column for a restricted reader;
//   - batch search and RAG record the documents they returned as audit subjects;
//   - requests answered before any handler (404 route, 405, 401, 413) are audited;
//   - the journal and the audit log cannot be changed through SQL, even by an admin.
#include <gtest/gtest.h>

#include <map>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

using testing::Body;

constexpr char kAdminKey[] = "governance-e2e-admin-key";

class GovernanceE2E : public testing::ServerTest {
 protected:
  testing::ServerProcessOptions ServerOptions() override {
    testing::ServerProcessOptions options;
    options.api_key = kAdminKey;
    options.env["LAKEHOUSE_MAX_BODY_BYTES"] = "65536";
    return options;
  }
  void SetUp() override {
    ServerTest::SetUp();
    Upsert("people",
           "id,email,city\n1,ann.smith@example.com,Oslo\n2,bob.jones@example.com,Rome\n3,"
           "cy.lee@example.com,Pisa\n");
    Upsert("sales", "id,total\n1,10\n2,20\n");
    Role("sales-writer", {{{"target", "sales"}, {"permission", "write"}}});
    Role("people-writer", {{{"target", "people"}, {"permission", "write"}}});
    Role("safe-reader", {{{"target", "people_safe"}, {"permission", "read"}}});
  }
  void Upsert(const std::string& name, const std::string& csv) {
    auto r = c().PostMultipart("/ingest/file", {{"dataset", name, "", "", ""},
                                                {"mode", "upsert", "", "", ""},
                                                {"key", "id", "", "", ""},
                                                {"file", csv, name + ".csv", "text/csv", ""}});
    ASSERT_EQ(r->status, 200) << r->body;
  }
  void Role(const std::string& name, const Json& grants) {
    auto r = c().PostJson("/access/roles", {{"name", name}, {"grants", grants}});
    ASSERT_EQ(r->status, 201) << r->body;
  }
  std::unique_ptr<HttpClient> As(const std::string& principal,
                                 const std::vector<std::string>& roles) {
    auto r = c().PostJson("/access/keys", {{"principal", principal}, {"roles", roles}});
    EXPECT_EQ(r->status, 201) << r->body;
    return server_->ClientWithKey(Body(r).value("key", ""));
  }
  // Every audited request, newest first (the read flushes the queue).
  Json Requests() {
    auto r = c().Get("/access/audit?limit=1000");
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r)["requests"];
  }
  static Json Find(const Json& requests, const std::string& path, int status) {
    for (const Json& r : requests) {
      if (r["path"] == path && r["status"] == status) return r;
    }
    return Json();
  }
  void BuildIndex() {
    auto index = c().PostJson("/vectors/index?wait=true", {{"index_name", "people_idx"},
                                                           {"dataset", "people"},
                                                           {"id_column", "id"},
                                                           {"text_column", "city"},
                                                           {"model", "builtin/hash-v1"}});
    ASSERT_EQ(index->status, 200) << index->body;
  }
};

TEST_F(GovernanceE2E, AiSafeViewsAreListedInTheCatalogForThoseWhoMayQueryThem) {
  auto view = c().PostJson(
      "/access/views",
      {{"name", "people_safe"}, {"base_dataset", "people"}, {"columns", {"id", "city"}}});
  ASSERT_EQ(view->status, 201) << view->body;

  auto views_of = [](const Result<ClientResponse>& r) {
    EXPECT_EQ(r->status, 200) << r->body;
    return Body(r).value("views", Json::array());
  };
  // The agent granted only the view: no dataset, one view, its base dataset not named.
  auto agent = As("agent-1", {"agent", "safe-reader"});
  auto listed = agent->Get("/catalog/datasets");
  EXPECT_EQ(Body(listed)["datasets"].size(), 0u);
  Json views = views_of(listed);
  ASSERT_EQ(views.size(), 1u) << views.dump();
  EXPECT_EQ(views[0]["name"], "people_safe");
  EXPECT_EQ(views[0]["kind"], "ai_view");
  EXPECT_EQ(views[0]["columns"], Json::array({"id", "city"}));
  EXPECT_FALSE(views[0].contains("base_dataset"));
  // Admin: every view, with its base dataset.
  Json all = views_of(c().Get("/catalog/datasets"));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["base_dataset"], "people");
  // Granted something else: no view.
  auto seller = As("seller-1", {"agent", "sales-writer"});
  EXPECT_EQ(views_of(seller->Get("/catalog/datasets")).size(), 0u);
}

TEST_F(GovernanceE2E, JobsBelongToWhoStartedThemAndOnlyTheyOrAdminsCancelThem) {
  auto alice = As("alice", {"agent", "people-writer"});
  auto bob = As("bob", {"agent", "people-writer"});
  auto seller = As("seller-1", {"agent", "sales-writer"});
  auto started = alice->PostJson("/vectors/index", {{"index_name", "people_idx"},
                                                    {"dataset", "people"},
                                                    {"id_column", "id"},
                                                    {"text_column", "city"},
                                                    {"model", "builtin/hash-v1"}});
  ASSERT_EQ(started->status, 202) << started->body;
  const std::string id = Body(started)["job_id"];
  EXPECT_EQ(Body(started)["job"]["owner"], "alice");

  auto job = alice->Get("/jobs/" + id);
  ASSERT_EQ(job->status, 200) << job->body;
  EXPECT_EQ(Body(job)["owner"], "alice");
  auto listed_ids = [&](HttpClient& client) {
    std::vector<std::string> ids;
    auto listed = client.Get("/jobs?limit=1000");
    EXPECT_EQ(listed->status, 200) << listed->body;
    const Json jobs = Body(listed)["jobs"];
    for (const Json& j : jobs) ids.push_back(j["job_id"]);
    return ids;
  };
  EXPECT_EQ(listed_ids(*alice), std::vector<std::string>{id});
  // Bob may write the same dataset, but the job is not his.
  EXPECT_EQ(bob->Get("/jobs/" + id)->status, 404);
  EXPECT_TRUE(listed_ids(*bob).empty());
  EXPECT_EQ(bob->PostJson("/jobs/" + id + "/cancel", Json::object())->status, 403);
  // Not granted the dataset at all: the job does not exist.
  EXPECT_EQ(seller->Get("/jobs/" + id)->status, 404);
  EXPECT_EQ(seller->PostJson("/jobs/" + id + "/cancel", Json::object())->status, 404);
  // Admins see every job and its owner; the owner may cancel.
  auto seen = c().Get("/jobs/" + id);
  ASSERT_EQ(seen->status, 200);
  EXPECT_EQ(Body(seen)["owner"], "alice");
  EXPECT_EQ(alice->PostJson("/jobs/" + id + "/cancel", Json::object())->status, 200);
}

TEST_F(GovernanceE2E, JournalEventsAreMaskedPerColumnForARestrictedReader) {
  Upsert("people", "id,email,city\n1,ann.new@example.com,Bergen\n");
  const std::string sql =
      "SELECT dataset, key, changes FROM journal.events WHERE type = 'update' ORDER BY time";
  // The admin reads the values as they were.
  auto raw = c().PostJson("/query/sql", {{"sql", sql}});
  ASSERT_EQ(raw->status, 200) << raw->body;
  EXPECT_NE(raw->body.find("ann.new@example.com"), std::string::npos) << raw->body;

  // The analyst (clearance internal) sees the e-mail masked as its SQL reads show it, the city
  // as it is.
  auto analyst = As("analyst-1", {"analyst"});
  auto people = analyst->PostJson("/query/sql", {{"sql", "SELECT email FROM people WHERE id = 1"}});
  ASSERT_EQ(people->status, 200) << people->body;
  const std::string masked_email = Body(people)["rows"][0][0];
  EXPECT_EQ(masked_email, "a***.com");
  auto masked = analyst->PostJson("/query/sql", {{"sql", sql}});
  ASSERT_EQ(masked->status, 200) << masked->body;
  EXPECT_EQ(masked->body.find("@example.com"), std::string::npos) << masked->body;
  Json rows = Body(masked)["rows"];
  ASSERT_EQ(rows.size(), 1u) << masked->body;
  EXPECT_EQ(rows[0][0], "people");
  EXPECT_EQ(rows[0][1], "1");
  std::map<std::string, Json> changes;
  for (const Json& change : rows[0][2]) changes[change["field"]] = change;
  ASSERT_EQ(changes.size(), 2u) << rows.dump();
  EXPECT_EQ(changes["email"]["old"], "\"a***.com\"");
  EXPECT_EQ(changes["email"]["new"], "\"a***.com\"");
  EXPECT_EQ(changes["city"]["old"], "\"Oslo\"");
  EXPECT_EQ(changes["city"]["new"], "\"Bergen\"");

  // A reader granted only sales sees none of people's events; other schemas stay refused.
  auto seller = As("seller-1", {"agent", "sales-writer"});
  auto none = seller->PostJson(
      "/query/sql", {{"sql", "SELECT count(*) FROM journal.events WHERE dataset = 'people'"}});
  ASSERT_EQ(none->status, 200) << none->body;
  EXPECT_EQ(Body(none)["rows"][0][0], 0);
  auto sales = seller->PostJson(
      "/query/sql", {{"sql", "SELECT count(*) FROM journal.events WHERE dataset = 'sales'"}});
  ASSERT_EQ(sales->status, 200) << sales->body;
  EXPECT_EQ(Body(sales)["rows"][0][0], 2);
  EXPECT_EQ(seller->PostJson("/query/sql", {{"sql", "SELECT * FROM audit.requests"}})->status, 403);
}

TEST_F(GovernanceE2E, BatchSearchAndRagRecordTheDocumentsTheyReturned) {
  BuildIndex();
  auto batch = c().PostJson("/vectors/search/batch",
                            {{"index", "people_idx"}, {"queries", {"Oslo", "Rome"}}, {"k", 3}});
  ASSERT_EQ(batch->status, 200) << batch->body;
  auto rag = c().PostJson("/vectors/rag", {{"index", "people_idx"}, {"question", "Oslo"}});
  ASSERT_EQ(rag->status, 200) << rag->body;
  std::vector<std::string> cited;
  const Json citations = Body(rag)["citations"];
  for (const Json& citation : citations) cited.push_back(citation["doc_id"]);

  Json requests = Requests();
  Json batch_record = Find(requests, "/vectors/search/batch", 200);
  ASSERT_TRUE(batch_record.is_object()) << requests.dump();
  EXPECT_EQ(batch_record["index_name"], "people_idx");
  EXPECT_FALSE(batch_record["doc_ids"].empty()) << batch_record.dump();
  std::vector<std::string> subjects;
  for (const Json& s : batch_record["subjects"]) {
    EXPECT_EQ(s["dataset"], "people");
    subjects.push_back(s["key"]);
  }
  EXPECT_EQ(subjects.size(), batch_record["doc_ids"].size());
  Json rag_record = Find(requests, "/vectors/rag", 200);
  ASSERT_TRUE(rag_record.is_object()) << requests.dump();
  EXPECT_EQ(rag_record["index_name"], "people_idx");
  EXPECT_EQ(rag_record["doc_ids"], Json(cited));

  // The subject audit of a returned key names the batch search.
  const std::string key = subjects.empty() ? "1" : subjects[0];
  Json reads = Body(c().Get("/audit/subject/people/" + key))["reads"];
  bool batch_read = false;
  for (const Json& read : reads)
    batch_read = batch_read || read["operation"] == "searchVectorsBatch";
  EXPECT_TRUE(batch_read) << reads.dump();
}

TEST_F(GovernanceE2E, RequestsRefusedBeforeAnyHandlerAreAudited) {
  EXPECT_EQ(c().Get("/no/such/route")->status, 404);
  EXPECT_EQ(c().Send(HttpMethod::kPut, "/query/sql", "{}")->status, 405);
  auto anonymous = server_->ClientWithKey("");
  EXPECT_EQ(anonymous->Get("/catalog/datasets")->status, 401);
  auto big = c().PostJson("/query/sql", {{"sql", "SELECT '" + std::string(70'000, 'x') + "'"}});
  EXPECT_EQ(big->status, 413);

  Json requests = Requests();
  Json unknown = Find(requests, "/no/such/route", 404);
  ASSERT_TRUE(unknown.is_object()) << requests.dump();
  EXPECT_EQ(unknown["method"], "GET");
  // Routing comes before the key check: nobody was authenticated for an unknown route.
  EXPECT_EQ(unknown["principal"], "unauthenticated");
  EXPECT_EQ(unknown["operation"], "");
  Json wrong_method = Find(requests, "/query/sql", 405);
  ASSERT_TRUE(wrong_method.is_object());
  EXPECT_EQ(wrong_method["method"], "PUT");
  Json unauthenticated = Find(requests, "/catalog/datasets", 401);
  ASSERT_TRUE(unauthenticated.is_object());
  EXPECT_EQ(unauthenticated["principal"], "unauthenticated");
  EXPECT_EQ(unauthenticated["operation"], "listDatasets");
  Json too_large = Find(requests, "/query/sql", 413);
  ASSERT_TRUE(too_large.is_object());
  EXPECT_EQ(too_large["operation"], "runSql");
}

// The journal is immutable (issue 20: "never updated or deleted except by retention") and the
// audit log append-only: no statement an admin may send through /query/sql changes either; each
// is a 4xx with the JSON error shape, and the journal and the log files are as they were.
TEST_F(GovernanceE2E, JournalAndAuditCannotBeChangedThroughSql) {
  const Json history = Body(c().Get("/journal/history/people/1"))["events"];
  ASSERT_FALSE(history.empty());
  const std::string journal_dir = server_->data_dir() + "/journal";
  const std::vector<std::string> statements = {
      "DELETE FROM journal.events",
      "UPDATE journal.events SET actor = 'x'",
      "INSERT INTO journal.events (type) VALUES ('insert')",
      "DROP VIEW journal.events",
      "CREATE OR REPLACE VIEW journal.events AS SELECT 1 AS x",
      "DELETE FROM audit.requests",
      "DROP VIEW audit.requests",
      "COPY (SELECT 1) TO '" + journal_dir + "/events-9999999999999999.jsonl'",
      "ATTACH '" + journal_dir + "/x.db' AS j"};
  for (const std::string& sql : statements) {
    auto r = c().PostJson("/query/sql", {{"sql", sql}});
    ASSERT_TRUE(r.ok());
    EXPECT_GE(r->status, 400) << sql << " → " << r->body;
    EXPECT_LT(r->status, 500) << sql << " → " << r->body;
    EXPECT_TRUE(Body(r)["error"]["code"].is_string()) << sql << " → " << r->body;
  }
  EXPECT_EQ(Body(c().Get("/journal/history/people/1"))["events"], history);
  auto counted = c().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM audit.requests"}});
  ASSERT_EQ(counted->status, 200) << counted->body;
  EXPECT_GT(Body(counted)["rows"][0][0].get<int64_t>(), 0);
  for (const char* route : {"/journal/history/people/1", "/journal/recent", "/access/audit"}) {
    const int status = c().Send(HttpMethod::kDelete, route)->status;
    EXPECT_TRUE(status == 404 || status == 405) << route << " " << status;
  }
}

}  // namespace
}  // namespace lakehouse
