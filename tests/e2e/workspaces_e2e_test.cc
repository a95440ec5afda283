// End-to-end agent workspaces (issue 21) against the real binary with API keys: agent-a keeps a
// private workspace (agent-b gets 404 until it is handed over), saves and runs a search under its
// own policy (contact data masked), shortlists a candidate and hands the workspace to agent-b,
// who then owns it while agent-a is refused changes (403); the activity log names who did what;
// bad input is a 4xx in the JSON error shape and changes nothing; a restart keeps everything.
// Then the CLI drives the same flow, and the official MCP SDK client from npm calls the workspace
// tools and reads the workspace resource (SKIPPED when node or the SDK are absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"

namespace lakehouse {
namespace {

using testing::Body;
using testing::RunShell;
using testing::ServerProcess;
using testing::ShellOutput;

constexpr char kAdminKey[] = "workspaces-e2e-admin-key";

class WorkspacesE2E : public ::testing::Test {
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
    key_a_ = NewKey("agent-a");
    key_b_ = NewKey("agent-b");
  }

  std::string NewKey(const std::string& principal) {
    auto key = admin().PostJson("/access/keys",
                                {{"principal", principal}, {"roles", {"agent", "people-reader"}}});
    EXPECT_EQ(key->status, 201) << key->body;
    return Body(key)["key"].get<std::string>();
  }

  HttpClient& admin() { return server_->client(); }

  static void ExpectError(const Result<ClientResponse>& r, int status, const std::string& code) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, status) << r->body;
    Json body = Body(r);
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_TRUE(body["error"]["message"].is_string()) << r->body;
    EXPECT_FALSE(body["error"]["request_id"].get<std::string>().empty()) << r->body;
  }

  std::unique_ptr<ServerProcess> server_;
  std::string key_a_;
  std::string key_b_;
};

