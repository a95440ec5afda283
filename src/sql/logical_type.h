// Internal to sql/: an owning wrapper for duckdb_logical_type and SQL-style type names.
// Includes duckdb.h, so only sql/*.cc may include this header.
//
// Thread-safety: a LogicalType is externally synchronised; TypeName is thread-safe.
#pragma once

#include <duckdb.h>

#include <string>

namespace lakehouse::sql_detail {

// Move-only owner of a duckdb_logical_type (destroyed with duckdb_destroy_logical_type).
class LogicalType {
 public:
  explicit LogicalType(duckdb_logical_type type) : type_(type) {}
  LogicalType(LogicalType&& other) noexcept : type_(other.type_) { other.type_ = nullptr; }
  LogicalType& operator=(LogicalType&& other) noexcept;
  LogicalType(const LogicalType&) = delete;
  LogicalType& operator=(const LogicalType&) = delete;
  ~LogicalType();

  duckdb_logical_type get() const { return type_; }
  duckdb_type id() const;

 private:
  duckdb_logical_type type_ = nullptr;
};

// Takes a string DuckDB allocated (duckdb_free); returns "" for nullptr.
std::string TakeDuckDbString(char* text);

// The SQL spelling of a type as DuckDB writes it: "INTEGER", "DECIMAL(18,3)", "VARCHAR[]",
// "INTEGER[3]", "STRUCT(a INTEGER, b VARCHAR)", "MAP(VARCHAR, INTEGER)", "UNION(i INTEGER)".
// Aliased types (e.g. JSON) report the alias.
std::string TypeName(duckdb_logical_type type);

}  // namespace lakehouse::sql_detail
