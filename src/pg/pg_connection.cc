#include "pg/pg_connection.h"

#include <libpq-fe.h>

#include <vector>

#include "pg/pg_error.h"

namespace lakehouse {

void PgConnection::Finish::operator()(pg_conn* conn) const { PQfinish(conn); }

Result<PgConnection> PgConnection::Connect(const PgDsn& dsn, std::chrono::seconds connect_timeout,
                                           std::string_view password_file) {
  std::vector<std::pair<std::string, std::string>> options = dsn.options();
  auto has = [&](std::string_view key) {
    for (const auto& [k, v] : options) {
      if (k == key) return true;
    }
    return false;
  };
  if (!has("application_name")) options.emplace_back("application_name", "lakehouse");
  if (!has("connect_timeout")) {
    options.emplace_back("connect_timeout", std::to_string(connect_timeout.count()));
  }
  if (!dsn.has_password() && !password_file.empty()) {
    options.emplace_back("passfile", std::string(password_file));
  }
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [k, v] : options) {
    keywords.push_back(k.c_str());
    values.push_back(v.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  PgConnection conn(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/0), dsn);
  if (conn.conn_ == nullptr) return ResourceExhausted("libpq could not allocate a connection");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return PgConnectError(dsn, PQerrorMessage(conn.get()));
  }
  return conn;
}

Status PgConnection::ErrorFrom(const PgResult& result) const {
  const char* state =
      result.get() == nullptr ? nullptr : PQresultErrorField(result.get(), PG_DIAG_SQLSTATE);
  const char* message =
      result.get() == nullptr ? PQerrorMessage(conn_.get()) : PQresultErrorMessage(result.get());
  if (message == nullptr || *message == '\0') message = PQerrorMessage(conn_.get());
  return PgStatementError(dsn_, state == nullptr ? "" : state, message);
}

Result<PgResult> PgConnection::Query(std::string_view sql) {
  PgResult result(PQexec(conn_.get(), std::string(sql).c_str()));
  if (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    return ErrorFrom(result);
  }
  return result;
}

Status PgConnection::Execute(std::string_view sql) {
  PgResult result(PQexec(conn_.get(), std::string(sql).c_str()));
  if (result.get() == nullptr || PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    return ErrorFrom(result);
  }
  return Status::Ok();
}

PgResult PgConnection::ExecParams(std::string_view sql, const std::vector<Param>& params) {
  std::vector<Oid> types;
  std::vector<const char*> values;
  types.reserve(params.size());
  values.reserve(params.size());
  for (const Param& param : params) {
    types.push_back(param.type_oid);
    values.push_back(param.value ? param.value->c_str() : nullptr);
  }
  return PgResult(PQexecParams(conn_.get(), std::string(sql).c_str(),
                               static_cast<int>(params.size()), types.data(), values.data(),
                               /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                               /*resultFormat=*/0));
}

PgResult PgConnection::ExecScript(std::string_view sql) {
  return PgResult(PQexec(conn_.get(), std::string(sql).c_str()));
}

bool PgConnection::connected() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

bool PgConnection::in_transaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_.get());
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

std::string PgConnection::ErrorMessage() const { return dsn_.Scrub(PQerrorMessage(conn_.get())); }

Result<std::string> PgConnection::QuoteIdentifier(std::string_view name) const {
  char* quoted = PQescapeIdentifier(conn_.get(), name.data(), name.size());
  if (quoted == nullptr) return InvalidArgument("invalid identifier '", name, "'");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

Result<std::string> PgConnection::QuoteLiteral(std::string_view value) const {
  char* quoted = PQescapeLiteral(conn_.get(), value.data(), value.size());
  if (quoted == nullptr) return InvalidArgument("invalid literal");
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

void PgConnection::Cancel() {
  PGcancel* cancel = PQgetCancel(conn_.get());
  if (cancel == nullptr) return;
  char error[256];
  (void)PQcancel(cancel, error, sizeof(error));
  PQfreeCancel(cancel);
}

}  // namespace lakehouse
