#include "cli/command_tree.h"

#include "cli/command_docs.h"
#include "cli/command_table.h"
#include "cli/index_command.h"

namespace lakehouse {

void AddClientCommands(CLI::App* app, std::function<int()>* run, CommandBinder* binder) {
  AddIndexCommand(app, run);
  // Table commands are bound; the CLI11-declared ones above only take their docs from the table.
  for (const CommandSpec& spec : CommandTable()) {
    if (spec.run != nullptr || FindSubcommand(app, spec.path) == nullptr) binder->Bind(spec);
  }
  UseGeneratedHelp(app);
}

}  // namespace lakehouse
