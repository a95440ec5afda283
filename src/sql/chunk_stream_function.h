// Internal to sql/: registers the table function behind ChunkStream (chunk_stream.h) on a
// database. Includes duckdb.h, so only sql/*.cc may include this header.
#pragma once

#include <duckdb.h>

#include "common/status.h"

namespace lakehouse::sql_detail {

// lh_chunk_stream(VARCHAR token); called by Database::Open.
Status RegisterChunkStreamFunction(duckdb_database db);

}  // namespace lakehouse::sql_detail
