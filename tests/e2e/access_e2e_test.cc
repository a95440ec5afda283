// End-to-end identity and write permissions (issue 20, "Identity" and "Writes") against the real
// binary: dev mode, the key lifecycle (created, used, revoked → 401 at once), every route but the
// public ones needing a key, the write matrix of the built-in roles (403 when the dataset is
// visible, 404 when it is not granted), the bucket root allow-list, and a restart keeping keys and
// roles.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "tests/support/e2e_util.h"
#include "tests/support/server_process.h"
#include "tests/support/server_test.h"

namespace lakehouse {
namespace {

namespace fs = std::filesystem;
using testing::Body;
using testing::RunCli;
using testing::ServerProcess;

constexpr char kAdminKey[] = "access-e2e-admin-key";

std::string Code(const Result<ClientResponse>& r) {
  Json body = Body(r);
  return body.is_object() && body.contains("error") ? body["error"].value("code", "") : "";
}

// Creates a key through `admin` and returns its secret.
std::string CreateKey(HttpClient& admin, const std::string& principal,
                      const std::vector<std::string>& roles) {
  auto r = admin.PostJson("/access/keys", {{"principal", principal}, {"roles", roles}});
  EXPECT_EQ(r->status, 201) << r->body;
  return Body(r).value("key", "");
}

std::unique_ptr<ServerProcess> StartServer(testing::ServerProcessOptions options = {}) {
  auto s = ServerProcess::Start(std::move(options));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

TEST(AccessE2E, WithoutKeysTheServerIsInDevModeAndSaysSo) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  Json me = Body(server->client().Get("/access/whoami"));
  EXPECT_EQ(me["principal"], "dev");
  EXPECT_EQ(me["dev_mode"], true);
  EXPECT_EQ(me["admin"], true);
  EXPECT_EQ(me["key_id"], nullptr);
  EXPECT_NE(server->Log().find("DEV MODE"), std::string::npos) << server->Log();
  EXPECT_EQ(Body(server->client().Get("/access/keys"))["keys"].size(), 0u);
}

TEST(AccessE2E, KeyLifecycleCreateUseRevoke) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  // Dev mode is admin: the first key is created without one, and ends dev mode at once.
  auto created = server->client().PostJson(
      "/access/keys", {{"principal", "ops"}, {"roles", {"admin"}}, {"description", "first"}});
  ASSERT_EQ(created->status, 201) << created->body;
  const std::string admin_key = Body(created)["key"].get<std::string>();
  ASSERT_EQ(admin_key.rfind("lh_", 0), 0u) << admin_key;
  EXPECT_EQ(created->Header("Cache-Control"), "no-store");
  auto anonymous = server->client().Get("/access/whoami");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(Code(anonymous), "UNAUTHENTICATED");

  auto admin = server->ClientWithKey(admin_key);
  Json me = Body(admin->Get("/access/whoami"));
  EXPECT_EQ(me["principal"], "ops");
  EXPECT_EQ(me["dev_mode"], false);
  EXPECT_EQ(me["key_id"], Body(created)["id"]);
  // Authorization: Bearer works too; a wrong key does not.
  auto bearer = server->ClientWithKey("");
  EXPECT_EQ(bearer->Get("/access/whoami", {{"Authorization", "Bearer " + admin_key}})->status, 200);
  EXPECT_EQ(bearer->Get("/access/whoami", {{"Authorization", "Bearer " + admin_key + "x"}})->status,
            401);

  const std::string analyst_key = CreateKey(*admin, "ann", {"analyst"});
  auto listed = admin->Get("/access/keys");
  ASSERT_EQ(listed->status, 200);
  EXPECT_EQ(listed->body.find(analyst_key.substr(16)), std::string::npos)
      << "secrets are shown once";
  EXPECT_EQ(listed->body.find(admin_key.substr(16)), std::string::npos);
  Json keys = Body(listed)["keys"];
  ASSERT_EQ(keys.size(), 2u);
  const std::string analyst_id = keys[1]["id"].get<std::string>();
  EXPECT_EQ(keys[1]["principal"], "ann");
  EXPECT_EQ(analyst_key.rfind(keys[1]["prefix"].get<std::string>(), 0), 0u);

