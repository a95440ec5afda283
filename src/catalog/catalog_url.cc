#include "catalog/catalog_url.h"

#include <filesystem>

#include "pg/pg_dsn.h"

namespace lakehouse {

std::string CatalogLocation::Describe() const {
  if (dialect == CatalogDialect::kSqlite) return "sqlite:" + sqlite_path;
  Result<PgDsn> dsn = PgDsn::Parse(postgres_url);
  return dsn.ok() ? dsn->Redacted() : std::string("postgresql://(unparsable)");
}

Result<CatalogLocation> ParseCatalogUrl(std::string_view url, const std::string& data_dir) {
  CatalogLocation location;
  if (url.empty()) {
    location.sqlite_path = (std::filesystem::path(data_dir) / "catalog.db").string();
    return location;
  }
  if (url.substr(0, 7) == "sqlite:") {
    std::filesystem::path path(url.substr(7));
    if (path.empty()) return InvalidArgument("catalog.url 'sqlite:' needs a path");
    location.sqlite_path =
        (path.is_absolute() ? path : std::filesystem::path(data_dir) / path).string();
    return location;
  }
  if (url.substr(0, 13) == "postgresql://" || url.substr(0, 11) == "postgres://") {
    LH_ASSIGN_OR_RETURN(PgDsn dsn, PgDsn::Parse(url));
    (void)dsn;
    location.dialect = CatalogDialect::kPostgres;
    location.postgres_url = std::string(url);
    return location;
  }
  return InvalidArgument("catalog.url must be empty, sqlite:<path> or postgresql://…; got a '",
                         std::string(url.substr(0, url.find(':'))), "' URL");
}

Result<CatalogDb> OpenCatalogDb(const CatalogLocation& location, bool read_only,
                                int busy_timeout_ms) {
  if (location.dialect == CatalogDialect::kPostgres) {
    return CatalogDb::OpenPostgres(location.postgres_url, location.password_file);
  }
  return CatalogDb::OpenSqlite(location.sqlite_path, SqliteOpenOptions{
                                                         .read_only = read_only,
                                                         .busy_timeout_ms = busy_timeout_ms,
                                                     });
}

}  // namespace lakehouse
