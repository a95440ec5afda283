// CommandSpec: a CLI command as data — its name, synopsis, flags (with types and help), an
// example and the routes it calls. One table of these (command_table.h) declares the client
// commands; `--help`, the shell completion scripts and the man page are generated from it, and a
// test checks that every server route is reachable from some command.
//
// CommandBinder turns specs into CLI11 subcommands and, after parsing, runs the one the user
// named. Thread-safety: plain values; the binder is used by main() only.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/server_client.h"

namespace lakehouse {

enum class FlagType {
  kBool,    // present or not (--json)
  kString,  // TEXT
  kInt,     // INT, checked while parsing
  kNumber,  // NUMBER, checked while parsing
  kList,    // repeatable, or comma-separated: --keys a,b --keys c
  kFile,    // a local path (completed as a file name)
  kChoice,  // one of FlagSpec::choices
};

struct FlagSpec {
  FlagSpec(std::string flag_name, FlagType flag_type, std::string flag_help,
           bool is_required = false, std::vector<std::string> allowed = {})
      : name(std::move(flag_name)),
        type(flag_type),
        help(std::move(flag_help)),
        required(is_required),
        choices(std::move(allowed)) {}

  std::string name;  // "--key-column"
  FlagType type = FlagType::kString;
  std::string help;
  bool required = false;
  std::vector<std::string> choices;  // kChoice
};

struct ArgSpec {
  std::string name;  // "DATASET"; its value is read with Invocation::Get("DATASET")
  std::string help;
  bool required = true;
  // What completes it in shell scripts: "dataset", "index", "job", "bucket", "file" or "".
  std::string completes{};
  bool repeated = false;  // takes every remaining word ("PATH…"); read with Invocation::All
};

class Invocation;
using CommandRun = int (*)(const Invocation&);

struct CommandSpec {
  std::string path;      // words after `lakehouse`: "rows delete"
  std::string summary;   // one line
  std::string synopsis;  // "lakehouse rows delete DATASET --key-column C --keys A,B [--json]"
  std::vector<ArgSpec> args;
  std::vector<FlagSpec> flags;
  std::string example;              // one complete command line
  std::vector<std::string> routes;  // "POST /catalog/datasets/by-name/{name}/tombstone"
  // Null for a group without a default action ("rows"), and for `serve`, whose run main() sets
  // (CommandBinder::SetRun).
  CommandRun run = nullptr;
  std::vector<std::string> aliases = {};  // other names of the last word ("schedule")
  bool server_flags = true;  // --server and --api-key (not on `serve`, which is the server)
};

// The parsed values of one command. Flag names keep their dashes ("--keys"), arguments are
// named as in ArgSpec ("DATASET").
class Invocation {
 public:
  Invocation(const CommandSpec* spec, ServerClientOptions server, const CLI::App* root)
      : spec_(spec), server_(server), root_(root) {}

  const CommandSpec& spec() const { return *spec_; }
  const ServerClientOptions& server() const { return server_; }
  // The whole command tree (what `completion` and `man` document).
  const CLI::App& root() const { return *root_; }
  bool Has(std::string_view name) const;  // given on the command line (a bool flag: set)
  std::string Get(std::string_view name, std::string fallback = "") const;
  std::optional<int64_t> Int(std::string_view name) const;
  std::optional<double> Number(std::string_view name) const;
  std::vector<std::string> List(std::string_view name) const;  // split on ','
  std::vector<std::string> All(std::string_view name) const;   // as given, unsplit

  void Set(std::string name, std::vector<std::string> values) {
    values_[std::move(name)] = std::move(values);
  }

 private:
  const CommandSpec* spec_;
  ServerClientOptions server_;
  const CLI::App* root_;
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

// Adds table commands to a CLI11 app and runs the parsed one.
class CommandBinder {
 public:
  explicit CommandBinder(CLI::App* root) : root_(root) {}

  // Creates `spec.path` (its missing parent groups too, or under an existing subcommand such as
  // `index`), with --server/--api-key, its arguments and flags.
  void Bind(const CommandSpec& spec);

  // Runs `path` with `run` instead of its spec's (`serve`, whose code main() links).
  void SetRun(std::string_view path, CommandRun run) { runs_[std::string(path)] = run; }

  // After a successful parse: the exit code of the deepest parsed table command that has a
  // run, or nullopt when the user named a group without a default action (or nothing).
  std::optional<int> RunParsed() const;

 private:
  struct Bound {
    const CommandSpec* spec = nullptr;
    ServerClientOptions server;
    CLI::Option* server_option = nullptr;
    CLI::Option* api_key_option = nullptr;
    std::map<std::string, std::vector<std::string>> values;  // kList flags
    // Other valued flags: one string each (a vector would let CLI11 split "[1, 2]" into items).
    std::map<std::string, std::string> single_values;
    std::map<std::string, CLI::Option*> single_options;
    std::map<std::string, std::string> positionals;  // one value each (a vector would be greedy)
    std::map<std::string, std::vector<std::string>> repeated_positionals;  // ArgSpec::repeated
    std::map<std::string, bool> bools;
  };
  CLI::App* root_;
  std::map<const CLI::App*, std::unique_ptr<Bound>> bound_;
  std::map<std::string, CommandRun> runs_;  // SetRun
};

// The subcommand of `root` at `path` ("rows delete"), or null.
CLI::App* FindSubcommand(CLI::App* root, std::string_view path);

// Splits "a b  c" on spaces.
std::vector<std::string> SplitWords(std::string_view text);

}  // namespace lakehouse
