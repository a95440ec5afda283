#include "sql/duckdb_status.h"

#include <string>
#include <utility>

namespace lakehouse::sql_detail {
namespace {

bool Contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

StatusCode CodeFor(duckdb_error_type type, std::string_view message) {
  // A full disk reaches DuckDB's writers as an I/O error, or as another kind when it strikes
  // while spilling: one code for it, whatever the statement.
  if (Contains(message, "No space left on device") || Contains(message, "Disk quota exceeded")) {
    return StatusCode::kInsufficientStorage;
  }
  switch (type) {
    case DUCKDB_ERROR_PARSER:
    case DUCKDB_ERROR_SYNTAX:
    case DUCKDB_ERROR_BINDER:
    case DUCKDB_ERROR_CONVERSION:
    case DUCKDB_ERROR_MISMATCH_TYPE:
    case DUCKDB_ERROR_INVALID_INPUT:
    case DUCKDB_ERROR_OUT_OF_RANGE:
    case DUCKDB_ERROR_DIVIDE_BY_ZERO:
    case DUCKDB_ERROR_DECIMAL:
    case DUCKDB_ERROR_INVALID_TYPE:
    case DUCKDB_ERROR_UNKNOWN_TYPE:
    case DUCKDB_ERROR_NOT_IMPLEMENTED:
    case DUCKDB_ERROR_PARAMETER_NOT_RESOLVED:
    case DUCKDB_ERROR_PARAMETER_NOT_ALLOWED:
    case DUCKDB_ERROR_SEQUENCE:
    case DUCKDB_ERROR_SETTINGS:
    case DUCKDB_ERROR_EXPRESSION:
    case DUCKDB_INVALID_CONFIGURATION:
      return StatusCode::kInvalidArgument;
    case DUCKDB_ERROR_CATALOG:
      if (Contains(message, "does not exist") || Contains(message, "could not be found")) {
        return StatusCode::kNotFound;
      }
      if (Contains(message, "already exists")) return StatusCode::kAlreadyExists;
      return StatusCode::kInvalidArgument;
    case DUCKDB_ERROR_CONSTRAINT:
    case DUCKDB_ERROR_TRANSACTION:
      return StatusCode::kConflict;
    case DUCKDB_ERROR_DEPENDENCY:
    case DUCKDB_ERROR_MISSING_EXTENSION:
    case DUCKDB_ERROR_AUTOLOAD:
      return StatusCode::kFailedPrecondition;
    case DUCKDB_ERROR_INTERRUPT:
      return StatusCode::kCancelled;
    case DUCKDB_ERROR_OUT_OF_MEMORY:
      return StatusCode::kResourceExhausted;
    case DUCKDB_ERROR_PERMISSION:
      return StatusCode::kPermissionDenied;
    case DUCKDB_ERROR_IO:
      if (Contains(message, "INSTALL ")) return StatusCode::kFailedPrecondition;  // extension
      if (Contains(message, "No files found") || Contains(message, "does not exist")) {
        return StatusCode::kNotFound;
      }
      return StatusCode::kUnavailable;
    case DUCKDB_ERROR_HTTP:
    case DUCKDB_ERROR_NETWORK:
      return StatusCode::kUpstreamError;
    default:
      return StatusCode::kInternal;
  }
}

// DuckDB formats messages as "<Kind> Error: detail"; the kinds below are the ones whose mapping
// differs from INTERNAL.
duckdb_error_type TypeFromMessage(std::string_view message) {
  static constexpr std::pair<std::string_view, duckdb_error_type> kPrefixes[] = {
      {"Parser Error", DUCKDB_ERROR_PARSER},
      {"Syntax Error", DUCKDB_ERROR_SYNTAX},
      {"Binder Error", DUCKDB_ERROR_BINDER},
      {"Catalog Error", DUCKDB_ERROR_CATALOG},
      {"Conversion Error", DUCKDB_ERROR_CONVERSION},
      {"Invalid Input Error", DUCKDB_ERROR_INVALID_INPUT},
      {"Out of Range Error", DUCKDB_ERROR_OUT_OF_RANGE},
      {"Not implemented Error", DUCKDB_ERROR_NOT_IMPLEMENTED},
      {"Constraint Error", DUCKDB_ERROR_CONSTRAINT},
      {"TransactionContext Error", DUCKDB_ERROR_TRANSACTION},
      {"Dependency Error", DUCKDB_ERROR_DEPENDENCY},
      {"Missing Extension Error", DUCKDB_ERROR_MISSING_EXTENSION},
      {"INTERRUPT Error", DUCKDB_ERROR_INTERRUPT},
      {"Out of Memory Error", DUCKDB_ERROR_OUT_OF_MEMORY},
      {"Permission Error", DUCKDB_ERROR_PERMISSION},
      {"IO Error", DUCKDB_ERROR_IO},
      {"HTTP Error", DUCKDB_ERROR_HTTP},
  };
  for (const auto& [prefix, type] : kPrefixes) {
    if (message.substr(0, prefix.size()) == prefix) return type;
  }
  return DUCKDB_ERROR_INVALID;
}

}  // namespace

Status StatusFromDuckDb(duckdb_error_type type, const char* message, std::string_view fallback) {
  std::string text = (message != nullptr && *message != '\0') ? message : std::string(fallback);
  const StatusCode code = CodeFor(type, text);  // before `text` is moved from
  if (code == StatusCode::kPermissionDenied) {
    text = "the SQL sandbox only reads datasets and files inside the lakehouse's buckets (" + text +
           ")";
  }
  return Status(code, std::move(text));
}

Status StatusFromDuckDbMessage(const char* message, std::string_view fallback) {
  std::string_view text = message != nullptr ? message : "";
  return StatusFromDuckDb(TypeFromMessage(text), message, fallback);
}

Status StatusFromErrorData(duckdb_error_data error, std::string_view fallback) {
  if (error == nullptr) return Internal(fallback);
  Status status = Internal(fallback);
  if (duckdb_error_data_has_error(error)) {
    status = StatusFromDuckDb(duckdb_error_data_error_type(error), duckdb_error_data_message(error),
                              fallback);
  }
  duckdb_destroy_error_data(&error);
  return status;
}

}  // namespace lakehouse::sql_detail
