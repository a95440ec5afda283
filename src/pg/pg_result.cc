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

bool PgResult::succeeded() const {
  if (result_ == nullptr) return false;
  ExecStatusType status = PQresultStatus(result_.get());
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

std::string PgResult::SqlState() const {
  const char* state =
      result_ == nullptr ? nullptr : PQresultErrorField(result_.get(), PG_DIAG_SQLSTATE);
  return state == nullptr ? std::string() : std::string(state);
}

std::string PgResult::ErrorMessage() const {
  const char* message = result_ == nullptr ? nullptr : PQresultErrorMessage(result_.get());
  return message == nullptr ? std::string() : std::string(message);
}

int64_t PgResult::AffectedRows() const {
  const char* tuples = result_ == nullptr ? nullptr : PQcmdTuples(result_.get());
  return tuples == nullptr || *tuples == '\0' ? 0 : std::stoll(tuples);
}

std::string PgResult::CommandTag() const {
  const char* tag = result_ == nullptr ? nullptr : PQcmdStatus(result_.get());
  return tag == nullptr ? std::string() : std::string(tag);
}

}  // namespace lakehouse
