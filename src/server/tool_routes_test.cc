// The tool registry and the MCP server through their route handlers, in process (issue 21): the
// real server, data ingested over HTTP as the dev-mode admin, then /tools and /mcp called with a
// restricted AccessPolicy on the request (what authentication sets). Definition-time validation,
// bound parameters, masking under policy, roles, the audit trail, search tools with bound
// filters, TOML tool files, restarts, and the MCP methods.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "access/access_policy.h"
#include "config/config.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"
#include "tests/support/fake_llm_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const AccessPolicy> Policy(std::string name, std::vector<std::string> roles,
                                           std::vector<Grant> grants) {
  auto principal = std::make_shared<Principal>();
  principal->name = std::move(name);
  principal->roles = std::move(roles);
  return std::make_shared<AccessPolicy>(std::move(principal), false, std::move(grants));
}

Grant ReadGrant(std::string target, Sensitivity clearance, std::string row_filter = "") {
  Grant grant;
  grant.target = std::move(target);
  grant.max_unmasked = clearance;
  grant.row_filter = std::move(row_filter);
  return grant;
}

struct Answer {
  int status = 0;
  Json body;
  std::string code() const {
    return body.contains("error") && body["error"].is_object() ? body["error"].value("code", "")
                                                               : "";
  }
};

Json CandidatesByCity() {
  return {
      {"name", "by_city"},
      {"description", "candidates in a city"},
      {"sql", "SELECT id, name, email, city FROM people WHERE city = $city ORDER BY {{order_by}}"},
      {"parameters",
       {{"city", {{"type", "string"}, {"required", true}}},
        {"order_by", {{"type", "string"}, {"enum", {"id", "name"}}, {"default", "id"}}}}}};
}

class ToolRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StartServer();
    Ingest("people", {{{"id", 1},
                       {"name", "ann"},
                       {"email", "ann@example.com"},
                       {"ssn", "111-22-3333"},
                       {"city", "Chicago"},
                       {"bio", "java developer in chicago"}},
                      {{"id", 2},
                       {"name", "bob"},
                       {"email", "bob@example.org"},
                       {"ssn", "222-33-4444"},
                       {"city", "Boston"},
                       {"bio", "java developer in boston"}},
                      {{"id", 3},
                       {"name", "cy"},
                       {"email", "cy@example.net"},
                       {"ssn", "333-44-5555"},
                       {"city", "Chicago"},
                       {"bio", "nurse in chicago"}}});
    Ingest("secrets", {{{"id", 1}, {"note", "top secret"}}});
    Admin(HttpMethod::kPatch, "/catalog/datasets/by-name/people/metadata",
          {{"columns",
            {{"email", {{"sensitivity", "confidential"}}},
             {"ssn", {{"sensitivity", "restricted"}}},
             {"bio", {{"sensitivity", "public"}}},
             {"name", {{"sensitivity", "public"}}},
             {"city", {{"sensitivity", "public"}}},
             {"id", {{"sensitivity", "public"}}}}}});
    Admin(HttpMethod::kPut, "/access/column-policies",
          {{"dataset", "people"}, {"column", "ssn"}, {"redaction", "deny"}});
  }
  void TearDown() override { StopServer(); }

  void StartServer() {
    Config config;
    config.data_dir = dir_.path();
    config.server.port = 0;
    config.log.level = "warn";
    if (generator_ != nullptr) {
      config.ai.ollama_url = generator_->url();
      config.ai.generate_model = "ollama/llama3.2";
    }
    auto server = LakehouseServer::Create(config);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    auto client = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    ASSERT_TRUE(client.ok());
    client_ = std::move(*client);
  }
  void StopServer() {
    client_.reset();
    if (server_) server_->Stop(2s);
    server_.reset();
  }

  void Ingest(const std::string& dataset, const Json& rows) {
    std::string ndjson;
    for (const Json& row : rows) ndjson += DumpJson(row) + "\n";
    std::vector<MultipartItem> items = {{"dataset", dataset, "", "", ""},
                                        {"key", "id", "", "", ""},
                                        {"file", ndjson, "rows.ndjson", "", ""}};
    auto r = client_->PostMultipart("/ingest/file", items);
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  }

  Json Admin(HttpMethod method, const std::string& path, const Json& body) {
    auto r = client_->Send(method, path, DumpJson(body), "application/json");
    EXPECT_TRUE(r.ok() && r->status / 100 == 2)
        << path << ": " << (r.ok() ? r->body : r.status().ToString());
    return r.ok() ? r->JsonBody().value_or(Json()) : Json();
  }

  // The route's handler called as `policy`.
  Answer As(const std::shared_ptr<const AccessPolicy>& policy, HttpMethod method, std::string path,
            const Json& body = Json(), const HttpHeaders& headers = {}) {
    HttpRequest request;
    request.method = method;
    if (size_t q = path.find('?'); q != std::string::npos) {
      std::string query = path.substr(q + 1);
      path.resize(q);
      size_t eq = query.find('=');
      request.query.emplace(query.substr(0, eq), query.substr(eq + 1));
    }
    RouteTable::Match match = server_->routes().Find(method, path);
    EXPECT_NE(match.route, nullptr) << path;
    if (match.route == nullptr) return {};
    request.path = path;
    request.path_params = match.params;
    request.headers = headers;
    if (!body.is_null()) request.body = DumpJson(body);
    request.policy = policy;
    Result<HttpResponse> response = match.route->handler(request);
    if (!response.ok()) {
      return {0, Json{{"error",
                       {{"code", StatusCodeName(response.status().code())},
                        {"message", response.status().message()}}}}};
    }
    Result<Json> parsed = ParseJson(response->body);
    return {response->status, parsed.ok() ? *parsed : Json(response->body)};
  }

  Answer Call(const std::shared_ptr<const AccessPolicy>& policy, const std::string& tool,
              const Json& arguments) {
    return As(policy, HttpMethod::kPost, "/tools/" + tool + "/call", {{"arguments", arguments}});
  }

  Json Mcp(const std::shared_ptr<const AccessPolicy>& policy, const std::string& method,
           const Json& params = Json::object()) {
    Answer a = As(policy, HttpMethod::kPost, "/mcp",
                  {{"jsonrpc", "2.0"}, {"id", ++mcp_id_}, {"method", method}, {"params", params}});
    EXPECT_EQ(a.status, 200) << a.body.dump();
    EXPECT_EQ(a.body["id"], mcp_id_);
    return a.body;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::FakeLlmServer> generator_;  // set before StartServer: the generator
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
  int mcp_id_ = 0;
  std::shared_ptr<const AccessPolicy> admin_ = AccessPolicy::DevMode();
  // Internal clearance: e-mail (confidential) masked, ssn denied; every person.
  std::shared_ptr<const AccessPolicy> analyst_ =
      Policy("ann-analyst", {"analyst"}, {ReadGrant("people", Sensitivity::kInternal)});
  // Only Chicago rows, public clearance.
  std::shared_ptr<const AccessPolicy> agent_ =
      Policy("agent-7", {"agent"}, {ReadGrant("people", Sensitivity::kPublic, "city = 'Chicago'")});
};

