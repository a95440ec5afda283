#include "pg/pg_error.h"

#include <string>

namespace lakehouse {
namespace {

std::string Clean(const PgDsn& dsn, std::string_view message) {
  std::string out = dsn.Scrub(message);
  // libpq prefixes "connection to server at … failed: " and ends with newlines; keep one line.
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (out.rfind("ERROR:  ", 0) == 0) out = out.substr(8);
  return out;
}

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace

Status PgConnectError(const PgDsn& dsn, std::string_view libpq_message) {
  std::string reason = Clean(dsn, libpq_message);
  if (Contains(reason, "authentication failed") || Contains(reason, "no password supplied") ||
      Contains(reason, "password is required")) {
    return InvalidArgument("PostgreSQL at ", dsn.host(), ":", dsn.port(),
                           " rejected the credentials of user '", dsn.user(), "': ", reason);
  }
  // libpq checks option values only when connecting ("invalid sslmode value: …", "invalid integer
  // value "x" for connection option "keepalives""): a bad DSN, not an unreachable server.
  if (Contains(reason, "invalid ") && Contains(reason, " value")) {
    return InvalidArgument("invalid DSN: ", reason);
  }
  if (Contains(reason, "does not exist") && Contains(reason, "database")) {
    return NotFound("PostgreSQL ", dsn.Describe(), " does not exist: ", reason);
  }
  if (Contains(reason, "permission denied")) {
    return PermissionDenied("PostgreSQL ", dsn.Describe(), ": ", reason);
  }
  return UpstreamError("cannot connect to PostgreSQL at ", dsn.host(), ":", dsn.port(), ": ",
                       reason);
}

Status PgStatementError(const PgDsn& dsn, std::string_view sqlstate, std::string_view message) {
  std::string reason = Clean(dsn, message);
  std::string where = "PostgreSQL " + dsn.Describe();
  if (sqlstate == "42P01" || sqlstate == "3F000" || sqlstate == "3D000") {
    return NotFound(where, ": ", reason);
  }
  if (sqlstate == "42501") return PermissionDenied(where, ": ", reason);
  if (sqlstate == "28P01" || sqlstate == "28000") {
    return InvalidArgument(where, " rejected the credentials: ", reason);
  }
  if (sqlstate == "25006")
    return InvalidArgument(where, ": the query must not write (", reason, ")");
  if (sqlstate.substr(0, 2) == "42" || sqlstate.substr(0, 2) == "22") {
    return InvalidArgument(where, ": ", reason);
  }
  if (sqlstate == "57014") return Cancelled(where, ": ", reason);
  if (sqlstate.empty()) return UpstreamError(where, ": connection lost: ", reason);
  return UpstreamError(where, ": ", reason, " (SQLSTATE ", sqlstate, ")");
}

}  // namespace lakehouse
