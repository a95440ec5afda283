// End-to-end natural language to SQL (issue 21): POST /ai/sql and `lakehouse ask-sql` against the
// real binary, with the protocol test server (tests/support/fake_llm_server.h) scripted as the
// generator: good SQL in a code block with prose around it, bad SQL then good (one retry with the
// database's error), a statement that writes and one that reads a denied column (refused), and a
// server without a generator (412). An agent whose role masks e-mail and denies ssn never sees
// those columns in the prompt, and the SQL runs under its policy; one granted only an AI-safe view
// is offered that view and answered from it.
#include <gtest/gtest.h>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::FakeLlmServer;
using testing::ServerProcess;

constexpr char kAdminKey[] = "nl-sql-e2e-admin-key";

class NlSqlE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = FakeLlmServer::Start();
    ASSERT_TRUE(fake.ok()) << fake.status().ToString();
    fake_ = std::move(*fake);
    testing::ServerProcessOptions options;
    options.api_key = kAdminKey;
    options.env = fake_->LakehouseEnv();
    options.env["LAKEHOUSE_AI_GENERATE_MODEL"] = "ollama/llama3.2";
    auto server = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    const std::string ndjson =
        "{\"id\":1,\"name\":\"ann\",\"email\":\"ann@example.com\",\"city\":\"Chicago\","
        "\"ssn\":\"111-22-3333\"}\n"
        "{\"id\":2,\"name\":\"bob\",\"email\":\"bob@example.org\",\"city\":\"Boston\","
        "\"ssn\":\"222-33-4444\"}\n"
        "{\"id\":3,\"name\":\"cy\",\"email\":\"cy@example.net\",\"city\":\"Chicago\","
        "\"ssn\":\"333-44-5555\"}\n";
    auto ingested = admin().PostMultipart("/ingest/file", {{"dataset", "people", "", "", ""},
                                                           {"key", "id", "", "", ""},
                                                           {"file", ndjson, "p.ndjson", "", ""}});
    ASSERT_EQ(ingested->status, 200) << ingested->body;
    auto patched = admin().Send(
        HttpMethod::kPatch, "/catalog/datasets/by-name/people/metadata",
        DumpJson({{"columns",
                   {{"email", {{"sensitivity", "confidential"}}},
                    {"ssn", {{"sensitivity", "restricted"}}},
                    {"name", {{"sensitivity", "public"}, {"description", "first name"}}},
                    {"city", {{"sensitivity", "public"}}},
                    {"id", {{"sensitivity", "public"}}}}}}),
        "application/json");
    ASSERT_EQ(patched->status, 200) << patched->body;
    auto deny =
        admin().Send(HttpMethod::kPut, "/access/column-policies",
                     DumpJson({{"dataset", "people"}, {"column", "ssn"}, {"redaction", "deny"}}),
                     "application/json");
    ASSERT_EQ(deny->status, 200) << deny->body;
    auto role = admin().PostJson(
        "/access/roles",
        {{"name", "people-reader"},
         {"grants", {{{"target", "people"}, {"permission", "read"}, {"max_unmasked", "public"}}}}});
    ASSERT_EQ(role->status, 201) << role->body;
    auto key =
        admin().PostJson("/access/keys", {{"principal", "agent-9"}, {"roles", {"people-reader"}}});
    ASSERT_EQ(key->status, 201) << key->body;
    agent_ = server_->ClientWithKey(Body(key)["key"].get<std::string>());
  }

  HttpClient& admin() { return server_->client(); }
  // The system message (rules and schema) of the `n`th chat request the generator received.
  std::string SystemPrompt(size_t n) {
    std::vector<Json> chats = fake_->chat_requests();
    if (chats.size() <= n) return "";
    return chats[n]["messages"][0].value("content", "");
  }
  int64_t PeopleCount() {
    Json answer = Body(admin().PostJson("/query/sql", {{"sql", "SELECT count(*) FROM people"}}));
    return answer["rows"][0][0].get<int64_t>();
  }

  std::unique_ptr<FakeLlmServer> fake_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> agent_;
};