TEST_F(ToolRoutesTest, DefinitionIsValidatedAgainstTheSchema) {
  Answer created = As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity());
  ASSERT_EQ(created.status, 201) << created.body.dump();
  EXPECT_EQ(created.body["datasets"], Json::array({"people"}));
  EXPECT_EQ(created.body["input_schema"]["required"], Json::array({"city"}));
  EXPECT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).code(), "CONFLICT");

  auto refused = [&](Json tool, const std::string& mentions) {
    Answer a = As(admin_, HttpMethod::kPost, "/tools", tool);
    EXPECT_EQ(a.code(), "INVALID_ARGUMENT") << tool.dump() << " → " << a.body.dump();
    EXPECT_NE(a.body.dump().find(mentions), std::string::npos) << a.body.dump();
  };
  Json t = CandidatesByCity();
  t["name"] = "misspelt";
  t["sql"] = "SELECT nmae FROM people WHERE city = $city";
  refused(t, "nmae");
  t["sql"] = "SELECT * FROM nowhere WHERE city = $city";
  refused(t, "nowhere");
  // A string parameter meeting an integer column: refused at definition.
  t["sql"] = "SELECT * FROM people WHERE id = $city";
  refused(t, "Conversion");
  t["sql"] = "SELECT * FROM people WHERE city = $town";
  refused(t, "$town");
  t["sql"] = "DELETE FROM people WHERE city = $city";
  refused(t, "");
  t = CandidatesByCity();
  t["name"] = "bad_default";
  t["parameters"]["order_by"]["default"] = "salary";
  refused(t, "must be one of");
  EXPECT_EQ(As(admin_, HttpMethod::kPost, "/tools", {{"name", "x"}, {"description", "d"}}).code(),
            "INVALID_ARGUMENT");
  // Only admins define tools.
  t = CandidatesByCity();
  t["name"] = "by_city2";
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/tools", t).code(), "PERMISSION_DENIED");
  Json listed = As(admin_, HttpMethod::kGet, "/tools").body;
  ASSERT_EQ(listed["tools"].size(), 1u) << listed.dump();
}

