#include "catalog/catalog_statement.h"

namespace lakehouse {

Status CatalogStatement::Run() {
  while (true) {
    LH_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) return Status::Ok();
  }
}

}  // namespace lakehouse
