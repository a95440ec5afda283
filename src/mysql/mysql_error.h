// How MySQL / MariaDB failures become a Status. The one place that reads server error numbers
// and Connector/C's client errors; every message is scrubbed of the DSN's password and names the
// server.
//
//   cannot connect (refused, unknown host, timeout, TLS) .... UPSTREAM_ERROR (502)
//   credentials rejected (1045, 1698) ....................... INVALID_ARGUMENT (400)
//   database / table missing (1049, 1146) ................... NOT_FOUND (404)
//   no privilege (1044, 1142, 1143, 1227) ................... PERMISSION_DENIED (403)
//   bad query or column (1064, 1054, 1046, class 42/22) ..... INVALID_ARGUMENT (400)
//   a query that writes (1792 read-only transaction) ........ INVALID_ARGUMENT (400)
//   interrupted (1317) ...................................... CANCELLED
//   anything else, incl. a connection lost mid-stream ....... UPSTREAM_ERROR (502)
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string_view>

#include "common/status.h"
#include "mysql/mysql_dsn.h"

namespace lakehouse {

// A failed connection attempt: mysql_errno / mysql_error.
Status MysqlConnectError(const MysqlDsn& dsn, unsigned int error, std::string_view message);

// A failed statement or fetch: mysql_errno, mysql_sqlstate, mysql_error.
Status MysqlStatementError(const MysqlDsn& dsn, unsigned int error, std::string_view sqlstate,
                           std::string_view message);

}  // namespace lakehouse
