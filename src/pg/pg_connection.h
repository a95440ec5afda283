// PgConnection: owns one libpq connection (PQfinish on destruction) to the server a PgDsn names.
// Failures come back as a Status mapped by pg_error.h, without the password.
//
//   LH_ASSIGN_OR_RETURN(PgConnection conn, PgConnection::Connect(dsn));
//   LH_RETURN_IF_ERROR(conn.Execute("BEGIN"));
//   LH_ASSIGN_OR_RETURN(PgResult r, conn.Query("SELECT 1"));
//
// Ownership: move-only; the PgDsn is copied. Thread-safety: externally synchronised, except
// Cancel(), which may be called from any thread while another thread waits on the connection.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "pg/pg_dsn.h"
#include "pg/pg_fwd.h"
#include "pg/pg_result.h"

namespace lakehouse {

class PgConnection {
 public:
  // Connects with application_name "lakehouse" and a connect timeout (both unless the DSN sets
  // them). A non-empty `password_file` (pg_options.h) is libpq's passfile when the DSN has no
  // password; the server's own file, never one a client names (PgDsn refuses `passfile`).
  static Result<PgConnection> Connect(
      const PgDsn& dsn, std::chrono::seconds connect_timeout = std::chrono::seconds(10),
      std::string_view password_file = {});

  // A statement whose result has rows (PGRES_TUPLES_OK).
  Result<PgResult> Query(std::string_view sql);
  // A statement without rows (PGRES_COMMAND_OK).
  Status Execute(std::string_view sql);
  // The result of a failed statement as a Status (pg_error.h). `result` may be null.
  Status ErrorFrom(const PgResult& result) const;

  // One statement with parameters sent as text, each with a type OID (0 lets the server infer it)
  // and nullopt for NULL. Returns the result whatever its status (check PgResult::succeeded()),
  // so a caller can read the SQLSTATE; null only when libpq could not allocate one.
  struct Param {
    unsigned int type_oid = 0;
    std::optional<std::string> value;
  };
  PgResult ExecParams(std::string_view sql, const std::vector<Param>& params);
  // One or more statements without parameters; the last one's result, whatever its status.
  PgResult ExecScript(std::string_view sql);
  // Whether the connection is usable (PQstatus is CONNECTION_OK).
  bool connected() const;
  // Whether a transaction is open (also when it failed and awaits ROLLBACK).
  bool in_transaction() const;
  // libpq's last connection-level message (PQerrorMessage), password scrubbed.
  std::string ErrorMessage() const;

  // Quoting for generated SQL (PQescapeIdentifier / PQescapeLiteral).
  Result<std::string> QuoteIdentifier(std::string_view name) const;
  Result<std::string> QuoteLiteral(std::string_view value) const;

  // Asks the server to cancel the running statement (best effort).
  void Cancel();

  pg_conn* get() const { return conn_.get(); }
  const PgDsn& dsn() const { return dsn_; }

 private:
  struct Finish {
    void operator()(pg_conn* conn) const;
  };
  PgConnection(pg_conn* conn, PgDsn dsn) : conn_(conn), dsn_(std::move(dsn)) {}

  std::unique_ptr<pg_conn, Finish> conn_;
  PgDsn dsn_;
};

}  // namespace lakehouse
