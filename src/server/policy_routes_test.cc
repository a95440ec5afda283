// Policy on data through the HTTP routes (issue 20), in process: the real server, datasets
// ingested and indexed over HTTP as the dev-mode admin, then each read route's handler called
// from the route table with a restricted AccessPolicy on the request (what authentication will
// set): the catalog, SQL, paged results, vector search (hits, rows, chunk_text, filters), RAG,
// index listings and jobs.
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

std::shared_ptr<const AccessPolicy> Policy(std::string name, std::vector<Grant> grants) {
  auto principal = std::make_shared<Principal>();
  principal->name = std::move(name);
  return std::make_shared<AccessPolicy>(std::move(principal), false, std::move(grants));
}

Grant ReadGrant(std::string target, Sensitivity clearance, std::string row_filter = "") {
  Grant grant;
  grant.target = std::move(target);
  grant.max_unmasked = clearance;
  grant.row_filter = std::move(row_filter);
  return grant;
}

class PolicyRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config;
    config.data_dir = dir_.path();
    config.server.port = 0;
    config.log.level = "warn";
    auto server = LakehouseServer::Create(config);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
    ASSERT_TRUE(server_->Start().ok());
    auto client = HttpClient::Create("http://127.0.0.1:" + std::to_string(server_->port()));
    ASSERT_TRUE(client.ok());
    client_ = std::move(*client);

    Ingest("notes", {{{"id", 1},
                      {"body", "lakes and rivers of europe"},
                      {"email", "ann@example.com"},
                      {"ssn", "x1"},
                      {"region", "EU"}},
                     {{"id", 2},
                      {"body", "lakes and mountains of america"},
                      {"email", "bob@example.org"},
                      {"ssn", "x2"},
                      {"region", "US"}},
                     {{"id", 3},
                      {"body", "lakes of finland"},
                      {"email", "cy@example.net"},
                      {"ssn", "x3"},
                      {"region", "EU"}}});
    Ingest("secrets", {{{"id", 1}, {"note", "top secret"}}});
    Admin(HttpMethod::kPatch, "/catalog/datasets/by-name/notes/metadata",
          {{"columns",
            {{"body", {{"sensitivity", "internal"}}},
             {"email", {{"sensitivity", "confidential"}}},
             {"ssn", {{"sensitivity", "restricted"}}},
             {"region", {{"sensitivity", "public"}}},
             {"id", {{"sensitivity", "public"}}}}}});
    Admin(HttpMethod::kPut, "/access/column-policies",
          {{"dataset", "notes"}, {"column", "ssn"}, {"redaction", "deny"}});
    Admin(HttpMethod::kPost, "/vectors/index?wait=true",
          {{"index_name", "notes_idx"},
           {"dataset", "notes"},
           {"id_column", "id"},
           {"text_column", "body"},
           {"model", "builtin/hash-v1"}});
  }
  void TearDown() override {
    client_.reset();
    if (server_) server_->Stop(2s);
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

  // The route's handler called as `policy`: its JSON answer, or {"error": code name}.
  Json As(const std::shared_ptr<const AccessPolicy>& policy, HttpMethod method, std::string path,
          const Json& body = Json()) {
    HttpRequest request;
    request.method = method;
    if (size_t q = path.find('?'); q != std::string::npos) {
      std::string query = path.substr(q + 1);
      path.resize(q);
      for (size_t at = 0; at <= query.size();) {
        size_t amp = query.find('&', at);
        if (amp == std::string::npos) amp = query.size();
        std::string pair = query.substr(at, amp - at);
        size_t eq = pair.find('=');
        request.query.emplace(pair.substr(0, eq),
                              eq == std::string::npos ? "" : pair.substr(eq + 1));
        at = amp + 1;
      }
    }
    RouteTable::Match match = server_->routes().Find(method, path);
    EXPECT_NE(match.route, nullptr) << path;
    if (match.route == nullptr) return Json();
    request.path = path;
    request.path_params = match.params;
    if (!body.is_null()) request.body = DumpJson(body);
    request.policy = policy;
    Result<HttpResponse> response = match.route->handler(request);
    if (!response.ok())
      return Json{{"error", std::string(StatusCodeName(response.status().code()))}};
    Result<Json> parsed = ParseJson(response->body);
    if (!parsed.ok()) return Json(response->body);
    // Some handlers answer errors themselves: {"error": {"code", ...}} → {"error": code}.
    if (parsed->contains("error") && (*parsed)["error"].is_object()) {
      return Json{{"error", (*parsed)["error"].value("code", "")}};
    }
    return *parsed;
  }

  testing::TempDir dir_;
  std::unique_ptr<LakehouseServer> server_;
  std::unique_ptr<HttpClient> client_;
  // Internal clearance, EU rows: body shown, e-mail masked, ssn denied.
  std::shared_ptr<const AccessPolicy> analyst_ =
      Policy("analyst", {ReadGrant("notes", Sensitivity::kInternal, "region = 'EU'")});
  // Public clearance: the body (internal) is redacted, so chunk text is not shown.
  std::shared_ptr<const AccessPolicy> agent_ =
      Policy("agent", {ReadGrant("notes", Sensitivity::kPublic)});
  // Granted only `secrets`.
  std::shared_ptr<const AccessPolicy> other_ =
      Policy("other", {ReadGrant("secrets", Sensitivity::kRestricted)});
};

