// The `lakehouse` command tree minus `serve`: the CLI11-declared client commands, then the
// command table bound into it, with generated --help everywhere. main() adds `serve`; tests
// build the same tree to check the help, the completion scripts and the route coverage.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/command_spec.h"

namespace lakehouse {

// `run` receives the action of a CLI11-declared command that was parsed; `binder` runs the
// table's (CommandBinder::RunParsed).
void AddClientCommands(CLI::App* app, std::function<int()>* run, CommandBinder* binder);

}  // namespace lakehouse
