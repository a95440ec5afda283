// PgSourcePolicy: which PostgreSQL servers, and which files on this server, a client's DSN may
// name (POST /ingest/db). Without it a client makes the server connect anywhere it can reach
// (SSRF) and read any certificate or key file its user can.
//
// Hosts (PgOptions::allowed_hosts): empty → any host. Otherwise every host the DSN names — each
// entry of `host` and of `hostaddr` (comma-separated lists), with its port — must match an entry:
//   "db.example"           that host, any port (hostnames compare case-insensitively)
//   "db.example:6432"      that host on that port ("[::1]:5432" for IPv6 with a port)
//   "*.corp.example"       any subdomain of corp.example (not corp.example itself)
//   "/var/run/postgresql"  that Unix socket directory
// A DSN without a host uses the server's default (PGHOST or libpq's socket directory) and is
// allowed only when "localhost" is listed; `service` (hosts from pg_service.conf) is refused
// while the list is non-empty. Names are compared as written: a hostname that resolves to an
// address the list does not name is still that hostname (list addresses to pin addresses).
//
// Files (PgOptions::ssl_file_roots): the options sslrootcert, sslcert, sslkey, sslcrl,
// sslcrldir and sslkeylogfile must name absolute paths that, resolved (symlinks followed, ".."
// removed), lie under one of the roots; with no roots they are refused. sslrootcert=system
// (the system's CA store) is always allowed.
//
// Errors: PERMISSION_DENIED naming the host or option (never the password).
//
// Thread-safety: an immutable value after Create; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "pg/pg_dsn.h"
#include "pg/pg_options.h"

namespace lakehouse {

class PgSourcePolicy {
 public:
  // Any host, no server-side files.
  PgSourcePolicy() = default;
  // `data_dir` resolves relative ssl_file_roots. INVALID_ARGUMENT for a malformed host entry or a
  // file root that does not exist.
  static Result<PgSourcePolicy> Create(const PgOptions& options, const std::string& data_dir);

  Status Check(const PgDsn& dsn) const;

 private:
  struct HostRule {
    std::string host;  // lower-case; "*.suffix" for subdomains; "/dir" for a socket directory
    std::string port;  // "" → any
  };

  Status CheckHosts(const PgDsn& dsn) const;
  Status CheckFiles(const PgDsn& dsn) const;
  bool Allows(const std::string& host, const std::string& port) const;

  std::vector<HostRule> hosts_;          // empty → any host
  std::vector<std::string> file_roots_;  // canonical directories
};

}  // namespace lakehouse
