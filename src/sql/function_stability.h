// FunctionStability: which functions DuckDB itself reports as deterministic, for the result cache
// (result_cache.h) to decide whether a statement's result may be reused.
//
// Loaded from `duckdb_functions()`: a name is consistent when every overload of it has
// stability CONSISTENT. VOLATILE (random, uuid, nextval, …), CONSISTENT_WITHIN_QUERY (now,
// current_date, get_current_timestamp, today, …) and functions without a stability (table
// functions, pragmas) are not, nor is any name DuckDB does not list. Scalar macros (nullif,
// split_part, list_sum, …) have no stability either; DuckDB expands them into their body, so a
// macro is consistent when every overload's body (parsed by DuckDB, json_serialize_sql) calls only
// consistent functions and macros and reads no table or SQL value function. A fixed list of
// names known to be non-deterministic is refused even if a DuckDB version were to report them as
// consistent (belt and braces; see kNonDeterministicNames in the source).
//
// Thread-safety: immutable after Load; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "common/result.h"
#include "sql/connection.h"

namespace lakehouse {

class FunctionStability {
 public:
  FunctionStability() = default;  // knows no function: nothing is consistent

  static Result<FunctionStability> Load(Connection& conn);
  // For tests: exactly these (lower-case) names are consistent, minus the fixed refusals.
  static FunctionStability FromNames(std::unordered_set<std::string> consistent);

  // Case-insensitive; false for names DuckDB does not list.
  bool IsConsistent(std::string_view name) const;
  size_t size() const { return consistent_.size(); }

 private:
  std::unordered_set<std::string> consistent_;
};

}  // namespace lakehouse
