// SqliteConnection: the SQLite backend of the catalog database (catalog_backend.h). The only code
// in the project that includes sqlite3.h; CatalogDb::OpenSqlite creates it.
//
// Thread-safety: externally synchronised (see catalog_db.h).
#pragma once

#include <string_view>

#include "common/status.h"

struct sqlite3;

namespace lakehouse {

// Maps a SQLite result code to a Status. Constraint violations become ALREADY_EXISTS (UNIQUE /
// PRIMARY KEY) or FAILED_PRECONDITION (FOREIGN KEY / CHECK); BUSY/LOCKED become UNAVAILABLE;
// CORRUPT/NOTADB become DATA_LOSS; anything else INTERNAL. `db` (may be null) supplies the message.
Status SqliteError(sqlite3* db, int rc, std::string_view context);

}  // namespace lakehouse
