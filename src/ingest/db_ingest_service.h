// DbIngestService: a PostgreSQL or MySQL / MariaDB table or query → one dataset commit
// (POST /ingest/db).
//
// Per call: parse the DSN (db_dsn.h picks the driver by scheme: mysql:// and mariadb:// →
// mysql/, anything else → pg/; bad → INVALID_ARGUMENT), check it against the driver's source
// policy (pg/pg_source_policy.h, mysql/mysql_source_policy.h; a host or file not allowed →
// PERMISSION_DENIED), find the dataset's previous high-water mark when the pull is incremental,
// open the source (db_source.h: connect, snapshot, describe, new mark, start streaming), stage it
// as Parquet on a connection of the ingest DuckDB (ingest/db_stager.h),
// then hand the staged files to IngestService::CommitStaged — the file-ingest commit path, so
// modes, schema evolution, PII samples, the version log and the commit listeners (views, stale
// vector indexes) behave alike. A failure anywhere before the commit (including the server going
// away mid-stream) commits nothing and leaves no staged file behind.
//
// Lineage: source_system "postgres" or "mysql", source_uri the redacted DSN plus `table=<name>`
// or `query_sha256=<hex>`; the password appears nowhere (responses, logs, catalog, journal).
//
// Incremental pulls: with `incremental_column`, the commit records the high-water mark
// (the source's text form of the largest value pulled) in the catalog's dataset_high_water_marks
// table (catalog/ingest_marks.h; the version detail shows it as {"incremental": {"column",
// "high_water_mark"}}). The next pull with the same column reads the newest mark — a replace
// without a mark in between resets it — with one indexed query, and fetches only rows whose column
// is greater, in the same snapshot that computes the new mark. Rows changed without raising the
// column are not seen (the usual high-water-mark caveat); upsert by key makes updated rows
// replace their old versions. An incremental pull with nothing new commits nothing.
//
// Thread-safety: thread-safe; each call uses its own PostgreSQL connection and a pooled DuckDB
// connection. Everything borrowed must outlive the service.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "catalog/catalog_service.h"
#include "common/clock.h"
#include "common/json.h"
#include "common/result.h"
#include "ingest/db_dsn.h"
#include "ingest/db_stager.h"
#include "ingest/ingest_service.h"
#include "mysql/mysql_source_policy.h"
#include "pg/pg_source_policy.h"
#include "sql/connection_pool.h"

namespace lakehouse {

struct DbIngestRequest {
  std::string dsn;
  std::string table;  // exactly one of table and query
  std::string query;
  std::string dataset;  // empty → the table name ("schema.t" → "t"); required with a query
  IngestMode mode = IngestMode::kAppend;
  std::string key;
  std::string incremental_column;
  int64_t batch_size = 0;  // rows per appender flush / progress report; 0 → the default
  bool allow_schema_change = false;
  // A key repeated in the pull: refused (kError) or one row kept (staged_keys.h).
  DuplicateKeyPolicy on_duplicate_key = DuplicateKeyPolicy::kError;
  std::string bucket;
  std::string actor = "api";
  std::string job_id;  // the job running the pull, recorded as lineage.ingest_job_id; "" if none
};

struct DbIngestResult {
  IngestResult commit;
  std::string source;  // the redacted lineage URI
  int64_t rows_read = 0;
  std::string incremental_column;
  std::optional<std::string> previous_high_water_mark;
  std::optional<std::string> high_water_mark;  // after this pull
  int64_t zero_dates = 0;  // MySQL zero / invalid dates (0000-00-00 …) committed as NULL
  std::vector<std::string> type_notes;  // columns published as another type, and why

  // IngestResult::ToJson fields (minus "files") plus "source", "rows_read", "zero_dates_as_null",
  // "type_notes" and, for incremental pulls, "incremental": {"column",
  // "previous_high_water_mark","high_water_mark"}.
  Json ToJson() const;
};

struct DbIngestOptions {
  DbStageOptions stage;
  std::chrono::milliseconds connection_timeout{60'000};  // waiting for an ingest DuckDB connection
  std::chrono::seconds connect_timeout{10};              // connecting to the source database
  // The server's libpq password file for DSNs without a password (pg/pg_options.h); "" → libpq's
  // default lookup.
  std::string password_file;
  // Which hosts and server-side files a DSN may name (pg/pg_source_policy.h). Default: any host,
  // no files.
  PgSourcePolicy source_policy;
  // The same for mysql:// and mariadb:// DSNs (mysql/mysql_options.h): the password file ("" →
  // MYSQL_PWD in the environment, else none) and the hosts a DSN may name (default any).
  std::string mysql_password_file;
  MysqlSourcePolicy mysql_source_policy;
};

class DbIngestService {
 public:
  DbIngestService(IngestService* ingest, CatalogService* catalog, ConnectionPool* ingest_pool,
                  DbIngestOptions options);

  // Errors: INVALID_ARGUMENT (bad DSN or request, rejected credentials, bad query),
  // NOT_FOUND (missing database or table), PERMISSION_DENIED, UPSTREAM_ERROR (cannot connect,
  // connection lost), CANCELLED (progress returned false), and IngestService's commit errors.
  Result<DbIngestResult> Ingest(const DbIngestRequest& request, const DbProgress& progress = {});

  // The request checks Ingest starts with (not the DSN): INVALID_ARGUMENT naming the problem.
  static Status Validate(const DbIngestRequest& request);
  // PERMISSION_DENIED when the DSN names a host or file the source policy does not allow. Ingest
  // checks it before connecting; job submission checks it up front.
  Status CheckSource(const DbDsn& dsn) const;
  // The dataset a request writes: `dataset`, else the table's name without its schema.
  static std::string TargetDataset(const DbIngestRequest& request);

 private:
  Result<std::optional<std::string>> PreviousMark(const std::string& dataset,
                                                  const std::string& column);

  IngestService* ingest_;
  CatalogService* catalog_;
  ConnectionPool* pool_;
  DbIngestOptions options_;
};

}  // namespace lakehouse