std::vector<std::string> DocIds(const Json& search) {
  std::vector<std::string> ids;
  for (const Json& hit : search["results"]) ids.push_back(hit["doc_id"].get<std::string>());
  std::sort(ids.begin(), ids.end());
  return ids;
}

TEST_F(PolicyRoutesTest, CatalogShowsOnlyGrantedDatasets) {
  Json all = As(AccessPolicy::DevMode(), HttpMethod::kGet, "/catalog/datasets");
  EXPECT_EQ(all["datasets"].size(), 2u);
  Json listed = As(analyst_, HttpMethod::kGet, "/catalog/datasets");
  ASSERT_EQ(listed["datasets"].size(), 1u);
  EXPECT_EQ(listed["datasets"][0]["name"], "notes");
  // The denied column is not in the analyst's manifest.
  for (const Json& column : listed["datasets"][0]["columns"]) EXPECT_NE(column["name"], "ssn");
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/catalog/datasets/by-name/secrets")["error"],
            "NOT_FOUND");
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/catalog/datasets/by-name/secrets/versions")["error"],
            "NOT_FOUND");
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/catalog/stats")["datasets"], 1);
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/catalog/datasets/by-name/notes")["name"], "notes");
}

// Found in the #24 audit: a column denied only by an admin's override (masked by default) was
// still named in the restricted caller's manifests, though SQL left it out.
TEST_F(PolicyRoutesTest, AColumnAnOverrideDeniesIsLeftOutOfTheManifestAsOutOfSql) {
  auto names = [](const Json& manifest) {
    std::vector<std::string> out;
    for (const Json& column : manifest["columns"]) out.push_back(column["name"]);
    return out;
  };
  const std::vector<std::string> before =
      names(As(analyst_, HttpMethod::kGet, "/catalog/datasets/by-name/notes"));
  EXPECT_NE(std::find(before.begin(), before.end(), "email"), before.end());  // masked, listed
  Admin(HttpMethod::kPut, "/access/column-policies",
        {{"dataset", "notes"}, {"column", "email"}, {"redaction", "deny"}});
  Json sql = As(analyst_, HttpMethod::kPost, "/query/sql", {{"sql", "SELECT * FROM notes"}});
  ASSERT_TRUE(sql.contains("columns")) << sql.dump();
  for (const Json& column : sql["columns"]) EXPECT_NE(column["name"], "email");
  const std::vector<std::string> by_name =
      names(As(analyst_, HttpMethod::kGet, "/catalog/datasets/by-name/notes"));
  EXPECT_EQ(std::find(by_name.begin(), by_name.end(), "email"), by_name.end());
  EXPECT_EQ(by_name.size(), before.size() - 1);
  Json listed = As(analyst_, HttpMethod::kGet, "/catalog/datasets");
  ASSERT_EQ(listed["datasets"].size(), 1u);
  EXPECT_EQ(names(listed["datasets"][0]), by_name);
  // The admin still sees every column.
  const std::vector<std::string> admin =
      names(As(AccessPolicy::DevMode(), HttpMethod::kGet, "/catalog/datasets/by-name/notes"));
  EXPECT_NE(std::find(admin.begin(), admin.end(), "email"), admin.end());
}

TEST_F(PolicyRoutesTest, SqlAndPagedAreMaskedAndFiltered) {
  Json rows = As(analyst_, HttpMethod::kPost, "/query/sql",
                 {{"sql", "SELECT id, email, region FROM notes ORDER BY id"}});
  EXPECT_EQ(rows["rows"].dump(), R"([[1,"a***.com","EU"],[3,"c***.net","EU"]])");
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/query/sql", {{"sql", "SELECT ssn FROM notes"}})
                .contains("error"),
            true);
  EXPECT_EQ(
      As(analyst_, HttpMethod::kPost, "/query/sql", {{"sql", "SELECT * FROM secrets"}})["error"],
      "NOT_FOUND");
  Json started = As(analyst_, HttpMethod::kPost, "/query/paged",
                    {{"sql", "SELECT email FROM notes ORDER BY id"}, {"page_size", 1}});
  ASSERT_TRUE(started.contains("query_id")) << started.dump();
  const std::string page = "/query/page/" + started["query_id"].get<std::string>() + "/1";
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, page)["rows"].dump(), R"([["c***.net"]])");
  EXPECT_EQ(As(agent_, HttpMethod::kGet, page)["error"], "NOT_FOUND");
}

