// Scalar guards: caps on the scalar functions that build one huge value in a single call.
//
// DuckDB checks for an interrupt between vectors, not inside one function call, and the string and
// list buffers a scalar builds are not counted against memory_limit: `repeat('x', 2147483647)` ran
// 40 s past its timeout and took 1.4 GB, `range(100000000)` took gigabytes. In the sandboxed query
// database these functions are shadowed by macros of the same name (DuckDB resolves the
// database's own `main` schema before the built-ins in `system.main`) that refuse a result longer
// than `max_chars` characters or list elements with INVALID_ARGUMENT before the built-in runs:
//   repeat(s, n)                 — n × length(s) (strings and lists; not BLOBs)
//   lpad / rpad(s, n, fill)      — n
//   range / generate_series(...) — the list's length, for BIGINT and TIMESTAMP/INTERVAL forms
//   printf / format(fmt, ...)    — the sum of the widths and precisions written in fmt; widths
//                                  taken from an argument (`%*d`, `{:>{}}`) are refused, and at
//                                  most 16 arguments follow fmt
//   replace(s, from, to)         — length(s) + occurrences × (length(to) − length(from))
// The table functions of the same names are not affected (DuckDB keeps them apart).
// The statement check (statement_sources.h) refuses these names when qualified, since
// system.main.repeat would reach the built-in.
//
// Thread-safety: stateless; the connection is externally synchronised.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"
#include "sql/connection.h"

namespace lakehouse {

// Longest value the guards let a single call produce (256 Mi characters or list elements).
inline constexpr int64_t kMaxScalarResultChars = int64_t{1} << 28;

// Whether `name` (lower case) is one of the guarded functions.
bool IsSizeGuardedFunction(std::string_view name);

// Creates the guard macros in the connection's database (main schema). Run before the
// configuration is locked, on the query database only.
Status InstallScalarGuards(Connection& conn, int64_t max_chars = kMaxScalarResultChars);

}  // namespace lakehouse
