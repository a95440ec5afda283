#include "ingest/db_source.h"

#include "ingest/mysql_db_source.h"
#include "ingest/pg_db_source.h"

namespace lakehouse {

Result<std::unique_ptr<DbSource>> OpenDbSource(const DbDsn& dsn, const DbPullSpec& spec,
                                               const DbConnectOptions& options) {
  if (const MysqlDsn* mysql = dsn.mysql(); mysql != nullptr) {
    return OpenMysqlSource(*mysql, spec, options);
  }
  return OpenPgSource(*dsn.pg(), spec, options);
}

}  // namespace lakehouse
