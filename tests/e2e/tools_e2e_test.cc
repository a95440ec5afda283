// End-to-end tool registry and MCP server (issue 21) against the real binary with API keys: an
// admin defines a tool, an agent key whose role masks contact data calls it over HTTP and over
// MCP (Bearer and X-API-Key), the audit trail names the agent, a foreign Origin is refused, and a
// restart keeps the tool. Then the official MCP SDK client from npm (@modelcontextprotocol/sdk,
// installed by scripts/setup.sh into third_party/mcp-client) lists and calls tools and reads
// resources, and the MCP conformance suite's applicable server scenarios pass (both SKIPPED,
// never passed, when node or the packages are absent).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunShell;
using testing::ServerProcess;
using testing::ShellOutput;

constexpr char kAdminKey[] = "tools-e2e-admin-key";

class ToolsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::ServerProcessOptions options;
    options.api_key = kAdminKey;
    auto server = ServerProcess::Start(std::move(options));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    std::string ndjson =
        "{\"id\":1,\"name\":\"ann\",\"email\":\"ann@example.com\",\"city\":\"Chicago\"}\n"
        "{\"id\":2,\"name\":\"bob\",\"email\":\"bob@example.org\",\"city\":\"Boston\"}\n"
        "{\"id\":3,\"name\":\"cy\",\"email\":\"cy@example.net\",\"city\":\"Chicago\"}\n";
    auto ingested = admin().PostMultipart("/ingest/file", {{"dataset", "people", "", "", ""},
                                                           {"key", "id", "", "", ""},
                                                           {"file", ndjson, "p.ndjson", "", ""}});
    ASSERT_EQ(ingested->status, 200) << ingested->body;
    auto secret = admin().PostMultipart(
        "/ingest/file", {{"dataset", "secrets", "", "", ""},
                         {"file", "{\"note\":\"top secret\"}\n", "s.ndjson", "", ""}});
    ASSERT_EQ(secret->status, 200) << secret->body;
    auto patched = admin().Send(HttpMethod::kPatch, "/catalog/datasets/by-name/people/metadata",
                                DumpJson({{"columns",
                                           {{"email", {{"sensitivity", "confidential"}}},
                                            {"name", {{"sensitivity", "public"}}},
                                            {"city", {{"sensitivity", "public"}}},
                                            {"id", {{"sensitivity", "public"}}}}}}),
                                "application/json");
    ASSERT_EQ(patched->status, 200) << patched->body;
    auto role = admin().PostJson(
        "/access/roles",
        {{"name", "people-reader"},
         {"grants", {{{"target", "people"}, {"permission", "read"}, {"max_unmasked", "public"}}}}});
    ASSERT_EQ(role->status, 201) << role->body;
    auto key = admin().PostJson("/access/keys",
                                {{"principal", "agent-7"}, {"roles", {"agent", "people-reader"}}});
    ASSERT_EQ(key->status, 201) << key->body;
    agent_key_ = Body(key)["key"].get<std::string>();
    auto tool = admin().PostJson(
        "/tools", {{"name", "by_city"},
                   {"description", "people in a city"},
                   {"sql", "SELECT id, name, email FROM people WHERE city = $city ORDER BY id"},
                   {"roles", {"agent"}},
                   {"parameters", {{"city", {{"type", "string"}, {"required", true}}}}}});
    ASSERT_EQ(tool->status, 201) << tool->body;
  }

  HttpClient& admin() { return server_->client(); }

  std::unique_ptr<ServerProcess> server_;
  std::string agent_key_;
};

Json Rpc(int id, const std::string& method, const Json& params = Json::object()) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
}

