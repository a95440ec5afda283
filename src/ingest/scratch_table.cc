#include "ingest/scratch_table.h"

#include "common/ids.h"
#include "sql/sql_literal.h"

namespace lakehouse {

Result<ScratchTable> ScratchTable::Create(Connection& conn, std::string_view columns) {
  std::string name = StrCat("lh_ingest_", NewRequestId());
  LH_RETURN_IF_ERROR(
      conn.Execute(StrCat("CREATE TEMP TABLE ", SqlIdentifier(name), " (", columns, ")")));
  return ScratchTable(&conn, std::move(name));
}

ScratchTable::ScratchTable(ScratchTable&& other) noexcept
    : conn_(other.conn_), name_(std::move(other.name_)) {
  other.conn_ = nullptr;
}

ScratchTable::~ScratchTable() {
  if (conn_ == nullptr) return;
  // Best effort: a failed drop leaves a temp table that disappears with the connection anyway.
  Status ignored = conn_->Execute(StrCat("DROP TABLE IF EXISTS temp.", SqlIdentifier(name_)));
  (void)ignored;
}

std::string ScratchTable::SelectAll() const {
  return StrCat("SELECT * FROM temp.", SqlIdentifier(name_));
}

}  // namespace lakehouse
