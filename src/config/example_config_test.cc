// Keeps lakehouse.example.toml (repository root) in step with the code: it must load, equal the
// defaults, and set every key, so a key added to the table without documenting it fails here.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_json.h"
#include "config/config_keys.h"
#include "config/config_loader.h"
#include "config/toml_config_reader.h"

namespace lakehouse {
namespace {

std::string ExamplePath() {
  const char* root = getenv("LAKEHOUSE_SOURCE_DIR");
  return root == nullptr ? "" : std::string(root) + "/lakehouse.example.toml";
}

std::string ReadExample() {
  std::ifstream in(ExamplePath());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Dotted paths of the leaves of a ConfigToJson object; arrays count as leaves.
void CollectLeaves(const Json& json, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& [name, value] : json.items()) {
    std::string path = prefix.empty() ? name : prefix + "." + name;
    if (value.is_object()) {
      CollectLeaves(value, path, out);
    } else {
      out.push_back(path);
    }
  }
}

// A value of the same type that differs from `value` (checks are bypassed on purpose).
ConfigValue Different(const ConfigValue& value) {
  return std::visit(
      [](const auto& v) -> ConfigValue {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, int64_t>) {
          return v + 1;
        } else if constexpr (std::is_same_v<V, std::string>) {
          return v + "-changed";
        } else {
          V changed = v;
          changed.push_back("changed");
          return changed;
        }
      },
      value);
}

// The commented [[storage.buckets]] block at the end of the example, uncommented.
std::string CommentedBucketBlock(const std::string& example) {
  std::istringstream lines(example);
  std::string line;
  std::string block;
  bool inside = false;
  while (std::getline(lines, line)) {
    if (line == "# [[storage.buckets]]") inside = true;
    if (!inside) continue;
    if (!line.starts_with("# ")) break;
    block += line.substr(2) + "\n";
  }
  return block;
}

class ExampleConfigTest : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(ExamplePath().empty())
        << "set LAKEHOUSE_SOURCE_DIR to the repository root (ctest does this)";
    example_ = ReadExample();
    ASSERT_FALSE(example_.empty()) << "cannot read " << ExamplePath();
  }
  std::string example_;
};

TEST_F(ExampleConfigTest, LoadsToTheDefaults) {
  ConfigOverrides flags;
  flags.config_file = ExamplePath();
  Result<Config> loaded = LoadConfig(flags, {});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(ConfigToJson(*loaded, false), ConfigToJson(Config{}, false));
}

TEST_F(ExampleConfigTest, SetsEveryKey) {
  std::vector<std::string> leaves;
  CollectLeaves(ConfigToJson(Config{}, false), "", leaves);
  ASSERT_FALSE(leaves.empty());
  for (const std::string& path : leaves) {
    if (path == kBucketsPath) continue;  // documented as a commented block, checked below
    const ConfigKey* key = FindKey(ConfigKeys(), path);
    ASSERT_NE(key, nullptr) << path;
    // The key is in the example exactly when loading it resets a changed value to the default.
    Config config;
    key->set(config, Different(key->get(config)));
    Status status = ApplyTomlText(example_, ExamplePath(), config);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(key->get(config), key->get(Config{})) << path << " is missing from the example";
  }
}

TEST_F(ExampleConfigTest, DocumentsEveryBucketKeyInAWorkingBlock) {
  std::string block = CommentedBucketBlock(example_);
  ASSERT_FALSE(block.empty()) << "the example lacks a commented '# [[storage.buckets]]' block";
  for (const BucketKey& key : BucketKeys()) {
    EXPECT_NE(block.find("\n" + std::string(key.path) + " = "), std::string::npos)
        << "bucket key '" << key.path << "' is missing from the example's bucket block";
  }
  Config config;
  Status status = ApplyTomlText(block, "example bucket block", config);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(config.storage.buckets.size(), 1u);
}

}  // namespace
}  // namespace lakehouse
