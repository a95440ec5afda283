// CheckStatementSources: what a read statement of the SQL endpoint may read from, decided from
// DuckDB's own parse tree (json_serialize_sql), never by matching the SQL text.
//
// The query database must be able to read the buckets, because every dataset view reads its
// Parquet files there; so DuckDB's file sandbox alone cannot keep a client from naming those
// files directly (read_parquet('<bucket>/…'), glob(…), FROM '<path>.parquet'), which would bypass
// the views — and with them tombstones (deleted keys) and upserts. This check walks the statement's
// tree and allows, anywhere in it (subqueries, CTEs, DESCRIBE/SUMMARIZE targets included):
//   - tables and views by name, unless the name is a path (contains '/'): datasets are views;
//   - table functions that generate data or read the catalog: range, generate_series, unnest,
//     json_each, json_tree, repeat, repeat_row, duckdb_* and pragma_* metadata functions.
// Every other table function (read_csv, read_parquet, read_text, glob, query, query_table,
// parquet_metadata, …) → PERMISSION_DENIED naming it. The check runs before the statement is
// prepared, since binding a table function already opens its files. A statement DuckDB cannot
// serialise (anything but SELECT-like ones, e.g. EXPLAIN or COPY) is reported as unchecked; the
// caller decides by its kind and must refuse an unchecked SELECT (fail closed).
//
// Thread-safety: stateless; the connection is externally synchronised.
#pragma once

#include <string_view>

#include "common/json.h"
#include "common/status.h"
#include "sql/connection.h"

namespace lakehouse {

enum class SourceCheck { kChecked, kNotSerializable };

// DuckDB's parse tree of `sql` (json_serialize_sql); an object with "error": true when DuckDB
// cannot parse or serialise it.
Result<Json> SerializeStatement(Connection& conn, std::string_view sql);

// Checks one statement. PERMISSION_DENIED for a forbidden source; INVALID_ARGUMENT for a parse
// error; kNotSerializable when DuckDB serialises only SELECT-like statements and this is not one.
Result<SourceCheck> CheckStatementSources(Connection& conn, std::string_view sql);

// The check on an already serialised tree (json_serialize_sql output), for tests.
Result<SourceCheck> CheckSerializedStatementSources(const Json& tree);

}  // namespace lakehouse
