// MysqlConnection: owns one Connector/C connection (mysql_close on destruction) to the server a
// MysqlDsn names, with the session set up for pulls: character set utf8mb4 (text arrives as
// UTF-8), time_zone '+00:00' (TIMESTAMP values arrive as UTC), LOAD DATA LOCAL disabled (a
// server may not read our files). Failures come back as a Status mapped by mysql_error.h,
// without the password.
//
//   LH_ASSIGN_OR_RETURN(MysqlConnection conn, MysqlConnection::Connect(dsn, timeout, file));
//   LH_ASSIGN_OR_RETURN(MysqlResultStream rows, conn.Stream("SELECT …"));
//
// Ownership: move-only; the MysqlDsn is copied. Thread-safety: externally synchronised, except
// Cancel(), which may be called from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "mysql/mysql_dsn.h"
#include "mysql/mysql_fwd.h"

namespace lakehouse {

// What a result column's metadata says (a copy of MYSQL_FIELD's parts we use).
struct MysqlField {
  std::string name;
  int type = 0;  // enum_field_types
  uint32_t flags = 0;
  uint64_t length = 0;
  uint32_t decimals = 0;
  uint32_t charsetnr = 0;
  std::string format_name;  // MariaDB's extended metadata ("json" for JSON columns), else ""
};

// One unbuffered result (mysql_use_result): rows come off the socket one at a time, so memory
// holds one row whatever the result's size. Destroying it before the end reads and discards the
// rest unless the connection was cancelled first (MysqlConnection::Cancel).
class MysqlResultStream {
 public:
  MysqlResultStream(MysqlResultStream&&) noexcept = default;
  MysqlResultStream& operator=(MysqlResultStream&&) noexcept = default;

  const std::vector<MysqlField>& fields() const { return fields_; }
  // The next row: false at the end. Values stay valid until the next call; a NULL value has
  // values()[i] == nullptr.
  Result<bool> Next();
  char** values() const { return row_; }
  const unsigned long* lengths() const { return lengths_; }

 private:
  friend class MysqlConnection;
  struct Free {
    void operator()(st_mysql_res* result) const;
  };
  MysqlResultStream(st_mysql_res* result, st_mysql* conn, MysqlDsn dsn);

  std::unique_ptr<st_mysql_res, Free> result_;
  st_mysql* conn_;  // owned by the MysqlConnection, which outlives the stream
  MysqlDsn dsn_;
  std::vector<MysqlField> fields_;
  char** row_ = nullptr;
  unsigned long* lengths_ = nullptr;
};

class MysqlConnection {
 public:
  // The password: the DSN's, else `password_file`'s (mysql_password_file.h), else Connector/C's
  // fallback (MYSQL_PWD in the environment), else none. The DSN's connect_timeout wins over
  // `connect_timeout`.
  static Result<MysqlConnection> Connect(const MysqlDsn& dsn, std::chrono::seconds connect_timeout,
                                         const std::string& password_file);

  // A statement; a result set it returns is read and discarded.
  Status Execute(std::string_view sql);
  // The first column of the first row (nullopt for NULL or no rows).
  Result<std::optional<std::string>> QueryValue(std::string_view sql);
  // Starts an unbuffered result (mysql_real_query + mysql_use_result).
  Result<MysqlResultStream> Stream(std::string_view sql);

  // 'value' escaped for this connection's character set (mysql_real_escape_string).
  std::string QuoteLiteral(std::string_view value) const;
  // `name` with backticks doubled.
  static std::string QuoteIdentifier(std::string_view name);

  // The connection's last error as a Status (mysql_error.h).
  Status LastError() const;
  // Aborts the connection (mariadb_cancel): every later read fails at once, so an unfinished
  // stream is not drained. The connection is unusable afterwards.
  void Cancel();

  const MysqlDsn& dsn() const { return dsn_; }

 private:
  struct Close {
    void operator()(st_mysql* conn) const;
  };
  MysqlConnection(st_mysql* conn, MysqlDsn dsn) : conn_(conn), dsn_(std::move(dsn)) {}

  std::unique_ptr<st_mysql, Close> conn_;
  MysqlDsn dsn_;
};

}  // namespace lakehouse
