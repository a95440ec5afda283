#include "pg/pg_result.h"

#include <libpq-fe.h>

namespace lakehouse {

void PgResult::Clear::operator()(pg_result* result) const { PQclear(result); }

int PgResult::rows() const { return PQntuples(result_.get()); }
int PgResult::columns() const { return PQnfields(result_.get()); }
std::string PgResult::ColumnName(int column) const { return PQfname(result_.get(), column); }
unsigned int PgResult::ColumnType(int column) const { return PQftype(result_.get(), column); }
int PgResult::ColumnTypmod(int column) const { return PQfmod(result_.get(), column); }
bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}
std::string PgResult::Value(int row, int column) const {
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

}  // namespace lakehouse