TEST_F(PolicyRoutesTest, SearchHitsRowsAndChunkTextFollowThePolicy) {
  const Json search = {{"index", "notes_idx"}, {"query", "lakes"}, {"k", 10}};
  EXPECT_EQ(DocIds(As(AccessPolicy::DevMode(), HttpMethod::kPost, "/vectors/search", search)),
            (std::vector<std::string>{"1", "2", "3"}));
  // The analyst: only EU documents, text shown, rows masked, the denied column absent.
  Json analyst = As(analyst_, HttpMethod::kPost, "/vectors/search", search);
  EXPECT_EQ(DocIds(analyst), (std::vector<std::string>{"1", "3"})) << analyst.dump();
  for (const Json& hit : analyst["results"]) {
    EXPECT_FALSE(hit["chunk_text"].get<std::string>().empty());
    EXPECT_NE(hit["row"]["email"].get<std::string>().find("***"), std::string::npos);
    EXPECT_FALSE(hit["row"].contains("ssn"));
  }
  // The agent may not read the indexed column: no text, and RAG has no context.
  Json agent = As(agent_, HttpMethod::kPost, "/vectors/search", search);
  ASSERT_EQ(agent["results"].size(), 3u) << agent.dump();
  for (const Json& hit : agent["results"]) {
    EXPECT_EQ(hit["chunk_text"], "");
    EXPECT_TRUE(hit["row"]["body"].is_null());
  }
  Json rag = As(agent_, HttpMethod::kPost, "/vectors/rag",
                {{"index", "notes_idx"}, {"question", "lakes"}});
  EXPECT_EQ(rag["relevant_context"], false) << rag.dump();
  EXPECT_TRUE(rag["citations"].empty());
  // Filters run over the policy's views: a denied column does not exist.
  Json denied = As(analyst_, HttpMethod::kPost, "/vectors/search",
                   {{"index", "notes_idx"}, {"query", "lakes"}, {"filter", "ssn = 'x2'"}});
  EXPECT_TRUE(denied.contains("error")) << denied.dump();
  Json filtered = As(analyst_, HttpMethod::kPost, "/vectors/search",
                     {{"index", "notes_idx"}, {"query", "lakes"}, {"filter", "id >= 2"}});
  EXPECT_EQ(DocIds(filtered), (std::vector<std::string>{"3"}));
  // An index over a dataset not granted does not exist.
  EXPECT_EQ(As(other_, HttpMethod::kPost, "/vectors/search", search)["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kGet, "/vectors/indexes/notes_idx")["error"], "NOT_FOUND");
  EXPECT_TRUE(As(other_, HttpMethod::kGet, "/vectors/indexes")["indexes"].empty());
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/vectors/indexes")["indexes"].size(), 1u);
}

// Jobs belong to who started them (issue #20): another principal, even one granted the dataset,
// does not see an admin's job; one not granted the dataset gets 404 for it as for the dataset.
TEST_F(PolicyRoutesTest, JobsOfDatasetsNotGrantedAreHidden) {
  Json all = As(AccessPolicy::DevMode(), HttpMethod::kGet, "/jobs");
  std::string id;
  for (const Json& job : all["jobs"]) {
    if (job["target"] == "notes_idx") id = job["job_id"].get<std::string>();
  }
  ASSERT_FALSE(id.empty()) << all.dump();
  auto ids = [](const Json& listed) {
    std::set<std::string> out;
    for (const Json& job : listed["jobs"]) out.insert(job["job_id"].get<std::string>());
    return out;
  };
  EXPECT_FALSE(ids(As(analyst_, HttpMethod::kGet, "/jobs")).contains(id));  // not theirs
  EXPECT_FALSE(ids(As(other_, HttpMethod::kGet, "/jobs")).contains(id));
  EXPECT_EQ(As(other_, HttpMethod::kGet, "/jobs/" + id)["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kPost, "/jobs/" + id + "/cancel")["error"], "NOT_FOUND");
  EXPECT_NE(As(analyst_, HttpMethod::kGet, "/jobs/" + id)["job_id"], id);
  EXPECT_TRUE(ids(As(AccessPolicy::DevMode(), HttpMethod::kGet, "/jobs")).contains(id));
}

// An index's reports (freshness, evals, trials, the stale list) are reads of the index: an index
// over a dataset not granted does not exist there either (404, left out of the stale list).
TEST_F(PolicyRoutesTest, IndexReportsOfDatasetsNotGrantedAreHidden) {
  Ingest("notes", {{{"id", 4},
                    {"body", "lakes of chile"},
                    {"email", "di@example.com"},
                    {"ssn", "x4"},
                    {"region", "EU"}}});  // the index is stale now
  const std::string index = "/vectors/indexes/notes_idx";
  EXPECT_EQ(As(other_, HttpMethod::kGet, index + "/freshness")["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kGet, index + "/trials")["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kGet, index + "/trials/best")["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kPost, index + "/evals", Json::object())["error"], "NOT_FOUND");
  EXPECT_EQ(As(other_, HttpMethod::kGet, "/vectors/stale?dataset=notes")["error"], "NOT_FOUND");
  EXPECT_TRUE(As(other_, HttpMethod::kGet, "/vectors/stale")["stale"].empty());
  // Granted the dataset: the same reports as admin.
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, index + "/freshness")["stale"], true);
  EXPECT_TRUE(As(analyst_, HttpMethod::kGet, index + "/trials")["trials"].is_array());
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/vectors/stale")["stale"].size(), 1u);
  EXPECT_EQ(As(AccessPolicy::DevMode(), HttpMethod::kGet, "/vectors/stale")["stale"].size(), 1u);
}

// A role's row filters are checked like the views check them when the role is created: a filter
// that reads another dataset or is not one predicate is a 400, not a role that shows no rows.
TEST_F(PolicyRoutesTest, RoleRowFiltersAreCheckedWhenTheRoleIsCreated) {
  auto role = [&](const std::string& name, const std::string& filter) {
    return As(
        AccessPolicy::DevMode(), HttpMethod::kPost, "/access/roles",
        {{"name", name},
         {"grants", {{{"target", "notes"}, {"permission", "read"}, {"row_filter", filter}}}}});
  };
  EXPECT_EQ(role("eu", "region = 'EU' AND id > 0")["name"], "eu");
  EXPECT_EQ(role("peek", "id IN (SELECT id FROM secrets)")["error"], "INVALID_ARGUMENT");
  EXPECT_EQ(role("escape", "true) UNION SELECT 1 FROM secrets WHERE (true")["error"],
            "INVALID_ARGUMENT");
  EXPECT_EQ(role("file", "id IN (SELECT * FROM read_csv('/etc/passwd'))")["error"],
            "INVALID_ARGUMENT");
  Json roles = As(AccessPolicy::DevMode(), HttpMethod::kGet, "/access/roles");
  std::set<std::string> names;
  for (const Json& r : roles["roles"]) names.insert(r["name"].get<std::string>());
  EXPECT_TRUE(names.contains("eu"));
  EXPECT_FALSE(names.contains("peek"));
  EXPECT_FALSE(names.contains("escape"));
}

TEST_F(PolicyRoutesTest, PolicyRoutesAreAdminOnly) {
  EXPECT_EQ(As(analyst_, HttpMethod::kGet, "/access/column-policies")["error"],
            "PERMISSION_DENIED");
  EXPECT_EQ(As(analyst_, HttpMethod::kPost, "/access/views",
               {{"name", "v"}, {"base_dataset", "notes"}})["error"],
            "PERMISSION_DENIED");
  Json listed = As(AccessPolicy::DevMode(), HttpMethod::kGet, "/access/column-policies");
  ASSERT_EQ(listed["column_policies"].size(), 1u);
  EXPECT_EQ(listed["column_policies"][0]["redaction"], "deny");
  // An AI-safe view, queryable by name by admin and by a principal granted only the view.
  Json view = As(AccessPolicy::DevMode(), HttpMethod::kPost, "/access/views",
                 {{"name", "notes_ai"},
                  {"base_dataset", "notes"},
                  {"columns", {"id", "email"}},
                  {"column_redactions", {{"email", {{"redaction", "hash"}}}}}});
  EXPECT_EQ(view["base_dataset"], "notes") << view.dump();
  EXPECT_EQ(As(AccessPolicy::DevMode(), HttpMethod::kPost, "/query/sql",
               {{"sql", "SELECT count(*) FROM notes_ai"}})["rows"]
                .dump(),
            "[[3]]");
  auto viewer = Policy("viewer", {ReadGrant("notes_ai", Sensitivity::kPublic)});
  Json seen = As(viewer, HttpMethod::kPost, "/query/sql",
                 {{"sql", "SELECT id, length(email) FROM notes_ai ORDER BY id"}});
  EXPECT_EQ(seen["rows"].dump(), "[[1,64],[2,64],[3,64]]");
  EXPECT_EQ(As(viewer, HttpMethod::kPost, "/query/sql", {{"sql", "SELECT * FROM notes"}})["error"],
            "NOT_FOUND");
}

}  // namespace
}  // namespace lakehouse
