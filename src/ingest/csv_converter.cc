#include "ingest/csv_converter.h"

#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "common/ids.h"
#include "common/strings.h"
#include "ingest/parquet_output.h"
#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr int64_t kMaxSkipRows = 1'000'000;
constexpr size_t kMaxNullStringBytes = 64;

bool IsLineBreakOrNul(char c) { return c == '\n' || c == '\r' || c == '\0'; }

Status CheckChar(std::string_view option, const std::optional<std::string>& value,
                 bool allow_empty) {
  if (!value) return Status::Ok();
  if (value->empty() && allow_empty) return Status::Ok();
  if (value->size() != 1 || IsLineBreakOrNul((*value)[0])) {
    return InvalidArgument("CSV option ", option, " must be ", allow_empty ? "empty or " : "",
                           "a single character other than a line break, got '", *value, "'");
  }
  return Status::Ok();
}

std::optional<char> CharOption(const std::optional<std::string>& value, std::optional<char> unset) {
  if (!value) return unset;
  if (value->empty()) return std::nullopt;
  return (*value)[0];
}

std::string BoolLiteral(bool value) { return value ? "true" : "false"; }

constexpr size_t kMaxNullValues = 32;

constexpr size_t kMaxReasonBytes = 200;

// The temporary tables DuckDB records rejected rows in, unique per conversion and dropped after.
struct RejectTables {
  std::string errors = "lh_rejects_" + UuidHex();
  std::string scans = "lh_reject_scans_" + UuidHex();

  static std::string UuidHex() {
    std::string id = NewUuid();
    std::erase(id, '-');
    return id;
  }
};

std::string ReadCsvSql(const ConversionJob& job, const CsvOptions& options, InputFormat format,
                       const std::vector<std::string>& extra) {
  std::vector<std::string> args = {SqlStringLiteral(job.input_path)};
  std::optional<std::string> delimiter = options.delimiter;
  if (!delimiter && format == InputFormat::kTsv) delimiter = "\t";
  if (delimiter) args.push_back("delim = " + SqlStringLiteral(*delimiter));
  if (options.header) args.push_back("header = " + BoolLiteral(*options.header));
  if (options.quote) args.push_back("quote = " + SqlStringLiteral(*options.quote));
  if (options.escape) args.push_back("escape = " + SqlStringLiteral(*options.escape));
  if (options.skip_rows) args.push_back("skip = " + std::to_string(*options.skip_rows));
  if (!options.null_values.empty()) {
    std::string list = "nullstr = [";
    for (const std::string& value : options.null_values) {
      list += (list.back() == '[' ? "" : ", ") + SqlStringLiteral(value);
    }
    if (options.null_string) list += ", " + SqlStringLiteral(*options.null_string);
    args.push_back(list + "]");
  } else if (options.null_string) {
    args.push_back("nullstr = " + SqlStringLiteral(*options.null_string));
  }
  args.push_back("max_line_size = " + std::to_string(job.max_line_bytes));
  if (options.all_varchar) args.push_back("all_varchar = true");
  if (!options.column_types.empty()) {
    std::string types = "types = {";
    for (const auto& [name, type] : options.column_types) {
      if (types.back() != '{') types += ", ";
      types += SqlStringLiteral(name) + ": " + SqlStringLiteral(type);
    }
    args.push_back(types + "}");
  }
  args.insert(args.end(), extra.begin(), extra.end());
  std::string sql = "SELECT * FROM read_csv(";
  for (size_t i = 0; i < args.size(); ++i) sql += (i == 0 ? "" : ", ") + args[i];
  return sql + ")";
}

struct Rejected {
  int64_t rows = 0;            // distinct lines
  int64_t not_missing = 0;     // lines with another error than MISSING COLUMNS
  std::vector<int64_t> lines;  // the first kMaxBadRowLines
  std::string first_reason;    // of the first line, or of the first line padding cannot fix
  int64_t first_line = 0;
};