TEST_F(WorkspacesE2E, PrivateThenHandedOffGovernedAndKeptAcrossARestart) {
  auto a = server_->ClientWithKey(key_a_);
  auto b = server_->ClientWithKey(key_b_);
  auto created = a->PostJson("/workspaces", {{"name", "Lakeshore ICU order"},
                                             {"description", "nurses for the night shift"},
                                             {"tier", "weekly"}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string id = Body(created)["id"];
  const std::string path = "/workspaces/" + id;
  EXPECT_EQ(Body(created)["owner"], "agent-a");

  // Private: agent-b gets 404 for every read and change, and lists nothing.
  ExpectError(b->Get(path), 404, "NOT_FOUND");
  ExpectError(b->Send(HttpMethod::kPatch, path, DumpJson({{"name", "mine"}}), "application/json"),
              404, "NOT_FOUND");
  ExpectError(b->Get(path + "/activity"), 404, "NOT_FOUND");
  ExpectError(b->PostJson(path + "/handoff", {{"to", "agent-b"}, {"reason", "grab"}}), 404,
              "NOT_FOUND");
  EXPECT_EQ(Body(b->Get("/workspaces"))["workspaces"].size(), 0u);
  EXPECT_EQ(Body(admin().Get("/workspaces?owner=agent-a"))["workspaces"].size(), 1u);

  auto saved =
      a->PostJson(path + "/searches", {{"name", "chicago"},
                                       {"kind", "sql"},
                                       {"sql",
                                        "SELECT id, name, email FROM people WHERE city = 'Chicago' "
                                        "ORDER BY id"}});
  ASSERT_EQ(saved->status, 201) << saved->body;
  auto ran = a->PostJson(path + "/searches/chicago/run", Json::object());
  ASSERT_EQ(ran->status, 200) << ran->body;
  EXPECT_EQ(Body(ran)["row_count"], 2);
  EXPECT_EQ(Body(ran)["ran_by"], "agent-a");
  EXPECT_EQ(ran->body.find("@example"), std::string::npos) << "masked for the agent";
  auto as_admin = admin().PostJson(path + "/searches/chicago/run", Json::object());
  EXPECT_NE(as_admin->body.find("ann@example.com"), std::string::npos) << as_admin->body;
  auto listed = a->PostJson(path + "/shortlist",
                            {{"dataset", "people"}, {"key", 1}, {"note", "ICU, nights"}});
  ASSERT_EQ(listed->status, 201) << listed->body;

  auto handed = a->PostJson(path + "/handoff", {{"to", "agent-b"}, {"reason", "end of shift"}});
  ASSERT_EQ(handed->status, 200) << handed->body;
  EXPECT_EQ(Body(handed)["owner_chain"], Json::array({"agent-a", "agent-b"}));
  auto renamed = b->Send(HttpMethod::kPatch, path, DumpJson({{"name", "Lakeshore ICU (b)"}}),
                         "application/json");
  EXPECT_EQ(renamed->status, 200) << renamed->body;
  ExpectError(a->Send(HttpMethod::kPatch, path, DumpJson({{"name", "back"}}), "application/json"),
              403, "PERMISSION_DENIED");
  EXPECT_EQ(a->Get(path)->status, 200);  // the previous owner still reads it

  // Bad input: a 4xx in the error shape, and nothing changes.
  const Json before = Body(b->Get(path));
  const size_t activity_before = Body(b->Get(path + "/activity"))["activity"].size();
  auto post = [&](const std::string& p, const std::string& body) {
    return b->Send(HttpMethod::kPost, p, body, "application/json");
  };
  ExpectError(post("/workspaces", "{"), 400, "INVALID_ARGUMENT");
  ExpectError(post("/workspaces", "[]"), 400, "INVALID_ARGUMENT");
  ExpectError(post("/workspaces", R"({"name":"x","tier":"yearly"})"), 400, "INVALID_ARGUMENT");
  ExpectError(post("/workspaces", R"({"name":"x","tier":"daily","colour":"red"})"), 400,
              "INVALID_ARGUMENT");
  ExpectError(post("/workspaces", R"({"name":"","tier":"daily"})"), 400, "INVALID_ARGUMENT");
  ExpectError(post("/workspaces", R"({"name":"x","tier":"daily","owner":"agent-a"})"), 403,
              "PERMISSION_DENIED");
  ExpectError(post(path + "/searches", R"({"name":"x","kind":"shell","sql":"ls"})"), 400,
              "INVALID_ARGUMENT");
  ExpectError(post(path + "/searches", R"({"name":"../x","kind":"sql","sql":"SELECT 1"})"), 400,
              "INVALID_ARGUMENT");
  ExpectError(post(path + "/searches", R"({"name":"w","kind":"sql","sql":"DROP TABLE people"})"),
              403, "PERMISSION_DENIED");
  ExpectError(post(path + "/searches", R"({"name":"chicago","kind":"sql","sql":"SELECT 1"})"), 409,
              "CONFLICT");
  ExpectError(post(path + "/searches/nope/run", "{}"), 404, "NOT_FOUND");
  ExpectError(post(path + "/handoff", R"({"to":"agent-c"})"), 400, "INVALID_ARGUMENT");
  ExpectError(post(path + "/handoff", R"({"to":"agent-b","reason":"self"})"), 400,
              "INVALID_ARGUMENT");
  ExpectError(post(path + "/shortlist", R"({"dataset":"people","key":{"id":1}})"), 400,
              "INVALID_ARGUMENT");
  ExpectError(post(path + "/shortlist", R"({"dataset":"people","key":1})"), 409, "CONFLICT");
  ExpectError(post(path + "/shortlist", R"({"dataset":"secrets","key":1})"), 404, "NOT_FOUND");
  ExpectError(b->Send(HttpMethod::kPatch, path, "{}", "application/json"), 400, "INVALID_ARGUMENT");
  ExpectError(b->Get(path + "/activity?limit=0"), 400, "INVALID_ARGUMENT");
  ExpectError(b->Get("/workspaces?state=gone"), 400, "INVALID_ARGUMENT");
  ExpectError(b->Get("/workspaces/not-a-workspace"), 404, "NOT_FOUND");
  EXPECT_EQ(Body(b->Get(path)), before);
  EXPECT_EQ(Body(b->Get(path + "/activity"))["activity"].size(), activity_before);

  Json log = Body(b->Get(path + "/activity"));
  std::vector<std::string> lines;
  for (const Json& line : log["activity"]) {
    lines.push_back(line["action"].get<std::string>() + " by " +
                    line["principal"].get<std::string>());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"updated by agent-b", "handoff by agent-a",
                                             "shortlist_added by agent-a",
                                             "search_run by config-key-1", "search_run by agent-a",
                                             "search_saved by agent-a", "created by agent-a"}));

  ASSERT_TRUE(server_->Restart().ok());
  auto b2 = server_->ClientWithKey(key_b_);
  Json after = Body(b2->Get(path));
  EXPECT_EQ(after, before);
  EXPECT_EQ(after["owner"], "agent-b");
  EXPECT_EQ(after["shortlist"][0]["note"], "ICU, nights");
  EXPECT_EQ(Body(b2->Get(path + "/activity"))["activity"], log["activity"]);
  auto again = b2->PostJson(path + "/searches/chicago/run", Json::object());
  EXPECT_EQ(again->status, 200) << again->body;
  ExpectError(
      server_->ClientWithKey(key_a_)->Send(HttpMethod::kDelete, path, "", "application/json"), 403,
      "PERMISSION_DENIED");
  EXPECT_EQ(b2->Send(HttpMethod::kDelete, path, "", "application/json")->status, 200);
  ExpectError(b2->Get(path), 404, "NOT_FOUND");
}

