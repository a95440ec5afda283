// CatalogStatement: a move-only prepared statement with typed binds (1-based, like SQLite) and
// typed column reads (0-based), on either catalog backend. Reset() makes it reusable.
//
//   LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT id FROM datasets WHERE name = ?"));
//   LH_RETURN_IF_ERROR(stmt.BindText(1, name));
//   LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
//   if (has_row) id = stmt.ColumnText(0);
//
// Thread-safety: externally synchronised, together with the CatalogDb it was prepared on.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog_backend.h"
#include "common/result.h"

namespace lakehouse {

class CatalogStatement {
 public:
  explicit CatalogStatement(std::unique_ptr<CatalogStatementBackend> backend)
      : backend_(std::move(backend)) {}
  CatalogStatement(CatalogStatement&& other) noexcept = default;
  CatalogStatement& operator=(CatalogStatement&& other) noexcept = default;
  CatalogStatement(const CatalogStatement&) = delete;
  CatalogStatement& operator=(const CatalogStatement&) = delete;
  ~CatalogStatement() = default;

  Status BindText(int index, std::string_view value) { return backend_->BindText(index, value); }
  Status BindInt(int index, int64_t value) { return backend_->BindInt(index, value); }
  Status BindDouble(int index, double value) { return backend_->BindDouble(index, value); }
  Status BindNull(int index) { return backend_->BindNull(index); }
  Status BindBool(int index, bool value) { return BindInt(index, value ? 1 : 0); }
  // Binds NULL when the optional is empty.
  Status BindOptionalText(int index, const std::optional<std::string>& value) {
    return value ? BindText(index, *value) : BindNull(index);
  }
  Status BindOptionalInt(int index, const std::optional<int64_t>& value) {
    return value ? BindInt(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step() { return backend_->Step(); }
  // Steps a statement that returns no rows (INSERT/UPDATE/DELETE) to completion.
  Status Run();
  // Clears bindings and rewinds so the statement can run again.
  void Reset() { backend_->Reset(); }

  bool ColumnIsNull(int index) const { return backend_->ColumnIsNull(index); }
  std::string ColumnText(int index) const { return backend_->ColumnText(index); }  // "" for NULL
  int64_t ColumnInt(int index) const { return backend_->ColumnInt(index); }        // 0 for NULL
  double ColumnDouble(int index) const { return backend_->ColumnDouble(index); }   // 0.0 for NULL
  bool ColumnBool(int index) const { return ColumnInt(index) != 0; }
  std::optional<std::string> ColumnOptionalText(int index) const {
    if (ColumnIsNull(index)) return std::nullopt;
    return ColumnText(index);
  }
  std::optional<int64_t> ColumnOptionalInt(int index) const {
    if (ColumnIsNull(index)) return std::nullopt;
    return ColumnInt(index);
  }

 private:
  std::unique_ptr<CatalogStatementBackend> backend_;
};

}  // namespace lakehouse
