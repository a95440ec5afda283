// DbSource: one pull of a table or query from a source database, behind one interface whatever
// the driver — PostgreSQL (pg/, binary COPY) or MySQL / MariaDB (mysql/, mysql_use_result). The
// stager (db_stager.h) and the ingest service (db_ingest_service.h) see only this: typed columns,
// rows appended straight into DuckDB data chunks (sql/chunk_appender.h), the high-water mark, and
// what the pull had to say about values (zero dates read as NULL, type notes).
//
//   LH_ASSIGN_OR_RETURN(DbDsn dsn, DbDsn::Parse(text));                  // picks the driver
//   LH_ASSIGN_OR_RETURN(std::unique_ptr<DbSource> source, OpenDbSource(dsn, spec, options));
//   while (rows = source->AppendRows(appender, n) > 0) …; source->Finish();
//
// OpenDbSource connects, starts a read-only snapshot transaction, describes the source, reads the
// new high-water mark when incremental and starts streaming; its errors are the driver's mapping
// (pg/pg_error.h, mysql/mysql_error.h), never carrying the password.
//
// Ownership: a DbSource owns its connection. Thread-safety: externally synchronised.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "ingest/db_dsn.h"
#include "sql/chunk_appender.h"

namespace lakehouse {

struct DbColumn {
  std::string name;
  std::string staged_type;   // the scratch table's column type the appender fills
  std::string publish_expr;  // SQL over the scratch table that writes the published column
};

struct DbPullSpec {
  std::string table{};  // exactly one of table and query
  std::string query{};
  std::string incremental_column{};
  std::optional<std::string> after{};  // previous high-water mark (the source's text form)
};

struct DbPullStats {
  int64_t zero_dates = 0;               // zero / invalid dates read as NULL (MySQL)
  std::vector<std::string> type_notes;  // columns published as another type, and why
};

class DbSource {
 public:
  virtual ~DbSource() = default;

  virtual const std::vector<DbColumn>& columns() const = 0;
  // max(incremental column) over the rows being pulled; nullopt when not incremental or none.
  virtual const std::optional<std::string>& high_water_mark() const = 0;
  // Appends up to `max_rows` whole rows; 0 once the data is exhausted. DATA_LOSS for a value or
  // stream that cannot be read; the driver's error when the connection fails.
  virtual Result<int64_t> AppendRows(ChunkAppender& appender, int64_t max_rows) = 0;
  // After the last row: ends the read transaction.
  virtual Status Finish() = 0;
  // Stops midway (cancel, failure) without reading the rest.
  virtual void Abort() = 0;
  virtual DbPullStats stats() const = 0;
};

struct DbConnectOptions {
  std::chrono::seconds connect_timeout{10};
  std::string pg_password_file{};     // pg/pg_options.h
  std::string mysql_password_file{};  // mysql/mysql_options.h
};

Result<std::unique_ptr<DbSource>> OpenDbSource(const DbDsn& dsn, const DbPullSpec& spec,
                                               const DbConnectOptions& options);

}  // namespace lakehouse
