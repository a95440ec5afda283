// `lakehouse serve`: loads the config (defaults < lakehouse.toml < LAKEHOUSE_* < flags), starts the
// server, prints "listening on http://HOST:PORT" on stdout, and stops gracefully on SIGINT/SIGTERM.
#pragma once

#include "cli/command_spec.h"
#include "config/config_loader.h"

namespace lakehouse {

// Returns the process exit code: 0 after a clean stop, 2 for a bad configuration, 1 otherwise.
int RunServe(const ConfigOverrides& overrides);
// `serve`'s run in the command table (cli/command_table.h): its flags as ConfigOverrides.
int RunServeCommand(const Invocation& in);

}  // namespace lakehouse
