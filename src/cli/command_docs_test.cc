#include "cli/command_docs.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "cli/command_table.h"
#include "cli/command_tree.h"

namespace lakehouse {
namespace {

std::vector<CommandDoc> Docs() {
  CLI::App app;
  CommandBinder binder(&app);
  AddClientCommands(&app, &binder);
  return CollectCommandDocs(app);
}

const CommandDoc& DocFor(const std::vector<CommandDoc>& docs, const std::string& path) {
  for (const CommandDoc& d : docs) {
    if (d.path == path) return d;
  }
  static const CommandDoc none;
  ADD_FAILURE() << "no doc for " << path;
  return none;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Runs `command` with `script` as a file; returns its exit status.
int CheckWith(const std::string& command, const std::string& script, const std::string& ext) {
  const std::string path = ::testing::TempDir() + "/lakehouse-completion." + ext;
  std::ofstream(path) << script;
  return std::system((command + " " + path + " 2>&1").c_str());
}

TEST(CommandDocsTest, HelpHasSynopsisFlagsWithTypesExampleAndRoutes) {
  const std::vector<CommandDoc> docs = Docs();
  const std::string help = HelpText(DocFor(docs, "rows delete"));
  EXPECT_TRUE(Has(help, "Usage: lakehouse rows delete DATASET --key-column COL")) << help;
  EXPECT_TRUE(Has(help, "--key-column TEXT")) << help;
  EXPECT_TRUE(Has(help, "(required)")) << help;
  EXPECT_TRUE(Has(help, "--keys LIST")) << help;
  EXPECT_TRUE(Has(help, "Example:\n  lakehouse rows delete orders")) << help;
  EXPECT_TRUE(Has(help, "POST /catalog/datasets/by-name/{name}/tombstone")) << help;
  // Moved into the table from CLI11 (issue 24): flags and example from one CommandSpec.
  const std::string search = HelpText(DocFor(docs, "search"));
  EXPECT_TRUE(Has(search, "--filter")) << search;
  EXPECT_TRUE(Has(search, "lakehouse search docs_idx")) << search;
  const std::string choices = HelpText(DocFor(docs, "jobs list"));
  EXPECT_TRUE(Has(choices, "--state queued|running|succeeded|failed|cancelled")) << choices;
}

TEST(CommandDocsTest, TopLevelHelpListsCommandsAndExitCodes) {
  const std::string help = TopLevelHelp(Docs());
  for (const char* part : {"  sql ", "  rows delete ", "  jobs follow ", "Exit codes:", "  3  "}) {
    EXPECT_TRUE(Has(help, part)) << part << "\n" << help;
  }
}

TEST(CommandDocsTest, BashCompletionIsValidAndCompletesSubcommandsAndFlags) {
  const std::string script = BashCompletion(Docs());
  EXPECT_EQ(CheckWith("bash -n", script, "bash"), 0) << script;
  EXPECT_TRUE(Has(script, "'rows delete') words='--server --api-key --key-column")) << script;
  EXPECT_TRUE(Has(script, "complete -F _lakehouse lakehouse"));
  // Completing `lakehouse rows d<TAB>` in a real bash offers `delete`.
  const std::string path = ::testing::TempDir() + "/lakehouse-completion-run.bash";
  std::ofstream(path) << script
                      << "COMP_WORDS=(lakehouse rows d); COMP_CWORD=2; _lakehouse; "
                         "echo \"${COMPREPLY[*]}\"\n";
  FILE* out = popen(("bash " + path).c_str(), "r");
  ASSERT_NE(out, nullptr);
  char buffer[256] = {};
  const size_t n = fread(buffer, 1, sizeof(buffer) - 1, out);
  pclose(out);
  EXPECT_EQ(std::string(buffer, n), "delete\n");
}

TEST(CommandDocsTest, ZshAndFishScriptsParseWhenThoseShellsAreInstalled) {
  const std::vector<CommandDoc> docs = Docs();
  const std::string zsh = ZshCompletion(docs);
  const std::string fish = FishCompletion(docs);
  EXPECT_TRUE(Has(zsh, "#compdef lakehouse"));
  EXPECT_TRUE(Has(fish, "complete -c lakehouse -n '__lakehouse_at rows' -a 'delete'")) << fish;
  if (std::system("command -v zsh >/dev/null 2>&1") == 0) {
    EXPECT_EQ(CheckWith("zsh -n", zsh, "zsh"), 0) << zsh;
  }
  if (std::system("command -v fish >/dev/null 2>&1") == 0) {
    EXPECT_EQ(CheckWith("fish --no-execute", fish, "fish"), 0) << fish;
  }
}

TEST(CommandDocsTest, ManPageIsRoffWithEveryCommandAndTheExitStatus) {
  const std::vector<CommandDoc> docs = Docs();
  const std::string man = ManPage(docs, "9.9.9");
  EXPECT_EQ(man.rfind(".TH LAKEHOUSE 1", 0), 0u);
  for (const CommandDoc& d : docs) {
    std::string escaped;
    for (char c : d.path) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_TRUE(Has(man, ".SS " + escaped + "\n")) << d.path;
  }
  EXPECT_TRUE(Has(man, ".SH EXIT STATUS"));
  EXPECT_TRUE(Has(man, "\\-\\-key\\-column"));
}

std::string RoffEscaped(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

// Every option the parser accepts comes from the command table: nothing parsed is undocumented.
TEST(CommandDocsTest, EveryParsedOptionIsDeclaredInTheTable) {
  CLI::App app;
  CommandBinder binder(&app);
  AddClientCommands(&app, &binder);
  for (const CommandDoc& doc : CollectCommandDocs(app)) {
    const CommandSpec* spec = FindCommand(doc.path);
    ASSERT_NE(spec, nullptr) << doc.path << " is parsed but not in the command table";
    std::vector<OptionDoc> options = doc.options;
    options.insert(options.end(), doc.positionals.begin(), doc.positionals.end());
    for (const OptionDoc& o : options) {
      if (o.name == "--server" || o.name == "--api-key") continue;
      bool declared = false;
      for (const FlagSpec& f : spec->flags) declared |= f.name == o.name;
      for (const ArgSpec& a : spec->args) declared |= a.name == o.name;
      EXPECT_TRUE(declared) << "lakehouse " << doc.path << " parses " << o.name
                            << ", which its CommandSpec does not declare";
    }
  }
}

// Each table command's flags and arguments reach its --help, the three completion scripts and
// the man page (all generated from the same docs).
TEST(CommandDocsTest, EveryCommandsFlagsAppearInHelpCompletionsAndManPage) {
  const std::vector<CommandDoc> docs = Docs();
  const std::string bash = BashCompletion(docs);
  const std::string zsh = ZshCompletion(docs);
  const std::string fish = FishCompletion(docs);
  const std::string man = ManPage(docs, "9.9.9");
  int checked = 0;
  for (const CommandSpec& spec : CommandTable()) {
    const std::string help = HelpText(DocFor(docs, spec.path));
    for (const ArgSpec& arg : spec.args) {
      EXPECT_TRUE(Has(help, arg.name)) << spec.path << ": " << arg.name << "\n" << help;
    }
    for (const FlagSpec& flag : spec.flags) {
      ++checked;
      EXPECT_TRUE(Has(help, flag.name)) << spec.path << ": " << flag.name << "\n" << help;
      EXPECT_TRUE(Has(help, flag.help)) << spec.path << ": " << flag.help << "\n" << help;
      EXPECT_TRUE(Has(bash, flag.name)) << spec.path << ": " << flag.name;
      EXPECT_TRUE(Has(zsh, flag.name)) << spec.path << ": " << flag.name;
      EXPECT_TRUE(Has(fish, "-l " + flag.name.substr(2))) << spec.path << ": " << flag.name;
      EXPECT_TRUE(Has(man, RoffEscaped(flag.name))) << spec.path << ": " << flag.name;
    }
    // The bash words offered after the command's own path list its flags.
    if (!spec.flags.empty()) {
      const std::string words = "'" + spec.path + "') words='";
      const size_t at = bash.find(words);
      ASSERT_NE(at, std::string::npos) << spec.path;
      const std::string line = bash.substr(at, bash.find('\n', at) - at);
      for (const FlagSpec& flag : spec.flags) {
        // Each flag is a whole word of the list (the first one follows the quote).
        EXPECT_TRUE(Has(line, " " + flag.name + " ") || Has(line, "='" + flag.name + " "))
            << spec.path << ": " << flag.name << "\n"
            << line;
      }
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace lakehouse
