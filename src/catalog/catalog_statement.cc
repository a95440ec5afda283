#include "catalog/catalog_statement.h"

#include <sqlite3.h>

#include <utility>

#include "catalog/catalog_db.h"

namespace lakehouse {

CatalogStatement::CatalogStatement(CatalogStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

CatalogStatement& CatalogStatement::operator=(CatalogStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

CatalogStatement::~CatalogStatement() { sqlite3_finalize(stmt_); }

Status CatalogStatement::CheckBind(int rc, int index) {
  if (rc == SQLITE_OK) return Status::Ok();
  return SqliteError(db_, rc, StrCat("binding parameter ", std::to_string(index)));
}

Status CatalogStatement::BindText(int index, std::string_view value) {
  return CheckBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

Status CatalogStatement::BindInt(int index, int64_t value) {
  return CheckBind(sqlite3_bind_int64(stmt_, index, value), index);
}

Status CatalogStatement::BindDouble(int index, double value) {
  return CheckBind(sqlite3_bind_double(stmt_, index, value), index);
}

Status CatalogStatement::BindNull(int index) {
  return CheckBind(sqlite3_bind_null(stmt_, index), index);
}

Status CatalogStatement::BindOptionalText(int index, const std::optional<std::string>& value) {
  return value ? BindText(index, *value) : BindNull(index);
}

Status CatalogStatement::BindOptionalInt(int index, const std::optional<int64_t>& value) {
  return value ? BindInt(index, *value) : BindNull(index);
}

Result<bool> CatalogStatement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "executing statement");
}

Status CatalogStatement::Run() {
  while (true) {
    LH_ASSIGN_OR_RETURN(bool has_row, Step());
    if (!has_row) return Status::Ok();
  }
}

void CatalogStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool CatalogStatement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::string CatalogStatement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

int64_t CatalogStatement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

double CatalogStatement::ColumnDouble(int index) const {
  return sqlite3_column_double(stmt_, index);
}

std::optional<std::string> CatalogStatement::ColumnOptionalText(int index) const {
  if (ColumnIsNull(index)) return std::nullopt;
  return ColumnText(index);
}

std::optional<int64_t> CatalogStatement::ColumnOptionalInt(int index) const {
  if (ColumnIsNull(index)) return std::nullopt;
  return ColumnInt(index);
}

}  // namespace lakehouse
