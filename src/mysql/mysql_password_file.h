// The password for a MySQL DSN without one, looked up in the server's password file
// (MysqlOptions::password_file, libpq's .pgpass format: host:port:database:user:password with `*`
// wildcards and `\` escapes). Socket DSNs match the host "localhost".
//
// Thread-safety: reads the file on each call; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "mysql/mysql_dsn.h"

namespace lakehouse {

// The first matching line's password; nullopt when no line matches or the file is missing,
// unreadable or readable by group or others (logged as a warning: never use a file others read).
std::optional<std::string> LookUpMysqlPassword(const std::string& password_file,
                                               const MysqlDsn& dsn);

}  // namespace lakehouse