TEST_F(NlSqlE2E, GoodSqlInACodeBlockRunsUnderThePolicyAndThePromptHoldsOnlyClearColumns) {
  fake_->SetChatReply(
      "Here you go:\n```sql\nSELECT city, count(*) AS people FROM people GROUP BY city ORDER BY "
      "city;\n```\nIt counts people per city.");
  auto r = agent_->PostJson("/ai/sql", {{"question", "How many people live in each city?"}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json answer = Body(r);
  EXPECT_EQ(answer["sql"],
            "SELECT city, count(*) AS people FROM people GROUP BY city ORDER BY city");
  EXPECT_EQ(answer["explanation"], "Here you go:\nIt counts people per city.");
  EXPECT_EQ(answer["attempts"], 1);
  EXPECT_EQ(answer["ran"], true);
  EXPECT_EQ(answer["model"], "ollama/llama3.2");
  EXPECT_EQ(answer["datasets"], Json::array({"people"}));
  EXPECT_EQ(answer["rows"], Json::parse(R"([["Boston",1],["Chicago",2]])")) << r->body;
  ASSERT_EQ(answer["columns"].size(), 2u) << r->body;
  EXPECT_EQ(answer["columns"][0]["name"], "city");
  EXPECT_EQ(answer["columns"][1]["name"], "people");

  // The agent's prompt: the clear columns with types, descriptions and samples; never the masked
  // e-mail nor the denied ssn, by name or by value.
  const std::string prompt = SystemPrompt(0);
  EXPECT_NE(prompt.find("TABLE \"people\""), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("\"name\" VARCHAR -- first name; e.g. '"), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("'ann'"), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("\"id\" BIGINT -- e.g. "), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("'Chicago'"), std::string::npos) << prompt;
  for (const char* hidden : {"email", "example", "ssn", "111-22"}) {
    EXPECT_EQ(prompt.find(hidden), std::string::npos) << hidden << " in " << prompt;
  }
  // An admin sees every column, so the admin's prompt offers them.
  ASSERT_EQ(admin().PostJson("/ai/sql", {{"question", "cities?"}})->status, 200);
  EXPECT_NE(SystemPrompt(1).find("\"email\" VARCHAR"), std::string::npos) << SystemPrompt(1);
  EXPECT_NE(SystemPrompt(1).find("\"ssn\""), std::string::npos);
}

TEST_F(NlSqlE2E, BadSqlIsRetriedOnceWithTheDatabasesError) {
  fake_->ScriptChatReplies({"SELECT nmae FROM people",
                            "```sql\nSELECT name FROM people ORDER BY "
                            "id\n```"});
  auto r = agent_->PostJson("/ai/sql", {{"question", "Who is there?"}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json answer = Body(r);
  EXPECT_EQ(answer["attempts"], 2);
  EXPECT_EQ(answer["sql"], "SELECT name FROM people ORDER BY id");
  EXPECT_EQ(answer["rows"], Json::parse(R"([["ann"],["bob"],["cy"]])"));
  std::vector<Json> chats = fake_->chat_requests();
  ASSERT_EQ(chats.size(), 2u);
  Json retry = chats[1]["messages"];
  ASSERT_EQ(retry.size(), 4u) << retry.dump();
  EXPECT_EQ(retry[2]["role"], "assistant");
  EXPECT_EQ(retry[2]["content"], "SELECT nmae FROM people");
  EXPECT_NE(retry[3]["content"].get<std::string>().find("nmae"), std::string::npos)
      << "the database's error goes back to the generator: " << retry.dump();
}

TEST_F(NlSqlE2E, AStatementThatWritesIsRefusedAndChangesNothing) {
  fake_->SetChatReply("```sql\nDROP TABLE people;\n```");
  for (HttpClient* client : {agent_.get(), &admin()}) {
    auto r = client->PostJson("/ai/sql", {{"question", "Remove everyone"}});
    ASSERT_EQ(r->status, 403) << r->body;
    Json body = Body(r);
    EXPECT_EQ(body["error"]["code"], "PERMISSION_DENIED");
    ASSERT_EQ(body["attempts"].size(), 2u) << r->body;
    EXPECT_EQ(body["attempts"][0]["sql"], "DROP TABLE people");
  }
  fake_->SetChatReply("SELECT 1; DELETE FROM people");
  EXPECT_EQ(admin().PostJson("/ai/sql", {{"question", "sneaky"}})->status, 403);
  EXPECT_EQ(PeopleCount(), 3);
}

TEST_F(NlSqlE2E, ADeniedColumnIsRefusedForTheAgent) {
  fake_->SetChatReply("SELECT name, ssn FROM people");
  auto r = agent_->PostJson("/ai/sql", {{"question", "Social security numbers?"}});
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(r->body.find("111-22"), std::string::npos);
  EXPECT_EQ(Body(r)["attempts"].size(), 2u);
  // A masked column may be named: it runs, masked, as /query/sql would show it.
  fake_->SetChatReply("SELECT email FROM people ORDER BY id");
  auto masked = agent_->PostJson("/ai/sql", {{"question", "E-mails?"}});
  ASSERT_EQ(masked->status, 200) << masked->body;
  EXPECT_EQ(masked->body.find("ann@example.com"), std::string::npos) << masked->body;
}

TEST_F(NlSqlE2E, RunFalseReturnsTheValidatedSqlOnly) {
  fake_->SetChatReply("SELECT count(*) FROM people");
  auto r = agent_->PostJson("/ai/sql?run=false", {{"question", "How many?"}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json answer = Body(r);
  EXPECT_EQ(answer["sql"], "SELECT count(*) FROM people");
  EXPECT_EQ(answer["ran"], false);
  EXPECT_FALSE(answer.contains("rows"));
  fake_->SetChatReply("SELECT nope FROM people");
  EXPECT_EQ(agent_->PostJson("/ai/sql?run=false", {{"question", "How many?"}})->status, 400);
}

TEST_F(NlSqlE2E, BadRequestsAre400) {
  const size_t before = fake_->chat_requests().size();
  EXPECT_EQ(agent_->PostJson("/ai/sql", {{"question", "  "}})->status, 400);
  EXPECT_EQ(agent_->PostJson("/ai/sql", Json::object())->status, 400);
  EXPECT_EQ(agent_->PostJson("/ai/sql", {{"question", "q"}, {"sql", "SELECT 1"}})->status, 400);
  EXPECT_EQ(agent_->PostJson("/ai/sql", {{"question", "q"}, {"limit", 0}})->status, 400);
  EXPECT_EQ(agent_->PostJson("/ai/sql?run=maybe", {{"question", "q"}})->status, 400);
  EXPECT_EQ(agent_->PostJson("/ai/sql", {{"question", "q"}, {"datasets", {"nope"}}})->status, 404);
  EXPECT_EQ(fake_->chat_requests().size(), before) << "nothing was generated for a bad request";
}

TEST_F(NlSqlE2E, AskSqlCommandPrintsTheSqlAndTheRows) {
  fake_->SetChatReply(
      "```sql\nSELECT city, count(*) AS n FROM people GROUP BY city ORDER BY n "
      "DESC\n```\nPeople per city.");
  auto [code, out] = testing::RunCli("ask-sql 'How many people per city?' --server " +
                                     server_->base_url() + " --api-key " + kAdminKey);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("SELECT city, count(*) AS n FROM people"), std::string::npos) << out;
  EXPECT_NE(out.find("-- People per city."), std::string::npos) << out;
  EXPECT_NE(out.find("Chicago"), std::string::npos) << out;
  auto [json_code, json] = testing::RunCli("ask-sql 'How many?' --no-run --json --server " +
                                           server_->base_url() + " --api-key " + kAdminKey);
  ASSERT_EQ(json_code, 0) << json;
  EXPECT_NE(json.find("\"ran\": false"), std::string::npos) << json;
}

// A principal granted only an AI-safe view (not its base dataset) is offered the view — its
// columns, nothing the view leaves out, not the base dataset's name — and its question is answered
// from it. An admin is offered the view only when the request names it.
TEST_F(NlSqlE2E, APrincipalGrantedOnlyAnAiSafeViewAsksAboutIt) {
  auto view = admin().PostJson(
      "/access/views",
      {{"name", "people_ai"}, {"base_dataset", "people"}, {"columns", {"id", "name", "city"}}});
  ASSERT_EQ(view->status, 201) << view->body;
  auto role = admin().PostJson(
      "/access/roles",
      {{"name", "view-reader"},
       {"grants",
        {{{"target", "people_ai"}, {"permission", "read"}, {"max_unmasked", "internal"}}}}});
  ASSERT_EQ(role->status, 201) << role->body;
  auto key =
      admin().PostJson("/access/keys", {{"principal", "agent-view"}, {"roles", {"view-reader"}}});
  ASSERT_EQ(key->status, 201) << key->body;
  std::unique_ptr<HttpClient> viewer = server_->ClientWithKey(Body(key)["key"].get<std::string>());

  fake_->SetChatReply(
      "```sql\nSELECT city, count(*) AS people FROM people_ai GROUP BY city ORDER BY city\n```");
  const size_t first = fake_->chat_requests().size();
  auto r = viewer->PostJson("/ai/sql", {{"question", "How many people live in each city?"}});
  ASSERT_EQ(r->status, 200) << r->body;
  Json answer = Body(r);
  EXPECT_EQ(answer["datasets"], Json::array({"people_ai"})) << r->body;
  EXPECT_EQ(answer["rows"], Json::parse(R"([["Boston",1],["Chicago",2]])")) << r->body;
  const std::string prompt = SystemPrompt(first);
  EXPECT_NE(prompt.find("TABLE \"people_ai\""), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("\"city\" VARCHAR"), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("'Chicago'"), std::string::npos) << prompt;
  for (const char* hidden : {"TABLE \"people\"", "email", "example", "ssn", "111-22"}) {
    EXPECT_EQ(prompt.find(hidden), std::string::npos) << hidden << " in " << prompt;
  }
  // Named explicitly, the view is offered; the base dataset is not the viewer's to name.
  EXPECT_EQ(viewer->PostJson("/ai/sql", {{"question", "q"}, {"datasets", {"people_ai"}}})->status,
            200);
  EXPECT_EQ(viewer->PostJson("/ai/sql", {{"question", "q"}, {"datasets", {"people"}}})->status,
            404);
  // The admin sees the base dataset whole: the view only when asked for by name.
  ASSERT_EQ(admin().PostJson("/ai/sql", {{"question", "cities?"}})->status, 200);
  EXPECT_EQ(SystemPrompt(fake_->chat_requests().size() - 1).find("TABLE \"people_ai\""),
            std::string::npos);
  auto named = admin().PostJson("/ai/sql", {{"question", "q"}, {"datasets", {"people_ai"}}});
  ASSERT_EQ(named->status, 200) << named->body;
  EXPECT_EQ(Body(named)["datasets"], Json::array({"people_ai"}));
}

TEST(NlSqlWithoutGeneratorE2E, IsA412ThatSaysHowToConfigureOne) {
  auto server = ServerProcess::Start({});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto r = (*server)->client().PostJson("/ai/sql", {{"question", "How many rows?"}});
  ASSERT_EQ(r->status, 412) << r->body;
  Json error = Body(r)["error"];
  EXPECT_EQ(error["code"], "FAILED_PRECONDITION");
  EXPECT_NE(error["message"].get<std::string>().find("ai.generate_model"), std::string::npos)
      << r->body;
  auto [code, out] = testing::RunCli("ask-sql 'How many rows?' --server " + (*server)->base_url());
  EXPECT_NE(code, 0);
  EXPECT_NE(out.find("ai.generate_model"), std::string::npos) << out;
}

}  // namespace
}  // namespace lakehouse
