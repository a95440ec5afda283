// Agent workspaces through their route handlers, in process (issue 21): the real server on a
// ManualClock, data ingested as the dev-mode admin, then /workspaces called with restricted
// AccessPolicies on the request (what authentication sets). Who sees and changes a workspace,
// handoffs and the owner chain, tiers expiring by the clock, saved searches (SQL, tool, vector)
// run under the reader's policy, the shortlist filtered by policy, the activity log, and the
// workspace tools and resources over MCP.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "access/access_policy.h"
#include "config/config.h"
#include "http/http_client.h"
#include "server/lakehouse_server.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kHour = 3'600LL * 1'000'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kStart = 1'796'679'668'000'000;  // Monday 2026-12-07 21:41:08 UTC

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

class WorkspaceRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config;
    config.data_dir = dir_.path();
    config.server.port = 0;
    config.log.level = "warn";
    auto server = LakehouseServer::Create(config, &clock_);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    auto client = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    ASSERT_TRUE(client.ok());
    client_ = std::move(*client);
    Ingest("people", {{{"id", 1},
                       {"name", "ann"},
                       {"email", "ann@example.com"},
                       {"city", "Chicago"},
                       {"bio", "icu nurse in chicago"}},
                      {{"id", 2},
                       {"name", "bob"},
                       {"email", "bob@example.org"},
                       {"city", "Boston"},
                       {"bio", "java developer in boston"}},
                      {{"id", 3},
                       {"name", "cy"},
                       {"email", "cy@example.net"},
                       {"city", "Chicago"},
                       {"bio", "java developer in chicago"}}});
    Ingest("secrets", {{{"id", 1}, {"note", "top secret"}}});
    Admin(HttpMethod::kPatch, "/catalog/datasets/by-name/people/metadata",
          {{"columns",
            {{"email", {{"sensitivity", "confidential"}}},
             {"bio", {{"sensitivity", "public"}}},
             {"name", {{"sensitivity", "public"}}},
             {"city", {{"sensitivity", "public"}}},
             {"id", {{"sensitivity", "public"}}}}}});
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Stop(2s);
  }

  void Ingest(const std::string& dataset, const Json& rows) {
    std::string ndjson;
    for (const Json& row : rows) ndjson += DumpJson(row) + "\n";
    auto r = client_->PostMultipart("/ingest/file", {{"dataset", dataset, "", "", ""},
                                                     {"key", "id", "", "", ""},
                                                     {"file", ndjson, "rows.ndjson", "", ""}});
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
            const Json& body = Json()) {
    HttpRequest request;
    request.method = method;
    if (size_t q = path.find('?'); q != std::string::npos) {
      std::string query = path.substr(q + 1);
      path.resize(q);
      size_t start = 0;
      while (start < query.size()) {
        size_t amp = query.find('&', start);
        std::string pair = query.substr(start, amp == std::string::npos ? amp : amp - start);
        size_t eq = pair.find('=');
        request.query.emplace(pair.substr(0, eq), pair.substr(eq + 1));
        if (amp == std::string::npos) break;
        start = amp + 1;
      }
    }
    RouteTable::Match match = server_->routes().Find(method, path);
    EXPECT_NE(match.route, nullptr) << path;
    if (match.route == nullptr) return {};
    request.path = path;
    request.path_params = match.params;
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

  std::string Create(const std::shared_ptr<const AccessPolicy>& policy, const Json& body) {
    Answer a = As(policy, HttpMethod::kPost, "/workspaces", body);
    EXPECT_EQ(a.status, 201) << a.body.dump();
    return a.body.value("id", "");
  }

  Json Mcp(const std::shared_ptr<const AccessPolicy>& policy, const std::string& method,
           const Json& params = Json::object()) {
    Answer a = As(policy, HttpMethod::kPost, "/mcp",
                  {{"jsonrpc", "2.0"}, {"id", ++mcp_id_}, {"method", method}, {"params", params}});
    EXPECT_EQ(a.status, 200) << a.body.dump();
    return a.body;
  }

  testing::TempDir dir_;
  ManualClock clock_{kStart};
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
  int mcp_id_ = 0;
  std::shared_ptr<const AccessPolicy> admin_ = AccessPolicy::DevMode();
  const Grant people_ = ReadGrant("people", Sensitivity::kInternal);
  std::shared_ptr<const AccessPolicy> agent_a_ = Policy("agent-a", {"agent"}, {people_});
  std::shared_ptr<const AccessPolicy> agent_b_ = Policy("agent-b", {"agent"}, {people_});
  std::shared_ptr<const AccessPolicy> recruiter_ = Policy("rita", {"recruiter"}, {people_});
  // Chicago rows only.
  std::shared_ptr<const AccessPolicy> chicago_ = Policy(
      "agent-chi", {"agent"}, {ReadGrant("people", Sensitivity::kPublic, "city = 'Chicago'")});
};

