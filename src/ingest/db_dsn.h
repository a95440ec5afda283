// DbDsn: a source database's connection string, parsed by its driver: `mysql://` and
// `mariadb://` URLs by mysql/mysql_dsn.h, everything else (postgresql:// URLs, libpq key=value)
// by pg/pg_dsn.h. What the ingest service and the job runner need without knowing the driver:
// the system's name for lineage, a redacted form to show, whether it holds a secret, and an
// exact secret-free form to store.
//
// Thread-safety: an immutable value after Parse; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "common/result.h"
#include "mysql/mysql_dsn.h"
#include "pg/pg_dsn.h"

namespace lakehouse {

enum class DbSystem { kPostgres, kMysql };

class DbDsn {
 public:
  // INVALID_ARGUMENT naming the problem, never the password.
  static Result<DbDsn> Parse(std::string_view dsn);

  DbSystem system() const { return pg() != nullptr ? DbSystem::kPostgres : DbSystem::kMysql; }
  // Lineage's source_system: "postgres" or "mysql".
  std::string_view system_name() const;
  std::string Redacted() const;
  bool has_secrets() const;
  // Parse() reads it back to the same connection, without the secrets (stored with jobs).
  std::string WithoutSecrets() const;
  std::string host() const;
  std::string port() const;
  std::string database() const;

  const PgDsn* pg() const { return std::get_if<PgDsn>(&dsn_); }
  const MysqlDsn* mysql() const { return std::get_if<MysqlDsn>(&dsn_); }

 private:
  explicit DbDsn(std::variant<PgDsn, MysqlDsn> dsn) : dsn_(std::move(dsn)) {}

  std::variant<PgDsn, MysqlDsn> dsn_;
};

}  // namespace lakehouse
