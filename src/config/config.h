// Config: the server's whole typed configuration, one value built once at start-up by LoadConfig
// (config/config_loader.h) and passed by const& to the composition root, which hands each
// subsystem its own options struct. The option structs belong to their subsystems (http/, sql/,
// storage/, embed/, pg/) and document their own fields; config only aggregates, loads and validates
// them.
//
// Every key, its TOML path, environment variable and range is listed once, in the key table of
// config/config_keys.cc; lakehouse.example.toml at the repository root shows them all with their
// defaults (a unit test keeps the two in step).
//
// Thread-safety: plain values; immutable after loading, so they may be read from any thread.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "audit/audit_options.h"
#include "catalog/catalog_options.h"
#include "embed/ai_options.h"
#include "http/http_server_options.h"
#include "ingest/schedule_options.h"
#include "ingest/staging_options.h"
#include "mysql/mysql_options.h"
#include "pg/pg_options.h"
#include "rpc/grpc_options.h"
#include "sql/duckdb_options.h"
#include "storage/storage_options.h"
#include "telemetry/telemetry_options.h"
#include "vector/vector_options.h"

namespace lakehouse {

// Log levels accepted in LogOptions::level, quietest last (the set logging.h's InitLogging knows).
inline constexpr std::array<std::string_view, 6> kLogLevels = {"trace", "debug", "info",
                                                               "warn",  "error", "off"};
// Log formats accepted in LogOptions::format.
inline constexpr std::array<std::string_view, 2> kLogFormats = {"text", "json"};

struct LogOptions {
  // Least severe level written: one of kLogLevels. "debug" and "trace" log every request and query
  // and cost throughput; "warn" hides the one-line-per-request access log.
  std::string level = "info";
  // "text": human-readable lines for a terminal. "json": one JSON object per line, for log
  // shippers; harder to read by eye.
  std::string format = "text";
};

// Test-only fault hooks; both 0 (off) in production. The crash tests set them through their
// environment variables.
struct DebugOptions {
  // Each compaction step pauses this long (Compactor::SetFaultPause), so a test can kill the
  // server mid-compaction.
  int64_t compact_pause_ms = 0;
  // Each vector index loads this much later (VectorServiceOptions::debug_load_pause).
  int64_t index_load_pause_ms = 0;
};

// Background jobs (index builds, refreshes, database pulls).
struct JobsOptions {
  // Worker threads running jobs (1-64). More run several builds at once, each using its own
  // DuckDB connections and embedder calls.
  int64_t workers = 2;
};

struct Config {
  // Root of everything the server persists: the catalog, the "primary" bucket
  // (<data_dir>/buckets/primary) and any bucket whose root is relative. Relative values resolve
  // from the working directory of the process, so services should be given an absolute path.
  std::string data_dir = "./data";
  // Logging; see LogOptions.
  LogOptions log;
  // HTTP listener: bind address, worker threads, limits, timeouts, API keys, CORS
  // (http/http_server_options.h). Defaults bind to loopback with authentication off.
  HttpServerOptions server;
  // The catalog's gRPC listener (rpc/grpc_options.h). Default: off.
  GrpcOptions grpc;
  // Embedded DuckDB: memory, threads, connection pool, query timeouts (sql/duckdb_options.h).
  // Defaults keep DuckDB in memory; durable data lives as Parquet in the buckets.
  DuckDbOptions sql;
  // Buckets the server starts with and the rescue bucket (storage/storage_options.h). By default
  // only the implicit "primary" bucket exists.
  StorageOptions storage;
  // Model providers for embeddings and generation (embed/ai_options.h). Defaults: the built-in
  // embedder only, no remote provider, no generator.
  AiOptions ai;
  // Vector index builds and refreshes: checkpoint size, graph rebuild threshold
  // (vector/vector_options.h).
  VectorOptions vectors;
  // File ingest limits: longest line, most columns (ingest/staging_options.h). staging_dir is set
  // by the server (<data_dir>/tmp/staging), not configured.
  StagingOptions ingest;
  // PostgreSQL sources of POST /ingest/db (pg/pg_options.h): where passwords may come from when a
  // DSN has none. Default: libpq's own password file lookup.
  PgOptions postgres;
  // Scheduled ingest: folders a watch may name, backoff after failed runs
  // (ingest/schedule_options.h).
  ScheduleServiceOptions schedules;
  // MySQL / MariaDB sources of POST /ingest/db (mysql/mysql_options.h): the password file for
  // DSNs without a password and the hosts a DSN may name. Default: no file, any host.
  MysqlOptions mysql;
  // Background job workers; see JobsOptions.
  JobsOptions jobs;
  // The audit log of every request (audit/audit_options.h).
  AuditOptions audit;
  // The event journal of committed changes (audit/audit_options.h).
  JournalOptionsConfig journal;
  // Tracing: the OTLP/HTTP collector spans are exported to, batching and queue bounds
  // (telemetry/telemetry_options.h). Default: off.
  TelemetryOptions telemetry;
  // Test-only fault hooks; see DebugOptions.
  DebugOptions debug;
  // Where the catalog lives (catalog/catalog_options.h). Default: SQLite in data_dir.
  CatalogOptions catalog;
};

}  // namespace lakehouse