TEST_F(WorkspaceRoutesTest, APrivateWorkspaceIsInvisibleToOthersUntilShared) {
  const std::string id = Create(agent_a_, {{"name", "nurses"}, {"tier", "weekly"}});
  const std::string path = "/workspaces/" + id;
  Answer mine = As(agent_a_, HttpMethod::kGet, path);
  ASSERT_EQ(mine.status, 200) << mine.body.dump();
  EXPECT_EQ(mine.body["owner"], "agent-a");
  EXPECT_EQ(mine.body["state"], "active");
  // Another principal: it does not exist (404, never 403), not listed, not changeable.
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, path).code(), "NOT_FOUND");
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, "/workspaces").body["workspaces"].size(), 0u);
  EXPECT_EQ(As(agent_b_, HttpMethod::kPatch, path, {{"name", "mine now"}}).code(), "NOT_FOUND");
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, path + "/activity").code(), "NOT_FOUND");
  EXPECT_EQ(As(agent_b_, HttpMethod::kPost, path + "/handoff", {{"to", "agent-b"}, {"reason", "x"}})
                .code(),
            "NOT_FOUND");
  EXPECT_EQ(As(agent_b_, HttpMethod::kDelete, path).code(), "NOT_FOUND");
  // The admin sees every workspace.
  EXPECT_EQ(As(admin_, HttpMethod::kGet, path).status, 200);
  EXPECT_EQ(As(admin_, HttpMethod::kGet, "/workspaces?owner=agent-a").body["workspaces"].size(),
            1u);
  // Only an admin creates a workspace for someone else.
  EXPECT_EQ(As(agent_a_, HttpMethod::kPost, "/workspaces",
               {{"name", "x"}, {"tier", "daily"}, {"owner", "agent-b"}})
                .code(),
            "PERMISSION_DENIED");
  const std::string for_b =
      Create(admin_, {{"name", "for b"}, {"tier", "daily"}, {"owner", "agent-b"}});
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, "/workspaces/" + for_b).body["created_by"], "dev");

  // Shared with agent-b by name: b reads it, but only the owner (or an admin) changes it.
  Answer shared = As(agent_a_, HttpMethod::kPatch, path, {{"shared_with", {"agent-b"}}});
  ASSERT_EQ(shared.status, 200) << shared.body.dump();
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, path).status, 200);
  EXPECT_EQ(As(agent_b_, HttpMethod::kPatch, path, {{"name", "mine now"}}).code(),
            "PERMISSION_DENIED");
  EXPECT_EQ(
      As(agent_b_, HttpMethod::kPost, path + "/shortlist", {{"dataset", "people"}, {"key", 1}})
          .code(),
      "PERMISSION_DENIED");
  EXPECT_EQ(As(recruiter_, HttpMethod::kGet, path).code(), "NOT_FOUND");
  // By role.
  ASSERT_EQ(As(agent_a_, HttpMethod::kPatch, path, {{"shared_with", {"role:recruiter"}}}).status,
            200);
  EXPECT_EQ(As(recruiter_, HttpMethod::kGet, path).status, 200);
  EXPECT_EQ(As(agent_b_, HttpMethod::kGet, path).code(), "NOT_FOUND");
  EXPECT_EQ(As(admin_, HttpMethod::kPatch, path, {{"description", "admin note"}}).status, 200);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, path).body["name"], "nurses");
}

