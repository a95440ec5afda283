// `lakehouse completion bash|zsh|fish` and `lakehouse man`: generated from the command table.
#include <iostream>

#include "cli/command_docs.h"
#include "cli/command_table.h"
#include "common/version.h"

namespace lakehouse {
namespace {

int Completion(const Invocation& in) {
  const std::vector<CommandDoc> docs = CollectCommandDocs(in.root());
  const std::string shell = in.Get("SHELL");
  if (shell == "bash") {
    std::cout << BashCompletion(docs);
  } else if (shell == "zsh") {
    std::cout << ZshCompletion(docs);
  } else if (shell == "fish") {
    std::cout << FishCompletion(docs);
  } else {
    std::cerr << "lakehouse: completion SHELL must be bash, zsh or fish, got '" << shell << "'\n";
    return kExitUsage;
  }
  return kExitOk;
}

int Man(const Invocation& in) {
  std::cout << ManPage(CollectCommandDocs(in.root()), kVersion);
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> ToolCommands() {
  return {
      {"completion",
       "Print a shell completion script (bash, zsh or fish)",
       "lakehouse completion bash|zsh|fish",
       {{"SHELL", "bash, zsh or fish", true, ""}},
       {},
       "source <(lakehouse completion bash)",
       {},
       Completion},
      {"man",
       "Print the man page (roff)",
       "lakehouse man",
       {},
       {},
       "lakehouse man > lakehouse.1 && man ./lakehouse.1",
       {},
       Man},
  };
}

}  // namespace lakehouse