Result<Rejected> ReadRejected(Connection& conn, const std::string& table) {
  const std::string from = " FROM " + SqlIdentifier(table);
  Rejected out;
  LH_ASSIGN_OR_RETURN(
      QueryResult counts,
      conn.Query("SELECT count(DISTINCT line)::BIGINT, count(DISTINCT line) FILTER (WHERE "
                 "error_type::VARCHAR <> 'MISSING COLUMNS')::BIGINT" +
                 from));
  if (std::optional<DataChunk> chunk = counts.NextChunk(); chunk && chunk->size() == 1) {
    out.rows = chunk->GetInt64(0, 0).value_or(0);
    out.not_missing = chunk->GetInt64(1, 0).value_or(0);
  }
  if (out.rows == 0) return out;
  LH_ASSIGN_OR_RETURN(QueryResult lines,
                      conn.Query("SELECT DISTINCT line::BIGINT" + from + " ORDER BY 1 LIMIT " +
                                 std::to_string(kMaxBadRowLines)));
  while (std::optional<DataChunk> chunk = lines.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      out.lines.push_back(chunk->GetInt64(0, row).value_or(0));
    }
  }
  // The reason shown: the first line's, preferring one that padding cannot fix.
  LH_ASSIGN_OR_RETURN(
      QueryResult first,
      conn.Query("SELECT line::BIGINT, error_type::VARCHAR || ': ' || error_message" + from +
                 " ORDER BY (error_type::VARCHAR = 'MISSING COLUMNS'), line LIMIT 1"));
  if (std::optional<DataChunk> chunk = first.NextChunk(); chunk && chunk->size() == 1) {
    out.first_line = chunk->GetInt64(0, 0).value_or(0);
    out.first_reason = chunk->GetString(1, 0).value_or("");
    if (out.first_reason.size() > kMaxReasonBytes) {
      out.first_reason = out.first_reason.substr(0, kMaxReasonBytes) + "…";
    }
  }
  return out;
}

std::string LineList(const std::vector<int64_t>& lines, size_t most) {
  std::string out;
  for (size_t i = 0; i < lines.size() && i < most; ++i) {
    out += (i == 0 ? "" : ", ") + std::to_string(lines[i]);
  }
  return out;
}

Status BadRowsError(const ConversionJob& job, const Rejected& rejected, bool padding) {
  const int64_t counted = padding ? rejected.not_missing : rejected.rows;
  return InvalidArgument(
      job.source_name, ": line ", std::to_string(rejected.first_line), ": ", rejected.first_reason,
      " (", std::to_string(counted), " bad row", counted == 1 ? "" : "s",
      padding ? " that padding cannot fix" : "", "; bad rows on lines ",
      LineList(rejected.lines, 10), rejected.rows > 10 ? ", …" : "",
      padding ? ")" : "). Fix the file, or resend with on_bad_rows \"skip\" or \"pad\"");
}

}  // namespace

Status ValidateCsvOptions(const CsvOptions& options) {
  LH_RETURN_IF_ERROR(CheckChar("delimiter", options.delimiter, /*allow_empty=*/false));
  LH_RETURN_IF_ERROR(CheckChar("quote", options.quote, /*allow_empty=*/true));
  LH_RETURN_IF_ERROR(CheckChar("escape", options.escape, /*allow_empty=*/true));
  if (options.delimiter && options.quote && *options.delimiter == *options.quote) {
    return InvalidArgument("CSV options delimiter and quote must differ");
  }
  if (options.skip_rows && (*options.skip_rows < 0 || *options.skip_rows > kMaxSkipRows)) {
    return InvalidArgument("CSV option skip_rows must be in 0..", std::to_string(kMaxSkipRows));
  }
  if (options.null_values.size() > kMaxNullValues) {
    return InvalidArgument("option null_values holds more than ", std::to_string(kMaxNullValues),
                           " strings");
  }
  for (const std::string& value : options.null_values) {
    LH_RETURN_IF_ERROR(CheckSqlText("option null_values", value));
    if (value.size() > kMaxNullStringBytes || value.find_first_of("\r\n") != std::string::npos) {
      return InvalidArgument("each of null_values must be at most ",
                             std::to_string(kMaxNullStringBytes), " bytes without line breaks");
    }
  }
  if (options.null_string) {
    LH_RETURN_IF_ERROR(CheckSqlText("CSV option null_string", *options.null_string));
    if (options.null_string->size() > kMaxNullStringBytes ||
        options.null_string->find_first_of("\r\n") != std::string::npos) {
      return InvalidArgument("CSV option null_string must be at most ",
                             std::to_string(kMaxNullStringBytes), " bytes without line breaks");
    }
  }
  for (const auto& [name, type] : options.column_types) {
    if (name.empty()) return InvalidArgument("CSV option column_types has an empty column name");
    LH_RETURN_IF_ERROR(CheckSqlText("CSV option column_types name", name));
    if (Status s = CheckTypeName(type); !s.ok()) {
      return InvalidArgument("CSV option column_types[", name, "]: ", s.message());
    }
  }
  return Status::Ok();
}

