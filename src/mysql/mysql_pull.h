// MysqlPull: one read of a table or a query from MySQL / MariaDB, streamed row by row.
//
// Start() opens a REPEATABLE READ, READ ONLY transaction WITH CONSISTENT SNAPSHOT (so, for InnoDB
// tables, the high-water mark and the rows come from one snapshot, and a query cannot write),
// describes the source's columns (missing table → NOT_FOUND, no privilege → PERMISSION_DENIED,
// bad query → INVALID_ARGUMENT), reads max(incremental_column) over the rows to pull when the
// pull is incremental, and starts
//
//   SELECT <columns, cast where mysql_type_mapping.h says> FROM (<source>) AS s
//     [WHERE s.<incremental_column> > <previous mark>]
//
// unbuffered (mysql_use_result), where <source> is `SELECT * FROM db.table` or the client's query.
// AppendRows() decodes rows straight into DuckDB data chunks (sql/chunk_appender.h), so memory
// holds one row of the result and one chunk.
//
// Tables without transactions (MyISAM, MEMORY) have no snapshot: rows written between the
// high-water mark query and the SELECT may be pulled without raising the mark, or the mark may
// count a row the SELECT then sees too (pulled again next time; upsert by key absorbs that).
//
// Ownership: borrows the MysqlConnection (must outlive the pull). Thread-safety: externally
// synchronised.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "mysql/mysql_connection.h"
#include "mysql/mysql_type_mapping.h"
#include "sql/chunk_appender.h"

namespace lakehouse {

struct MysqlPullSpec {
  std::string table;    // "name" or "database.name" (exactly one of table and query)
  std::string query{};  // one SELECT (a trailing ';' is ignored)
  std::string incremental_column{};
  std::optional<std::string> after{};  // previous high-water mark, the server's text form
};

class MysqlPull {
 public:
  static Result<MysqlPull> Start(MysqlConnection* conn, const MysqlPullSpec& spec);

  const std::vector<MysqlColumnMapping>& columns() const { return columns_; }
  // max(incremental_column) over the rows being pulled (text); nullopt when not incremental or
  // no row is newer than `after`.
  const std::optional<std::string>& high_water_mark() const { return high_water_mark_; }
  // Appends up to `max_rows` rows; 0 once the result is exhausted.
  Result<int64_t> AppendRows(ChunkAppender& appender, int64_t max_rows);
  // Zero or invalid dates appended as NULL so far.
  int64_t zero_dates() const { return zero_dates_; }
  // Ends the read transaction after the last row.
  Status Finish();
  // Stops a pull midway without reading the rest of the result (cancel or failure).
  void Abort();

 private:
  explicit MysqlPull(MysqlConnection* conn) : conn_(conn) {}

  MysqlConnection* conn_;
  std::vector<MysqlColumnMapping> columns_;
  std::optional<std::string> high_water_mark_;
  std::optional<MysqlResultStream> stream_;
  int64_t zero_dates_ = 0;
};

// `SELECT * FROM `database`.`table`` for "table" or "database.table" (INVALID_ARGUMENT otherwise).
Result<std::string> MysqlTableSelect(std::string_view table);

}  // namespace lakehouse