  auto analyst = server->ClientWithKey(analyst_key);
  EXPECT_EQ(analyst->Get("/access/whoami")->status, 200);
  auto denied = analyst->Get("/access/keys");
  EXPECT_EQ(denied->status, 403);
  EXPECT_EQ(Code(denied), "PERMISSION_DENIED");
  EXPECT_EQ(analyst->PostJson("/access/keys", {{"principal", "eve"}, {"roles", {"admin"}}})->status,
            403);

  auto revoked = admin->Send(HttpMethod::kDelete, "/access/keys/" + analyst_id);
  ASSERT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_EQ(analyst->Get("/access/whoami")->status, 401);  // the very next request
  EXPECT_EQ(admin->Send(HttpMethod::kDelete, "/access/keys/" + analyst_id)->status, 404);
  Json all = Body(admin->Get("/access/keys?include_revoked=true"))["keys"];
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[1]["revoked_at"].is_string());
  EXPECT_EQ(Body(admin->Get("/access/keys"))["keys"].size(), 1u);
}

TEST(AccessE2E, OnceAKeyExistsEveryRouteButThePublicOnesNeedsOne) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  CreateKey(server->client(), "ops", {"admin"});
  auto anonymous = server->ClientWithKey("");
  Json doc = Body(anonymous->Get("/openapi.json"));  // public: describes the API, no data
  const std::set<std::string> kPublic = {"get /health", "get /ready", "get /openapi.json",
                                         "get /docs", "get /"};
  // The web UI's files are public too (the page asks for a key before it calls the API); the
  // probe's made-up file name is a 404, never a 401.
  const std::set<std::string> kPublicFiles = {"get /ui/{path}"};
  int checked = 0;
  for (auto& [path, ops] : doc["paths"].items()) {
    std::string concrete;
    for (size_t i = 0; i < path.size(); ++i) {
      if (path[i] == '{') {
        concrete += "x";
        i = path.find('}', i);
      } else {
        concrete += path[i];
      }
    }
    for (auto& [method, op] : ops.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(c));
      auto r = anonymous->Send(*ParseHttpMethod(upper), concrete, "{}");
      ASSERT_TRUE(r.ok());
      const std::string what = method + " " + path;
      if (kPublic.contains(what)) {
        EXPECT_EQ(r->status, 200) << what;
      } else if (kPublicFiles.contains(what)) {
        EXPECT_EQ(r->status, 404) << what << ": " << r->body;
      } else {
        EXPECT_EQ(r->status, 401) << what << ": " << r->body;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40);
}

