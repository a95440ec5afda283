// Quoting for the SQL text the server generates (ingest, dataset views, compaction). Every value
// that comes from a client or a file (paths, CSV options, column names, type names) reaches DuckDB
// only through these functions.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace lakehouse {

// 'text' with embedded single quotes doubled. DuckDB's standard strings treat backslashes
// literally, so nothing else needs escaping. Precondition: no NUL bytes (see CheckSqlText).
std::string SqlStringLiteral(std::string_view text);

// "name" with embedded double quotes doubled: any non-empty name without NUL becomes a valid
// identifier, including reserved words and names with dots or spaces.
std::string SqlIdentifier(std::string_view name);

// INVALID_ARGUMENT naming `what` when `text` holds a NUL byte (which DuckDB would truncate at).
Status CheckSqlText(std::string_view what, std::string_view text);

// A DuckDB type name as a client may write it: letters, digits, '_', spaces and the punctuation of
// parameterised and nested types ( ) , [ ] ". The type is still parsed by DuckDB; this only keeps
// the error local and the text obviously harmless. Bad → INVALID_ARGUMENT.
Status CheckTypeName(std::string_view type);

}  // namespace lakehouse