TEST_F(WorkspacesE2E, TheCliDrivesAWorkspace) {
  const std::string as_a = " --server " + server_->base_url() + " --api-key " + key_a_;
  const std::string as_b = " --server " + server_->base_url() + " --api-key " + key_b_;
  auto [create_code, created] =
      testing::RunCli("workspaces create \"ICU nurses\" --tier daily --json" + as_a);
  ASSERT_EQ(create_code, 0) << created;
  Result<Json> parsed = ParseJson(created);
  ASSERT_TRUE(parsed.ok()) << created;
  const std::string id = (*parsed)["id"];
  auto [save_code, saved] = testing::RunCli(
      "workspaces save-search " + id +
      " chicago --sql \"SELECT name, email FROM people WHERE city = 'Chicago' ORDER BY id\"" +
      as_a);
  EXPECT_EQ(save_code, 0) << saved;
  auto [run_code, ran] = testing::RunCli("workspaces run " + id + " chicago" + as_a);
  EXPECT_EQ(run_code, 0) << ran;
  EXPECT_NE(ran.find("ann"), std::string::npos) << ran;
  EXPECT_EQ(ran.find("@example"), std::string::npos) << ran;
  auto [add_code, added] = testing::RunCli("workspaces shortlist add " + id +
                                           " --dataset people --key 3 --note \"nights\"" + as_a);
  EXPECT_EQ(add_code, 0) << added;
  auto [hidden_code, hidden] = testing::RunCli("workspaces show " + id + as_b);
  EXPECT_EQ(hidden_code, 1) << hidden;
  EXPECT_NE(hidden.find("404"), std::string::npos) << hidden;
  auto [handoff_code, handed] = testing::RunCli("workspaces handoff " + id +
                                                " --to agent-b --reason \"shift change\"" + as_a);
  EXPECT_EQ(handoff_code, 0) << handed;
  EXPECT_NE(handed.find("handed to agent-b"), std::string::npos) << handed;
  auto [show_code, shown] = testing::RunCli("workspaces show " + id + as_b);
  EXPECT_EQ(show_code, 0) << shown;
  EXPECT_NE(shown.find("nights"), std::string::npos) << shown;
  EXPECT_NE(shown.find("shift change"), std::string::npos) << shown;
  auto [list_code, listed] = testing::RunCli("workspaces list" + as_b);
  EXPECT_EQ(list_code, 0) << listed;
  EXPECT_NE(listed.find("ICU nurses"), std::string::npos) << listed;
  auto [log_code, log] = testing::RunCli("workspaces activity " + id + as_b);
  EXPECT_EQ(log_code, 0) << log;
  EXPECT_NE(log.find("handoff"), std::string::npos) << log;
  auto [refused_code, refused] =
      testing::RunCli("workspaces update " + id + " --tier pinned" + as_a);
  EXPECT_EQ(refused_code, 1) << refused;
  auto [bad_code, bad] = testing::RunCli("workspaces save-search " + id + " x" + as_b);
  EXPECT_EQ(bad_code, 2) << bad;  // no --sql/--tool/--index
}

