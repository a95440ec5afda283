// The PostgreSQL backend of the catalog database (catalog_backend.h, ADR 018), on pg/'s libpq
// wrappers. CatalogDb::OpenPostgres creates it. SQL arrives in SQLite's dialect and is translated
// (pg_dialect.h); binds travel as text with a type (int8, float8; text and NULL let the server
// infer), and reads parse the text form, so SQLite's integer affinity holds (numeric sums and
// booleans read as integers).
//
// Transactions: Begin(immediate) is BEGIN + pg_advisory_xact_lock(kCatalogWriterLockKey), the
// catalog's single writer across every node; Begin(read) is REPEATABLE READ, READ ONLY.
//
// Errors (PgCatalogError): unique violation (23505) → ALREADY_EXISTS; foreign key, check and not
// null (23503, 23514, 23502) → FAILED_PRECONDITION; serialization failure and deadlock (40001,
// 40P01), a lost connection (class 08, or no SQLSTATE) and shutdowns (57P01..57P03) →
// UNAVAILABLE (Metastore::Write retries these); disk full (53100) → INSUFFICIENT_STORAGE;
// anything else INTERNAL. Messages never carry the password.
//
// Thread-safety: externally synchronised (see catalog_db.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace lakehouse {

// The advisory lock every catalog writer holds for its transaction ("LHCATWRT").
inline constexpr int64_t kCatalogWriterLockKey = 5496717293072634452;

Status PgCatalogError(std::string_view sqlstate, std::string_view message,
                      std::string_view context);

}  // namespace lakehouse
