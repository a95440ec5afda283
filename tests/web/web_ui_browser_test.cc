// The web UI in a real browser (issue #22): the real server with the real-data corpus (SOTU
// addresses since 1913 in dataset sotu with a vector index, the FFQ questionnaire in ffq), then
// ui_browser_test.mjs drives Debian's chromium through every page (see that file). Screenshots are
// written to $UI_ARTIFACTS. Chromium, node or puppeteer-core missing fails the test: it never
// skips.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <utility>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"
#include "tests/support/fake_llm_server.h"

namespace lakehouse::realdata {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// Runs ui_browser_test.mjs with `env` (shell assignments) against `base_url`: its exit code and
// output. Chromium, node or puppeteer-core missing is an error for the calling test.
std::pair<int, std::string> RunBrowser(const std::string& base_url, const std::string& env) {
  const std::string source = Env("LAKEHOUSE_SOURCE_DIR");
  const std::string artifacts = Env("UI_ARTIFACTS");
  const std::string node = Env("UI_NODE");
  if (source.empty() || artifacts.empty()) return {-1, "run through ctest"};
  if (node.empty())
    return {-1, "node was not found at configure time; scripts/setup.sh installs it"};
  if (!std::filesystem::exists(source + "/third_party/web-test/node_modules/puppeteer-core")) {
    return {-1, "puppeteer-core is missing: run scripts/setup.sh"};
  }
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    return {-1, "Debian's chromium is missing: run scripts/setup.sh"};
  }
  std::filesystem::create_directories(artifacts);
  const std::string command = "UI_BASE_URL=" + base_url + " UI_ARTIFACTS='" + artifacts +
                              "' UI_SOURCE_DIR='" + source + "' " + env + " '" + node + "' '" +
                              source + "/tests/web/ui_browser_test.mjs' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) {
    out.append(buf, n);
    fwrite(buf, 1, n, stdout);  // progress as it happens
  }
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class WebUiBrowserTest : public RealDataTest {};

TEST_F(WebUiBrowserTest, EveryPageWorksOnRealData) {
  auto speeches = LoadSpeeches();
  ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
  std::vector<Speech> recent, older;
  for (Speech& s : *speeches) (s.year >= 1913 ? recent : older).push_back(std::move(s));
  ASSERT_EQ(recent.size(), 110u);
  IngestOk({{"sotu.ndjson", SpeechesNdjson(recent)}}, {{"dataset", "sotu"}, {"key", "id"}});
  auto ffq = LoadFfq();
  ASSERT_TRUE(ffq.ok()) << ffq.status().ToString();
  auto csv = ReadFileBytes(ffq->csv_path);
  ASSERT_TRUE(csv.ok());
  IngestOk({{"ffq.csv", *csv}}, {{"dataset", "ffq"}});
  auto index = c().PostJson("/vectors/index?wait=true", {{"index_name", "sotu_idx"},
                                                         {"dataset", "sotu"},
                                                         {"id_column", "id"},
                                                         {"text_column", "text"},
                                                         {"chunk_size", 800},
                                                         {"overlap", 80},
                                                         {"model", "builtin/hash-v1"}});
  ASSERT_TRUE(index.ok() && index->status == 200) << (index.ok() ? index->body : "");
  // What the Ingest page uploads: the older addresses, upserted into sotu (which makes the index
  // stale for the Indexes page's Refresh).
  const std::string upload = Scratch("sotu_before_1913.ndjson", SpeechesNdjson(older));

  auto [code, out] = RunBrowser(server_->base_url(), "UI_UPLOAD_FILE='" + upload + "'");
  ASSERT_EQ(code, 0) << "the browser test failed (screenshots in " << Env("UI_ARTIFACTS") << "):\n"
                     << out << "\nserver log:\n"
                     << server_->Log().substr(0, 4000);

  // What the pages did is in the server too: the uploads committed, the refresh caught up, the
  // policy, the description, owner and tags were saved, the cancelled query stopped.
  EXPECT_EQ(Count("sotu"), 234);  // 110 + 123 older + 1 row with a new column
  EXPECT_EQ(SqlValue("SELECT source FROM sotu WHERE id = '2099_ui_test'"), "web ui test");
  Json freshness = testing::Body(c().Get("/vectors/indexes/sotu_idx/freshness"));
  EXPECT_EQ(freshness["stale"], false) << freshness.dump();
  EXPECT_EQ(freshness["policy"], "scheduled") << freshness.dump();
  Json sotu = Manifest("sotu");
  EXPECT_EQ(sotu["description"], "State of the Union addresses since 1913");
  EXPECT_EQ(sotu["owner"], "history desk");
  EXPECT_EQ(sotu["tags"], Json::array({"presidents", "speeches"}))
      << sotu["tags"].dump();        // sorted
  EXPECT_EQ(Count("dropped"), 437);  // the file dropped on the Ingest page
  // The SQL page's Cancel closed the request, and the server interrupted the query.
  EXPECT_NE(server_->Log().find("query interrupted: the client disconnected"), std::string::npos)
      << server_->Log().substr(0, 4000);
  for (const char* shot : {"sql", "explore", "search", "indexes", "ingest", "system", "ask"}) {
    EXPECT_TRUE(std::filesystem::exists(Env("UI_ARTIFACTS") + "/" + shot + ".png")) << shot;
  }
}

