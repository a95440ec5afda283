// CatalogStatement: a move-only prepared statement with typed binds (1-based, like SQLite) and
// typed column reads (0-based). Finalized in the destructor; Reset() makes it reusable.
//
//   LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT id FROM datasets WHERE name = ?"));
//   LH_RETURN_IF_ERROR(stmt.BindText(1, name));
//   LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
//   if (has_row) id = stmt.ColumnText(0);
//
// Thread-safety: externally synchronised, together with the CatalogDb it was prepared on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lakehouse {

class CatalogStatement {
 public:
  CatalogStatement(CatalogStatement&& other) noexcept;
  CatalogStatement& operator=(CatalogStatement&& other) noexcept;
  CatalogStatement(const CatalogStatement&) = delete;
  CatalogStatement& operator=(const CatalogStatement&) = delete;
  ~CatalogStatement();

  Status BindText(int index, std::string_view value);
  Status BindInt(int index, int64_t value);
  Status BindDouble(int index, double value);
  Status BindNull(int index);
  Status BindBool(int index, bool value) { return BindInt(index, value ? 1 : 0); }
  // Binds NULL when the optional is empty.
  Status BindOptionalText(int index, const std::optional<std::string>& value);
  Status BindOptionalInt(int index, const std::optional<int64_t>& value);

  // Advances to the next row: true when a row is available, false when done.
  Result<bool> Step();
  // Steps a statement that returns no rows (INSERT/UPDATE/DELETE) to completion.
  Status Run();
  // Clears bindings and rewinds so the statement can run again.
  void Reset();

  bool ColumnIsNull(int index) const;
  std::string ColumnText(int index) const;  // "" for NULL
  int64_t ColumnInt(int index) const;       // 0 for NULL
  double ColumnDouble(int index) const;     // 0.0 for NULL
  bool ColumnBool(int index) const { return ColumnInt(index) != 0; }
  std::optional<std::string> ColumnOptionalText(int index) const;
  std::optional<int64_t> ColumnOptionalInt(int index) const;

 private:
  friend class CatalogDb;
  CatalogStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Status CheckBind(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace lakehouse
