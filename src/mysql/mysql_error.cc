#include "mysql/mysql_error.h"

#include <errmsg.h>
#include <mysqld_error.h>

#include <string>

namespace lakehouse {
namespace {

std::string Clean(const MysqlDsn& dsn, std::string_view message) {
  std::string out = dsn.Scrub(message);
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool IsCredentialError(unsigned int error) {
  return error == ER_ACCESS_DENIED_ERROR || error == ER_ACCESS_DENIED_NO_PASSWORD_ERROR;
}

bool IsPrivilegeError(unsigned int error) {
  return error == ER_DBACCESS_DENIED_ERROR || error == ER_TABLEACCESS_DENIED_ERROR ||
         error == ER_COLUMNACCESS_DENIED_ERROR || error == ER_SPECIFIC_ACCESS_DENIED_ERROR;
}

}  // namespace

Status MysqlConnectError(const MysqlDsn& dsn, unsigned int error, std::string_view message) {
  std::string reason = Clean(dsn, message);
  if (IsCredentialError(error)) {
    return InvalidArgument("MySQL at ", dsn.Address(), " rejected the credentials of user '",
                           dsn.user(), "': ", reason);
  }
  if (error == ER_BAD_DB_ERROR) return NotFound("MySQL ", dsn.Describe(), ": ", reason);
  if (IsPrivilegeError(error)) return PermissionDenied("MySQL ", dsn.Describe(), ": ", reason);
  return UpstreamError("cannot connect to MySQL at ", dsn.Address(), ": ", reason);
}

Status MysqlStatementError(const MysqlDsn& dsn, unsigned int error, std::string_view sqlstate,
                           std::string_view message) {
  std::string reason = Clean(dsn, message);
  const std::string where = "MySQL " + dsn.Describe();
  if (error == ER_NO_SUCH_TABLE || error == ER_BAD_DB_ERROR) return NotFound(where, ": ", reason);
  if (IsPrivilegeError(error)) return PermissionDenied(where, ": ", reason);
  if (IsCredentialError(error)) {
    return InvalidArgument(where, " rejected the credentials: ", reason);
  }
  if (error == ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION) {
    return InvalidArgument(where, ": the query must not write (", reason, ")");
  }
  if (error == ER_NO_DB_ERROR) {
    return InvalidArgument(where, ": ", reason, " (name the database in the DSN or the table)");
  }
  if (error == ER_QUERY_INTERRUPTED) return Cancelled(where, ": ", reason);
  if (error >= CR_MIN_ERROR && error <= CR_MAX_ERROR) {
    return UpstreamError(where, ": connection lost: ", reason);
  }
  if (error == ER_PARSE_ERROR || error == ER_BAD_FIELD_ERROR || sqlstate.substr(0, 2) == "42" ||
      sqlstate.substr(0, 2) == "22") {
    return InvalidArgument(where, ": ", reason);
  }
  return UpstreamError(where, ": ", reason, " (error ", error, ")");
}

}  // namespace lakehouse
