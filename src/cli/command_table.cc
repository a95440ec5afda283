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
      {"ingest",
       "Ingest files into a dataset (one commit; directories → their files)",
       "lakehouse ingest PATH… --dataset NAME [--mode append|replace|upsert] [--key COL] "
       "[--format F] [--allow-schema-change] [--bucket B] [--json]",
       {},
       {},
       "lakehouse ingest orders.csv --dataset orders",
       {"POST /ingest/file", "GET /catalog/datasets/by-name/{name}"},
       nullptr},
      {"ingest-db",
       "Pull a PostgreSQL table or query into a dataset (one commit)",
       "lakehouse ingest-db DSN (--table T | --query Q) [--dataset D] [--mode M] [--key COL] "
       "[--incremental-column C] [--batch-size N] [--allow-schema-change] [--json]",
       {},
       {},
       "lakehouse ingest-db postgresql://app@db/shop --table orders",
       {"POST /ingest/db"},
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
      {"search",
       "Search a vector index: ranked hits with scores",
       "lakehouse search INDEX QUERY [--k N] [--filter SQL] [--exact] [--columns A,B] [--vector "
       "JSON] [--json]",
       {},
       {},
       "lakehouse search docs_idx 'late delivery' --k 5",
       {"POST /vectors/search"},
       nullptr},
      {"ask",
       "Answer a question from a vector index (RAG), with citations",
       "lakehouse ask INDEX QUESTION [--k N] [--model M] [--filter SQL] [--json]",
       {},
       {},
       "lakehouse ask docs_idx 'What is the refund window?'",
       {"POST /vectors/rag"},
       nullptr},
      {"refresh",
       "Embed what changed in a dataset since its vector indexes were built",
       "lakehouse refresh DATASET [--index NAME] [--wait] [--json]",
       {},
       {},
       "lakehouse refresh docs --wait",
       {"POST /vectors/refresh/{dataset}"},
       nullptr},
      {"stale",
       "List vector indexes behind their dataset",
       "lakehouse stale [--dataset D] [--json]",
       {},
       {},
       "lakehouse stale",
       {"GET /vectors/stale"},
       nullptr},
  };
}

const std::vector<CommandSpec>& CommandTable() {
  static const std::vector<CommandSpec> table = [] {
    std::vector<CommandSpec> all;
    for (auto family : {SqlCommands, DatasetCommands, RowsCommands, QueryCommands, JobCommands,
                        DocumentedCommands, VectorCommands, StorageCommands, AiCommands,
                        SystemCommands, ToolCommands}) {
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
  // Every route has a command today; a route added without one must be listed here with why.
  static const std::vector<RouteExclusion> exclusions = {};
  return exclusions;
}

}  // namespace lakehouse
