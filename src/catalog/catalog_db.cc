#include "catalog/catalog_db.h"

#include "catalog/catalog_statement.h"

namespace lakehouse {

CatalogDb::~CatalogDb() = default;

Result<CatalogStatement> CatalogDb::Prepare(std::string_view sql) {
  LH_ASSIGN_OR_RETURN(std::unique_ptr<CatalogStatementBackend> backend, connection_->Prepare(sql));
  return CatalogStatement(std::move(backend));
}

}  // namespace lakehouse