TEST_F(ToolsE2E, AnAgentCallsAToolOverHttpAndMcpUnderItsPolicy) {
  auto agent = server_->ClientWithKey(agent_key_);
  Json listed = Body(agent->Get("/tools"));
  ASSERT_EQ(listed["tools"].size(), 1u) << listed.dump();
  auto called = agent->PostJson("/tools/by_city/call", {{"arguments", {{"city", "Chicago"}}}});
  ASSERT_EQ(called->status, 200) << called->body;
  Json rows = Body(called)["rows"];
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][1], "ann");
  EXPECT_EQ(called->body.find("@example"), std::string::npos) << "e-mail is masked for the agent";
  auto as_admin = admin().PostJson("/tools/by_city/call", {{"arguments", {{"city", "Chicago"}}}});
  EXPECT_NE(as_admin->body.find("ann@example.com"), std::string::npos);
  EXPECT_EQ(
      agent->PostJson("/tools", {{"name", "x"}, {"description", "d"}, {"sql", "SELECT 1"}})->status,
      403);
  EXPECT_EQ(agent->Get("/tools/audit")->status, 403);

  // MCP with the same key, as Bearer and as X-API-Key.
  auto anonymous = server_->ClientWithKey("");
  const std::string rpc =
      DumpJson(Rpc(1, "tools/call", {{"name", "by_city"}, {"arguments", {{"city", "Boston"}}}}));
  for (const HttpHeaders& auth : {HttpHeaders{{"Authorization", "Bearer " + agent_key_}},
                                  HttpHeaders{{"X-API-Key", agent_key_}}}) {
    auto r = anonymous->Send(HttpMethod::kPost, "/mcp", rpc, "application/json", auth);
    ASSERT_EQ(r->status, 200) << r->body;
    Json result = Body(r)["result"];
    EXPECT_EQ(result["isError"], false) << r->body;
    EXPECT_EQ(result["structuredContent"]["row_count"], 1);
    EXPECT_EQ(r->body.find("bob@example.org"), std::string::npos);
  }
  EXPECT_EQ(anonymous->Send(HttpMethod::kPost, "/mcp", rpc, "application/json")->status, 401);
  auto evil =
      anonymous->Send(HttpMethod::kPost, "/mcp", DumpJson(Rpc(2, "ping")), "application/json",
                      {{"X-API-Key", agent_key_}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(evil->status, 403) << evil->body;
  auto notification =
      anonymous->Send(HttpMethod::kPost, "/mcp",
                      DumpJson({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}),
                      "application/json", {{"X-API-Key", agent_key_}});
  EXPECT_EQ(notification->status, 202);
  EXPECT_TRUE(notification->body.empty());
  EXPECT_EQ(anonymous->Get("/mcp", {{"X-API-Key", agent_key_}})->status, 405);

  Json calls = Body(admin().Get("/tools/audit?principal=agent-7"))["calls"];
  ASSERT_EQ(calls.size(), 3u) << calls.dump();
  EXPECT_EQ(calls[0]["via"], "mcp");
  EXPECT_EQ(calls[2]["via"], "http");
  EXPECT_EQ(calls[2]["row_count"], 2);
  EXPECT_EQ(calls[2]["arguments"]["city"], "Chicago");

  ASSERT_TRUE(server_->Restart().ok());
  auto again = server_->ClientWithKey(agent_key_)
                   ->PostJson("/tools/by_city/call", {{"arguments", {{"city", "Chicago"}}}});
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(Body(admin().Get("/tools/audit"))["calls"].size(), 5u);  // 3 agent, 1 admin, 1 now
}

TEST_F(ToolsE2E, TheCliListsShowsAndCallsTools) {
  const std::string as_agent =
      " --server " + server_->base_url() + " --api-key " + std::string(agent_key_);
  auto [list_code, listed] = testing::RunCli("tools list" + as_agent);
  EXPECT_EQ(list_code, 0) << listed;
  EXPECT_NE(listed.find("by_city"), std::string::npos) << listed;
  auto [show_code, shown] = testing::RunCli("tools show by_city" + as_agent);
  EXPECT_EQ(show_code, 0) << shown;
  EXPECT_NE(shown.find("city  string  true"), std::string::npos) << shown;
  auto [call_code, called] = testing::RunCli("tools call by_city --arg city=Chicago" + as_agent);
  EXPECT_EQ(call_code, 0) << called;
  EXPECT_NE(called.find("(2 rows)"), std::string::npos) << called;
  EXPECT_EQ(called.find("@example"), std::string::npos) << called;
  auto [bad_code, bad] = testing::RunCli("tools call by_city" + as_agent);
  EXPECT_EQ(bad_code, 1) << bad;
  EXPECT_NE(bad.find("'city' is required"), std::string::npos) << bad;
  auto [audit_code, audit] = testing::RunCli("tools audit --principal agent-7" + as_agent);
  EXPECT_EQ(audit_code, 1) << audit;  // admin only
  auto [admin_code, trail] = testing::RunCli("tools audit --principal agent-7 --json --server " +
                                             server_->base_url() + " --api-key " + kAdminKey);
  EXPECT_EQ(admin_code, 0) << trail;
  EXPECT_NE(trail.find("\"status\": \"INVALID_ARGUMENT\""), std::string::npos) << trail;
}

// Runs the official SDK client (tests/mcp/mcp_client.mjs) against the server.
TEST_F(ToolsE2E, TheOfficialMcpSdkClientListsCallsAndReads) {
  const std::string modules = std::string(LAKEHOUSE_MCP_CLIENT_DIR) + "/node_modules";
  if (std::system("node --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node is not installed: cannot run the MCP SDK client (scripts/setup.sh)";
  }
  if (!std::filesystem::exists(modules + "/@modelcontextprotocol/sdk/package.json")) {
    GTEST_SKIP() << "the MCP SDK is not installed in " << modules << " (scripts/setup.sh)";
  }
  for (const std::string auth : {"bearer", "x-api-key"}) {
    const std::string command = "node '" + std::string(LAKEHOUSE_MCP_TESTS_DIR) +
                                "/mcp_client.mjs' '" + modules + "' '" + server_->base_url() +
                                "' '" + agent_key_ + "' " + auth;
    const ShellOutput run = RunShell(command);
    ASSERT_EQ(run.exit_code, 0) << run.Both();
    Result<Json> parsed = ParseJson(run.out.substr(0, run.out.find('\n')));
    ASSERT_TRUE(parsed.ok()) << run.Both();
    const Json& out = *parsed;
    ASSERT_EQ(out["ok"], true) << out.dump(2);
    EXPECT_EQ(out["negotiated_version"], out["sdk_latest_version"]);
    EXPECT_EQ(out["server"]["name"], "lakehouse");
    EXPECT_EQ(out["ping"], true);
    EXPECT_EQ(out["tools"], Json::array({"ask", "by_city", "describe_dataset", "list_datasets",
                                         "sql_query", "vector_search", "workspace_activity",
                                         "workspace_create", "workspace_get", "workspace_handoff",
                                         "workspace_list", "workspace_run_search",
                                         "workspace_save_search", "workspace_shortlist_add"}));
    EXPECT_EQ(out["by_city"]["isError"], false);
    EXPECT_EQ(out["by_city"]["structured"]["row_count"], 2);
    EXPECT_EQ(out["by_city"]["text"].get<std::string>().find("@example"), std::string::npos);
    EXPECT_EQ(out["sql_query"]["isError"], false) << out["sql_query"].dump();
    EXPECT_NE(out["sql_query"]["text"].get<std::string>().find("ann"), std::string::npos);
    EXPECT_EQ(out["sql_query"]["text"].get<std::string>().find("@example"), std::string::npos);
    EXPECT_EQ(out["sql_write"]["isError"], true);
    EXPECT_EQ(out["unknown_tool"], -32602);
    EXPECT_EQ(out["resources"], Json::array({"lakehouse://datasets/people"}));
    EXPECT_EQ(out["templates"],
              Json::array({"lakehouse://datasets/{name}", "lakehouse://indexes/{name}",
                           "lakehouse://workspaces/{id}"}));
    EXPECT_EQ(out["read"]["uri"], "lakehouse://datasets/people");
    EXPECT_EQ(out["read"]["schema"]["name"], "people");
    EXPECT_EQ(out["hidden_resource"], -32002);
  }
  Json calls = Body(admin().Get("/tools/audit?tool=by_city"))["calls"];
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["via"], "mcp");
  EXPECT_EQ(calls[0]["principal"], "agent-7");
}

// `lakehouse demo staffing` at a small size, twice (re-runnable), then the six tools answer (the
// fast cold_leads with the rows of the slow aggregate over the call log) and the agent role sees
// contact data masked — through a tool and through MCP.
TEST(StaffingDemoE2E, LoadsTheDomainAndItsToolsAnswerUnderTheAgentRole) {
  testing::ServerProcessOptions options;
  options.api_key = kAdminKey;
  auto server = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  HttpClient& admin = (*server)->client();
  const std::string flags =
      " --candidates 500 --server " + (*server)->base_url() + " --api-key " + kAdminKey;
  for (int run = 0; run < 2; ++run) {
    auto [code, out] = testing::RunCli("demo staffing" + flags);
    ASSERT_EQ(code, 0) << out;
    EXPECT_NE(out.find("ingested candidates: 500 rows"), std::string::npos) << out;
  }
  Json tools = Body(admin.Get("/tools"))["tools"];
  ASSERT_EQ(tools.size(), 6u) << tools.dump();
  auto call = [&](HttpClient& as, const std::string& tool, const Json& args) {
    auto r = as.PostJson("/tools/" + tool + "/call", {{"arguments", args}});
    EXPECT_EQ(r->status, 200) << tool << ": " << r->body;
    return Body(r);
  };
  Json cold = call(admin, "cold_leads", Json::object());
  ASSERT_GT(cold["row_count"].get<int64_t>(), 0);
  EXPECT_GE(cold["rows"][0][5].get<int64_t>(), 5);
  // Cold leads are never placed.
  Json placed = Body(admin.PostJson(
      "/query/sql", {{"sql", "SELECT count(*) FROM placements WHERE candidate_id = " +
                                 std::to_string(cold["rows"][0][0].get<int64_t>())}}));
  EXPECT_EQ(placed["rows"][0][0], 0);
  EXPECT_GT(call(admin, "search_candidates",
                 {{"query", "registered nurse icu"}, {"city", "Chicago"}})["row_count"]
                .get<int64_t>(),
            0);
  EXPECT_GT(call(admin, "open_jobs", Json::object())["row_count"].get<int64_t>(), 0);
  EXPECT_GT(call(admin, "revenue_by_client", Json::object())["row_count"].get<int64_t>(), 0);
  // The seven datasets are pinned in the hot cache (tool calls scan memory).
  Json cached = Body(admin.Get("/query/cache/stats"))["datasets"];
  EXPECT_EQ(cached.size(), 7u) << cached.dump();
  // cold_leads reads the per-candidate call summary: its rows are those of the aggregate over
  // the whole call log, for several thresholds (capped at the tool's 100 rows).
  for (int64_t min_calls : {1, 5, 8, 12, 40}) {
    Json fast = call(admin, "cold_leads", {{"min_calls", min_calls}});
    Json slow = Body(admin.PostJson(
        "/query/sql",
        {{"sql",
          "SELECT c.candidate_id, c.first_name, c.last_name, c.city, c.vertical, count(*) AS "
          "calls FROM call_logs l JOIN candidates c ON c.candidate_id = l.candidate_id WHERE "
          "l.candidate_id NOT IN (SELECT candidate_id FROM placements) GROUP BY ALL HAVING "
          "count(*) >= " +
              std::to_string(min_calls) + " ORDER BY calls DESC, c.candidate_id"},
         {"limit", 100}}));
    EXPECT_GT(fast["row_count"].get<int64_t>(), 0) << min_calls;
    EXPECT_EQ(fast["rows"], slow["rows"]) << "min_calls " << min_calls;
    EXPECT_EQ(fast["truncated"], slow["truncated"]) << "min_calls " << min_calls;
  }
  // The same candidate's summary and call log agree on the last call too.
  Json last = Body(admin.PostJson(
      "/query/sql", {{"sql",
                      "SELECT count(*) FROM candidate_activity a JOIN (SELECT candidate_id, "
                      "count(*) AS n, max(called_at) AS last FROM call_logs GROUP BY ALL) l USING "
                      "(candidate_id) WHERE a.calls <> l.n OR a.last_called_at <> l.last"}}));
  EXPECT_EQ(last["rows"][0][0], 0);
  // Ingested as Parquet with the column types an NDJSON upload gives (dates as text).
  Json types = Body(admin.PostJson("/query/sql", {{"sql", "DESCRIBE call_logs"}}));
  EXPECT_EQ(types["rows"][1][0], "called_at");
  EXPECT_EQ(types["rows"][1][1], "VARCHAR");
  // recruiter_performance aggregates each table once: the busiest caller's count is the truth.
  Json busiest = call(admin, "recruiter_performance", {{"order_by", "calls"}});
  ASSERT_GT(busiest["row_count"].get<int64_t>(), 0);
  Json most_calls = Body(admin.PostJson(
      "/query/sql",
      {{"sql", "SELECT count(*) AS n FROM call_logs GROUP BY recruiter_id ORDER BY n DESC"}}));
  EXPECT_EQ(busiest["rows"][0][5], most_calls["rows"][0][0]) << busiest.dump();
  Json raw = call(admin, "get_candidate", {{"candidate_id", 7}});
  EXPECT_NE(raw.dump().find("@example.com"), std::string::npos);

  auto key =
      admin.PostJson("/access/keys", {{"principal", "agent-1"}, {"roles", {"staffing_agent"}}});
  ASSERT_EQ(key->status, 201) << key->body;
  auto agent = (*server)->ClientWithKey(Body(key)["key"].get<std::string>());
  Json masked = call(*agent, "get_candidate", {{"candidate_id", 7}});
  ASSERT_EQ(masked["row_count"], 1) << masked.dump();
  EXPECT_EQ(masked.dump().find("@example.com"), std::string::npos) << masked.dump();
  auto mcp = agent->PostJson(
      "/mcp", {{"jsonrpc", "2.0"},
               {"id", 1},
               {"method", "tools/call"},
               {"params",
                {{"name", "sql_query"},
                 {"arguments", {{"sql", "SELECT email, phone FROM candidates LIMIT 5"}}}}}});
  ASSERT_EQ(mcp->status, 200) << mcp->body;
  EXPECT_EQ(Body(mcp)["result"]["isError"], false) << mcp->body;
  EXPECT_EQ(mcp->body.find("@example.com"), std::string::npos) << mcp->body;
  auto view = agent->PostJson("/query/sql", {{"sql", "SELECT * FROM candidates_ai LIMIT 1"}});
  EXPECT_EQ(view->status, 200) << view->body;
}

// The README line that starts with `prefix` (without a trailing comment), or "".
std::string ReadmeLine(const std::string& prefix) {
  const char* root = std::getenv("LAKEHOUSE_SOURCE_DIR");
  std::ifstream in(std::string(root == nullptr ? "." : root) + "/README.md");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) return line;
  }
  return "";
}

