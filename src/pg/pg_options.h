// PgOptions: server-wide settings for talking to PostgreSQL (database ingest). Plain values; no
// libpq types, so config/ can aggregate it.
//
// Thread-safety: a plain value; immutable after loading.
#pragma once

#include <string>

namespace lakehouse {

struct PgOptions {
  // A libpq password file (lines of host:port:database:user:password, `*` as a wildcard; it must
  // not be readable by group or others, or libpq ignores it) that supplies the password when a
  // DSN has none, so passwords stay out of requests, job records and shell history. "" → libpq's
  // own default (PGPASSFILE in the server's environment, else ~/.pgpass). A password in the DSN
  // always wins. Default "".
  std::string password_file;
};

}  // namespace lakehouse
