// `lakehouse datasets [list | show NAME]`: the catalog from the command line, over HTTP.
#pragma once

#include <CLI/CLI.hpp>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddDatasetsCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
