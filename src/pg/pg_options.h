// PgOptions: server-wide settings for talking to PostgreSQL (database ingest). Plain values; no
// libpq types, so config/ can aggregate it.
//
// Thread-safety: a plain value; immutable after loading.
#pragma once

#include <string>
#include <vector>

namespace lakehouse {

struct PgOptions {
  // A libpq password file (lines of host:port:database:user:password, `*` as a wildcard; it must
  // not be readable by group or others, or libpq ignores it) that supplies the password when a
  // DSN has none, so passwords stay out of requests, job records and shell history. "" → libpq's
  // own default (PGPASSFILE in the server's environment, else ~/.pgpass). A password in the DSN
  // always wins. Default "".
  std::string password_file;
  // Hosts a DSN may connect to: "host", "host:port", "*.suffix" (any subdomain) or a Unix socket
  // directory; hostnames compare case-insensitively. Every host of a DSN (host and hostaddr, each
  // of a comma-separated list) must match one entry. Empty (the default) → any host: a client can
  // make the server connect anywhere it reaches (SSRF), so list the databases on shared servers.
  std::vector<std::string> allowed_hosts;
  // Directories the DSN file options (sslrootcert, sslcert, sslkey, sslcrl, sslcrldir) may name
  // files under, after resolving symlinks; relative entries resolve from data_dir. Empty (the
  // default) → those options are refused, except sslrootcert=system.
  std::vector<std::string> ssl_file_roots;
};

}  // namespace lakehouse
