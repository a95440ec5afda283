#include "cli/command_table.h"

namespace lakehouse {

std::vector<CommandSpec> ServeCommands() {
  return {
      {"serve",
       "Run the server",
       "lakehouse serve [--config FILE] [--data-dir DIR] [--host ADDR] [--port N]",
       {},
       {{"--config", FlagType::kFile, "TOML config file (default: $LAKEHOUSE_CONFIG)"},
        {"--data-dir", FlagType::kString, "Data directory (default ./data)"},
        {"--host", FlagType::kString, "Interface to bind (default 127.0.0.1)"},
        {"--port", FlagType::kInt, "TCP port, 0 for any free port (default 3100)"}},
       "lakehouse serve --data-dir ./data --port 3100",
       {},
       nullptr,  // main() runs it (CommandBinder::SetRun): the server is not in this library
       {},
       /*server_flags=*/false},
      {"migrate-catalog",
       "Copy a SQLite catalog into PostgreSQL and verify it (server stopped)",
       "lakehouse migrate-catalog --from sqlite:PATH --to postgresql://USER@HOST/DB "
       "[--data-dir DIR] [--password-file FILE]",
       {},
       {{"--from", FlagType::kString, "The SQLite catalog: sqlite:PATH (relative to --data-dir)"},
        {"--to", FlagType::kString, "The empty target catalog: postgresql://… (catalog.url)"},
        {"--data-dir", FlagType::kString, "Data directory (default ./data)"},
        {"--password-file", FlagType::kFile, "libpq password file for a URL without a password"}},
       "lakehouse migrate-catalog --from sqlite:catalog.db --to postgresql://lh@db/lakehouse",
       {},
       nullptr,  // main() runs it: the catalog is not in this library
       {},
       /*server_flags=*/false}};
}

const std::vector<CommandSpec>& CommandTable() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> all;
    for (auto family :
         {SqlCommands,     DatasetCommands,     RowsCommands,      QueryCommands,
          JobCommands,     IngestCommands,      IngestDbCommands,  SearchCommands,
          RefreshCommands, AccessCommands,      SchedulesCommands, ServeCommands,
          IndexCommands,   IndexTuningCommands, VectorCommands,    StorageCommands,
          AiCommands,      SystemCommands,      ToolCommands,      RegistryToolCommands,
          DemoCommands,    WorkspaceCommands}) {
      for (CommandSpec& spec : family()) all.push_back(std::move(spec));
    }
    return all;
  }();
  return table;
}

const CommandSpec* FindCommand(std::string_view path) {
  for (const CommandSpec& spec : CommandTable()) {
    if (spec.path == path) return &spec;
  }
  return nullptr;
}

const std::vector<RouteExclusion>& RoutesWithoutCommand() {
  // A route added without a command must be listed here with why.
  static const std::vector<RouteExclusion> exclusions = {
      {"PATCH /schedules/{name}", "not in the CLI yet: delete and create the schedule again"},
      {"GET /access/audit",
       "not in the CLI yet: lakehouse sql \"SELECT … FROM audit.requests\" (admin)"},
      {"GET /access/audit.parquet",
       "not in the CLI yet: lakehouse sql … --parquet FILE over audit.requests"},
      {"GET /journal/history/{dataset}/{key}",
       "not in the CLI yet: query journal.events with lakehouse sql"},
      {"GET /journal/recent", "not in the CLI yet: query journal.events with lakehouse sql"},
      {"GET /journal/stats", "not in the CLI yet: query journal.events with lakehouse sql"},
      {"POST /journal/event",
       "application events come from applications, not from an operator's shell"},
      {"GET /audit/subject/{dataset}/{key}", "not in the CLI yet: admin only, use the HTTP API"},
      {"GET /access/column-policies", "not in the CLI yet: admin only, use the HTTP API"},
      {"PUT /access/column-policies", "not in the CLI yet: admin only, use the HTTP API"},
      {"DELETE /access/column-policies/{dataset}/{column}",
       "not in the CLI yet: admin only, use the HTTP API"},
      {"GET /access/views", "not in the CLI yet: admin only, use the HTTP API"},
      {"POST /access/views", "not in the CLI yet: admin only, use the HTTP API"},
      {"GET /access/views/{name}", "not in the CLI yet: admin only, use the HTTP API"},
      {"DELETE /access/views/{name}", "not in the CLI yet: admin only, use the HTTP API"},
      {"POST /mcp", "the MCP endpoint is for MCP clients (agents); `lakehouse tools` calls tools"},
      {"GET /", "the web UI's page, for a browser"},
      {"GET /ui/{path...}", "the web UI's static files, for a browser"},
  };
  return exclusions;
}

}  // namespace lakehouse
