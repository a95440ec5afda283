#include "cli/staffing_parquet.h"

#include <algorithm>

#include "sql/connection.h"
#include "sql/database.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

const char* SqlType(StaffingType type) {
  switch (type) {
    case StaffingType::kInteger:
      return "BIGINT";
    case StaffingType::kNumber:
      return "DOUBLE";
    case StaffingType::kText:
      return "VARCHAR";
  }
  return "VARCHAR";
}

// Within the staging row-group range (ingest/staging_options.h: 100K … 1M rows).
constexpr int64_t kRowGroupRows = 500'000;

}  // namespace

Status WriteStaffingParquet(const StaffingTable& table, const std::string& path) {
  DuckDbOptions options;
  options.threads = 1;
  LH_ASSIGN_OR_RETURN(Database db, Database::Open(options));
  LH_ASSIGN_OR_RETURN(Connection conn, db.Connect());
  std::string create;
  std::vector<std::string> names;
  for (const StaffingColumn& column : table.columns) {
    create +=
        (create.empty() ? "" : ", ") + SqlIdentifier(column.name) + " " + SqlType(column.type);
    names.push_back(column.name);
  }
  LH_RETURN_IF_ERROR(conn.Execute("CREATE TABLE t (" + create + ")"));
  LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender("t"));
  for (int64_t row = 0; row < table.rows; ++row) {
    const auto r = static_cast<size_t>(row);
    for (const StaffingColumn& column : table.columns) {
      switch (column.type) {
        case StaffingType::kInteger:
          LH_RETURN_IF_ERROR(appender.AppendInt64(column.integers[r]));
          break;
        case StaffingType::kNumber:
          LH_RETURN_IF_ERROR(appender.AppendDouble(column.numbers[r]));
          break;
        case StaffingType::kText:
          LH_RETURN_IF_ERROR(appender.AppendString(column.texts[r]));
          break;
      }
    }
    LH_RETURN_IF_ERROR(appender.EndRow());
  }
  LH_RETURN_IF_ERROR(appender.Close());
  std::sort(names.begin(), names.end());
  std::string select;
  for (const std::string& name : names)
    select += (select.empty() ? "" : ", ") + SqlIdentifier(name);
  return conn.Execute("COPY (SELECT " + select + " FROM t) TO " + SqlStringLiteral(path) +
                      " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE " +
                      std::to_string(kRowGroupRows) + ")");
}

}  // namespace lakehouse
