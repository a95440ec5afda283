// MysqlOptions: server-wide settings for MySQL / MariaDB sources of database ingest. Plain values;
// no Connector/C types, so config/ can aggregate it.
//
// Thread-safety: a plain value; immutable after loading.
#pragma once

#include <string>
#include <vector>

namespace lakehouse {

struct MysqlOptions {
  // A password file in libpq's .pgpass format — lines of host:port:database:user:password, `*` as
  // a wildcard, `\:` and `\\` escaped, `#` comments; ignored (with a warning) when readable by
  // group or others — that supplies the password when a DSN has none, so passwords stay out of
  // requests, job records and shell history. The first matching line wins. "" → no file; then
  // MYSQL_PWD in the server's environment, if set. A password in the DSN always wins. Default "".
  std::string password_file;
  // Hosts a DSN may connect to: "host", "host:port", "*.suffix" (any subdomain) or a Unix socket
  // path; hostnames compare case-insensitively. Empty (the default) → any host: a client can make
  // the server connect anywhere it reaches (SSRF), so list the databases on shared servers.
  std::vector<std::string> allowed_hosts;
};

}  // namespace lakehouse
