// `lakehouse ingest PATH… --dataset NAME [--mode append|replace|upsert] [--key COL] [--format F]
// [--allow-schema-change] [--bucket B] [--json] [--progress]`: uploads files to POST /ingest/file
// as one commit. A directory stands for the regular files directly inside it (sorted, hidden files
// skipped). Files are streamed from disk; a progress bar goes to stderr when it is a terminal (or
// with --progress).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace lakehouse {

// Registers the subcommand; `run` is set to the function to call when it was parsed.
void AddIngestCommand(CLI::App* app, std::function<int()>* run);

}  // namespace lakehouse