// With API keys the page asks for one: a wrong key is refused, the right one is kept in the tab's
// session storage (not local storage) across a reload, and signing out forgets it. A key whose
// role reads one dataset sees only that one.
TEST(WebUiSignInBrowserTest, SignInWithAnApiKey) {
  auto server = testing::ServerProcess::Start({.api_key = "lh_web_ui_browser_test_key"});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  HttpClient& admin = (*server)->client();
  for (const char* name : {"open_data", "closed_data"}) {
    auto r = admin.PostMultipart(
        "/ingest/file", {{"dataset", name, "", "", ""}, {"file", "a,b\n1,2\n", "d.csv", "", ""}});
    ASSERT_TRUE(r.ok() && r->status == 200) << (r.ok() ? r->body : r.status().ToString());
  }
  auto role = admin.PostJson(
      "/access/roles",
      {{"name", "open_reader"}, {"grants", {{{"target", "open_data"}, {"permission", "read"}}}}});
  ASSERT_TRUE(role.ok() && role->status == 201) << (role.ok() ? role->body : "");
  auto key = admin.PostJson("/access/keys", {{"principal", "viewer"}, {"roles", {"open_reader"}}});
  ASSERT_TRUE(key.ok() && key->status == 201) << (key.ok() ? key->body : "");
  const std::string viewer_key = testing::Body(key)["key"];
  auto [code, out] = RunBrowser((*server)->base_url(),
                                "UI_SCENARIO=signin UI_API_KEY=lh_web_ui_browser_test_key "
                                "UI_VIEWER_KEY='" +
                                    viewer_key + "'");
  ASSERT_EQ(code, 0) << out << "\nserver log:\n" << (*server)->Log().substr(0, 4000);
}

// With a text generator configured (the fake Ollama of tests/support), the Ask page turns a
// question into SQL through POST /ai/sql: the schema goes to the generator, the server checks and
// runs its reply, the page shows and charts the rows; the SQL is edited and run again.
TEST(WebUiGeneratorBrowserTest, AskWritesSqlWithAGenerator) {
  auto fake = testing::FakeLlmServer::Start(testing::FakeLlmServerOptions::With(16));
  ASSERT_TRUE(fake.ok()) << fake.status().ToString();
  (*fake)->SetChatReply(
      "```sql\nSELECT party, count(*) AS addresses FROM sotu GROUP BY party ORDER BY addresses "
      "DESC\n```\nAddresses per party, most first.");
  std::map<std::string, std::string> env = (*fake)->LakehouseEnv();
  env["LAKEHOUSE_AI_GENERATE_MODEL"] = "ollama/llama3.2";
  auto server = testing::ServerProcess::Start({.env = env});
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  auto speeches = LoadSpeeches();
  ASSERT_TRUE(speeches.ok()) << speeches.status().ToString();
  auto ingested = (*server)->client().PostMultipart(
      "/ingest/file", {{"dataset", "sotu", "", "", ""},
                       {"file", SpeechesNdjson(*speeches), "sotu.ndjson", "", ""}});
  ASSERT_TRUE(ingested.ok() && ingested->status == 200);

  auto [code, out] = RunBrowser((*server)->base_url(), "UI_SCENARIO=generator");
  ASSERT_EQ(code, 0) << out << "\nserver log:\n" << (*server)->Log().substr(0, 4000);
  ASSERT_EQ((*fake)->chat_requests().size(), 2u);  // the SQL, then the dataset's summary
  const std::string prompt = (*fake)->chat_requests()[0]["messages"][0].value("content", "");
  EXPECT_NE(prompt.find("TABLE \"sotu\""), std::string::npos) << prompt;
  EXPECT_NE(prompt.find("\"id\" VARCHAR"), std::string::npos) << prompt;
}

}  // namespace
}  // namespace lakehouse::realdata
