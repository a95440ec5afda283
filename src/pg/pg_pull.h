// PgPull: one read of a table or a query from PostgreSQL, as a binary COPY stream.
//
// Start() opens a REPEATABLE READ, READ ONLY transaction (so the high-water mark and the rows
// come from one snapshot, and a query cannot write), describes the source's columns (missing
// table → NOT_FOUND, no privilege → PERMISSION_DENIED, bad query → INVALID_ARGUMENT), reads
// max(incremental_column) over the rows to pull when the pull is incremental, and starts
//
//   COPY (SELECT <columns, cast where pg_type_mapping.h says> FROM (<source>) AS s
//         [WHERE s.<incremental_column> > <previous mark>]) TO STDOUT (FORMAT binary)
//
// where <source> is `SELECT * FROM <schema>.<table>` or the client's query.
//
// Ownership: borrows the PgConnection (must outlive the pull). Thread-safety: externally
// synchronised.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "pg/pg_connection.h"
#include "pg/pg_copy_stream.h"
#include "pg/pg_type_mapping.h"

namespace lakehouse {

struct PgPullSpec {
  std::string table;    // "name" or "schema.name" (exactly one of table and query)
  std::string query{};  // one SELECT (a trailing ';' is ignored)
  std::string incremental_column{};
  std::optional<std::string> after{};  // previous high-water mark, PostgreSQL's text form
};

class PgPull {
 public:
  static Result<PgPull> Start(PgConnection* conn, const PgPullSpec& spec);

  const std::vector<PgColumnMapping>& columns() const { return columns_; }
  // max(incremental_column) over the rows being pulled (text); nullopt when not incremental or
  // no row is newer than `after`.
  const std::optional<std::string>& high_water_mark() const { return high_water_mark_; }
  PgCopyStream& stream() { return *stream_; }

 private:
  PgPull() = default;

  std::vector<PgColumnMapping> columns_;
  std::optional<std::string> high_water_mark_;
  std::optional<PgCopyStream> stream_;
};

// `SELECT * FROM "schema"."table"` for "table" or "schema.table" (INVALID_ARGUMENT otherwise).
Result<std::string> PgTableSelect(const PgConnection& conn, std::string_view table);

}  // namespace lakehouse
