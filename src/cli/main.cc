// The `lakehouse` binary: the server (`serve`) and a CLI client of the same server over HTTP.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_tree.h"
#include "cli/migrate_catalog_command.h"
#include "cli/serve_command.h"
#include "cli/server_client.h"
#include "common/version.h"
#include "sql/database.h"

int main(int argc, char** argv) {
  using namespace lakehouse;
  CLI::App app{"Lakehouse: an AI lakehouse server (SQL over Parquet datasets, vector search)"};
  app.require_subcommand(0, 1);
  bool show_version = false;
  app.add_flag("--version", show_version, "Print the version and exit");

  CommandBinder binder(&app);
  AddClientCommands(&app, &binder);
  binder.SetRun("serve", RunServeCommand);
  binder.SetRun("migrate-catalog", RunMigrateCatalogCommand);

  std::vector<std::string> args = HoistConnectionFlags(std::vector<std::string>(argv, argv + argc));
  std::vector<char*> hoisted;
  for (std::string& arg : args) hoisted.push_back(arg.data());
  try {
    app.parse(static_cast<int>(hoisted.size()), hoisted.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (show_version) {
    std::cout << "lakehouse " << kVersion << " (duckdb " << DuckDbLibraryVersion() << ")\n";
    return 0;
  }
  // A server that rejects a request before reading its body (413, 401) closes the socket under
  // the upload; the write must fail with EPIPE and be reported, not kill the CLI silently.
  std::signal(SIGPIPE, SIG_IGN);
  if (std::optional<int> code = binder.RunParsed()) return *code;
  // A group named without its subcommand (`lakehouse rows`): its help, as a usage error.
  CLI::App* named = &app;
  while (!named->get_subcommands().empty()) named = named->get_subcommands().front();
  if (named == &app) {
    std::cout << app.help();
    return 0;
  }
  std::cerr << named->help();
  return kExitUsage;
}
