// Documentation generated from the command table and the CLI11 tree it was bound into:
// `--help` text, bash/zsh/fish completion scripts and the man page. One model (CommandDoc) per
// subcommand, so the four outputs cannot disagree. Thread-safety: stateless functions.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/command_spec.h"

namespace lakehouse {

struct OptionDoc {
  std::string name;       // "--keys" or "DATASET"
  std::string type_name;  // "INT", "TEXT", …; "" for a flag without a value
  std::string help;
  bool required = false;
  std::vector<std::string> choices;
  std::string completes;  // "dataset", "index", "job", "bucket", "file" or ""
};

struct CommandDoc {
  std::string path;  // "rows delete"
  std::string summary;
  std::string synopsis;
  std::string example;
  std::vector<std::string> routes;
  std::vector<OptionDoc> positionals;
  std::vector<OptionDoc> options;
  std::vector<std::string> subcommands;
};

// Every subcommand under `root`, depth first, each joined with its table entry (a subcommand
// without one gets its CLI11 description and a synopsis made from its options).
std::vector<CommandDoc> CollectCommandDocs(const CLI::App& root);

// `lakehouse CMD --help`: synopsis, summary, arguments, flags, example, routes.
std::string HelpText(const CommandDoc& doc);
// `lakehouse --help`: the commands and the exit codes.
std::string TopLevelHelp(const std::vector<CommandDoc>& docs);

std::string BashCompletion(const std::vector<CommandDoc>& docs);
std::string ZshCompletion(const std::vector<CommandDoc>& docs);
std::string FishCompletion(const std::vector<CommandDoc>& docs);
// roff for man(1): NAME, SYNOPSIS, DESCRIPTION, COMMANDS, ENVIRONMENT, EXIT STATUS, FILES.
std::string ManPage(const std::vector<CommandDoc>& docs, const std::string& version);

// The exit codes, as documented in --help and the man page.
struct ExitCodeDoc {
  int code;
  const char* meaning;
};
const std::vector<ExitCodeDoc>& ExitCodes();

// Makes every subcommand's --help print HelpText (and the root's TopLevelHelp).
void UseGeneratedHelp(CLI::App* root);

}  // namespace lakehouse
