#include "catalog/sqlite_connection.h"

#include <sqlite3.h>

#include <cerrno>
#include <memory>
#include <utility>

#include "catalog/catalog_backend.h"
#include "catalog/catalog_db.h"

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

namespace {

class SqliteStatementBackend final : public CatalogStatementBackend {
 public:
  SqliteStatementBackend(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatementBackend() override { sqlite3_finalize(stmt_); }
  SqliteStatementBackend(const SqliteStatementBackend&) = delete;
  SqliteStatementBackend& operator=(const SqliteStatementBackend&) = delete;

  Status BindText(int index, std::string_view value) override {
    return CheckBind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                                         SQLITE_UTF8),
                     index);
  }
  Status BindInt(int index, int64_t value) override {
    return CheckBind(sqlite3_bind_int64(stmt_, index, value), index);
  }
  Status BindDouble(int index, double value) override {
    return CheckBind(sqlite3_bind_double(stmt_, index, value), index);
  }
  Status BindNull(int index) override { return CheckBind(sqlite3_bind_null(stmt_, index), index); }

  Result<bool> Step() override {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return SqliteError(db_, rc, "executing statement");
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool ColumnIsNull(int index) const override {
    return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
  }
  std::string ColumnText(int index) const override {
    const unsigned char* text = sqlite3_column_text(stmt_, index);
    if (text == nullptr) return std::string();
    return std::string(reinterpret_cast<const char*>(text),
                       static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
  }
  int64_t ColumnInt(int index) const override { return sqlite3_column_int64(stmt_, index); }
  double ColumnDouble(int index) const override { return sqlite3_column_double(stmt_, index); }

 private:
  Status CheckBind(int rc, int index) {
    if (rc == SQLITE_OK) return Status::Ok();
    return SqliteError(db_, rc, StrCat("binding parameter ", std::to_string(index)));
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection final : public CatalogConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    if (db_ != nullptr) sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  CatalogDialect dialect() const override { return CatalogDialect::kSqlite; }

  Status Execute(std::string_view sql) override {
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

  Result<std::unique_ptr<CatalogStatementBackend>> Prepare(std::string_view sql) override {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqliteError(db_, rc, StrCat("preparing '", std::string(sql.substr(0, 80)), "'"));
    }
    return std::unique_ptr<CatalogStatementBackend>(new SqliteStatementBackend(db_, stmt));
  }

  Status Begin(bool immediate) override {
    return Execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }

  Result<int64_t> UserVersion() override {
    LH_ASSIGN_OR_RETURN(auto stmt, Prepare("PRAGMA user_version"));
    LH_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
    if (!has_row) return Internal("PRAGMA user_version returned no row");
    return stmt->ColumnInt(0);
  }
  Status SetUserVersion(int64_t version) override {
    return Execute(StrCat("PRAGMA user_version = ", std::to_string(version)));
  }

  int64_t Changes() const override { return sqlite3_changes64(db_); }
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  bool broken() const override { return false; }

 private:
  sqlite3* db_;
};

}  // namespace

Result<CatalogDb> CatalogDb::OpenSqlite(const std::string& path, const SqliteOpenOptions& options) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;  // we synchronise; SQLite need not
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  CatalogDb db(std::make_unique<SqliteConnection>(raw));  // owns the handle even when open failed
  if (rc != SQLITE_OK) return SqliteError(raw, rc, StrCat("opening ", path));
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  LH_RETURN_IF_ERROR(db.Execute("PRAGMA foreign_keys = ON"));
  if (!options.read_only) {
    LH_ASSIGN_OR_RETURN(auto stmt, db.connection().Prepare("PRAGMA journal_mode = WAL"));
    LH_ASSIGN_OR_RETURN(bool has_row, stmt->Step());
    if (!has_row || stmt->ColumnText(0) != "wal") {
      return Unavailable("could not enable WAL mode on ", path);
    }
  }
  LH_RETURN_IF_ERROR(db.Execute("PRAGMA synchronous = NORMAL"));
  return db;
}

}  // namespace lakehouse