TEST_F(ToolRoutesTest, CallsBindValuesAndInjectionStaysData) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  Answer chicago = Call(admin_, "by_city", {{"city", "Chicago"}, {"order_by", "name"}});
  ASSERT_EQ(chicago.status, 200) << chicago.body.dump();
  EXPECT_EQ(chicago.body["row_count"], 2);
  EXPECT_EQ(chicago.body["rows"][0][1], "ann");
  EXPECT_EQ(chicago.body["fingerprint"].get<std::string>().size(), 64u);
  for (const std::string attack :
       {"Chicago' OR '1'='1", "x'; DROP TABLE people; --", "') UNION SELECT 1,'a','b','c' --"}) {
    Answer a = Call(admin_, "by_city", {{"city", attack}});
    ASSERT_EQ(a.status, 200) << a.body.dump();
    EXPECT_EQ(a.body["row_count"], 0) << attack;
  }
  EXPECT_EQ(Call(admin_, "by_city", {{"city", "Boston"}}).body["row_count"], 1);  // still there
  EXPECT_EQ(Call(admin_, "by_city", {{"city", "x"}, {"order_by", "ssn"}}).code(),
            "INVALID_ARGUMENT");
  EXPECT_EQ(Call(admin_, "by_city", Json::object()).code(), "INVALID_ARGUMENT");
  EXPECT_EQ(Call(admin_, "by_city", {{"city", 3}}).code(), "INVALID_ARGUMENT");
  EXPECT_EQ(Call(admin_, "nope", Json::object()).code(), "NOT_FOUND");
}

TEST_F(ToolRoutesTest, ACallRunsUnderTheCallersPolicyAndNeverShowsAMaskedColumn) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  Answer raw = Call(admin_, "by_city", {{"city", "Chicago"}});
  EXPECT_EQ(raw.body["rows"][0][2], "ann@example.com");
  Answer masked = Call(analyst_, "by_city", {{"city", "Chicago"}});
  ASSERT_EQ(masked.status, 200) << masked.body.dump();
  ASSERT_EQ(masked.body["row_count"], 2);
  for (const Json& row : masked.body["rows"]) {
    EXPECT_EQ(row[2].get<std::string>().find("@example"), std::string::npos) << row.dump();
  }
  // Row filters apply: the agent sees Chicago only, and its e-mails (above public) masked.
  EXPECT_EQ(Call(agent_, "by_city", {{"city", "Boston"}}).body["row_count"], 0);
  Answer agent = Call(agent_, "by_city", {{"city", "Chicago"}});
  ASSERT_EQ(agent.body["row_count"], 2) << agent.body.dump();
  EXPECT_EQ(agent.body["rows"][0][2].dump().find("ann@"), std::string::npos);
  // A tool over a denied column answers an error for the restricted caller, never the value.
  Json ssn = {{"name", "ssn_of"},
              {"description", "d"},
              {"sql", "SELECT ssn FROM people WHERE id = $id"},
              {"parameters", {{"id", {{"type", "integer"}, {"required", true}}}}}};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", ssn).status, 201);
  EXPECT_EQ(Call(admin_, "ssn_of", {{"id", 1}}).body["rows"][0][0], "111-22-3333");
  Answer denied = Call(analyst_, "ssn_of", {{"id", 1}});
  EXPECT_NE(denied.status, 200);
  EXPECT_EQ(denied.body.dump().find("111-22"), std::string::npos) << denied.body.dump();
  // A tool over a dataset the caller is not granted: no rows leak either.
  Json secret = {{"name", "secret_notes"}, {"description", "d"}, {"sql", "SELECT * FROM secrets"}};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", secret).status, 201);
  EXPECT_EQ(Call(analyst_, "secret_notes", Json::object()).body.dump().find("top secret"),
            std::string::npos);
}

TEST_F(ToolRoutesTest, RolesAndPermissionDecideWhoMayCall) {
  Json t = CandidatesByCity();
  t["roles"] = {"recruiter"};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", t).status, 201);
  Json admin_only = {{"name", "admin_only"},
                     {"description", "d"},
                     {"sql", "SELECT count(*) AS n FROM people"},
                     {"permission", "admin"}};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", admin_only).status, 201);
  auto recruiter = Policy("rita", {"recruiter"}, {ReadGrant("people", Sensitivity::kConfidential)});
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/tools").body["tools"].size(), 0u);
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/tools/by_city").code(), "NOT_FOUND");
  EXPECT_EQ(Call(analyst_, "by_city", {{"city", "Chicago"}}).code(), "NOT_FOUND");
  EXPECT_EQ(Call(analyst_, "admin_only", Json::object()).code(), "NOT_FOUND");
  Json mine = As(recruiter, HttpMethod::kGet, "/tools").body;
  ASSERT_EQ(mine["tools"].size(), 1u) << mine.dump();
  Answer ok = Call(recruiter, "by_city", {{"city", "Chicago"}});
  EXPECT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["rows"][0][2], "ann@example.com");  // confidential clearance
  EXPECT_EQ(Call(admin_, "admin_only", Json::object()).body["rows"][0][0], 3);
}

