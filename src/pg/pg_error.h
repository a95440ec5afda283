// How PostgreSQL failures become a Status. The one place that reads SQLSTATEs and libpq's
// connection messages; every message is scrubbed of the DSN's password and names the server.
//
//   cannot connect (refused, unknown host, timeout) ........ UPSTREAM_ERROR (502)
//   credentials rejected (28P01, 28000) ...................... INVALID_ARGUMENT (400)
//   an option value libpq refuses when connecting (sslmode) .. INVALID_ARGUMENT (400)
//   database / schema / table missing (3D000, 3F000, 42P01) .. NOT_FOUND (404)
//   permission denied (42501) ................................ PERMISSION_DENIED (403)
//   bad query or column (class 42, 22, 25006 read-only) ...... INVALID_ARGUMENT (400)
//   canceled (57014) ......................................... CANCELLED
//   anything else, incl. a connection lost mid-stream ........ UPSTREAM_ERROR (502)
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "pg/pg_dsn.h"

namespace lakehouse {

// A failed connection attempt; `libpq_message` is PQerrorMessage.
Status PgConnectError(const PgDsn& dsn, std::string_view libpq_message);

// A failed statement (or COPY): `sqlstate` may be empty when the connection broke.
Status PgStatementError(const PgDsn& dsn, std::string_view sqlstate, std::string_view message);

}  // namespace lakehouse
