#include "ingest/json_converter.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/strings.h"
#include "ingest/parquet_output.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

struct OutputColumn {
  std::string expression;  // SQL reading the value from the detected columns
  std::string name;        // flattened name
};

// A STRUCT itself, not a list or array of them ("STRUCT(...)[]").
bool IsStruct(const std::string& type) {
  return type.starts_with("STRUCT(") && type.ends_with(")");
}

// The fields of a STRUCT type, resolved by DuckDB itself from the type's spelling, so quoting of
// odd field names never has to be re-implemented here. No file is read.
Result<std::vector<ColumnSpec>> StructFields(Connection& conn, const std::string& type,
                                             const ConversionJob& job) {
  return DescribeSelect(conn, StrCat("SELECT unnest(NULL::", type, ")"), job);
}

Status Flatten(Connection& conn, const ConversionJob& job, const OutputColumn& column,
               const std::string& type, std::vector<OutputColumn>& out) {
  if (!IsStruct(type)) {
    out.push_back(column);
    return CheckColumnCount(out.size(), job);
  }
  LH_ASSIGN_OR_RETURN(std::vector<ColumnSpec> fields, StructFields(conn, type, job));
  for (const ColumnSpec& field : fields) {
    OutputColumn child{
        StrCat("struct_extract(", column.expression, ", ", SqlStringLiteral(field.name), ")"),
        StrCat(column.name, ".", field.name)};
    LH_RETURN_IF_ERROR(Flatten(conn, job, child, field.type, out));
  }
  return Status::Ok();
}

std::string ReadJsonSql(const ConversionJob& job, InputFormat format, const std::string& schema) {
  return StrCat("SELECT * FROM read_json(", SqlStringLiteral(job.input_path),
                ", format = ", format == InputFormat::kNdjson ? "'newline_delimited'" : "'auto'",
                schema.empty() ? ", sample_size = -1, map_inference_threshold = -1"
                               : StrCat(", columns = ", schema),
                ")");
}

// The 1-based line of the `record`-th (1-based) non-blank line of `path`; 0 when there is none.
int64_t LineOfRecord(const std::string& path, int64_t record) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  int64_t number = 0;
  int64_t seen = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (++seen == record) return number;
  }
  return 0;
}

// DuckDB's JSON errors name "line N" / "record/value N" one past the record that failed, and count
// records, not lines (blank lines are skipped). Rewrites them to the real line (or record).
Status RealLines(const Status& status, const ConversionJob& job) {
  if (status.ok()) return status;
  std::string message(status.message());
  for (std::string_view marker :
       {std::string_view(" in line "), std::string_view(" in record/value ")}) {
    const size_t at = message.find(marker);
    if (at == std::string::npos) continue;
    const size_t digits = at + marker.size();
    size_t end = digits;
    while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end]))) ++end;
    if (end == digits || end - digits > 18) continue;
    const int64_t record = std::stoll(message.substr(digits, end - digits)) - 1;
    if (record < 1) continue;
    std::string replacement = StrCat(" in record ", std::to_string(record));
    if (marker == " in line ") {
      if (const int64_t line = LineOfRecord(job.input_path, record); line > 0) {
        replacement = StrCat(" on line ", std::to_string(line));
      }
    }
    message.replace(at, end - at, replacement);
    break;
  }
  return Status(status.code(), message);
}

Status ConvertJsonOnce(Connection& conn, const ConversionJob& job, InputFormat format) {
  LH_ASSIGN_OR_RETURN(std::vector<ColumnSpec> detected,
                      DescribeSelect(conn, ReadJsonSql(job, format, ""), job));
  std::vector<OutputColumn> columns;
  std::string schema = "{";
  for (const ColumnSpec& column : detected) {
    if (schema.size() > 1) schema += ", ";
    schema += StrCat(SqlStringLiteral(column.name), ": ", SqlStringLiteral(column.type));
    LH_RETURN_IF_ERROR(
        Flatten(conn, job, {SqlIdentifier(column.name), column.name}, column.type, columns));
  }
  schema += "}";

  std::set<std::string> seen;
  std::string select = "SELECT ";
  for (const OutputColumn& column : columns) {
    if (!seen.insert(AsciiLower(column.name)).second) {
      return InvalidArgument(job.source_name, ": two fields flatten to the column name '",
                             column.name, "'");
    }
    if (select.size() > 7) select += ", ";
    select += StrCat(column.expression, " AS ", SqlIdentifier(column.name));
  }
  select += StrCat(" FROM (", ReadJsonSql(job, format, schema), ")");
  LH_ASSIGN_OR_RETURN(int64_t rows, CopyToParquet(conn, select, job));
  if (rows == 0) return InvalidArgument(job.source_name, ": the JSON holds no records");
  return Status::Ok();
}

}  // namespace

Status ConvertJson(Connection& conn, const ConversionJob& job, InputFormat format) {
  return RealLines(ConvertJsonOnce(conn, job, format), job);
}

}  // namespace lakehouse