// The write matrix: an admin (config key) owns two datasets, "candidates" tagged hr and "sales".
class WritePermissionE2E : public testing::ServerTest {
 protected:
  testing::ServerProcessOptions ServerOptions() override {
    testing::ServerProcessOptions options;
    options.api_key = kAdminKey;
    return options;
  }
  void SetUp() override {
    ServerTest::SetUp();
    Create("candidates", "id,name\n1,a\n2,b\n3,c\n", {"hr"});
    Create("sales", "id,total\n1,10\n2,20\n3,30\n", {});
    for (const char* role : {"analyst", "recruiter", "agent"}) {
      clients_[role] = server_->ClientWithKey(CreateKey(c(), std::string(role) + "-1", {role}));
    }
  }
  // Ingests `csv` as dataset `name`, keyed by id (tombstones need a primary key), and tags it.
  void Create(const std::string& name, const std::string& csv,
              const std::vector<std::string>& tags) {
    auto ingested =
        c().PostMultipart("/ingest/file", {{"dataset", name, "", "", ""},
                                           {"mode", "upsert", "", "", ""},
                                           {"key", "id", "", "", ""},
                                           {"file", csv, name + ".csv", "text/csv", ""}});
    ASSERT_EQ(ingested->status, 200) << ingested->body;
    auto tagged = c().Send(HttpMethod::kPatch, "/catalog/datasets/by-name/" + name + "/metadata",
                           DumpJson(Json{{"tags", tags}}));
    ASSERT_EQ(tagged->status, 200) << tagged->body;
  }
  HttpClient& As(const std::string& role) { return *clients_.at(role); }
  int Tombstone(const std::string& role, const std::string& dataset) {
    auto r = As(role).PostJson("/catalog/datasets/by-name/" + dataset + "/tombstone",
                               {{"row_key_column", "id"}, {"row_key_values", {1}}});
    return r.ok() ? r->status : -1;
  }
  int Compact(const std::string& role, const std::string& dataset) {
    auto r = As(role).PostJson("/query/compact", {{"dataset", dataset}});
    return r.ok() ? r->status : -1;
  }
  int PatchMetadata(const std::string& role, const std::string& dataset) {
    auto r = As(role).Send(HttpMethod::kPatch, "/catalog/datasets/by-name/" + dataset + "/metadata",
                           DumpJson(Json{{"description", "x"}}));
    return r.ok() ? r->status : -1;
  }
  std::map<std::string, std::unique_ptr<HttpClient>> clients_;
};

TEST_F(WritePermissionE2E, BuiltInRolesWriteOnlyWhatTheyAreGranted) {
  // analyst: reads everything, writes nothing → 403 (the datasets are visible).
  EXPECT_EQ(Tombstone("analyst", "candidates"), 403);
  EXPECT_EQ(Compact("analyst", "sales"), 403);
  EXPECT_EQ(PatchMetadata("analyst", "sales"), 403);
  // recruiter: writes hr datasets, is not their admin, and sales does not exist for it.
  EXPECT_EQ(Tombstone("recruiter", "candidates"), 200);
  EXPECT_EQ(Compact("recruiter", "candidates"), 200);
  EXPECT_EQ(PatchMetadata("recruiter", "candidates"), 403);
  EXPECT_EQ(Tombstone("recruiter", "sales"), 404);
  EXPECT_EQ(Compact("recruiter", "sales"), 404);
  auto deleted = As("recruiter").Send(HttpMethod::kDelete, "/catalog/datasets/by-name/candidates");
  EXPECT_EQ(deleted->status, 403);
  // agent: no grants → nothing exists.
  EXPECT_EQ(Tombstone("agent", "candidates"), 404);
  EXPECT_EQ(Compact("agent", "sales"), 404);
  auto hidden = As("agent").Send(HttpMethod::kDelete, "/catalog/datasets/by-name/sales");
  EXPECT_EQ(hidden->status, 404);
  EXPECT_EQ(Code(hidden), "NOT_FOUND");
  // The 404 of a hidden dataset reads like the 404 of a missing one.
  auto missing = As("agent").PostJson("/query/compact", {{"dataset", "no_such"}});
  EXPECT_EQ(Body(missing)["error"]["message"].get<std::string>().find("does not exist") !=
                std::string::npos,
            Body(As("agent").PostJson("/query/compact", {{"dataset", "sales"}}))["error"]["message"]
                    .get<std::string>()
                    .find("does not exist") != std::string::npos);
  // Ingest (multipart): write on the target.
  std::vector<MultipartItem> upload = {{"dataset", "candidates", "", "", ""},
                                       {"mode", "append", "", "", ""},
                                       {"file", "id,name\n9,z\n", "more.csv", "text/csv", ""}};
  EXPECT_EQ(As("analyst").PostMultipart("/ingest/file", upload)->status, 403);
  auto ingested = As("recruiter").PostMultipart("/ingest/file", upload);
  EXPECT_EQ(ingested->status, 200) << ingested->body;
  upload[0].content = "sales";
  EXPECT_EQ(As("recruiter").PostMultipart("/ingest/file", upload)->status, 404);
  // Registering datasets needs admin on them.
  EXPECT_EQ(
      As("recruiter")
          .PostJson("/catalog/datasets", {{"name", "new_hr"},
                                          {"tags", {"hr"}},
                                          {"columns", {{{"name", "id"}, {"type", "BIGINT"}}}}})
          ->status,
      403);
  // Vector indexes: write on the dataset.
  Json index = {{"index_name", "sales_idx"},
                {"dataset", "sales"},
                {"id_column", "id"},
                {"text_column", "total"}};
  EXPECT_EQ(As("recruiter").PostJson("/vectors/index", index)->status, 404);
  EXPECT_EQ(As("analyst").PostJson("/vectors/index", index)->status, 403);
  // Deployment-wide: buckets, objects, roles need the admin role.
  for (const char* role : {"analyst", "recruiter", "agent"}) {
    EXPECT_EQ(As(role)
                  .PostJson("/storage/buckets",
                            {{"name", "b2"}, {"root", server_->data_dir() + "/buckets/b2"}})
                  ->status,
              403)
        << role;
    EXPECT_EQ(As(role).Get("/storage/buckets/primary/objects?prefix=raw/")->status, 403) << role;
    EXPECT_EQ(
        As(role).PostJson("/access/roles", {{"name", "r"}, {"grants", Json::array()}})->status, 403)
        << role;
  }
  // The admin may do all of it.
  EXPECT_EQ(c().PostJson("/query/compact", {{"dataset", "sales"}})->status, 200);
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/catalog/datasets/by-name/sales")->status, 200);
}

