#include "cli/command_tree.h"

#include "cli/command_docs.h"
#include "cli/command_table.h"

namespace lakehouse {

void AddClientCommands(CLI::App* app, CommandBinder* binder) {
  for (const CommandSpec& spec : CommandTable()) binder->Bind(spec);
  UseGeneratedHelp(app);
}

}  // namespace lakehouse
