// PgResult: owns one PGresult (PQclear on destruction), with the few accessors the pull needs.
//
// Ownership: move-only. Thread-safety: externally synchronised.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "pg/pg_fwd.h"

namespace lakehouse {

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}  // takes ownership (may be null)

  pg_result* get() const { return result_.get(); }
  int rows() const;
  int columns() const;
  std::string ColumnName(int column) const;
  unsigned int ColumnType(int column) const;  // the type OID
  int ColumnTypmod(int column) const;
  bool IsNull(int row, int column) const;
  std::string Value(int row, int column) const;  // text format
  // Whether the statement succeeded (PGRES_COMMAND_OK or PGRES_TUPLES_OK); false for null.
  bool succeeded() const;
  std::string SqlState() const;      // "" when none (or a null result)
  std::string ErrorMessage() const;  // "" when none
  int64_t AffectedRows() const;      // PQcmdTuples; 0 when not an INSERT/UPDATE/DELETE
  std::string CommandTag() const;    // PQcmdStatus: "COMMIT", "ROLLBACK", "INSERT 0 1" …

 private:
  struct Clear {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

}  // namespace lakehouse