// Index refresh, patch and delete need write on the index's dataset: without it they are 403
// with the JSON error shape (404 when the dataset is not granted at all) and change nothing.
TEST_F(WritePermissionE2E, IndexRefreshPatchAndDeleteNeedWriteOnTheDataset) {
  auto built =
      c().PostJson("/vectors/refresh/candidates?wait=true", {{"index_name", "cand_idx"},
                                                             {"id_column", "id"},
                                                             {"text_column", "name"},
                                                             {"model", "builtin/hash-v1"}});
  ASSERT_EQ(built->status, 200) << built->body;
  // New rows: a refresh would now have work to do.
  auto more = c().PostMultipart("/ingest/file", {{"dataset", "candidates", "", "", ""},
                                                 {"mode", "append", "", "", ""},
                                                 {"file", "id,name\n7,g\n", "m.csv", "", ""}});
  ASSERT_EQ(more->status, 200) << more->body;
  Json before = Body(c().Get("/vectors/indexes/cand_idx"));
  ASSERT_EQ(before["index_name"], "cand_idx") << before.dump();
  const Json refresh_body = {{"index_name", "cand_idx"}};
  const Json patch = {{"refresh_policy", {{"mode", "scheduled"}, {"cron", "0 3 * * *"}}}};
  auto refused = [](const Result<ClientResponse>& r, int status, const char* code) {
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, status) << r->body;
    Json body = Body(r);
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_TRUE(body["error"]["message"].is_string()) << r->body;
    EXPECT_TRUE(body["error"]["request_id"].is_string()) << r->body;
  };
  // analyst: reads candidates, may not write it.
  refused(As("analyst").PostJson("/vectors/refresh/candidates?wait=true", refresh_body), 403,
          "PERMISSION_DENIED");
  refused(As("analyst").Send(HttpMethod::kPatch, "/vectors/indexes/cand_idx", DumpJson(patch)), 403,
          "PERMISSION_DENIED");
  refused(As("analyst").Send(HttpMethod::kDelete, "/vectors/indexes/cand_idx"), 403,
          "PERMISSION_DENIED");
  // agent: no grant on candidates → the index does not exist for it.
  refused(As("agent").PostJson("/vectors/refresh/candidates?wait=true", refresh_body), 404,
          "NOT_FOUND");
  refused(As("agent").Send(HttpMethod::kPatch, "/vectors/indexes/cand_idx", DumpJson(patch)), 404,
          "NOT_FOUND");
  refused(As("agent").Send(HttpMethod::kDelete, "/vectors/indexes/cand_idx"), 404, "NOT_FOUND");
  // Nothing changed: same definition, versions and policy; no refresh job ran.
  EXPECT_EQ(Body(c().Get("/vectors/indexes/cand_idx")), before);
  // recruiter: writes hr datasets, so all three go through.
  auto patched =
      As("recruiter").Send(HttpMethod::kPatch, "/vectors/indexes/cand_idx", DumpJson(patch));
  EXPECT_EQ(patched->status, 200) << patched->body;
  EXPECT_NE(Body(c().Get("/vectors/indexes/cand_idx"))["refresh_policy"], before["refresh_policy"]);
  auto refreshed = As("recruiter").PostJson("/vectors/refresh/candidates?wait=true", refresh_body);
  EXPECT_EQ(refreshed->status, 200) << refreshed->body;
  EXPECT_GT(Body(c().Get("/vectors/indexes/cand_idx"))["built_from_version"].get<int64_t>(),
            before["built_from_version"].get<int64_t>());
  EXPECT_EQ(As("recruiter").Send(HttpMethod::kDelete, "/vectors/indexes/cand_idx")->status, 200);
  EXPECT_EQ(c().Get("/vectors/indexes/cand_idx")->status, 404);
}