CsvShapeOptions CsvShapeFor(const CsvOptions& options, InputFormat format) {
  CsvShapeOptions shape;
  shape.delimiter = CharOption(options.delimiter, std::nullopt);
  if (!shape.delimiter && format == InputFormat::kTsv) shape.delimiter = '\t';
  shape.quote = CharOption(options.quote, '"');
  shape.escape = CharOption(options.escape, shape.quote);
  shape.header_record = options.skip_rows.value_or(0);
  return shape;
}

std::string_view BadRowPolicyName(BadRowPolicy policy) {
  switch (policy) {
    case BadRowPolicy::kSkip:
      return "skip";
    case BadRowPolicy::kPad:
      return "pad";
    case BadRowPolicy::kError:
      break;
  }
  return "error";
}

Result<BadRowPolicy> ParseBadRowPolicy(std::string_view name) {
  if (name == "error") return BadRowPolicy::kError;
  if (name == "skip") return BadRowPolicy::kSkip;
  if (name == "pad") return BadRowPolicy::kPad;
  return InvalidArgument("on_bad_rows must be error, skip or pad, got '", name, "'");
}

Result<BadRows> ConvertCsv(Connection& conn, const ConversionJob& job, const CsvOptions& options,
                           InputFormat format) {
  // Rows DuckDB cannot read as the header's columns are set aside with their line numbers
  // (ignore_errors + store_rejects) so that they can be reported, skipped or padded; nothing is
  // dropped without the response saying so.
  const RejectTables tables;
  auto drop_tables = [&] {
    for (const std::string& table : {tables.errors, tables.scans}) {
      (void)conn.Execute("DROP TABLE IF EXISTS " + SqlIdentifier(table));
    }
  };
  const std::vector<std::string> rejecting = {"ignore_errors = true", "store_rejects = true",
                                              "rejects_table = " + SqlStringLiteral(tables.errors),
                                              "rejects_scan = " + SqlStringLiteral(tables.scans)};
  Result<int64_t> copied = CopyToParquet(conn, ReadCsvSql(job, options, format, rejecting), job);
  Result<Rejected> rejected = copied.ok() ? ReadRejected(conn, tables.errors) : Rejected{};
  drop_tables();
  LH_RETURN_IF_ERROR(copied.status());
  LH_RETURN_IF_ERROR(rejected.status());
  // With ignore_errors DuckDB no longer refuses a column_types name the file lacks.
  if (!options.column_types.empty()) {
    LH_ASSIGN_OR_RETURN(
        std::vector<ColumnSpec> written,
        DescribeSelect(
            conn, "SELECT * FROM read_parquet(" + SqlStringLiteral(job.output_path) + ")", job));
    for (const auto& [name, type] : options.column_types) {
      bool found = false;
      for (const ColumnSpec& column : written)
        found = found || AsciiLower(column.name) == AsciiLower(name);
      if (!found) {
        return InvalidArgument(job.source_name, ": CSV option column_types names column '", name,
                               "', which is missing from the file");
      }
    }
  }
  BadRows report;
  if (rejected->rows == 0) return report;
  switch (options.on_bad_rows) {
    case BadRowPolicy::kError:
      return BadRowsError(job, *rejected, /*padding=*/false);
    case BadRowPolicy::kSkip:
      report.skipped = rejected->rows;
      break;
    case BadRowPolicy::kPad: {
      if (rejected->not_missing > 0) return BadRowsError(job, *rejected, /*padding=*/true);
      std::error_code ignored;
      std::filesystem::remove(job.output_path, ignored);
      LH_RETURN_IF_ERROR(
          CopyToParquet(conn, ReadCsvSql(job, options, format, {"null_padding = true"}), job)
              .status());
      report.padded = rejected->rows;
      break;
    }
  }
  report.lines = rejected->lines;
  return report;
}

}  // namespace lakehouse
