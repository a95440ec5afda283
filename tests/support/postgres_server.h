// PostgresServer: a real, throwaway PostgreSQL for tests. Start() runs `initdb` in a fresh temp
// dir (trust auth on the unix socket, password auth over TCP), `pg_ctl start` on a free loopback
// port with the socket in the temp dir, and sets the superuser's password; the destructor stops
// it (immediate mode) and removes the dir — also when a test fails. When running as root
// (initdb refuses root), the binaries run as the `postgres` system user via runuser, with the
// temp dir chowned to it. Binaries: $LAKEHOUSE_PG_BIN, else the newest /usr/lib/postgresql/*/bin.
//
// Thread-safety: externally synchronised.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace lakehouse::testing {

class PostgresServer {
 public:
  static Result<std::unique_ptr<PostgresServer>> Start();
  ~PostgresServer();

  int port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  // postgresql://USER:PASSWORD@127.0.0.1:PORT/DB
  std::string Dsn(const std::string& database = "postgres") const;
  // postgresql:///DB?host=SOCKET_DIR&port=PORT&user=USER — the unix socket, trusted, no password.
  std::string SocketDsn(const std::string& database = "postgres") const;

  // Runs SQL (one or more statements) as the superuser over libpq.
  Status Execute(const std::string& sql, const std::string& database = "postgres") const;
  // The first column of the first row as text ("" for NULL or no rows).
  Result<std::string> QueryValue(const std::string& sql,
                                 const std::string& database = "postgres") const;

  // Stops the server at once (pg_ctl stop -m immediate), e.g. to break a running pull.
  void Kill();

 private:
  PostgresServer() = default;
  Status Run(const std::string& command) const;  // as the server's OS user

  std::string bin_dir_;
  std::string dir_;
  std::string user_ = "lakehouse";
  std::string password_ = "pw-Secr3t!";
  bool as_postgres_user_ = false;
  bool running_ = false;
  int port_ = 0;
};

}  // namespace lakehouse::testing