TEST_F(WorkspaceRoutesTest, AHandoffMovesOwnershipAndRecordsTheChain) {
  const std::string id = Create(agent_a_, {{"name", "lakeshore order"}, {"tier", "pinned"}});
  const std::string path = "/workspaces/" + id;
  EXPECT_EQ(As(agent_a_, HttpMethod::kPost, path + "/handoff", {{"to", "agent-a"}, {"reason", "x"}})
                .code(),
            "INVALID_ARGUMENT");
  clock_.Advance(kHour);
  Answer handed = As(agent_a_, HttpMethod::kPost, path + "/handoff",
                     {{"to", "agent-b"}, {"reason", "end of shift"}});
  ASSERT_EQ(handed.status, 200) << handed.body.dump();
  EXPECT_EQ(handed.body["owner"], "agent-b");
  EXPECT_EQ(handed.body["owner_chain"], Json::array({"agent-a", "agent-b"}));
  EXPECT_EQ(handed.body["handoffs"][0]["reason"], "end of shift");
  EXPECT_EQ(handed.body["handoffs"][0]["at"], kStart + kHour);
  // The previous owner still reads it but no longer changes it; the new owner does.
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, path).status, 200);
  EXPECT_EQ(As(agent_a_, HttpMethod::kPatch, path, {{"name", "x"}}).code(), "PERMISSION_DENIED");
  EXPECT_EQ(As(agent_a_, HttpMethod::kPost, path + "/handoff", {{"to", "agent-a"}, {"reason", "x"}})
                .code(),
            "PERMISSION_DENIED");
  Answer note = As(agent_b_, HttpMethod::kPost, path + "/shortlist",
                   {{"dataset", "people"}, {"key", 3}, {"note", "call back"}});
  ASSERT_EQ(note.status, 201) << note.body.dump();
  EXPECT_EQ(note.body["added_by"], "agent-b");
  EXPECT_EQ(note.body["key"], "3");
  // An admin may hand anyone's workspace on.
  ASSERT_EQ(
      As(admin_, HttpMethod::kPost, path + "/handoff", {{"to", "agent-c"}, {"reason", "escalated"}})
          .status,
      200);
  Answer got = As(agent_b_, HttpMethod::kGet, path);
  EXPECT_EQ(got.body["owner_chain"], Json::array({"agent-a", "agent-b", "agent-c"}));
  EXPECT_EQ(got.body["handoffs"][1]["by"], "dev");
  Answer log = As(agent_a_, HttpMethod::kGet, path + "/activity");
  ASSERT_EQ(log.status, 200) << log.body.dump();
  std::vector<std::string> lines;
  for (const Json& line : log.body["activity"]) {
    lines.push_back(line["action"].get<std::string>() + " by " +
                    line["principal"].get<std::string>());
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"handoff by dev", "shortlist_added by agent-b",
                                             "handoff by agent-a", "created by agent-a"}));
  EXPECT_EQ(log.body["activity"][2]["detail"]["from"], "agent-a");
  EXPECT_EQ(log.body["activity"][2]["detail"]["to"], "agent-b");
}