// The result shape: a SQL tool's declared columns must be the statement's (checked at
// definition), its max_rows caps the rows (truncated says so); a `write` tool needs write
// permission on the datasets it reads.
TEST_F(ToolRoutesTest, ResultShapeIsCheckedAndCappedAndWriteToolsNeedWrite) {
  Json shaped = {{"name", "everyone"},
                 {"description", "every person, by id"},
                 {"sql", "SELECT id, name, city FROM people ORDER BY id"},
                 {"columns", {"id", "name"}},
                 {"max_rows", 2}};
  Json wrong = shaped;
  wrong["columns"] = {"id", "salary"};
  Answer refused = As(admin_, HttpMethod::kPost, "/tools", wrong);
  EXPECT_EQ(refused.code(), "INVALID_ARGUMENT") << refused.body.dump();
  EXPECT_NE(refused.body.dump().find("salary"), std::string::npos) << refused.body.dump();
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", shaped).status, 201);
  Answer capped = Call(analyst_, "everyone", Json::object());
  ASSERT_EQ(capped.status, 200) << capped.body.dump();
  EXPECT_EQ(capped.body["row_count"], 2);
  EXPECT_EQ(capped.body["truncated"], true);
  EXPECT_EQ(capped.body["rows"][1][1], "bob");

  Json write = {{"name", "recount"},
                {"description", "people per city, for those who maintain them"},
                {"sql", "SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY city"},
                {"permission", "write"}};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", write).status, 201);
  EXPECT_EQ(Call(analyst_, "recount", Json::object()).code(), "PERMISSION_DENIED");
  Grant writes = ReadGrant("people", Sensitivity::kInternal);
  writes.permission = Permission::kWrite;
  Answer ok = Call(Policy("wes-writer", {"writer"}, {writes}), "recount", Json::object());
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_EQ(ok.body["rows"], Json::parse(R"([["Boston",1],["Chicago",2]])"));
}

TEST_F(ToolRoutesTest, EveryCallIsAudited) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  Call(analyst_, "by_city", {{"city", "Chicago"}});
  Call(analyst_, "by_city", {{"city", "Chicago"}, {"order_by", "bogus"}});
  Call(admin_, "by_city", {{"city", "Boston"}});
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/tools/audit").code(), "PERMISSION_DENIED");
  Json calls = As(admin_, HttpMethod::kGet, "/tools/audit").body["calls"];
  ASSERT_EQ(calls.size(), 3u) << calls.dump();
  EXPECT_EQ(calls[0]["principal"], "dev");  // newest first
  EXPECT_EQ(calls[0]["arguments"], (Json{{"city", "Boston"}, {"order_by", "id"}}));
  EXPECT_EQ(calls[0]["row_count"], 1);
  EXPECT_EQ(calls[1]["status"], "INVALID_ARGUMENT");
  EXPECT_EQ(calls[1]["row_count"], nullptr);
  EXPECT_EQ(calls[2]["principal"], "ann-analyst");
  EXPECT_EQ(calls[2]["row_count"], 2);
  EXPECT_EQ(calls[2]["fingerprint"].get<std::string>().size(), 64u);
  EXPECT_EQ(calls[2]["via"], "http");
  Json mine = As(admin_, HttpMethod::kGet, "/tools/audit?principal=ann-analyst").body["calls"];
  EXPECT_EQ(mine.size(), 2u);
}

// The subject audit (issue 20) names tool calls among the reads that returned a subject: a SQL
// tool's rows of a keyed dataset and a search tool's hits, like /query/sql and /vectors/search.
TEST_F(ToolRoutesTest, ToolResultsAreSubjectReads) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  ASSERT_EQ(Call(analyst_, "by_city", {{"city", "Boston"}}).status, 200);
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  Json search = {{"name", "nurses"},
                 {"description", "people like a text"},
                 {"kind", "search"},
                 {"index", "people_bio"},
                 {"query_param", "text"},
                 {"max_rows", 1},
                 {"parameters", {{"text", {{"type", "string"}, {"required", true}}}}}};
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", search).status, 201);
  Answer nurse = Call(agent_, "nurses", {{"text", "nurse in chicago"}});
  ASSERT_EQ(nurse.status, 200) << nurse.body.dump();
  ASSERT_EQ(nurse.body["rows"].size(), 1u);
  const std::string hit = nurse.body["rows"][0][0].get<std::string>();

  auto tool_reads = [&](const std::string& key) {
    Answer subject = As(admin_, HttpMethod::kGet, "/audit/subject/people/" + key);
    EXPECT_EQ(subject.status, 200) << subject.body.dump();
    std::vector<std::string> principals;
    for (const Json& read : subject.body["reads"]) {
      if (read["operation"] == "callTool") principals.push_back(read["principal"]);
    }
    return principals;
  };
  EXPECT_EQ(tool_reads("2"), std::vector<std::string>{"ann-analyst"});  // Boston
  EXPECT_EQ(tool_reads(hit), std::vector<std::string>{"agent-7"});
  EXPECT_TRUE(tool_reads("42").empty());
}

