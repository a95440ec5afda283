#include "cli/command_tree.h"

#include "cli/access_command.h"
#include "cli/command_docs.h"
#include "cli/command_table.h"
#include "cli/index_command.h"
#include "cli/ingest_command.h"
#include "cli/ingest_db_command.h"
#include "cli/refresh_command.h"
#include "cli/schedules_command.h"
#include "cli/search_command.h"

namespace lakehouse {

void AddClientCommands(CLI::App* app, std::function<int()>* run, CommandBinder* binder) {
  AddIngestCommand(app, run);
  AddIngestDbCommand(app, run);
  AddIndexCommand(app, run);
  AddSearchCommand(app, run);
  AddAskCommand(app, run);
  AddRefreshCommand(app, run);
  AddStaleCommand(app, run);
  AddAccessCommand(app, run);
  AddSchedulesCommand(app, run);
  // Table commands are bound; the CLI11-declared ones above only take their docs from the table.
  for (const CommandSpec& spec : CommandTable()) {
    if (spec.run != nullptr || FindSubcommand(app, spec.path) == nullptr) binder->Bind(spec);
  }
  UseGeneratedHelp(app);
}

}  // namespace lakehouse
