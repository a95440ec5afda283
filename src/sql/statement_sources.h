// The SQL sandbox's statement check: what a client statement of the SQL endpoint may be and read,
// decided from DuckDB's own parse tree (json_serialize_sql), never by matching the SQL text.
//
// The query database must be able to read the buckets, because every dataset view reads its
// Parquet files there; so DuckDB's file sandbox alone cannot keep a client from naming those
// files directly (read_parquet('<bucket>/…'), glob(…), FROM '<path>.parquet'), which would bypass
// the views — and with them tombstones (deleted keys) and upserts. CheckReadStatement admits:
//   - a statement json_serialize_sql serialises: it does so only for SELECT-like statements
//     (SELECT, WITH, VALUES, FROM-first, DESCRIBE, SHOW, SUMMARIZE). Anything it cannot serialise
//     is refused (fail closed): COPY, ATTACH, SET, PRAGMA, CREATE, …, and top-level PIVOT;
//   - `EXPLAIN <q>` and `EXPLAIN ANALYZE <q>` (exactly those words, separated by whitespace only,
//     at the start of the text) when <q> itself passes this check. `EXPLAIN ANALYZE` executes <q>,
//     so <q> is checked exactly like a statement that runs. DuckDB's own classification of the
//     whole text (EXPLAIN) is confirmed by the caller after Prepare.
// and walks the tree (subqueries, CTEs, lambdas, DESCRIBE/SUMMARIZE targets included), allowing:
//   - tables and views by a plain name ([A-Za-z0-9_$ -] and non-ASCII letters): a name with '/',
//     '.', '*', … is a file path for DuckDB's replacement scans; not the catalog views that
//     reveal server paths (duckdb_views, duckdb_databases, information_schema.views, pg_views,
//     pg_settings, sqlite_master, …);
//   - table functions on an allow-list: data generators (range, generate_series, unnest,
//     json_each, json_tree, repeat, repeat_row) and catalog listings that name no server path
//     (duckdb_tables, duckdb_columns, duckdb_functions, pragma_table_info, …);
//   - every scalar function except those that reveal server paths or settings (current_setting,
//     pg_get_viewdef, get_block_size), and the size-capped functions (scalar_guards.h) only by
//     their plain name, since a qualified name (system.main.repeat) bypasses the cap.
// Everything else → PERMISSION_DENIED naming it. The check runs before the statement is prepared,
// since binding a table function already opens its files.
//
// Thread-safety: stateless; the connection is externally synchronised.
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"
#include "common/status.h"
#include "sql/connection.h"
#include "sql/policy_scope.h"

namespace lakehouse {

// A statement that passed the check.
struct CheckedStatement {
  Json tree;             // json_serialize_sql of the statement, or of EXPLAIN's inner statement
  bool explain = false;  // the text is EXPLAIN [ANALYZE] of `tree`
};

// DuckDB's parse tree of `sql` (json_serialize_sql); an object with "error": true when DuckDB
// cannot parse or serialise it.
Result<Json> SerializeStatement(Connection& conn, std::string_view sql);

// The check above. PERMISSION_DENIED for anything the sandbox refuses (including a statement it
// cannot check); INVALID_ARGUMENT for a parse error.
Result<CheckedStatement> CheckReadStatement(Connection& conn, std::string_view sql);

// The tree walk on an already serialised statement (json_serialize_sql output); PERMISSION_DENIED
// for a tree that is not exactly one SELECT-like statement or reads a forbidden source.
Status CheckSerializedStatementSources(const Json& tree);

// The restricted policy's check (policy_scope.h), after CheckSerializedStatementSources on the
// same tree: every table is named without a schema or catalog and is either one the policy may
// read (`scope.tables`) or a CTE of the statement (CTE names may not shadow DuckDB's catalog views:
// duckdb_*, pg_*, sqlite_*, pragma_*); the only table functions are the data generators (range,
// generate_series, unnest, json_each, json_tree, repeat, repeat_row): no catalog listing
// (duckdb_tables(), duckdb_views(), pragma_table_info, …), no SHOW; DESCRIBE and SUMMARIZE only
// of a query. A dataset the policy is not granted is NOT_FOUND (it does not exist for it),
// anything else PERMISSION_DENIED.
Status CheckPolicyNames(const Json& tree, const PolicyScope& scope);

// The statement text after a leading `EXPLAIN` or `EXPLAIN ANALYZE` (whitespace only around the
// words, any case); nullopt when the text does not start so.
std::optional<std::string_view> ExplainedStatement(std::string_view sql);

}  // namespace lakehouse
