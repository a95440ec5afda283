// Forward declarations of DuckDB's opaque C handle structs, so public sql/ headers can hold handles
// without including duckdb.h (only sql/*.cc include it). These are DuckDB's own global names.
#pragma once

struct _duckdb_database;
struct _duckdb_connection;
struct _duckdb_prepared_statement;
struct _duckdb_appender;
struct _duckdb_data_chunk;