TEST_F(WorkspaceRoutesTest, TiersExpireByTheClockAndAreArchived) {
  const std::string daily = Create(agent_a_, {{"name", "today"}, {"tier", "daily"}});
  const std::string weekly = Create(agent_a_, {{"name", "this week"}, {"tier", "weekly"}});
  const std::string monthly = Create(agent_a_, {{"name", "this month"}, {"tier", "monthly"}});
  const std::string pinned = Create(agent_a_, {{"name", "always"}, {"tier", "pinned"}});
  const int64_t midnight = kStart - kStart % kDay + kDay;  // Tuesday 00:00 UTC
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces/" + daily).body["expires_at"], midnight);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces/" + pinned).body["expires_at"], nullptr);
  ASSERT_EQ(As(agent_a_, HttpMethod::kPost, "/workspaces/" + daily + "/searches",
               {{"name", "all"}, {"kind", "sql"}, {"sql", "SELECT name FROM people"}})
                .status,
            201);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces").body["workspaces"].size(), 4u);

  clock_.Set(midnight - 1);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces").body["workspaces"].size(), 4u);
  clock_.Set(midnight);
  Answer active = As(agent_a_, HttpMethod::kGet, "/workspaces");
  ASSERT_EQ(active.body["workspaces"].size(), 3u) << active.body.dump();
  Answer archived = As(agent_a_, HttpMethod::kGet, "/workspaces?state=archived");
  ASSERT_EQ(archived.body["workspaces"].size(), 1u);
  EXPECT_EQ(archived.body["workspaces"][0]["id"], daily);
  EXPECT_EQ(archived.body["workspaces"][0]["state"], "archived");
  EXPECT_EQ(archived.body["workspaces"][0]["archived_at"], midnight);
  EXPECT_EQ(
      As(agent_a_, HttpMethod::kGet, "/workspaces?state=all&tier=daily").body["workspaces"].size(),
      1u);
  // Archived: read-only, its searches still run; a tier restores it.
  const std::string path = "/workspaces/" + daily;
  EXPECT_EQ(As(agent_a_, HttpMethod::kPatch, path, {{"name", "x"}}).code(), "FAILED_PRECONDITION");
  EXPECT_EQ(
      As(agent_a_, HttpMethod::kPost, path + "/shortlist", {{"dataset", "people"}, {"key", 1}})
          .code(),
      "FAILED_PRECONDITION");
  EXPECT_EQ(As(agent_a_, HttpMethod::kPost, path + "/searches/all/run").status, 200);
  Answer log = As(agent_a_, HttpMethod::kGet, path + "/activity?limit=2");
  ASSERT_EQ(log.body["activity"].size(), 2u);
  EXPECT_EQ(log.body["activity"][1]["action"], "archived");
  EXPECT_EQ(log.body["activity"][1]["principal"], "system");
  EXPECT_EQ(log.body["activity"][1]["at"], midnight);
  Answer restored = As(agent_a_, HttpMethod::kPatch, path, {{"tier", "pinned"}});
  ASSERT_EQ(restored.status, 200) << restored.body.dump();
  EXPECT_EQ(restored.body["state"], "active");
  EXPECT_EQ(restored.body["expires_at"], nullptr);

  // Next Monday 00:00 ends the week; 2027-01-01 the month; pinned never ends.
  clock_.Set(midnight + 6 * kDay);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces/" + weekly).body["state"], "archived");
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces/" + monthly).body["state"], "active");
  clock_.Set(1'798'761'600'000'000);
  EXPECT_EQ(As(agent_a_, HttpMethod::kGet, "/workspaces/" + monthly).body["state"], "archived");
  clock_.Advance(3650 * kDay);
  Answer left = As(agent_a_, HttpMethod::kGet, "/workspaces");
  ASSERT_EQ(left.body["workspaces"].size(), 2u) << left.body.dump();  // pinned + restored
}

