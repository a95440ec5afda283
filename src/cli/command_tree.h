// The `lakehouse` command tree: the command table bound into a CLI11 app, with generated --help
// everywhere. main() gives `serve` its run (CommandBinder::SetRun); tests build the same tree to
// check the help, the completion scripts and the route coverage.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_spec.h"

namespace lakehouse {

// `binder` runs the parsed command (CommandBinder::RunParsed).
void AddClientCommands(CLI::App* app, CommandBinder* binder);

}  // namespace lakehouse
