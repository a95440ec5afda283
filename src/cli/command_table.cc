#include "cli/command_table.h"

namespace lakehouse {

std::vector<CommandSpec> DocumentedCommands() {
  const std::string index = "/vectors/indexes/{name}";
  return {
      {"serve",
       "Run the server",
       "lakehouse serve [--config FILE] [--data-dir DIR] [--host ADDR] [--port N]",
       {},
       {},
       "lakehouse serve --data-dir ./data --port 3100",
       {},
       nullptr},
      {"index",
       "Vector indexes: create, list (default), show, delete, patch, eval, trials, …",
       "lakehouse index [SUBCOMMAND] …",
       {},
       {},
       "lakehouse index list --dataset docs",
       {"GET /vectors/indexes"},
       nullptr},
      {"index create",
       "Build a vector index over a dataset (a background job; --wait follows)",
       "lakehouse index create NAME --dataset D --id-column C (--text-column T | --vector-column "
       "V) [--model M] [--policy P] [--cron EXPR] [--hnsw-m N] [--wait] [--json]",
       {},
       {},
       "lakehouse index create docs_idx --dataset docs --id-column id --text-column body",
       {"POST /vectors/index", "GET /jobs/{id}"},
       nullptr},
      {"index list",
       "List vector indexes",
       "lakehouse index list [--dataset D] [--model M] [--json]",
       {},
       {},
       "lakehouse index list --dataset docs",
       {"GET /vectors/indexes"},
       nullptr},
      {"index show",
       "Show an index: definition, counts, freshness",
       "lakehouse index show NAME [--json]",
       {},
       {},
       "lakehouse index show docs_idx",
       {"GET " + index, "GET " + index + "/freshness"},
       nullptr},
      {"index delete",
       "Delete an index and its files",
       "lakehouse index delete NAME [--json]",
       {},
       {},
       "lakehouse index delete docs_idx",
       {"DELETE " + index},
       nullptr},
      {"index eval",
       "Recall@k and latency per ef_search (sampled or given queries)",
       "lakehouse index eval NAME [--ef-search N …] [--sample N] [--k K] [--queries FILE] "
       "[--json]",
       {},
       {},
       "lakehouse index eval docs_idx --ef-search 16 --ef-search 64",
       {"POST " + index + "/evals"},
       nullptr},
      {"index trials",
       "Run journaled trials of ef_search values, or --list them",
       "lakehouse index trials NAME [--ef-search N …] [--sample N] [--k K] [--list] [--json]",
       {},
       {},
       "lakehouse index trials docs_idx --list",
       {"POST " + index + "/trials", "GET " + index + "/trials"},
       nullptr},
      {"index best",
       "The best journaled trial",
       "lakehouse index best NAME [--by recall|latency|pareto] [--min-recall R] [--json]",
       {},
       {},
       "lakehouse index best docs_idx --by latency --min-recall 0.95",
       {"GET " + index + "/trials/best"},
       nullptr},
      {"index autotune",
       "Trials over an ef_search grid; promotes the fastest reaching min recall",
       "lakehouse index autotune NAME [--min-recall R] [--ef-search N …] [--sample N] [--json]",
       {},
       {},
       "lakehouse index autotune docs_idx --min-recall 0.95",
       {"POST " + index + "/autotune"},
       nullptr},
  };
}

const std::vector<CommandSpec>& CommandTable() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> all;
    for (auto family :
         {SqlCommands,     DatasetCommands,      RowsCommands,      QueryCommands,
          JobCommands,     IngestCommands,       IngestDbCommands,  SearchCommands,
          RefreshCommands, AccessCommands,       SchedulesCommands, DocumentedCommands,
          VectorCommands,  StorageCommands,      AiCommands,        SystemCommands,
          ToolCommands,    RegistryToolCommands, DemoCommands,      WorkspaceCommands}) {
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