// The README's quick start asks the demo one question three ways — a tool, MCP, ask-sql — and
// this runs those three lines as written (the address swapped for this server's; the generator
// scripted): the three answers are the same rows.
TEST(StaffingDemoE2E, TheReadmeQuickStartAsksOneQuestionThreeWays) {
  auto fake = testing::FakeLlmServer::Start();
  ASSERT_TRUE(fake.ok()) << fake.status().ToString();
  testing::ServerProcessOptions options;  // dev mode: the README's lines carry no key
  options.env = (*fake)->LakehouseEnv();
  options.env["LAKEHOUSE_AI_GENERATE_MODEL"] = "ollama/llama3.2";
  auto server = ServerProcess::Start(std::move(options));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const std::string at = " --server " + (*server)->base_url();
  auto [demo_code, demo] = testing::RunCli("demo staffing --candidates 500" + at);
  ASSERT_EQ(demo_code, 0) << demo;

  const std::string tool_line = ReadmeLine("lakehouse tools call cold_leads ");
  const std::string mcp_line =
      ReadmeLine("curl -s localhost:3100/mcp --json '{\"jsonrpc\": \"2.0\", \"id\": 2");
  const std::string ask_line = ReadmeLine("lakehouse ask-sql 'Which candidates were called");
  ASSERT_FALSE(tool_line.empty() || mcp_line.empty() || ask_line.empty());
  const std::string cli = "lakehouse ";

  auto [tool_code, tool_out] = testing::RunCli(tool_line.substr(cli.size()) + " --json" + at);
  ASSERT_EQ(tool_code, 0) << tool_out;
  Json tool = ParseJson(tool_out).value_or(Json());
  ASSERT_GT(tool.value("row_count", 0), 0) << tool_out;

  const size_t open = mcp_line.find("--json '") + 8;
  auto mcp = (*server)->client().PostJson(
      "/mcp", ParseJson(mcp_line.substr(open, mcp_line.rfind('\'') - open)).value_or(Json()));
  ASSERT_EQ(mcp->status, 200) << mcp->body;
  EXPECT_EQ(Body(mcp)["result"]["structuredContent"]["rows"], tool["rows"]) << mcp->body;

  (*fake)->SetChatReply(
      "```sql\nSELECT c.candidate_id, c.first_name, c.last_name, c.city, c.vertical, a.calls "
      "FROM candidate_activity a JOIN candidates c ON c.candidate_id = a.candidate_id WHERE "
      "a.calls >= 6 AND a.candidate_id NOT IN (SELECT candidate_id FROM placements) ORDER BY "
      "a.calls DESC, c.candidate_id LIMIT 100\n```");
  auto [ask_code, ask_out] = testing::RunCli(ask_line.substr(cli.size()) + " --json" + at);
  ASSERT_EQ(ask_code, 0) << ask_out;
  Json asked = ParseJson(ask_out).value_or(Json());
  EXPECT_EQ(asked["rows"], tool["rows"]) << ask_out;
  // The generator was shown the demo's tables, the call summary among them.
  std::vector<Json> chats = (*fake)->chat_requests();
  ASSERT_FALSE(chats.empty());
  EXPECT_NE(DumpJson(chats.back()).find("candidate_activity"), std::string::npos);
}

