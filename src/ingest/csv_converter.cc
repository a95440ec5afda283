#include "ingest/csv_converter.h"

#include <string>
#include <vector>

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

std::string ReadCsvSql(const ConversionJob& job, const CsvOptions& options, InputFormat format) {
  std::vector<std::string> args = {SqlStringLiteral(job.input_path)};
  std::optional<std::string> delimiter = options.delimiter;
  if (!delimiter && format == InputFormat::kTsv) delimiter = "\t";
  if (delimiter) args.push_back("delim = " + SqlStringLiteral(*delimiter));
  if (options.header) args.push_back("header = " + BoolLiteral(*options.header));
  if (options.quote) args.push_back("quote = " + SqlStringLiteral(*options.quote));
  if (options.escape) args.push_back("escape = " + SqlStringLiteral(*options.escape));
  if (options.skip_rows) args.push_back("skip = " + std::to_string(*options.skip_rows));
  if (options.null_string) args.push_back("nullstr = " + SqlStringLiteral(*options.null_string));
  if (options.all_varchar) args.push_back("all_varchar = true");
  if (!options.column_types.empty()) {
    std::string types = "types = {";
    for (const auto& [name, type] : options.column_types) {
      if (types.back() != '{') types += ", ";
      types += SqlStringLiteral(name) + ": " + SqlStringLiteral(type);
    }
    args.push_back(types + "}");
  }
  std::string sql = "SELECT * FROM read_csv(";
  for (size_t i = 0; i < args.size(); ++i) sql += (i == 0 ? "" : ", ") + args[i];
  return sql + ")";
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

Status ConvertCsv(Connection& conn, const ConversionJob& job, const CsvOptions& options,
                  InputFormat format) {
  return CopyToParquet(conn, ReadCsvSql(job, options, format), job).status();
}

}  // namespace lakehouse
