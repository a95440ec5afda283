// Internal to sql/: turns DuckDB errors into Status. Includes duckdb.h, so only sql/*.cc may
// include this header.
//
// Code mapping (the DuckDB message is kept verbatim as the Status message):
//   PARSER, SYNTAX, BINDER, CONVERSION, MISMATCH_TYPE, INVALID_INPUT, OUT_OF_RANGE, ... →
//   INVALID_ARGUMENT CATALOG "... does not exist"/"could not be found" → NOT_FOUND;  CATALOG "...
//   already exists" → ALREADY_EXISTS CONSTRAINT, TRANSACTION → CONFLICT;  DEPENDENCY,
//   MISSING_EXTENSION, AUTOLOAD → FAILED_PRECONDITION INTERRUPT → CANCELLED;  OUT_OF_MEMORY →
//   RESOURCE_EXHAUSTED;  PERMISSION → PERMISSION_DENIED IO "No files found" / "does not exist" →
//   NOT_FOUND, IO for a missing extension
//   ("... INSTALL x") → FAILED_PRECONDITION, other IO → UNAVAILABLE
//   HTTP, NETWORK → UPSTREAM_ERROR;  everything else → INTERNAL
//
// Thread-safety: pure functions, thread-safe.
#pragma once

#include <duckdb.h>

#include <string_view>

#include "common/status.h"

namespace lakehouse::sql_detail {

// Status for a DuckDB error of the given type. An empty message becomes `fallback`.
Status StatusFromDuckDb(duckdb_error_type type, const char* message, std::string_view fallback);

// For APIs that report only a message (duckdb_prepare_error): infers the type from DuckDB's
// "<Kind> Error: ..." prefix, then maps as above.
Status StatusFromDuckDbMessage(const char* message, std::string_view fallback);

// Takes ownership of `error` (destroys it). Called after a failure, so it never returns OK: an
// empty or missing error becomes INTERNAL with `fallback`.
Status StatusFromErrorData(duckdb_error_data error, std::string_view fallback);

}  // namespace lakehouse::sql_detail