// The MCP conformance suite's server scenarios that apply to a server with our own tools and
// resources (the others call the suite's fixture tools, prompts, sampling or SSE streams, which a
// real server does not have): initialize, ping, tools/list, resources/list and the DNS rebinding
// check. Dev mode, since the suite sends no API key.
TEST(McpConformanceE2E, ServerScenariosPass) {
  const std::string dir = std::string(LAKEHOUSE_MCP_CONFORMANCE_DIR);
  const std::string bin = dir + "/node_modules/@modelcontextprotocol/conformance/dist/index.js";
  if (std::system("node --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node is not installed: cannot run the MCP conformance suite";
  }
  if (!std::filesystem::exists(bin)) {
    GTEST_SKIP() << "the MCP conformance suite is not installed in " << dir
                 << " (scripts/setup.sh)";
  }
  auto server = ServerProcess::Start();
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  for (const std::string scenario :
       {"server-initialize", "ping", "tools-list", "resources-list", "dns-rebinding-protection"}) {
    const std::string command = "cd '" + dir + "' && node '" + bin + "' server --url '" +
                                (*server)->base_url() + "/mcp' --scenario " + scenario + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << scenario << ":\n" << output;
    EXPECT_NE(output.find(" 0 failed"), std::string::npos) << scenario << ":\n" << output;
  }
}

}  // namespace
}  // namespace lakehouse