TEST_F(WorkspaceRoutesTest, SavedSearchesRunAsTheReaderUnderItsPolicy) {
  Admin(HttpMethod::kPost, "/tools",
        {{"name", "by_city"},
         {"description", "people in a city"},
         {"sql", "SELECT id, name, email FROM people WHERE city = $city ORDER BY id"},
         {"parameters", {{"city", {{"type", "string"}, {"required", true}}}}}});
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  const std::string id =
      Create(admin_, {{"name", "shared"}, {"tier", "pinned"}, {"shared_with", {"*"}}});
  const std::string path = "/workspaces/" + id;
  auto save = [&](const Json& search) {
    return As(admin_, HttpMethod::kPost, path + "/searches", search);
  };
  Answer sql = save({{"name", "everyone"},
                     {"kind", "sql"},
                     {"sql", "SELECT id, name, email FROM people ORDER BY id"}});
  ASSERT_EQ(sql.status, 201) << sql.body.dump();
  EXPECT_EQ(sql.body["last_run_at"], nullptr);
  ASSERT_EQ(save({{"name", "chicago"},
                  {"kind", "tool"},
                  {"tool", "by_city"},
                  {"arguments", {{"city", "Chicago"}}}})
                .status,
            201);
  Answer vector = save({{"name", "java"},
                        {"kind", "vector"},
                        {"index", "people_bio"},
                        {"query", "java developer"},
                        {"limit", 5}});
  ASSERT_EQ(vector.status, 201) << vector.body.dump();
  EXPECT_EQ(save({{"name", "everyone"}, {"kind", "sql"}, {"sql", "SELECT 1"}}).code(), "CONFLICT");
  // Checked at save time, as the saver.
  EXPECT_EQ(save({{"name", "typo"}, {"kind", "sql"}, {"sql", "SELECT nmae FROM people"}}).code(),
            "INVALID_ARGUMENT");
  EXPECT_NE(save({{"name", "w"}, {"kind", "sql"}, {"sql", "DELETE FROM people"}}).status, 201);
  EXPECT_EQ(save({{"name", "t"}, {"kind", "tool"}, {"tool", "nope"}}).code(), "NOT_FOUND");
  EXPECT_EQ(save({{"name", "t"}, {"kind", "tool"}, {"tool", "by_city"}}).code(),
            "INVALID_ARGUMENT");  // 'city' is required
  EXPECT_EQ(save({{"name", "v"}, {"kind", "vector"}, {"index", "nope"}, {"query", "x"}}).code(),
            "NOT_FOUND");

  // The admin sees every e-mail; the same search run by the Chicago agent shows its rows only,
  // e-mails masked.
  Answer raw = As(admin_, HttpMethod::kPost, path + "/searches/everyone/run");
  ASSERT_EQ(raw.status, 200) << raw.body.dump();
  EXPECT_EQ(raw.body["row_count"], 3);
  EXPECT_EQ(raw.body["rows"][0][2], "ann@example.com");
  EXPECT_EQ(raw.body["fingerprint"].get<std::string>().size(), 64u);
  Answer agent = As(chicago_, HttpMethod::kPost, path + "/searches/everyone/run", Json::object());
  ASSERT_EQ(agent.status, 200) << agent.body.dump();
  EXPECT_EQ(agent.body["row_count"], 2);
  EXPECT_EQ(agent.body["ran_by"], "agent-chi");
  EXPECT_EQ(agent.body.dump().find("@example"), std::string::npos) << agent.body.dump();
  Answer tool = As(chicago_, HttpMethod::kPost, path + "/searches/chicago/run");
  ASSERT_EQ(tool.status, 200) << tool.body.dump();
  EXPECT_EQ(tool.body["row_count"], 2);
  EXPECT_EQ(tool.body.dump().find("@example"), std::string::npos);
  Answer found = As(chicago_, HttpMethod::kPost, path + "/searches/java/run");
  ASSERT_EQ(found.status, 200) << found.body.dump();
  EXPECT_EQ(found.body["row_count"], 2);  // Boston's java developer is not the agent's to see
  EXPECT_EQ(found.body["columns"][0]["name"], "doc_id");
  EXPECT_EQ(As(chicago_, HttpMethod::kPost, path + "/searches/nope/run").code(), "NOT_FOUND");
  EXPECT_EQ(As(chicago_, HttpMethod::kPost, path + "/searches/java/run", {{"x", 1}}).code(),
            "INVALID_ARGUMENT");
  // A reader may run but not delete.
  EXPECT_EQ(As(chicago_, HttpMethod::kDelete, path + "/searches/java").code(), "PERMISSION_DENIED");

  Answer detail = As(admin_, HttpMethod::kGet, path);
  ASSERT_EQ(detail.body["searches"].size(), 3u);
  EXPECT_EQ(detail.body["searches"][0]["name"], "chicago");
  EXPECT_EQ(detail.body["searches"][0]["run_count"], 1);
  EXPECT_EQ(detail.body["searches"][0]["last_run_by"], "agent-chi");
  EXPECT_EQ(detail.body["searches"][1]["run_count"], 2);
  // The tool run went through the registry's audit trail.
  Json calls = As(admin_, HttpMethod::kGet, "/tools/audit?principal=agent-chi").body["calls"];
  EXPECT_EQ(calls.size(), 1u) << calls.dump();
  Answer log = As(chicago_, HttpMethod::kGet, path + "/activity?limit=1");
  EXPECT_EQ(log.body["activity"][0]["action"], "search_run");
  EXPECT_EQ(log.body["activity"][0]["principal"], "agent-chi");
  EXPECT_EQ(log.body["activity"][0]["detail"]["rows"], 2);
  ASSERT_EQ(As(admin_, HttpMethod::kDelete, path + "/searches/java").status, 200);
  EXPECT_EQ(As(admin_, HttpMethod::kDelete, path + "/searches/java").code(), "NOT_FOUND");
}

