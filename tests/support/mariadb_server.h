// MariadbServer: a real, throwaway MariaDB (Debian's mariadb-server 10.11) for tests. Start() runs
// `mariadb-install-db --no-defaults` into a fresh temp dir, starts `mariadbd --no-defaults` on a
// free loopback port with its socket in the temp dir, and creates a user with a password (over
// TCP the tests connect as that user, so password handling is exercised); the destructor kills
// the server and removes the dir — also when a test fails. As root, mariadbd runs with
// --user=root (it refuses root otherwise). Binaries: $LAKEHOUSE_MARIADB_BIN, else /usr/sbin and
// /usr/bin.
//
// Thread-safety: externally synchronised.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "common/result.h"

namespace lakehouse::testing {

struct MariadbServerOptions {
  std::string innodb_buffer_pool = "32M";
};

class MariadbServer {
 public:
  static Result<std::unique_ptr<MariadbServer>> Start(MariadbServerOptions options = {});
  ~MariadbServer();

  int port() const { return port_; }
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }
  const std::string& socket() const { return socket_; }
  pid_t pid() const { return pid_; }  // mariadbd's, e.g. to read its CPU time
  // mysql://USER:PASSWORD@127.0.0.1:PORT/DB (the password percent-encoded)
  std::string Dsn(const std::string& database = "lh") const;
  // The same without the password.
  std::string NoPasswordDsn(const std::string& database = "lh") const;

  // Runs SQL (one or more statements separated by ';') as root over the socket.
  Status Execute(const std::string& sql, const std::string& database = "lh") const;
  // The first column of the first row as text ("" for NULL or no rows).
  Result<std::string> QueryValue(const std::string& sql, const std::string& database = "lh") const;

  // Stops the server at once (SIGKILL), e.g. to break a running pull.
  void Kill();

 private:
  MariadbServer() = default;

  std::string dir_;
  std::string socket_;
  std::string user_ = "lakehouse";
  std::string password_ = "pw-S3cr:t/x";  // ':' and '/' must survive URL encoding
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace lakehouse::testing