TEST_F(ToolRoutesTest, SearchToolsBindTheirFilters) {
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  Json tool = {
      {"name", "similar_people"},
      {"description", "people like a text, in a city"},
      {"kind", "search"},
      {"index", "people_bio"},
      {"query_param", "text"},
      {"filters", {{{"column", "city"}, {"param", "city"}}}},
      {"columns", {"name", "city"}},
      {"max_rows", 5},
      {"parameters",
       {{"text", {{"type", "string"}, {"required", true}}}, {"city", {{"type", "string"}}}}}};
  Answer created = As(admin_, HttpMethod::kPost, "/tools", tool);
  ASSERT_EQ(created.status, 201) << created.body.dump();
  Answer all = Call(admin_, "similar_people", {{"text", "java developer"}});
  ASSERT_EQ(all.status, 200) << all.body.dump();
  EXPECT_EQ(all.body["row_count"], 3);
  Answer chicago =
      Call(admin_, "similar_people", {{"text", "java developer"}, {"city", "Chicago"}});
  ASSERT_EQ(chicago.status, 200) << chicago.body.dump();
  ASSERT_EQ(chicago.body["row_count"], 2);
  for (const Json& row : chicago.body["rows"]) EXPECT_EQ(row[4], "Chicago") << row.dump();
  Answer attack = Call(admin_, "similar_people", {{"text", "java"}, {"city", "x' OR '1'='1"}});
  ASSERT_EQ(attack.status, 200) << attack.body.dump();
  EXPECT_EQ(attack.body["row_count"], 0);
  // Under the agent's policy only its rows (Chicago) are hits.
  Answer agent = Call(agent_, "similar_people", {{"text", "java developer"}});
  ASSERT_EQ(agent.status, 200) << agent.body.dump();
  EXPECT_EQ(agent.body["row_count"], 2);
  tool["name"] = "bad_filter";
  tool["filters"] = {{{"column", "town"}, {"param", "city"}}};
  EXPECT_EQ(As(admin_, HttpMethod::kPost, "/tools", tool).code(), "INVALID_ARGUMENT");
}

TEST_F(ToolRoutesTest, TomlFilesAndApiToolsSurviveARestart) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  StopServer();
  std::filesystem::create_directories(dir_.path() + "/tools");
  std::ofstream(dir_.path() + "/tools/count.toml") << R"(
name = "count_people"
description = "how many people live in a city"
sql = "SELECT count(*) AS n FROM people WHERE city = $city"
max_rows = 1

[parameters.city]
type = "string"
default = "Chicago"
)";
  std::ofstream(dir_.path() + "/tools/broken.toml") << "name = \"broken\"\nsql = \"SELECT\"\n";
  StartServer();
  Json tools = As(admin_, HttpMethod::kGet, "/tools").body["tools"];
  ASSERT_EQ(tools.size(), 2u) << tools.dump();
  EXPECT_EQ(tools[0]["name"], "by_city");
  EXPECT_EQ(tools[1]["name"], "count_people");
  EXPECT_EQ(tools[1]["source"], "file:count.toml");
  EXPECT_EQ(Call(admin_, "count_people", Json::object()).body["rows"][0][0], 2);
  EXPECT_EQ(Call(analyst_, "by_city", {{"city", "Boston"}}).body["row_count"], 1);
}

TEST_F(ToolRoutesTest, McpNegotiatesVersionsAndAnswersPing) {
  for (const std::string version : {"2025-11-25", "2025-06-18", "2025-03-26"}) {
    Json init = Mcp(analyst_, "initialize",
                    {{"protocolVersion", version},
                     {"capabilities", Json::object()},
                     {"clientInfo", {{"name", "t"}, {"version", "1"}}}});
    EXPECT_EQ(init["result"]["protocolVersion"], version);
    EXPECT_TRUE(init["result"]["capabilities"].contains("tools"));
    EXPECT_TRUE(init["result"]["capabilities"].contains("resources"));
    EXPECT_EQ(init["result"]["serverInfo"]["name"], "lakehouse");
  }
  EXPECT_EQ(
      Mcp(analyst_, "initialize", {{"protocolVersion", "1999-01-01"}})["result"]["protocolVersion"],
      "2025-11-25");
  EXPECT_EQ(Mcp(analyst_, "ping")["result"], Json::object());
  EXPECT_EQ(Mcp(analyst_, "no/such")["error"]["code"], -32601);
  Answer note = As(analyst_, HttpMethod::kPost, "/mcp",
                   {{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
  EXPECT_EQ(note.status, 202);
  Json ping = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "ping"}};
  EXPECT_EQ(
      As(analyst_, HttpMethod::kPost, "/mcp", ping, {{"Origin", "http://evil.example"}}).code(),
      "PERMISSION_DENIED");
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/mcp", ping,
               {{"Origin", "http://localhost:3000"}, {"MCP-Protocol-Version", "2025-11-25"}})
                .status,
            200);
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/mcp", ping,
               {{"Origin", "https://lake.example:8443"}, {"Host", "lake.example:8443"}})
                .status,
            200);
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/mcp", ping, {{"MCP-Protocol-Version", "1.0"}}).code(),
            "INVALID_ARGUMENT");
}

