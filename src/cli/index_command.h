// `lakehouse index …`: the vector index registry from the command line, over HTTP.
//   index create NAME --dataset D --id-column C (--text-column T | --vector-column V)
//                [--template T] [--chunk-size N] [--overlap N] [--model M]
//                [--policy manual|on_append|scheduled] [--cron EXPR] [--debounce-ms N]
//                [--hnsw-m N] [--ef-construction N] [--ef-search N] [--wait] [--json]
//                → POST /vectors/index (a background build; --wait follows the job)
//   index [list] [--dataset D] [--model M] [--json]   → GET /vectors/indexes
//   index show NAME [--json]                          → GET /vectors/indexes/{name} + /freshness
//   index delete NAME [--json]                        → DELETE /vectors/indexes/{name}
//   index eval NAME [--ef-search N …] [--sample N] [--k K] [--queries FILE] [--json]
//                → POST /vectors/indexes/{name}/evals
//   index trials|best|autotune …: see index_tuning_command.h
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddIndexCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
