// StatementFacts: what the result cache (result_cache.h) needs to know about one read statement,
// derived from DuckDB's own parse tree (json_serialize_sql, as the sandbox's source check in
// statement_sources.h), never by matching the SQL text.
//
//   - `normalized`: the parse tree with every query_location removed, dumped as JSON. Two texts
//     that differ only in whitespace, comments or keyword case parse to the same tree and share
//     cached results; identifiers keep their case (it names output columns).
//   - `tables`: the lower-case names of the tables and views the statement reads (FROM, JOIN,
//     subqueries, CTE bodies), sorted and unique, also when the statement is not cacheable (the
//     read path counts hot-cache hits from them). A CTE's own name read in the statement counts
//     as a table too (conservative: the statement is cacheable only if a pinned dataset has that
//     name).
//   - `cacheable` with `reason` when it is not. A statement is cacheable only when it
//       * reads at least one table, each by a plain or `main.`-qualified name (no other schema or
//         catalog, no AT (time travel) clause);
//       * uses no table function, SHOW/DESCRIBE/SUMMARIZE reference or other unusual table
//         reference (only tables, joins, subqueries, VALUES and the empty FROM);
//       * samples nothing (USING SAMPLE / TABLESAMPLE);
//       * calls only functions DuckDB reports as CONSISTENT (function_stability.h): never
//         random(), now(), nextval(), uuid(), …, nor names DuckDB does not list; macros only
//         when their bodies are deterministic;
//       * names no SQL value function as a bare column (current_date, current_timestamp,
//         current_time, localtime, localtimestamp, user, current_user, session_user,
//         current_role, current_catalog, current_schema): DuckDB binds those to the clock or the
//         session when no column has the name, so a real column named `user` is refused too.
//     A tree that is not a single SELECT-like statement, or an error, is not cacheable.
//
// Thread-safety: stateless functions; StatementFacts is a value.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "sql/function_stability.h"

namespace lakehouse {

struct StatementFacts {
  std::string normalized;
  std::vector<std::string> tables;
  bool cacheable = false;
  std::string reason;  // why not, when !cacheable
};

// `tree` is json_serialize_sql's output for one statement.
StatementFacts AnalyzeStatement(const Json& tree, const FunctionStability& functions);

// Whether a bare column of this name (any case) may bind to a SQL value function (current_date,
// user, …) in DuckDB.
bool IsSqlValueFunction(std::string_view column_name);

// Facts of a statement the tree does not describe (EXPLAIN, or DuckDB could not serialise it).
StatementFacts UncacheableStatement(std::string reason);

}  // namespace lakehouse
