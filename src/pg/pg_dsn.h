// PgDsn: a parsed PostgreSQL connection string. Accepts `postgresql://` and `postgres://` URLs
// (user, password, host, port, database, query parameters such as sslmode) and libpq key=value
// strings ("host=db port=5432 dbname=app user=me password='s e c'"), parsed by libpq's own
// PQconninfoParse so the two spellings mean exactly what they mean to psql.
//
// The password is kept only to connect: Redacted(), Describe() and every error message leave it
// out (Scrub() removes it from text that came back from the server). A DSN without a password
// lets libpq take it from the server's password file (PGPASSFILE or ~/.pgpass), so secrets can
// stay out of requests. Clients may not name files on the server: `passfile` and `servicefile`
// are refused.
//
// Errors: INVALID_ARGUMENT naming the problem (unknown scheme, unknown option, bad port,
// unterminated quote ...), never echoing the password.
//
// Thread-safety: an immutable value after Parse; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace lakehouse {

class PgDsn {
 public:
  static Result<PgDsn> Parse(std::string_view dsn);

  // What libpq was given, keyword → value, including the password (connect only).
  const std::vector<std::pair<std::string, std::string>>& options() const { return options_; }
  const std::string& host() const { return host_; }          // "localhost" when unset
  const std::string& port() const { return port_; }          // "5432" when unset
  const std::string& database() const { return database_; }  // "" → libpq uses the user name
  const std::string& user() const { return user_; }
  bool has_password() const { return !password_.empty(); }
  // True when the DSN holds a secret: a password, or another option libpq marks secret
  // (sslpassword).
  bool has_secrets() const { return !secret_keys_.empty(); }

  // postgresql://user@host:port/database?sslmode=… — no password, safe to store and show.
  std::string Redacted() const;
  // "database 'app' on db.example:5432" for error messages.
  std::string Describe() const;
  // `text` with every occurrence of the password replaced by ***.
  std::string Scrub(std::string_view text) const;
  // Every option but the secret ones as a libpq key=value string ("host='/tmp/s' port='5433'"),
  // which Parse() reads back to the same connection. Unlike Redacted(), which is for showing,
  // this round-trips exactly (socket directories, several hosts, odd user names), so a pull
  // without secrets can be stored and reconnected later.
  std::string ConninfoWithoutSecrets() const;

 private:
  std::vector<std::pair<std::string, std::string>> options_;
  std::vector<std::pair<std::string, std::string>> public_params_;  // shown in Redacted()
  std::string host_ = "localhost";
  std::string port_ = "5432";
  std::string database_;
  std::string user_;
  std::string password_;
  std::vector<std::string> secret_keys_;  // options with a value that libpq displays as "*"
};

}  // namespace lakehouse
