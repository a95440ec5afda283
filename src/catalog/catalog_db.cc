#include "catalog/catalog_db.h"

#include <sqlite3.h>

#include <cerrno>
#include <utility>

#include "catalog/catalog_statement.h"

namespace lakehouse {

Status SqliteError(sqlite3* db, int rc, std::string_view context) {
  std::string message =
      StrCat(std::string(context), ": ", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExists(message);
      }
      return FailedPrecondition(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLoss(message);
    case SQLITE_FULL:
      return InsufficientStorage(message);
    case SQLITE_IOERR:
      if (db != nullptr &&
          (sqlite3_system_errno(db) == ENOSPC || sqlite3_system_errno(db) == EDQUOT)) {
        return InsufficientStorage(message);
      }
      return Unavailable(message);
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Unavailable(message);
    default:
      return Internal(message);
  }
}

Result<CatalogDb> CatalogDb::OpenSqlite(const std::string& path, const SqliteOpenOptions& options) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;  // we synchronise; SQLite need not
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  CatalogDb db(raw);  // owns the handle even when open failed
  if (rc != SQLITE_OK) return SqliteError(raw, rc, StrCat("opening ", path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  LH_RETURN_IF_ERROR(db.Execute("PRAGMA foreign_keys = ON"));
  if (!options.read_only) {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("PRAGMA journal_mode = WAL"));
    LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
    if (!has_row || stmt.ColumnText(0) != "wal") {
      return Unavailable("could not enable WAL mode on ", path);
    }
  }
  LH_RETURN_IF_ERROR(db.Execute("PRAGMA synchronous = NORMAL"));
  return db;
}

CatalogDb::CatalogDb(CatalogDb&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

CatalogDb& CatalogDb::operator=(CatalogDb&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

CatalogDb::~CatalogDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status CatalogDb::Execute(std::string_view sql) {
  std::string text(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errstr(rc);
    sqlite3_free(error);
    Status status = SqliteError(nullptr, rc, "executing SQL");
    return Status(status.code(), StrCat("executing SQL: ", message));
  }
  return Status::Ok();
}

Result<CatalogStatement> CatalogDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(db_, rc, StrCat("preparing '", std::string(sql.substr(0, 80)), "'"));
  }
  return CatalogStatement(db_, stmt);
}

Result<int64_t> CatalogDb::UserVersion() {
  LH_ASSIGN_OR_RETURN(auto stmt, Prepare("PRAGMA user_version"));
  LH_ASSIGN_OR_RETURN(bool has_row, stmt.Step());
  if (!has_row) return Internal("PRAGMA user_version returned no row");
  return stmt.ColumnInt(0);
}

Status CatalogDb::SetUserVersion(int64_t version) {
  return Execute(StrCat("PRAGMA user_version = ", std::to_string(version)));
}

int64_t CatalogDb::Changes() const { return sqlite3_changes64(db_); }

bool CatalogDb::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace lakehouse
