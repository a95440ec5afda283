// `lakehouse sql`: one statement (STATEMENT argument) or the SQL shell — statements read from a
// line source until EOF or \q, each ending in ';', and meta-commands:
//   \d, .tables            datasets (name, rows, columns)
//   \d NAME, .schema NAME  a dataset's columns
//   \timing [on|off]       print each statement's time
//   \q, .quit, .exit       leave;  \?, .help  this list
// Results are tables (cut to the terminal width and paged on a terminal), or JSON/CSV.
// Thread-safety: runs on the calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/line_source.h"
#include "cli/server_client.h"
#include "common/json.h"
#include "common/result.h"

namespace lakehouse {

enum class SqlFormat { kTable, kJson, kCsv, kParquet };

struct SqlSessionOptions {
  ServerClientOptions server;
  Json params;                   // null, or {"name": value} bound to $name
  std::optional<int64_t> limit;  // row limit (the server's default otherwise)
  std::optional<int64_t> timeout_ms;
  std::optional<int64_t> page_size;  // fetch through /query/paged, page by page
  bool cache = true;
  SqlFormat format = SqlFormat::kTable;
  std::string parquet_path;  // kParquet: where the file goes
  bool timing = false;
};

// Parses "name=value" pairs into the params object: a value that is JSON (a number, true,
// false, null, a "quoted string") is sent as that, anything else as a string.
Result<Json> ParseParams(const std::vector<std::string>& pairs);

// Runs one statement and prints its result (`interactive`: cut to the terminal, page).
// Returns the exit code.
int RunStatement(const SqlSessionOptions& options, const std::string& sql, bool interactive);

// The shell loop. Returns 0, or 1 when a statement or meta-command failed (a script's
// failures show in the exit code), or 3 when the server could not be reached.
int RunShell(SqlSessionOptions options, LineSource* source, bool interactive);

// Words tab completion offers: the shell's commands, SQL keywords, and the datasets' and their
// columns' names from the catalog (none when the server cannot be reached).
std::vector<std::string> CompletionWordsFor(const ServerClientOptions& server);

}  // namespace lakehouse