// A saved search's run is a read like the route it stands for (issue 20's subject audit): the
// subjects it returned are recorded, for a run over HTTP and one through MCP alike.
TEST_F(WorkspaceRoutesTest, SavedSearchRunsAreSubjectReads) {
  Admin(HttpMethod::kPost, "/vectors/index?wait=true",
        {{"index_name", "people_bio"},
         {"dataset", "people"},
         {"id_column", "id"},
         {"text_column", "bio"},
         {"model", "builtin/hash-v1"}});
  const std::string id =
      Create(admin_, {{"name", "shared"}, {"tier", "pinned"}, {"shared_with", {"*"}}});
  const std::string path = "/workspaces/" + id;
  ASSERT_EQ(
      As(admin_, HttpMethod::kPost, path + "/searches",
         {{"name", "bob"}, {"kind", "sql"}, {"sql", "SELECT id, name FROM people WHERE id = 2"}})
          .status,
      201);
  ASSERT_EQ(As(admin_, HttpMethod::kPost, path + "/searches",
               {{"name", "nurse"},
                {"kind", "vector"},
                {"index", "people_bio"},
                {"query", "icu nurse"},
                {"limit", 1}})
                .status,
            201);
  ASSERT_EQ(As(admin_, HttpMethod::kPost, path + "/searches/bob/run").status, 200);
  Json ran =
      Mcp(chicago_, "tools/call",
          {{"name", "workspace_run_search"}, {"arguments", {{"id", id}, {"name", "nurse"}}}});
  ASSERT_EQ(ran["result"]["isError"], false) << ran.dump();
  ASSERT_EQ(ran["result"]["structuredContent"]["row_count"], 1) << ran.dump();
  const std::string hit = ran["result"]["structuredContent"]["rows"][0][0].get<std::string>();

  // (principal, operation) of every read that returned `key` of people.
  auto reads = [&](const std::string& key) {
    Answer subject = As(admin_, HttpMethod::kGet, "/audit/subject/people/" + key);
    EXPECT_EQ(subject.status, 200) << subject.body.dump();
    std::set<std::pair<std::string, std::string>> out;
    for (const Json& read : subject.body["reads"]) {
      out.emplace(read["principal"].get<std::string>(), read["operation"].get<std::string>());
    }
    return out;
  };
  EXPECT_TRUE(reads("2").contains({"dev", "runWorkspaceSearch"}));
  EXPECT_TRUE(reads(hit).contains({"agent-chi", "mcpMessage"})) << hit;
}

TEST_F(WorkspaceRoutesTest, TheShortlistShowsOnlyWhatTheReaderMaySee) {
  const std::string id =
      Create(admin_, {{"name", "mixed"}, {"tier", "monthly"}, {"shared_with", {"agent-a"}}});
  const std::string path = "/workspaces/" + id;
  Answer person = As(admin_, HttpMethod::kPost, path + "/shortlist",
                     {{"dataset", "people"}, {"key", "1"}, {"note", "strong"}});
  ASSERT_EQ(person.status, 201) << person.body.dump();
  ASSERT_EQ(As(admin_, HttpMethod::kPost, path + "/shortlist", {{"dataset", "secrets"}, {"key", 1}})
                .status,
            201);
  EXPECT_EQ(As(admin_, HttpMethod::kPost, path + "/shortlist", {{"dataset", "people"}, {"key", 1}})
                .code(),
            "CONFLICT");
  EXPECT_EQ(As(admin_, HttpMethod::kPost, path + "/shortlist", {{"dataset", "nowhere"}, {"key", 1}})
                .code(),
            "NOT_FOUND");
  EXPECT_EQ(As(admin_, HttpMethod::kGet, path).body["shortlist"].size(), 2u);
  Answer seen = As(agent_a_, HttpMethod::kGet, path);
  ASSERT_EQ(seen.body["shortlist"].size(), 1u) << seen.body.dump();
  EXPECT_EQ(seen.body["shortlist"][0]["dataset"], "people");
  const std::string item = std::to_string(person.body["id"].get<int64_t>());
  Answer noted =
      As(admin_, HttpMethod::kPatch, path + "/shortlist/" + item, {{"note", "placed elsewhere"}});
  ASSERT_EQ(noted.status, 200) << noted.body.dump();
  EXPECT_EQ(noted.body["note"], "placed elsewhere");
  EXPECT_EQ(As(agent_a_, HttpMethod::kDelete, path + "/shortlist/" + item).code(),
            "PERMISSION_DENIED");
  ASSERT_EQ(As(admin_, HttpMethod::kDelete, path + "/shortlist/" + item).status, 200);
  EXPECT_EQ(As(admin_, HttpMethod::kDelete, path + "/shortlist/" + item).code(), "NOT_FOUND");
  EXPECT_EQ(As(admin_, HttpMethod::kDelete, path + "/shortlist/abc").code(), "NOT_FOUND");
}