TEST_F(ToolRoutesTest, McpToolsRunUnderPolicy) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  Json tools = Mcp(analyst_, "tools/list")["result"]["tools"];
  std::set<std::string> names;
  for (const Json& t : tools) {
    names.insert(t["name"].get<std::string>());
    EXPECT_EQ(t["inputSchema"]["type"], "object");
    // The SDK client refuses a tool list whose schema has no properties object.
    EXPECT_TRUE(t["inputSchema"]["properties"].is_object()) << t.dump();
  }
  EXPECT_EQ(names, (std::set<std::string>{
                       "sql_query", "vector_search", "ask", "list_datasets", "describe_dataset",
                       "by_city", "workspace_list", "workspace_create", "workspace_get",
                       "workspace_save_search", "workspace_run_search", "workspace_shortlist_add",
                       "workspace_handoff", "workspace_activity"}));
  Json called = Mcp(analyst_, "tools/call",
                    {{"name", "by_city"}, {"arguments", {{"city", "Chicago"}}}})["result"];
  EXPECT_EQ(called["isError"], false);
  EXPECT_EQ(called["structuredContent"]["row_count"], 2);
  EXPECT_EQ(called["content"][0]["text"].get<std::string>().find("@example.com"),
            std::string::npos);
  Json sql = Mcp(analyst_, "tools/call",
                 {{"name", "sql_query"},
                  {"arguments", {{"sql", "SELECT email FROM people ORDER BY id"}}}})["result"];
  EXPECT_EQ(sql["isError"], false) << sql.dump();
  EXPECT_EQ(sql["content"][0]["text"].get<std::string>().find("ann@example.com"),
            std::string::npos);
  Json write = Mcp(analyst_, "tools/call",
                   {{"name", "sql_query"}, {"arguments", {{"sql", "DELETE FROM people"}}}});
  EXPECT_EQ(write["result"]["isError"], true);
  Json hidden = Mcp(analyst_, "tools/call",
                    {{"name", "sql_query"}, {"arguments", {{"sql", "SELECT * FROM secrets"}}}});
  EXPECT_EQ(hidden["result"]["isError"], true);
  Json listed =
      Mcp(analyst_, "tools/call", {{"name", "list_datasets"}})["result"]["structuredContent"];
  ASSERT_EQ(listed["datasets"].size(), 1u);
  EXPECT_EQ(listed["datasets"][0]["name"], "people");
  Json described = Mcp(analyst_, "tools/call",
                       {{"name", "describe_dataset"}, {"arguments", {{"name", "people"}}}});
  EXPECT_EQ(described["result"]["content"][0]["text"].get<std::string>().find("\"ssn\""),
            std::string::npos);
  EXPECT_EQ(Mcp(analyst_, "tools/call", {{"name", "nope"}})["error"]["code"], -32602);
  // Calls through MCP are audited too.
  Json calls = As(admin_, HttpMethod::kGet, "/tools/audit").body["calls"];
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0]["via"], "mcp");
  EXPECT_EQ(calls[0]["principal"], "ann-analyst");
}

