// MysqlSourcePolicy: which MySQL / MariaDB servers a client's DSN may name (POST /ingest/db).
// Without it a client makes the server connect anywhere it can reach (SSRF).
//
// Hosts (MysqlOptions::allowed_hosts): empty → any host. Otherwise the DSN's host and port (or
// its socket path) must match an entry:
//   "db.example"         that host, any port (hostnames compare case-insensitively)
//   "db.example:3307"    that host on that port ("[::1]:3306" for IPv6 with a port)
//   "*.corp.example"     any subdomain of corp.example (not corp.example itself)
//   "/run/mysqld/mysqld.sock"  that Unix socket
// Names are compared as written (list addresses to pin addresses).
//
// Errors: PERMISSION_DENIED naming the host (never the password).
//
// Thread-safety: an immutable value after Create; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "mysql/mysql_dsn.h"
#include "mysql/mysql_options.h"

namespace lakehouse {

class MysqlSourcePolicy {
 public:
  MysqlSourcePolicy() = default;  // any host
  // INVALID_ARGUMENT for a malformed entry.
  static Result<MysqlSourcePolicy> Create(const MysqlOptions& options);

  Status Check(const MysqlDsn& dsn) const;

 private:
  struct HostRule {
    std::string host;  // lower-case; "*.suffix" for subdomains; "/path" for a socket
    std::string port;  // "" → any
  };
  std::vector<HostRule> hosts_;  // empty → any host
};

}  // namespace lakehouse
