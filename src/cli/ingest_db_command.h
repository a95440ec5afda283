// `lakehouse ingest-db DSN (--table T | --query Q) [--dataset NAME] [--mode append|replace|upsert]
// [--key COL] [--incremental-column COL] [--batch-size N] [--json]`: asks the server to pull a
// PostgreSQL or MySQL / MariaDB table or query into a dataset (POST /ingest/db) and prints the
// outcome. The DSN is sent to the server, which connects; it never appears in the output (only
// its redacted form).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddIngestDbCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
