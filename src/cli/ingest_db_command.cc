#include "cli/ingest_db_command.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/server_client.h"

namespace lakehouse {
namespace {

struct IngestDbArgs {
  ServerClientOptions server;
  std::string dsn;
  std::string table;
  std::string query;
  std::string dataset;
  std::string mode = "append";
  std::string key;
  std::string incremental_column;
  int64_t batch_size = 0;
  bool allow_schema_change = false;
  bool json = false;
};

int Run(const IngestDbArgs& args) {
  if (args.table.empty() == args.query.empty()) {
    std::cerr << "lakehouse: give exactly one of --table and --query\n";
    return kExitUsage;
  }
  Json body = {{"dsn", args.dsn}, {"mode", args.mode}};
  if (!args.table.empty()) body["table"] = args.table;
  if (!args.query.empty()) body["query"] = args.query;
  if (!args.dataset.empty()) body["dataset"] = args.dataset;
  if (!args.key.empty()) body["key"] = args.key;
  if (!args.incremental_column.empty()) body["incremental_column"] = args.incremental_column;
  if (args.batch_size > 0) body["batch_size"] = args.batch_size;
  if (args.allow_schema_change) body["allow_schema_change"] = true;
  Json result;
  int rc = CallServer(args.server, HttpMethod::kPost, "/ingest/db?wait=true", body, &result);
  if (rc != kExitOk) return rc;
  if (args.json) {
    std::cout << DumpJson(result, 2) << "\n";
    return kExitOk;
  }
  if (result.value("committed", false)) {
    // What a query sees change: new rows, rows an upsert replaced, rows a replace removed.
    std::string change = fmt::format("+{} rows", result.value("rows_inserted", int64_t{0}));
    if (const int64_t updated = result.value("rows_updated", int64_t{0}); updated > 0) {
      change += fmt::format(", {} updated", updated);
    }
    if (const int64_t removed = result.value("rows_removed", int64_t{0}); removed > 0) {
      change += fmt::format(", {} removed", removed);
    }
    std::cout << fmt::format("dataset {} at version {}: {} from {}; {} rows now, in {} ms\n",
                             result.value("dataset", ""), result.value("version", 0), change,
                             result.value("source", ""), result.value("row_count", int64_t{0}),
                             result.value("elapsed_ms", 0));
  } else {
    std::cout << fmt::format("dataset {} unchanged at version {} (no new rows)\n",
                             result.value("dataset", ""), result.value("version", 0));
  }
  if (result.contains("incremental") && result["incremental"]["high_water_mark"].is_string()) {
    std::cout << "high-water mark of " << result["incremental"].value("column", "") << ": "
              << result["incremental"]["high_water_mark"].get<std::string>() << "\n";
  }
  return kExitOk;
}

}  // namespace

void AddIngestDbCommand(CLI::App* app, std::function<int()>* run) {
  auto args = std::make_shared<IngestDbArgs>();
  CLI::App* cmd = app->add_subcommand(
      "ingest-db", "Pull a PostgreSQL or MySQL/MariaDB table or query into a dataset (one commit)");
  AddServerOptions(cmd, &args->server);
  cmd->add_option("DSN", args->dsn,
                  "postgresql://user[:password]@host[:port]/db[?sslmode=…], libpq key=value, or "
                  "mysql://user[:password]@host[:port]/db[?ssl-mode=…] (omit the password to use "
                  "the server's password file)")
      ->required();
  cmd->add_option("--table", args->table,
                  "Table to pull (name or schema.name; MySQL: name or database.name)");
  cmd->add_option("--query", args->query, "SELECT to pull instead of a table");
  cmd->add_option("--dataset", args->dataset, "Target dataset (default: the table name)");
  cmd->add_option("--mode", args->mode, "append (default), replace or upsert")
      ->check(CLI::IsMember({"append", "replace", "upsert"}));
  cmd->add_option("--key", args->key, "Key column (required for upsert)");
  cmd->add_option("--incremental-column", args->incremental_column,
                  "Pull only rows whose column is above the dataset's high-water mark");
  cmd->add_option("--batch-size", args->batch_size, "Rows per batch (default 100000)");
  cmd->add_flag("--allow-schema-change", args->allow_schema_change,
                "Accept incompatible type changes (columns widen, VARCHAR at worst)");
  cmd->add_flag("--json", args->json, "Print the JSON response");
  cmd->callback([args, run] { *run = [args] { return Run(*args); }; });
}

}  // namespace lakehouse