// The subject audit (issue 20) counts reads through MCP like their HTTP routes: a registry
// tool's rows, sql_query's rows of a keyed dataset, vector_search's hits and ask's citations.
TEST_F(ToolRoutesTest, McpToolCallsAreSubjectReads) {
  ASSERT_EQ(As(admin_, HttpMethod::kPost, "/tools", CandidatesByCity()).status, 201);
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  auto call = [&](const std::shared_ptr<const AccessPolicy>& policy, const std::string& tool,
                  const Json& arguments) {
    Json answer = Mcp(policy, "tools/call", {{"name", tool}, {"arguments", arguments}});
    EXPECT_EQ(answer["result"]["isError"], false) << answer.dump();
    return answer["result"]["structuredContent"];
  };
  std::map<std::string, std::vector<std::string>> expected;  // key → principals, sorted
  call(analyst_, "by_city", {{"city", "Boston"}});
  expected["2"].push_back("ann-analyst");
  call(analyst_, "sql_query", {{"sql", "SELECT id, name FROM people WHERE id = 1"}});
  expected["1"].push_back("ann-analyst");
  Json search =
      call(agent_, "vector_search", {{"index", "people_bio"}, {"query", "nurse"}, {"k", 1}});
  ASSERT_EQ(search["results"].size(), 1u) << search.dump();
  expected[search["results"][0]["doc_id"].get<std::string>()].push_back("agent-7");
  Json asked = call(admin_, "ask", {{"index", "people_bio"}, {"question", "java"}, {"k", 1}});
  ASSERT_FALSE(asked["citations"].empty()) << asked.dump();
  for (const Json& cited : asked["citations"]) {
    expected[cited["doc_id"].get<std::string>()].push_back("dev");
  }

  auto mcp_reads = [&](const std::string& key) {
    Answer subject = As(admin_, HttpMethod::kGet, "/audit/subject/people/" + key);
    EXPECT_EQ(subject.status, 200) << subject.body.dump();
    std::vector<std::string> principals;
    for (const Json& read : subject.body["reads"]) {
      if (read["operation"] == "mcpMessage") principals.push_back(read["principal"]);
    }
    std::sort(principals.begin(), principals.end());
    return principals;
  };
  for (const char* key : {"1", "2", "3"}) {
    std::sort(expected[key].begin(), expected[key].end());
    EXPECT_EQ(mcp_reads(key), expected[key]) << "key " << key;
  }
  EXPECT_TRUE(mcp_reads("42").empty());
}

// A page of a paged result records the keys it returned, like /query/sql's rows (issue 20's
// subject audit): page 1 of [1, 2 | 3] returned subject 3 and not 1.
TEST_F(ToolRoutesTest, PagesOfPagedResultsAreSubjectReads) {
  Answer started = As(analyst_, HttpMethod::kPost, "/query/paged",
                      {{"sql", "SELECT id, name FROM people ORDER BY id"}, {"page_size", 2}});
  ASSERT_EQ(started.status, 200) << started.body.dump();
  const std::string id = started.body["query_id"].get<std::string>();
  Answer page = As(analyst_, HttpMethod::kGet, "/query/page/" + id + "/1");
  ASSERT_EQ(page.status, 200) << page.body.dump();
  ASSERT_EQ(page.body["rows"], Json::parse(R"([[3, "cy"]])"));
  auto page_reads = [&](const std::string& key) {
    Answer subject = As(admin_, HttpMethod::kGet, "/audit/subject/people/" + key);
    EXPECT_EQ(subject.status, 200) << subject.body.dump();
    std::vector<std::string> principals;
    for (const Json& read : subject.body["reads"]) {
      if (read["operation"] == "getQueryPage") principals.push_back(read["principal"]);
    }
    return principals;
  };
  EXPECT_EQ(page_reads("3"), std::vector<std::string>{"ann-analyst"});
  EXPECT_TRUE(page_reads("1").empty());
}

// A CSV or Parquet export of /query/sql is audited with the datasets it read (issue 20: "every
// request with principal, route, dataset(s) touched").
TEST_F(ToolRoutesTest, ExportsRecordTheDatasetsTheyRead) {
  for (const char* accept : {"text/csv", "application/vnd.apache.parquet"}) {
    const std::string sql = std::string("SELECT id, city FROM people -- ") + accept;
    Answer exported =
        As(analyst_, HttpMethod::kPost, "/query/sql", {{"sql", sql}}, {{"Accept", accept}});
    ASSERT_EQ(exported.status, 200) << exported.body.dump();
    Json requests = As(admin_, HttpMethod::kGet, "/access/audit?dataset=people").body["requests"];
    Json found;
    for (const Json& r : requests) {
      if (r["sql"] == sql) found = r;
    }
    ASSERT_TRUE(found.is_object()) << accept << " " << requests.dump();
    EXPECT_EQ(found["principal"], "ann-analyst");
    EXPECT_EQ(found["datasets"], Json::array({"people"}));
  }
}

TEST_F(ToolRoutesTest, McpResourcesShowWhatThePolicyShows) {
  Json listed = Mcp(analyst_, "resources/list")["result"]["resources"];
  ASSERT_EQ(listed.size(), 1u) << listed.dump();
  EXPECT_EQ(listed[0]["uri"], "lakehouse://datasets/people");
  EXPECT_EQ(Mcp(admin_, "resources/list")["result"]["resources"].size(), 2u);
  Json templates = Mcp(analyst_, "resources/templates/list")["result"]["resourceTemplates"];
  ASSERT_EQ(templates.size(), 3u);  // datasets, indexes, workspaces
  EXPECT_EQ(templates[0]["uriTemplate"], "lakehouse://datasets/{name}");
  Json read = Mcp(analyst_, "resources/read", {{"uri", "lakehouse://datasets/people"}});
  ASSERT_TRUE(read.contains("result")) << read.dump();
  const std::string text = read["result"]["contents"][0]["text"].get<std::string>();
  EXPECT_NE(text.find("\"email\""), std::string::npos);
  EXPECT_EQ(text.find("\"ssn\""), std::string::npos);  // denied: not in the schema shown
  EXPECT_EQ(
      Mcp(analyst_, "resources/read", {{"uri", "lakehouse://datasets/secrets"}})["error"]["code"],
      -32002);
  EXPECT_EQ(Mcp(analyst_, "resources/read", {{"uri", "file:///etc/passwd"}})["error"]["code"],
            -32002);
}

