#include "cli/command_spec.h"

#include <gtest/gtest.h>

#include <regex>

#include "cli/command_table.h"
#include "cli/command_tree.h"

namespace lakehouse {
namespace {

// What the last test command saw.
struct Seen {
  std::string dataset;
  std::vector<std::string> keys;
  std::optional<int64_t> limit;
  bool json = false;
  std::string server;
  std::string text;
};
Seen seen;

int Record(const Invocation& in) {
  seen = {in.Get("DATASET"), in.List("--keys"),  in.Int("--limit"),
          in.Has("--json"),  in.server().server, in.Get("--text")};
  return 7;
}

const CommandSpec& TestSpec() {
  static const CommandSpec spec{"things delete",
                                "Delete things",
                                "lakehouse things delete DATASET --keys A,B",
                                {{"DATASET", "Dataset", true, "dataset"}},
                                {{"--keys", FlagType::kList, "Keys", true},
                                 {"--limit", FlagType::kInt, "Limit"},
                                 {"--mode", FlagType::kChoice, "Mode", false, {"a", "b"}},
                                 {"--json", FlagType::kBool, "JSON"},
                                 {"--text", FlagType::kString, "Text"}},
                                "lakehouse things delete d --keys 1",
                                {"POST /things"},
                                Record};
  return spec;
}

// Parses `args` (without the program name) against a tree holding TestSpec.
std::optional<int> Parse(std::vector<std::string> args) {
  static const CommandSpec group{
      "things", "Things", "lakehouse things …", {}, {}, "lakehouse things", {}, nullptr};
  CLI::App app;
  CommandBinder binder(&app);
  binder.Bind(group);  // the group has --server too: `things --server URL delete …`
  binder.Bind(TestSpec());
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return binder.RunParsed();
}

TEST(CommandSpecTest, ParsesArgumentsListsIntsAndBools) {
  EXPECT_EQ(Parse({"things", "delete", "orders", "--keys", "a,b", "--keys", "c", "--limit", "5",
                   "--json", "--server", "http://h:1"}),
            7);
  EXPECT_EQ(seen.dataset, "orders");
  EXPECT_EQ(seen.keys, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(seen.limit, 5);
  EXPECT_TRUE(seen.json);
  EXPECT_EQ(seen.server, "http://h:1");
}

// A JSON array given to a string flag (`search --vector '[1, 0.1, 0]'`) arrives whole: CLI11
// splits bracketed values of vector-bound options into items.
TEST(CommandSpecTest, AStringFlagKeepsABracketedValueWhole) {
  EXPECT_EQ(Parse({"things", "delete", "d", "--keys", "k", "--text", "[1, 0.1, 0]"}), 7);
  EXPECT_EQ(seen.text, "[1, 0.1, 0]");
  EXPECT_EQ(Parse({"things", "delete", "d", "--keys", "k", "--text", "a", "--text", "b"}), 7);
  EXPECT_EQ(seen.text, "b");  // the last one wins
}

TEST(CommandSpecTest, ServerGivenOnTheParentGroupCounts) {
  EXPECT_EQ(Parse({"things", "--server", "http://parent:2", "delete", "d", "--keys", "k"}), 7);
  EXPECT_EQ(seen.server, "http://parent:2");
  EXPECT_FALSE(seen.limit.has_value());
}

TEST(CommandSpecTest, BadValuesAreParseErrors) {
  EXPECT_THROW(Parse({"things", "delete", "d", "--keys", "k", "--limit", "many"}),
               CLI::ValidationError);
  EXPECT_THROW(Parse({"things", "delete", "d", "--keys", "k", "--mode", "c"}),
               CLI::ValidationError);
  EXPECT_THROW(Parse({"things", "delete", "d"}), CLI::RequiredError);
  EXPECT_THROW(Parse({"things", "delete", "d", "--keys", "k", "--nope"}), CLI::ExtrasError);
}

TEST(CommandSpecTest, AGroupWithoutRunIsNotRun) { EXPECT_EQ(Parse({"things"}), std::nullopt); }

TEST(CommandTableTest, EveryEntryIsComplete) {
  const std::regex route("(GET|POST|PUT|PATCH|DELETE) /[A-Za-z0-9_./{}-]*");
  for (const CommandSpec& spec : CommandTable()) {
    SCOPED_TRACE(spec.path);
    EXPECT_FALSE(spec.summary.empty());
    EXPECT_EQ(spec.synopsis.rfind("lakehouse " + spec.path, 0), 0u) << spec.synopsis;
    EXPECT_FALSE(spec.example.empty());
    for (const std::string& r : spec.routes) EXPECT_TRUE(std::regex_match(r, route)) << r;
    for (const FlagSpec& flag : spec.flags) {
      EXPECT_EQ(flag.name.rfind("--", 0), 0u) << flag.name;
      EXPECT_FALSE(flag.help.empty()) << flag.name;
    }
    EXPECT_EQ(FindCommand(spec.path), &spec) << "duplicate path";
  }
}

TEST(CommandTableTest, TheWholeTreeBuildsAndEveryNodeHasATableEntry) {
  CLI::App app;
  app.add_subcommand("serve", "Run the server");
  std::function<int()> run;
  CommandBinder binder(&app);
  AddClientCommands(&app, &run, &binder);
  std::vector<const CLI::App*> pending = {&app};
  while (!pending.empty()) {
    const CLI::App* node = pending.back();
    pending.pop_back();
    for (const CLI::App* sub : node->get_subcommands([](const CLI::App*) { return true; })) {
      std::string path = sub->get_name();
      for (const CLI::App* up = node; up->get_parent() != nullptr; up = up->get_parent()) {
        path = up->get_name() + " " + path;
      }
      EXPECT_NE(FindCommand(path), nullptr) << "no table entry for `lakehouse " << path << "`";
      pending.push_back(sub);
    }
  }
}

}  // namespace
}  // namespace lakehouse
