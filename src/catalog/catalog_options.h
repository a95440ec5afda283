// CatalogOptions: where the catalog lives (the [catalog] config section, ADR 018).
#pragma once

#include <string>

namespace lakehouse {

struct CatalogOptions {
  // Empty (the default): SQLite at <data_dir>/catalog.db. `sqlite:<path>`: SQLite elsewhere
  // (relative to data_dir). `postgresql://user@host:port/db?sslmode=…`: a PostgreSQL database
  // the lakehouse creates its tables in (it must exist), shared by every node pointed at it; the
  // password from the URL, postgres.password_file or ~/.pgpass. Logged redacted.
  std::string url;
};

}  // namespace lakehouse