TEST_F(WorkspaceRoutesTest, McpToolsAndResourcesActAsTheCaller) {
  auto call = [&](const std::shared_ptr<const AccessPolicy>& policy, const std::string& tool,
                  const Json& arguments) {
    Json r = Mcp(policy, "tools/call", {{"name", tool}, {"arguments", arguments}});
    return r["result"];
  };
  Json listed = Mcp(agent_a_, "tools/list")["result"]["tools"];
  std::vector<std::string> names;
  for (const Json& t : listed) names.push_back(t["name"]);
  for (const char* tool : {"workspace_list", "workspace_create", "workspace_get",
                           "workspace_save_search", "workspace_run_search",
                           "workspace_shortlist_add", "workspace_handoff", "workspace_activity"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), tool), names.end()) << tool;
  }
  Json created = call(agent_a_, "workspace_create", {{"name", "icu search"}, {"tier", "weekly"}});
  ASSERT_EQ(created["isError"], false) << created.dump();
  const std::string id = created["structuredContent"]["id"];
  EXPECT_EQ(created["structuredContent"]["owner"], "agent-a");
  Json saved = call(agent_a_, "workspace_save_search",
                    {{"id", id},
                     {"name", "chicago"},
                     {"kind", "sql"},
                     {"sql", "SELECT name, email FROM people WHERE city = 'Chicago' ORDER BY id"}});
  ASSERT_EQ(saved["isError"], false) << saved.dump();
  Json ran = call(agent_a_, "workspace_run_search", {{"id", id}, {"name", "chicago"}});
  ASSERT_EQ(ran["isError"], false) << ran.dump();
  EXPECT_EQ(ran["structuredContent"]["row_count"], 2);
  EXPECT_EQ(ran.dump().find("@example"), std::string::npos) << "masked for the agent";
  Json added = call(agent_a_, "workspace_shortlist_add",
                    {{"id", id}, {"dataset", "people"}, {"key", 1}, {"note", "icu"}});
  ASSERT_EQ(added["isError"], false) << added.dump();
  // Not agent-b's to read yet: the tool answers an error, the resource is not found.
  Json hidden = call(agent_b_, "workspace_get", {{"id", id}});
  EXPECT_EQ(hidden["isError"], true);
  EXPECT_NE(hidden["content"][0]["text"].get<std::string>().find("NOT_FOUND"), std::string::npos);
  Json unread = Mcp(agent_b_, "resources/read", {{"uri", "lakehouse://workspaces/" + id}});
  EXPECT_EQ(unread["error"]["code"], -32002) << unread.dump();
  Json handed = call(agent_a_, "workspace_handoff",
                     {{"id", id}, {"to", "agent-b"}, {"reason", "agent-b has the client"}});
  ASSERT_EQ(handed["isError"], false) << handed.dump();
  EXPECT_EQ(handed["structuredContent"]["owner_chain"], Json::array({"agent-a", "agent-b"}));
  Json resources = Mcp(agent_b_, "resources/list")["result"]["resources"];
  bool listed_for_b = false;
  for (const Json& r : resources) listed_for_b |= r["uri"] == "lakehouse://workspaces/" + id;
  EXPECT_TRUE(listed_for_b) << resources.dump();
  Json read = Mcp(agent_b_, "resources/read", {{"uri", "lakehouse://workspaces/" + id}});
  ASSERT_TRUE(read.contains("result")) << read.dump();
  Result<Json> body = ParseJson(read["result"]["contents"][0]["text"].get<std::string>());
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["owner"], "agent-b");
  EXPECT_EQ((*body)["shortlist"].size(), 1u);
  Json templates = Mcp(agent_b_, "resources/templates/list")["result"]["resourceTemplates"];
  EXPECT_EQ(templates.back()["uriTemplate"], "lakehouse://workspaces/{id}");
  // The previous owner can no longer change it.
  Json refused = call(agent_a_, "workspace_handoff",
                      {{"id", id}, {"to", "agent-a"}, {"reason", "take it back"}});
  EXPECT_EQ(refused["isError"], true);
  Json log = call(agent_b_, "workspace_activity", {{"id", id}, {"limit", 10}});
  ASSERT_EQ(log["isError"], false) << log.dump();
  EXPECT_EQ(log["structuredContent"]["activity"][0]["action"], "handoff");
  EXPECT_EQ(log["structuredContent"]["activity"][2]["detail"]["via"], "mcp");
  Json mine = call(agent_b_, "workspace_list", Json::object());
  EXPECT_EQ(mine["structuredContent"]["workspaces"].size(), 1u);
  EXPECT_EQ(call(agent_b_, "workspace_list", {{"tier", "yearly"}})["isError"], true);
  EXPECT_EQ(call(agent_b_, "workspace_get", {{"id", id}, {"extra", 1}})["isError"], true);
}

}  // namespace
}  // namespace lakehouse
