// builtin/use-lite-v1 against its reference, @energetic-ai/embeddings 0.2.0 on the same weights:
// reference_embed.js embeds the fixed texts of sentences.json (short, long past the 128-token
// window, non-English, emoji, empty, odd white space) and the C++ embedder must produce the same
// tokens and vectors at cosine ≥ 0.9999 for every one of them.
// Needs node and the packages scripts/setup.sh installs (npm, pinned) into
// third_party/use-lite-reference/node_modules; without them the test is SKIPPED, never passed.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <sstream>

#include "common/json.h"
#include "embed/use_lite_embedder.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(UseLiteReferenceTest, MatchesTheJsReferenceOnFixedTexts) {
  const std::string modules = std::string(LAKEHOUSE_USE_LITE_REFERENCE_DIR) + "/node_modules";
  if (std::system("node --version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "node is not installed: cannot run the JS reference (scripts/setup.sh)";
  }
  if (!std::filesystem::exists(modules + "/@energetic-ai/embeddings")) {
    GTEST_SKIP() << "the JS reference is not installed in " << modules << " (scripts/setup.sh)";
  }
  const std::string tests_dir = LAKEHOUSE_USE_LITE_TESTS_DIR;
  const Json texts = Json::parse(ReadAll(tests_dir + "/sentences.json"));
  ASSERT_GE(texts.size(), 200u);

  testing::TempDir dir;
  const std::string command = "node '" + tests_dir + "/reference_embed.js' '" + modules + "' < '" +
                              tests_dir + "/sentences.json' > '" + dir.Join("reference.jsonl") +
                              "'";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<Json> reference;
  std::istringstream lines(ReadAll(dir.Join("reference.jsonl")));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) reference.push_back(Json::parse(line));
  }
  ASSERT_EQ(reference.size(), texts.size());

  auto embedder = UseLiteEmbedder::Create({});
  ASSERT_TRUE(embedder.ok()) << embedder.status().ToString();
  std::vector<std::string> inputs;
  for (const Json& text : texts) inputs.push_back(text.get<std::string>());
  auto vectors = (*embedder)->Embed(inputs);
  ASSERT_TRUE(vectors.ok()) << vectors.status().ToString();

  double worst = 1.0;
  int beyond_window = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    SCOPED_TRACE("text " + std::to_string(i) + ": " + inputs[i].substr(0, 80));
    const std::vector<int32_t> tokens = (*embedder)->Tokenize(inputs[i]);
    EXPECT_EQ(tokens, reference[i]["tokens"].get<std::vector<int32_t>>());
    if (tokens.size() > static_cast<size_t>(UseLiteEmbedder::kMaxTokens)) ++beyond_window;
    const std::vector<float> expected = reference[i]["vector"].get<std::vector<float>>();
    ASSERT_EQ(expected.size(), (*vectors)[i].size());
    const double cosine =
        std::inner_product(expected.begin(), expected.end(), (*vectors)[i].begin(), 0.0);
    EXPECT_GE(cosine, 0.9999);
    worst = std::min(worst, cosine);
  }
  EXPECT_GE(beyond_window, 5) << "the fixed texts must exercise the 128-token clip";
  std::cout << std::setprecision(8) << "use-lite-v1 vs the JS reference: " << inputs.size()
            << " texts, tokens identical, worst cosine " << worst << "\n";
}

}  // namespace
}  // namespace lakehouse