// The built-in search tools over MCP run as the caller: vector_search returns only hits the
// caller's policy shows, ask (RAG) answers from only those as context; the resources carry what
// the issue lists — a dataset's schema with sensitivity and PII, description and freshness, an
// index's definition and freshness — and a hidden dataset's index is not a resource.
TEST_F(ToolRoutesTest, McpSearchAndAskRunUnderPolicyAndResourcesCarrySchemaPiiAndFreshness) {
  StopServer();
  auto generator = testing::FakeLlmServer::Start();
  ASSERT_TRUE(generator.ok()) << generator.status().ToString();
  generator_ = std::move(*generator);
  StartServer();
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  Admin(HttpMethod::kPatch, "/catalog/datasets/by-name/people/metadata",
        {{"description", "people we staff"}});

  auto hits = [&](const std::shared_ptr<const AccessPolicy>& policy) {
    Json r = Mcp(policy, "tools/call",
                 {{"name", "vector_search"},
                  {"arguments", {{"index", "people_bio"}, {"query", "java developer"}}}});
    EXPECT_EQ(r["result"]["isError"], false) << r.dump();
    return r["result"]["content"][0]["text"].get<std::string>();
  };
  const std::string everyone = hits(analyst_);
  EXPECT_NE(everyone.find("boston"), std::string::npos) << everyone;
  const std::string chicago = hits(agent_);  // row filter city = 'Chicago'
  EXPECT_NE(chicago.find("chicago"), std::string::npos) << chicago;
  EXPECT_EQ(chicago.find("boston"), std::string::npos) << chicago;
  EXPECT_EQ(
      Mcp(Policy("nobody", {"agent"}, {ReadGrant("secrets", Sensitivity::kPublic)}), "tools/call",
          {{"name", "vector_search"},
           {"arguments", {{"index", "people_bio"}, {"query", "java"}}}})["result"]["isError"],
      true);

  generator_->SetChatReply("Ann and Cy are the java developers.");
  Json ask = Mcp(agent_, "tools/call",
                 {{"name", "ask"},
                  {"arguments", {{"index", "people_bio"}, {"question", "Who writes java?"}}}});
  ASSERT_EQ(ask["result"]["isError"], false) << ask.dump();
  EXPECT_NE(ask["result"]["content"][0]["text"].get<std::string>().find("Ann and Cy"),
            std::string::npos)
      << ask.dump();
  std::vector<Json> chats = generator_->chat_requests();
  ASSERT_FALSE(chats.empty());
  const std::string prompt = DumpJson(chats.back()["messages"]);
  EXPECT_NE(prompt.find("java developer in chicago"), std::string::npos) << prompt;
  EXPECT_EQ(prompt.find("boston"), std::string::npos) << "a hidden row was context: " << prompt;

  Json dataset =
      ParseJson(Mcp(analyst_, "resources/read",
                    {{"uri", "lakehouse://datasets/people"}})["result"]["contents"][0]["text"]
                    .get<std::string>())
          .value_or(Json());
  EXPECT_EQ(dataset["description"], "people we staff") << dataset.dump();
  EXPECT_TRUE(dataset.contains("updated_at") && dataset.contains("current_version") &&
              dataset.contains("last_ingest_at"))
      << dataset.dump();
  bool email_seen = false;
  for (const Json& column : dataset["columns"]) {
    EXPECT_NE(column["name"], "ssn");
    if (column["name"] != "email") continue;
    email_seen = true;
    EXPECT_EQ(column["sensitivity"], "confidential") << column.dump();
    EXPECT_EQ(column["pii"]["kind"], "email") << column.dump();
  }
  EXPECT_TRUE(email_seen) << dataset.dump();
  Json index =
      ParseJson(Mcp(analyst_, "resources/read",
                    {{"uri", "lakehouse://indexes/people_bio"}})["result"]["contents"][0]["text"]
                    .get<std::string>())
          .value_or(Json());
  EXPECT_EQ(index["dataset"], "people") << index.dump();
  EXPECT_TRUE(index.contains("freshness")) << index.dump();
  EXPECT_EQ(Mcp(Policy("nobody", {"agent"}, {ReadGrant("secrets", Sensitivity::kPublic)}),
                "resources/read", {{"uri", "lakehouse://indexes/people_bio"}})["error"]["code"],
            -32002);
}

}  // namespace
}  // namespace lakehouse
