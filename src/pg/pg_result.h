// PgResult: owns one PGresult (PQclear on destruction), with the few accessors the pull needs.
//
// Ownership: move-only. Thread-safety: externally synchronised.
#pragma once

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

 private:
  struct Clear {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Clear> result_;
};

}  // namespace lakehouse
