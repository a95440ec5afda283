// `lakehouse ingest-db DSN (--table T | --query Q) …`: asks the server to pull a PostgreSQL or
// MySQL / MariaDB table or query into a dataset (POST /ingest/db?wait=true) and prints the
// outcome. The DSN is sent to the server, which connects; it never appears in the output (only its
// redacted form).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/command_table.h"
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

int RunIngestDb(const Invocation& in) {
  IngestDbArgs args;
  args.server = in.server();
  args.dsn = in.Get("DSN");
  args.table = in.Get("--table");
  args.query = in.Get("--query");
  args.dataset = in.Get("--dataset");
  args.mode = in.Get("--mode", "append");
  args.key = in.Get("--key");
  args.incremental_column = in.Get("--incremental-column");
  args.batch_size = in.Int("--batch-size").value_or(0);
  args.allow_schema_change = in.Has("--allow-schema-change");
  args.json = in.Has("--json");
  return Run(args);
}

}  // namespace

std::vector<CommandSpec> IngestDbCommands() {
  return {{"ingest-db",
           "Pull a PostgreSQL or MySQL/MariaDB table or query into a dataset (one commit)",
           "lakehouse ingest-db DSN (--table T | --query Q) [--dataset D] [--mode M] [--key COL] "
           "[--incremental-column C] [--batch-size N] [--allow-schema-change] [--json]",
           {{"DSN",
             "postgresql://user[:password]@host[:port]/db[?sslmode=…], libpq key=value, or "
             "mysql://user[:password]@host[:port]/db[?ssl-mode=…] (omit the password to use "
             "the server's password file)"}},
           {{"--table", FlagType::kString,
             "Table to pull (name or schema.name; MySQL: name or database.name)"},
            {"--query", FlagType::kString, "SELECT to pull instead of a table"},
            {"--dataset", FlagType::kString, "Target dataset (default: the table name)"},
            WriteModeFlag(),
            KeyFlag(),
            {"--incremental-column", FlagType::kString,
             "Pull only rows whose column is above the dataset's high-water mark"},
            {"--batch-size", FlagType::kInt, "Rows per batch (default 100000)"},
            {"--allow-schema-change", FlagType::kBool,
             "Accept incompatible type changes (columns widen, VARCHAR at worst)"},
            JsonFlag()},
           "lakehouse ingest-db postgresql://app@db/shop --table orders",
           {"POST /ingest/db"},
           RunIngestDb}};
}

}  // namespace lakehouse
