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

// What `serve` received when main()'s run is replaced (it would start a server).
std::vector<std::string> serve_seen;
int RecordServe(const Invocation& in) {
  serve_seen = {in.Get("--config", "-"), in.Get("--data-dir", "-"), in.Get("--host", "-"),
                in.Get("--port", "-")};
  return 0;
}

// Parses `line` with the whole table bound and serve's run replaced; the parse error code
// (2) or the command's exit code.
int RunWholeTree(const std::string& line) {
  CLI::App app;
  app.require_subcommand(0, 1);
  CommandBinder binder(&app);
  AddClientCommands(&app, &binder);
  binder.SetRun("serve", RecordServe);
  std::vector<std::string> words = SplitWords(line);
  std::vector<const char*> argv = {"lakehouse"};
  for (const std::string& w : words) argv.push_back(w.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError&) {
    return 2;
  }
  return binder.RunParsed().value_or(-1);
}

// `serve` comes from the table (issue 24) with the flags it always had, and no client flags.
TEST(CommandTableTest, ServeIsParsedFromTheTableAndRunByMain) {
  EXPECT_EQ(RunWholeTree("serve --data-dir /tmp/d --port 0 --host 0.0.0.0 --config c.toml"), 0);
  EXPECT_EQ(serve_seen, (std::vector<std::string>{"c.toml", "/tmp/d", "0.0.0.0", "0"}));
  serve_seen.clear();
  EXPECT_EQ(RunWholeTree("serve"), 0);
  EXPECT_EQ(serve_seen, (std::vector<std::string>{"-", "-", "-", "-"}));
  EXPECT_EQ(RunWholeTree("serve --port eighty"), 2);
  EXPECT_EQ(RunWholeTree("serve --server http://x"), 2) << "serve is the server";
  EXPECT_EQ(RunWholeTree("serve extra"), 2);
}

// `index` and its subcommands too: the same names, aliases, required values and choices.
TEST(CommandTableTest, IndexCommandsAreParsedFromTheTable) {
  for (const char* path : {"index", "index create", "index list", "index show", "index delete",
                           "index eval", "index trials", "index best", "index autotune"}) {
    const CommandSpec* spec = FindCommand(path);
    ASSERT_NE(spec, nullptr) << path;
    EXPECT_NE(spec->run, nullptr) << path;
  }
  EXPECT_EQ(FindCommand("index")->aliases, std::vector<std::string>{"indexes"});
  // Usage errors stop before any request (the server address is unreachable).
  const std::string down = " --server http://127.0.0.1:1";
  EXPECT_EQ(RunWholeTree("index create x --dataset d" + down), 2) << "--id-column is required";
  EXPECT_EQ(RunWholeTree("index create x --dataset d --id-column i" + down), 2) << "no column";
  EXPECT_EQ(RunWholeTree("index create x --dataset d --id-column i --text-column t "
                         "--vector-column v" +
                         down),
            2);
  EXPECT_EQ(
      RunWholeTree("index create x --dataset d --id-column i --vector-column v --model m" + down),
      2);
  EXPECT_EQ(RunWholeTree(
                "index create x --dataset d --id-column i --text-column t --policy weekly" + down),
            2);
  EXPECT_EQ(RunWholeTree("index create x --dataset d --id-column i --text-column t "
                         "--hnsw-m many" +
                         down),
            2);
  EXPECT_EQ(RunWholeTree("index show" + down), 2) << "NAME is required";
  EXPECT_EQ(RunWholeTree("index best x --by speed" + down), 2);
  EXPECT_EQ(RunWholeTree("index eval x --ef-search 16,many" + down), 2);
  EXPECT_EQ(RunWholeTree("index autotune x --min-recall high" + down), 2);
  // Well-formed commands get as far as the (unreachable) server: exit code 3 or more.
  EXPECT_GE(RunWholeTree("indexes" + down), 3);
  EXPECT_GE(RunWholeTree("index --json" + down), 3);
  EXPECT_GE(RunWholeTree("index eval x --ef-search 16 --ef-search 64" + down), 3);
}

TEST(CommandTableTest, TheWholeTreeBuildsAndEveryNodeHasATableEntry) {
  CLI::App app;
  CommandBinder binder(&app);
  AddClientCommands(&app, &binder);
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
