// The PostgreSQL DbSource (db_source.h): a PgConnection, a PgPull (binary COPY) and a
// PgRowDecoder, owned together.
#pragma once

#include <memory>

#include "ingest/db_source.h"

namespace lakehouse {

Result<std::unique_ptr<DbSource>> OpenPgSource(const PgDsn& dsn, const DbPullSpec& spec,
                                               const DbConnectOptions& options);

}  // namespace lakehouse
