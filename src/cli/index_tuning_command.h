// `lakehouse index trials|best|autotune …`: an index's trial journal from the command line.
//   index trials NAME [--ef-search N …] [--sample N] [--k K] [--json]
//                → POST /vectors/indexes/{name}/trials (an eval, journaled)
//   index trials NAME --list [--json]     → GET /vectors/indexes/{name}/trials
//   index best NAME [--by recall|latency|pareto] [--min-recall R] [--json]
//                → GET /vectors/indexes/{name}/trials/best
//   index autotune NAME [--min-recall R] [--ef-search N …] [--sample N] [--json]
//                → POST /vectors/indexes/{name}/autotune
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <optional>

#include "cli/server_client.h"

namespace lakehouse {

// Adds the subcommands under `index` (whose --server options are `server`); the returned
// function runs the one that was parsed, or returns nullopt when none was.
std::function<std::optional<int>()> AddIndexTuningCommands(CLI::App* index,
                                                           const ServerClientOptions* server);

}  // namespace lakehouse
