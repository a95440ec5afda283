#include "mysql/mysql_type_mapping.h"

#include <mysql.h>

namespace lakehouse {
namespace {

constexpr uint32_t kBinaryCharset = 63;

void SetInt(MysqlColumnMapping& m, const MysqlField& f, const char* name, const char* signed_type,
            const char* unsigned_type) {
  const bool is_unsigned = (f.flags & UNSIGNED_FLAG) != 0;
  m.kind = is_unsigned ? MysqlValueKind::kUInt : MysqlValueKind::kInt;
  m.duckdb_type = is_unsigned ? unsigned_type : signed_type;
  m.source_type = std::string(name) + (is_unsigned ? " UNSIGNED" : "");
  m.numeric = true;
}

}  // namespace

std::string MysqlColumnMapping::Select(const std::string& quoted) const {
  if (kind == MysqlValueKind::kFloat) return "CAST(" + quoted + " AS DOUBLE)";
  return quoted;
}

MysqlColumnMapping MapMysqlColumn(const MysqlField& f) {
  MysqlColumnMapping m;
  m.name = f.name;
  const bool binary = f.charsetnr == kBinaryCharset;
  switch (static_cast<enum_field_types>(f.type)) {
    case MYSQL_TYPE_TINY:
      SetInt(m, f, "TINYINT", "TINYINT", "UTINYINT");
      break;
    case MYSQL_TYPE_SHORT:
      SetInt(m, f, "SMALLINT", "SMALLINT", "USMALLINT");
      break;
    case MYSQL_TYPE_INT24:
      SetInt(m, f, "MEDIUMINT", "INTEGER", "UINTEGER");
      break;
    case MYSQL_TYPE_LONG:
      SetInt(m, f, "INT", "INTEGER", "UINTEGER");
      break;
    case MYSQL_TYPE_LONGLONG:
      SetInt(m, f, "BIGINT", "BIGINT", "UBIGINT");
      break;
    case MYSQL_TYPE_FLOAT:
      m.kind = MysqlValueKind::kFloat;
      m.source_type = "FLOAT";
      m.duckdb_type = "FLOAT";
      m.numeric = true;
      break;
    case MYSQL_TYPE_DOUBLE:
      m.kind = MysqlValueKind::kDouble;
      m.source_type = "DOUBLE";
      m.duckdb_type = "DOUBLE";
      m.numeric = true;
      break;
    case MYSQL_TYPE_DECIMAL:
    case MYSQL_TYPE_NEWDECIMAL: {
      // The display length counts the digits, a '-' unless unsigned and a '.' when s > 0.
      const int32_t scale = static_cast<int32_t>(f.decimals);
      int64_t precision = static_cast<int64_t>(f.length) - (scale > 0 ? 1 : 0) -
                          ((f.flags & UNSIGNED_FLAG) != 0 ? 0 : 1);
      if (precision < scale) precision = scale;
      if (precision < 1) precision = 1;
      m.source_type = "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
      m.numeric = true;
      if (precision <= 38) {
        m.kind = MysqlValueKind::kDecimal;
        m.decimal_width = static_cast<int32_t>(precision);
        m.decimal_scale = scale;
        m.duckdb_type = "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
      } else {
        m.kind = MysqlValueKind::kDecimalText;
        m.duckdb_type = "VARCHAR";
        m.note = "column '" + m.name + "' is " + m.source_type +
                 ", wider than DuckDB's DECIMAL(38): kept exactly as text (VARCHAR)";
      }
      break;
    }
    case MYSQL_TYPE_BIT:
      m.source_type = "BIT(" + std::to_string(f.length) + ")";
      m.kind = f.length <= 1 ? MysqlValueKind::kBool : MysqlValueKind::kBits;
      m.duckdb_type = f.length <= 1 ? "BOOLEAN" : "UBIGINT";
      m.orderable = false;
      break;
    case MYSQL_TYPE_YEAR:
      m.kind = MysqlValueKind::kYear;
      m.source_type = "YEAR";
      m.duckdb_type = "SMALLINT";
      m.numeric = true;
      break;
    case MYSQL_TYPE_DATE:
    case MYSQL_TYPE_NEWDATE:
      m.kind = MysqlValueKind::kDate;
      m.source_type = "DATE";
      m.duckdb_type = "DATE";
      break;
    case MYSQL_TYPE_DATETIME:
    case MYSQL_TYPE_DATETIME2:
      m.kind = MysqlValueKind::kDateTime;
      m.source_type = "DATETIME";
      m.duckdb_type = "TIMESTAMP";
      break;
    case MYSQL_TYPE_TIMESTAMP:
    case MYSQL_TYPE_TIMESTAMP2:
      m.kind = MysqlValueKind::kTimestamp;
      m.source_type = "TIMESTAMP";
      m.duckdb_type = "TIMESTAMPTZ";
      break;
    case MYSQL_TYPE_TIME:
    case MYSQL_TYPE_TIME2:
      m.kind = MysqlValueKind::kTime;
      m.source_type = "TIME";
      m.duckdb_type = "INTERVAL";
      break;
    case MYSQL_TYPE_JSON:  // MySQL's JSON (binary charset, but the value is JSON text)
      m.kind = MysqlValueKind::kText;
      m.source_type = "JSON";
      m.duckdb_type = "VARCHAR";
      m.orderable = false;
      break;
    case MYSQL_TYPE_GEOMETRY:
      m.kind = MysqlValueKind::kBlob;
      m.source_type = "GEOMETRY";
      m.duckdb_type = "BLOB";
      m.orderable = false;
      break;
    case MYSQL_TYPE_ENUM:
    case MYSQL_TYPE_SET:
    case MYSQL_TYPE_VARCHAR:
    case MYSQL_TYPE_VAR_STRING:
    case MYSQL_TYPE_STRING:
    case MYSQL_TYPE_TINY_BLOB:
    case MYSQL_TYPE_MEDIUM_BLOB:
    case MYSQL_TYPE_LONG_BLOB:
    case MYSQL_TYPE_BLOB:
      if (f.format_name == "json") {  // MariaDB's JSON: LONGTEXT with a format name
        m.kind = MysqlValueKind::kText;
        m.source_type = "JSON";
        m.duckdb_type = "VARCHAR";
        m.orderable = false;
      } else if (binary) {
        m.kind = MysqlValueKind::kBlob;
        m.source_type = "BINARY";
        m.duckdb_type = "BLOB";
        m.orderable = false;
      } else {
        m.kind = MysqlValueKind::kText;
        m.source_type = (f.flags & ENUM_FLAG) != 0  ? "ENUM"
                        : (f.flags & SET_FLAG) != 0 ? "SET"
                                                    : "CHAR";
        m.duckdb_type = "VARCHAR";
      }
      break;
    default:
      m.kind = MysqlValueKind::kText;
      m.source_type = "type " + std::to_string(f.type);
      m.duckdb_type = "VARCHAR";
      break;
  }
  return m;
}

}  // namespace lakehouse
