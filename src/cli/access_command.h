// `lakehouse access …`: API keys, roles and who you are, over HTTP (/access/*).
//   lakehouse access keys create --principal NAME [--role R]... [--description D]
//   lakehouse access keys list [--include-revoked]
//   lakehouse access keys revoke ID
//   lakehouse access roles create NAME --grant TARGET:PERMISSION[:CLEARANCE]... [--description D]
//   lakehouse access roles list
//   lakehouse access roles delete NAME
//   lakehouse access whoami
// Every subcommand takes --json (print the server's JSON).
#pragma once

#include <CLI/CLI.hpp>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddAccessCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
