// The MySQL / MariaDB DbSource (db_source.h): a MysqlConnection and a MysqlPull
// (mysql_use_result, text protocol decoded per mysql/mysql_type_mapping.h), owned together.
#pragma once

#include <memory>

#include "ingest/db_source.h"

namespace lakehouse {

Result<std::unique_ptr<DbSource>> OpenMysqlSource(const MysqlDsn& dsn, const DbPullSpec& spec,
                                                  const DbConnectOptions& options);

}  // namespace lakehouse
