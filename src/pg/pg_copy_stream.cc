#include "pg/pg_copy_stream.h"

#include <libpq-fe.h>

#include <string>

namespace lakehouse {

void PgCopyStream::FreeMem::operator()(char* buffer) const { PQfreemem(buffer); }

Result<PgCopyStream> PgCopyStream::Start(PgConnection* conn, std::string_view copy_sql) {
  PgResult result(PQexec(conn->get(), std::string(copy_sql).c_str()));
  if (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_COPY_OUT) {
    return conn->ErrorFrom(result);
  }
  return PgCopyStream(conn);
}

Result<std::optional<std::string_view>> PgCopyStream::Next() {
  buffer_.reset();
  if (done_) return std::optional<std::string_view>();
  char* raw = nullptr;
  int size = PQgetCopyData(conn_->get(), &raw, /*async=*/0);
  if (size > 0) {
    buffer_.reset(raw);
    bytes_ += size;
    return std::optional<std::string_view>(std::string_view(raw, static_cast<size_t>(size)));
  }
  done_ = true;
  if (size == -2) return conn_->ErrorFrom(PgResult(nullptr));
  // -1: the COPY ended; its outcome is in the next result, then the connection is idle again.
  PgResult final_result(PQgetResult(conn_->get()));
  Status status = Status::Ok();
  if (final_result.get() == nullptr || PQresultStatus(final_result.get()) != PGRES_COMMAND_OK) {
    status = conn_->ErrorFrom(final_result);
  }
  while (PGresult* rest = PQgetResult(conn_->get())) PQclear(rest);
  if (!status.ok()) return status;
  return std::optional<std::string_view>();
}

}  // namespace lakehouse
