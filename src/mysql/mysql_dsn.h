// MysqlDsn: a parsed MySQL / MariaDB connection URL,
//
//   mysql://[user[:password]@]host[:port][/database][?option=value&…]
//   mariadb://…  (the same)
//
// with percent-encoding in user, password and database. Options: `ssl-mode` (`disabled`, the
// default as in Connector/C 3.3; `required`: TLS without checking the certificate;
// `verify-identity`: TLS, certificate checked against the system CAs and the host name),
// `connect_timeout` (seconds) and
// `socket` (a Unix socket path; the host is then ignored and shown as "localhost"). Anything
// else is INVALID_ARGUMENT, so a typo does not silently connect differently.
//
// The password is kept only to connect: Redacted(), Describe() and every error message leave it
// out (Scrub() removes it from text that came back from the server). A DSN without a password
// takes it from the server's password file (mysql.password_file, mysql_options.h), else from
// MYSQL_PWD in the server's environment (Connector/C's own fallback), else connects without one.
//
// Errors: INVALID_ARGUMENT naming the problem, never echoing the password.
//
// Thread-safety: an immutable value after Parse; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lakehouse {

enum class MysqlSslMode { kDisabled, kRequired, kVerifyIdentity };

class MysqlDsn {
 public:
  // True when `dsn` starts with mysql:// or mariadb:// (what Parse accepts).
  static bool Matches(std::string_view dsn);
  static Result<MysqlDsn> Parse(std::string_view dsn);

  const std::string& scheme() const { return scheme_; }      // "mysql" or "mariadb"
  const std::string& host() const { return host_; }          // "localhost" when unset
  int port() const { return port_; }                         // 3306 when unset
  const std::string& socket() const { return socket_; }      // "" → TCP
  const std::string& database() const { return database_; }  // "" → none selected
  const std::string& user() const { return user_; }
  const std::string& password() const { return password_; }  // connect only
  bool has_password() const { return !password_.empty(); }
  MysqlSslMode ssl_mode() const { return ssl_mode_; }
  int32_t connect_timeout_seconds() const { return connect_timeout_; }  // 0 → the caller's

  // mysql://user@host:port/database?… — no password, safe to store and show.
  std::string Redacted() const;
  // The same URL with user and database percent-encoded so Parse() reads it back exactly; no
  // password. What a pull without secrets stores to reconnect later.
  std::string WithoutSecrets() const;
  // "db.example:3306", or the socket path.
  std::string Address() const;
  // "database 'app' on db.example:3306" for error messages.
  std::string Describe() const;
  // `text` with every occurrence of the password replaced by ***.
  std::string Scrub(std::string_view text) const;

 private:
  std::string Build(bool exact) const;

  std::string scheme_ = "mysql";
  std::string host_ = "localhost";
  int port_ = 3306;
  std::string socket_;
  std::string database_;
  std::string user_;
  std::string password_;
  MysqlSslMode ssl_mode_ = MysqlSslMode::kDisabled;
  int32_t connect_timeout_ = 0;
};

}  // namespace lakehouse
