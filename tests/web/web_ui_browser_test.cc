// The web UI in a real browser (issue #22): the real server with the real-data corpus (SOTU
// addresses since 1913 in dataset sotu with a vector index, the FFQ questionnaire in ffq), then
// ui_browser_test.mjs drives Debian's chromium through every page (see that file). Screenshots are
// written to $UI_ARTIFACTS. Chromium, node or puppeteer-core missing fails the test: it never
// skips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/realdata/derived_files.h"
#include "tests/realdata/realdata_fixture.h"
#include "tests/support/e2e_util.h"

namespace lakehouse::realdata {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
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

  const std::string source = Env("LAKEHOUSE_SOURCE_DIR");
  const std::string artifacts = Env("UI_ARTIFACTS");
  const std::string node = Env("UI_NODE");
  ASSERT_FALSE(source.empty() || artifacts.empty()) << "run through ctest";
  ASSERT_FALSE(node.empty())
      << "node was not found at configure time; scripts/setup.sh installs it";
  std::filesystem::create_directories(artifacts);
  for (const auto& entry : std::filesystem::directory_iterator(artifacts)) {
    std::filesystem::remove(entry.path());
  }
  ASSERT_TRUE(std::filesystem::exists(source + "/third_party/web-test/node_modules/puppeteer-core"))
      << "puppeteer-core is missing: run scripts/setup.sh";
  ASSERT_TRUE(std::filesystem::exists("/usr/bin/chromium"))
      << "Debian's chromium is missing: run scripts/setup.sh";

  const std::string command = "UI_BASE_URL=" + server_->base_url() + " UI_ARTIFACTS='" + artifacts +
                              "' UI_SOURCE_DIR='" + source + "' UI_UPLOAD_FILE='" + upload + "' '" +
                              node + "' '" + source + "/tests/web/ui_browser_test.mjs' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof(buf), p)) {
    out.append(buf, n);
    fwrite(buf, 1, n, stdout);  // progress as it happens
  }
  const int status = pclose(p);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the browser test failed (screenshots in " << artifacts << "):\n"
      << out << "\nserver log:\n"
      << server_->Log().substr(0, 4000);

  // What the pages did is in the server too: the upload committed, the refresh caught up.
  EXPECT_EQ(Count("sotu"), 233);
  Json freshness = testing::Body(c().Get("/vectors/indexes/sotu_idx/freshness"));
  EXPECT_EQ(freshness["stale"], false) << freshness.dump();
  EXPECT_EQ(freshness["policy"], "scheduled") << freshness.dump();
  Json dataset = Manifest("sotu");
  EXPECT_EQ(dataset["description"], "State of the Union addresses since 1913");
  for (const char* shot : {"sql", "explore", "search", "indexes", "ingest", "system", "ask"}) {
    EXPECT_TRUE(std::filesystem::exists(artifacts + "/" + shot + ".png")) << shot;
  }
}

}  // namespace
}  // namespace lakehouse::realdata
