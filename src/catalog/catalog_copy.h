// Moving a deployment's catalog (`lakehouse migrate-catalog`, ADR 018): CopyCatalog copies every
// table of a SQLite catalog into an empty catalog — PostgreSQL, or another SQLite file — and
// CompareCatalogs then checks, through two Metastores, that every dataset, version and file reads
// back the same.
//
// The copy: the source is first brought to this binary's catalog schema (its migrations run);
// the target gets the catalog's tables from its own migrations, and every other table (the
// stores': jobs, indexes, access rules, tools, workspaces …) from the source's CREATE statements
// and indexes, translated like any catalog SQL (pg_dialect.h). Rows go in foreign-key order, by
// declared type (integers as integers, reals at full precision, the rest as text), in files'
// commit order, all in one writer transaction on the target, so a failed copy leaves the target
// empty. Identity sequences continue after the copied ids. FTS5 and SQLite-internal tables are not
// catalog state and are skipped.
//
// Thread-safety: run with no server using either catalog.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog_url.h"
#include "catalog/metastore.h"
#include "common/clock.h"

namespace lakehouse {

struct CatalogCopyReport {
  std::vector<std::pair<std::string, int64_t>> tables;  // table → rows copied, in copy order
  int64_t datasets = 0;  // compared by CompareCatalogs (live datasets)
  int64_t versions = 0;
  int64_t files = 0;  // file entries of those versions (added and removed)
};

// INVALID_ARGUMENT when `from` is not SQLite; FAILED_PRECONDITION when the target already holds
// a dataset or a store's tables.
Result<CatalogCopyReport> CopyCatalog(const CatalogLocation& from, const CatalogLocation& to,
                                      const std::string& data_dir, const Clock& clock);

// DATA_LOSS naming the first dataset, version or file that differs (or is missing) between the
// two; fills the report's counts.
Status CompareCatalogs(Metastore& expected, Metastore& actual, CatalogCopyReport* report);

}  // namespace lakehouse