// The official MCP SDK client (tests/mcp/mcp_workspace_client.mjs) drives the workspace tools as
// agent-a, hands the workspace to agent-b and reads it as a resource as agent-b.
TEST_F(WorkspacesE2E, TheOfficialMcpSdkClientUsesWorkspaces) {
  const std::string modules = std::string(LAKEHOUSE_MCP_CLIENT_DIR) + "/node_modules";
  if (std::system("node --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node is not installed: cannot run the MCP SDK client (scripts/setup.sh)";
  }
  if (!std::filesystem::exists(modules + "/@modelcontextprotocol/sdk/package.json")) {
    GTEST_SKIP() << "the MCP SDK is not installed in " << modules << " (scripts/setup.sh)";
  }
  const std::string command = "node '" + std::string(LAKEHOUSE_MCP_TESTS_DIR) +
                              "/mcp_workspace_client.mjs' '" + modules + "' '" +
                              server_->base_url() + "' '" + key_a_ + "' '" + key_b_ + "'";
  const ShellOutput run = RunShell(command);
  ASSERT_EQ(run.exit_code, 0) << run.Both();
  Result<Json> parsed = ParseJson(run.out.substr(0, run.out.find('\n')));
  ASSERT_TRUE(parsed.ok()) << run.Both();
  const Json& out = *parsed;
  ASSERT_EQ(out["ok"], true) << out.dump(2);
  for (const char* tool : {"workspace_list", "workspace_create", "workspace_get",
                           "workspace_save_search", "workspace_run_search",
                           "workspace_shortlist_add", "workspace_handoff", "workspace_activity"}) {
    EXPECT_NE(std::find(out["tools"].begin(), out["tools"].end(), tool), out["tools"].end())
        << tool;
  }
  EXPECT_EQ(out["created"]["owner"], "agent-a");
  EXPECT_EQ(out["run"]["row_count"], 2);
  EXPECT_EQ(out["run_text"].get<std::string>().find("@example"), std::string::npos);
  EXPECT_EQ(out["hidden_from_b"], true) << out.dump(2);
  EXPECT_EQ(out["handoff"]["owner_chain"], Json::array({"agent-a", "agent-b"}));
  EXPECT_EQ(out["b_resource"]["owner"], "agent-b");
  EXPECT_EQ(out["b_resource"]["shortlist"].size(), 1u);
  EXPECT_EQ(out["b_listed_uri"], true);
  EXPECT_EQ(out["a_refused"], true) << out.dump(2);
  EXPECT_EQ(out["activity"][0], "handoff");
  const std::string id = out["created"]["id"];
  Json log = Body(admin().Get("/workspaces/" + id + "/activity"));
  EXPECT_EQ(log["activity"][2]["detail"]["via"], "mcp") << log.dump();
}

}  // namespace
}  // namespace lakehouse