TEST_F(WritePermissionE2E, CustomRolesGrantWritesByName) {
  auto role = c().PostJson(
      "/access/roles",
      {{"name", "sales-writer"},
       {"grants", {{{"target", "sales"}, {"permission", "write"}, {"max_unmasked", "internal"}}}}});
  ASSERT_EQ(role->status, 201) << role->body;
  auto writer = server_->ClientWithKey(CreateKey(c(), "sam", {"agent", "sales-writer"}));
  EXPECT_EQ(writer->PostJson("/query/compact", {{"dataset", "sales"}})->status, 200);
  EXPECT_EQ(writer->PostJson("/query/compact", {{"dataset", "candidates"}})->status, 404);
  Json me = Body(writer->Get("/access/whoami"));
  ASSERT_EQ(me["grants"].size(), 1u);
  EXPECT_EQ(me["grants"][0]["target"], "sales");
  // A role a live key holds cannot be deleted; bad grants are 400.
  EXPECT_EQ(c().Send(HttpMethod::kDelete, "/access/roles/sales-writer")->status, 412);
  EXPECT_EQ(c().PostJson("/access/roles",
                         {{"name", "bad"}, {"grants", {{{"target", "x"}, {"permission", "own"}}}}})
                ->status,
            400);
  EXPECT_EQ(c().PostJson("/access/keys", {{"principal", "x"}, {"roles", {"no-such-role"}}})->status,
            400);
}

TEST(AccessE2E, BucketRootsMustLieUnderTheAllowList) {
  auto server = StartServer({.api_key = kAdminKey});
  ASSERT_NE(server, nullptr);
  for (const std::string& root : {std::string("/etc"), std::string("/"),
                                  std::string("../../../../../../etc"), server->data_dir()}) {
    auto r = server->client().PostJson("/storage/buckets", {{"name", "escape"}, {"root", root}});
    EXPECT_GE(r->status, 400) << root;
    EXPECT_LT(r->status, 500) << root << ": " << r->body;
  }
  EXPECT_EQ(Body(server->client().Get("/storage/buckets"))["buckets"].size(), 1u);
  const std::string inside = server->data_dir() + "/buckets/extra";
  auto ok = server->client().PostJson("/storage/buckets", {{"name", "extra"}, {"root", inside}});
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_TRUE(fs::is_directory(inside));
}

