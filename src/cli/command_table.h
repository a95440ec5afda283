// The command table: every `lakehouse` command as data (cli/command_spec.h). Families live in
// their own files (datasets_command.cc, rows_command.cc, …); this header lists them.
//
// CommandBinder parses every command from its spec, so --help, the completion scripts and the man
// page come from the same declarations (cli/command_docs.h). `serve` is declared here too; its
// run is main()'s (CommandBinder::SetRun), since the server is not part of this library.
#pragma once

#include <string_view>
#include <vector>

#include "cli/command_spec.h"

namespace lakehouse {

// The whole table, in the order the man page lists it.
const std::vector<CommandSpec>& CommandTable();
// The entry for `path` ("rows delete"), or null.
const CommandSpec* FindCommand(std::string_view path);

// Routes of the server that no command calls, each with the reason.
struct RouteExclusion {
  std::string route;  // "GET /docs"
  std::string reason;
};
const std::vector<RouteExclusion>& RoutesWithoutCommand();

// The families.
std::vector<CommandSpec> DatasetCommands();      // datasets_command.cc
std::vector<CommandSpec> RowsCommands();         // rows_command.cc
std::vector<CommandSpec> SqlCommands();          // sql_command.cc
std::vector<CommandSpec> QueryCommands();        // query_command.cc: compact, cache
std::vector<CommandSpec> JobCommands();          // jobs_command.cc
std::vector<CommandSpec> StorageCommands();      // storage_command.cc: buckets, objects, storage
std::vector<CommandSpec> SystemCommands();       // system_command.cc: health, metrics, openapi
std::vector<CommandSpec> AiCommands();           // ai_command.cc
std::vector<CommandSpec> VectorCommands();       // vector_commands.cc: index patch, search-batch
std::vector<CommandSpec> IngestCommands();       // ingest_command.cc
std::vector<CommandSpec> IngestDbCommands();     // ingest_db_command.cc
std::vector<CommandSpec> SearchCommands();       // search_command.cc: search, ask
std::vector<CommandSpec> RefreshCommands();      // refresh_command.cc: refresh, stale
std::vector<CommandSpec> AccessCommands();       // access_command.cc: access keys|roles|whoami
std::vector<CommandSpec> SchedulesCommands();    // schedules_command.cc
std::vector<CommandSpec> ServeCommands();        // command_table.cc: serve (run by main.cc)
std::vector<CommandSpec> IndexCommands();        // index_command.cc: index create|list|show|…
std::vector<CommandSpec> IndexTuningCommands();  // index_tuning_command.cc: trials|best|autotune
std::vector<CommandSpec> ToolCommands();         // completion_command.cc: completion, man
// The tool registry (tools_command.cc) and `demo staffing` (demo_command.cc); issue 21.
std::vector<CommandSpec> RegistryToolCommands();
std::vector<CommandSpec> DemoCommands();
std::vector<CommandSpec> WorkspaceCommands();  // workspaces_command.cc

// Shared flags.
FlagSpec JsonFlag();       // --json: print the server's JSON answer
FlagSpec WriteModeFlag();  // --mode append|replace|upsert of an ingest
FlagSpec KeyFlag();        // --key: the key column of an upsert

}  // namespace lakehouse
