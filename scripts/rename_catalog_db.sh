#!/usr/bin/env bash
# Mechanical rename of the catalog's SQLite wrappers to the backend-neutral catalog database types
# (docs/adr/018-postgresql-catalog.md). Idempotent: re-run it after merging a branch that still
# names the old types; it moves the files (when not yet moved) and rewrites every tracked source.
#   SqliteDatabase → CatalogDb (SqliteDatabase::Open → CatalogDb::OpenSqlite)
#   SqliteStatement → CatalogStatement, SqliteTransaction → CatalogTransaction,
#   SqliteConnectionPool → CatalogConnectionPool, and their headers catalog/sqlite_*.h.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

move() {
  if [[ -e "$1" && ! -e "$2" ]]; then git mv "$1" "$2"; fi
}
move src/catalog/sqlite_database.h src/catalog/catalog_db.h
move src/catalog/sqlite_database.cc src/catalog/catalog_db.cc
move src/catalog/sqlite_statement.h src/catalog/catalog_statement.h
move src/catalog/sqlite_statement.cc src/catalog/catalog_statement.cc
move src/catalog/sqlite_transaction.h src/catalog/catalog_transaction.h
move src/catalog/sqlite_transaction.cc src/catalog/catalog_transaction.cc
move src/catalog/sqlite_connection_pool.h src/catalog/catalog_connection_pool.h
move src/catalog/sqlite_connection_pool.cc src/catalog/catalog_connection_pool.cc
move src/catalog/sqlite_database_test.cc src/catalog/catalog_db_test.cc

mapfile -t files < <(git ls-files 'src/*' 'tests/*' 'bench/*' 'tools/*' | grep -E '\.(h|cc|txt|cmake|md)$' || true)
[[ ${#files[@]} -eq 0 ]] && exit 0
sed -i -E \
  -e 's#catalog/sqlite_database\.h#catalog/catalog_db.h#g' \
  -e 's#catalog/sqlite_statement\.h#catalog/catalog_statement.h#g' \
  -e 's#catalog/sqlite_transaction\.h#catalog/catalog_transaction.h#g' \
  -e 's#catalog/sqlite_connection_pool\.h#catalog/catalog_connection_pool.h#g' \
  -e 's#\bsqlite_database\.cc\b#catalog_db.cc#g' \
  -e 's#\bsqlite_statement\.cc\b#catalog_statement.cc#g' \
  -e 's#\bsqlite_transaction\.cc\b#catalog_transaction.cc#g' \
  -e 's#\bsqlite_connection_pool\.cc\b#catalog_connection_pool.cc#g' \
  -e 's#\bsqlite_database_test\.cc\b#catalog_db_test.cc#g' \
  -e 's#\bSqliteDatabase::Open\(#CatalogDb::OpenSqlite(#g' \
  -e 's#\bSqliteDatabase\b#CatalogDb#g' \
  -e 's#\bSqliteStatement\b#CatalogStatement#g' \
  -e 's#\bSqliteTransaction\b#CatalogTransaction#g' \
  -e 's#\bSqliteConnectionPool\b#CatalogConnectionPool#g' \
  "${files[@]}"
# The factory's declaration (the call sites are covered above).
sed -i -E 's#static Result<CatalogDb> Open\(const std::string& path#static Result<CatalogDb> OpenSqlite(const std::string\& path#' \
  src/catalog/catalog_db.h
if command -v clang-format >/dev/null; then
  git diff --name-only -- '*.h' '*.cc' | xargs -r clang-format -i
  git diff --name-only --cached -- '*.h' '*.cc' | xargs -r clang-format -i
fi
