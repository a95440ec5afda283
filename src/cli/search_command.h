// Querying a vector index from the command line, over HTTP:
//   search INDEX "query" [--k N] [--filter SQL] [--exact] [--columns a,b] [--vector JSON] [--json]
//     → POST /vectors/search; ranked results with scores, doc ids and chunk text.
//   ask INDEX "question" [--k N] [--model M] [--filter SQL] [--json]
//     → POST /vectors/rag; the answer, then its numbered citations.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lakehouse {

// Register the subcommands; `run` is set to the function to call when one was parsed.
void AddSearchCommand(CLI::App* app, std::function<int()>* run);
void AddAskCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