TEST(AccessE2E, RestartKeepsKeysRolesAndRevocations) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const std::string admin_key = CreateKey(server->client(), "ops", {"admin"});
  auto admin = server->ClientWithKey(admin_key);
  ASSERT_EQ(admin
                ->PostJson("/access/roles",
                           {{"name", "hr-reader"},
                            {"grants", {{{"target", "tag:hr"}, {"permission", "read"}}}}})
                ->status,
            201);
  const std::string reader_key = CreateKey(*admin, "rita", {"hr-reader"});
  const std::string gone_key = CreateKey(*admin, "gus", {"analyst"});
  Json gone = Body(server->ClientWithKey(gone_key)->Get("/access/whoami"));
  ASSERT_EQ(
      admin->Send(HttpMethod::kDelete, "/access/keys/" + gone["key_id"].get<std::string>())->status,
      200);

  auto banners = [&] {
    const std::string log = server->Log();
    int n = 0;
    for (size_t at = log.find("DEV MODE"); at != std::string::npos;
         at = log.find("DEV MODE", at + 1)) {
      ++n;
    }
    return n;
  };
  const int before = banners();
  ASSERT_TRUE(server->Restart().ok());
  EXPECT_EQ(banners(), before) << "keys exist: no dev mode after the restart";
  Json me = Body(server->ClientWithKey(reader_key)->Get("/access/whoami"));
  EXPECT_EQ(me["principal"], "rita");
  ASSERT_EQ(me["grants"].size(), 1u);
  EXPECT_EQ(me["grants"][0]["target"], "tag:hr");
  EXPECT_EQ(me["grants"][0]["max_unmasked"], "public");
  EXPECT_EQ(server->ClientWithKey(gone_key)->Get("/access/whoami")->status, 401);
  EXPECT_EQ(server->ClientWithKey("")->Get("/access/whoami")->status, 401);
  Json roles = Body(server->ClientWithKey(admin_key)->Get("/access/roles"))["roles"];
  ASSERT_EQ(roles.size(), 5u);
  EXPECT_EQ(roles[4]["name"], "hr-reader");
}

TEST(AccessE2E, CliCreatesListsAndRevokesKeys) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const std::string at = " --server " + server->base_url();
  auto [code, out] = RunCli("access keys create --principal cli-admin --role admin" + at);
  ASSERT_EQ(code, 0) << out;
  const size_t start = out.find("lh_");
  ASSERT_NE(start, std::string::npos) << out;
  const std::string key = out.substr(start, out.find('\n', start) - start);
  auto [who_code, who] = RunCli("access whoami --api-key " + key + at);
  EXPECT_EQ(who_code, 0) << who;
  EXPECT_NE(who.find("principal cli-admin"), std::string::npos) << who;
  auto [anon_code, anon] = RunCli("access whoami" + at);
  EXPECT_EQ(anon_code, 1) << anon;
  auto [role_code, role_out] = RunCli(
      "access roles create hr-writer --grant tag:hr:write:confidential --api-key " + key + at);
  EXPECT_EQ(role_code, 0) << role_out;
  auto [list_code, listed] = RunCli("access roles list --api-key " + key + at);
  EXPECT_EQ(list_code, 0) << listed;
  EXPECT_NE(listed.find("tag:hr:write:confidential"), std::string::npos) << listed;
  auto [keys_code, keys] = RunCli("access keys list --json --api-key " + key + at);
  ASSERT_EQ(keys_code, 0) << keys;
  const std::string id = key.substr(3, 12);
  EXPECT_NE(keys.find(id), std::string::npos) << keys;
  EXPECT_EQ(keys.find(key), std::string::npos) << "never the secret";
  auto [revoke_code, revoked] = RunCli("access keys revoke " + id + " --api-key " + key + at);
  EXPECT_EQ(revoke_code, 0) << revoked;
  EXPECT_EQ(server->ClientWithKey(key)->Get("/access/whoami")->status, 401);
}

}  // namespace
}  // namespace lakehouse
