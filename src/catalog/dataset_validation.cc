#include "catalog/dataset_validation.h"

#include <algorithm>
#include <optional>
#include <set>

#include "catalog/dataset_layout.h"

namespace lakehouse {

namespace {

// DuckDB's reserved keywords (SELECT keyword_name FROM duckdb_keywords()
// WHERE keyword_category = 'reserved'), which cannot be used as unquoted table names.
constexpr std::string_view kReservedWords[] = {
    "all",        "analyse",      "analyze",     "and",          "any",          "array",
    "as",         "asc",          "asymmetric",  "both",         "case",         "cast",
    "check",      "collate",      "column",      "constraint",   "create",       "default",
    "deferrable", "desc",         "describe",    "distinct",     "do",           "else",
    "end",        "except",       "false",       "fetch",        "for",          "foreign",
    "from",       "grant",        "group",       "having",       "in",           "initially",
    "intersect",  "into",         "lateral",     "leading",      "limit",        "not",
    "null",       "offset",       "on",          "only",         "or",           "order",
    "pivot",      "pivot_longer", "pivot_wider", "placing",      "primary",      "qualify",
    "references", "returning",    "select",      "show",         "some",         "summarize",
    "symmetric",  "table",        "then",        "to",           "trailing",     "true",
    "union",      "unique",       "unpivot",     "using",        "variadic",     "when",
    "where",      "window",       "with",        "current_date", "current_time", "lambda"};

// Names that already mean something in the query database, where every dataset becomes a view
// in the default schema. Checked against DuckDB itself by table/reserved_names_test.cc.
//   Catalogs and schemas: a view named like one makes "FROM main" and "FROM main.t" two
//   different things ("embeddings" is the schema of the vector index views).
constexpr std::string_view kSchemaNames[] = {
    "memory", "system", "temp", "main", "information_schema", "pg_catalog", "embeddings"};
//   Built-in views found through the search path (system.main, system.pg_catalog): a dataset
//   named like one shadows it, and DuckDB's own views that read it break.
// clang-format off
constexpr std::string_view kSystemViews[] = {
    "pragma_database_list", "sqlite_master", "sqlite_schema", "sqlite_temp_master",
    "sqlite_temp_schema", "pg_am", "pg_attrdef", "pg_attribute", "pg_class", "pg_constraint",
    "pg_database", "pg_depend", "pg_description", "pg_enum", "pg_index", "pg_indexes",
    "pg_namespace", "pg_prepared_statements", "pg_proc", "pg_sequence", "pg_sequences",
    "pg_settings", "pg_tables", "pg_tablespace", "pg_type", "pg_views"};
// clang-format on
//   Prefixes: DuckDB's system views and table functions (duckdb_tables, duckdb_settings, … and
//   those of later versions), and the server's own tables (the hot cache's "__lh_hot_<id>").
constexpr std::string_view kReservedPrefixes[] = {"duckdb_", "__lh_"};

bool IsIdentStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

bool IsTagChar(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  return alnum || (!first && (c == '_' || c == '.' || c == ':' || c == '-'));
}

std::string Trim(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::string();
  size_t end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(begin, end - begin + 1));
}

Status ValidateFileCounts(const DataFile& file) {
  if (file.bucket.empty()) return InvalidArgument("file '", file.path, "' has no bucket");
  if (file.row_count < 0 || file.size_bytes < 0) {
    return InvalidArgument("file '", file.path, "' has a negative row count or size");
  }
  if (file.kind != kDataFileKind && file.kind != kDeleteFileKind) {
    return InvalidArgument("file '", file.path, "' has kind '", file.kind,
                           "' (expected 'data' or 'delete')");
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::string> ReservedDatasetNameReason(std::string_view name) {
  std::string lower = AsciiLower(name);
  for (std::string_view word : kReservedWords) {
    if (lower == word) return std::string("it is a reserved SQL keyword");
  }
  for (std::string_view schema : kSchemaNames) {
    if (lower == schema)
      return std::string("it is the name of a catalog or schema in the query database");
  }
  for (std::string_view view : kSystemViews) {
    if (lower == view)
      return std::string("it is the name of a built-in view of the query database");
  }
  for (std::string_view prefix : kReservedPrefixes) {
    if (lower.starts_with(prefix)) {
      return StrCat("names starting with '", prefix, "' are reserved for ",
                    prefix == "duckdb_" ? "DuckDB's system views and functions"
                                        : "the server's internal tables");
    }
  }
  return std::nullopt;
}

bool IsReservedDatasetName(std::string_view name) {
  return ReservedDatasetNameReason(name).has_value();
}

Status ValidateDatasetName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 128 && IsIdentStart(name[0]) &&
            std::all_of(name.begin(), name.end(), IsIdentChar);
  if (!ok) {
    return InvalidArgument("field 'name': '", std::string(name),
                           "' is not a valid dataset name (^[A-Za-z_][A-Za-z0-9_]{0,127}$)");
  }
  if (std::optional<std::string> reason = ReservedDatasetNameReason(name)) {
    return InvalidArgument("field 'name': '", std::string(name),
                           "' cannot name a dataset: ", *reason);
  }
  return Status::Ok();
}

Result<std::vector<std::string>> NormalizeTags(const std::vector<std::string>& tags,
                                               std::string_view field) {
  std::set<std::string> unique;
  for (const std::string& raw : tags) {
    std::string tag = AsciiLower(Trim(raw));
    bool ok = !tag.empty() && tag.size() <= 64;
    for (size_t i = 0; ok && i < tag.size(); ++i) ok = IsTagChar(tag[i], i == 0);
    if (!ok) {
      return InvalidArgument("field '", std::string(field), "': invalid tag '", raw,
                             "' (^[a-z0-9][a-z0-9_.:-]{0,63}$ after lower-casing)");
    }
    unique.insert(std::move(tag));
  }
  if (unique.size() > kMaxTags) {
    return InvalidArgument("field '", std::string(field), "': at most ", std::to_string(kMaxTags),
                           " tags");
  }
  return std::vector<std::string>(unique.begin(), unique.end());
}

Status ValidateColumns(const std::vector<Column>& columns) {
  std::set<std::string> seen;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& column = columns[i];
    std::string where = StrCat("field 'columns[", std::to_string(i), "]'");
    if (column.name.empty() || column.name.size() > 255) {
      return InvalidArgument(where, ": name must be 1-255 bytes");
    }
    for (char c : column.name) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        return InvalidArgument(where, ": name contains a control character");
      }
    }
    if (column.type.empty()) return InvalidArgument(where, ": type must not be empty");
    if (column.description.size() > kMaxDescriptionBytes) {
      return InvalidArgument(where, ": description is too long");
    }
    if (!seen.insert(AsciiLower(column.name)).second) {
      return InvalidArgument(where, ": duplicate column name '", column.name, "'");
    }
  }
  return Status::Ok();
}

Status ValidatePrimaryKey(const std::vector<std::string>& key, const std::vector<Column>& columns) {
  if (key.empty()) return InvalidArgument("field 'primary_key': must name at least one column");
  std::set<std::string> seen;
  for (const std::string& name : key) {
    std::string lower = AsciiLower(name);
    bool found = std::any_of(columns.begin(), columns.end(),
                             [&](const Column& c) { return AsciiLower(c.name) == lower; });
    if (!found) return InvalidArgument("field 'primary_key': unknown column '", name, "'");
    if (!seen.insert(lower).second) {
      return InvalidArgument("field 'primary_key': column '", name, "' repeated");
    }
  }
  return Status::Ok();
}

Status ValidateDataFile(const DataFile& file, std::string_view dataset_id) {
  std::string prefix = DatasetKeyPrefix(dataset_id);
  if (!file.path.starts_with(prefix) || file.path.size() == prefix.size() ||
      file.path.find("..") != std::string::npos) {
    return InvalidArgument("file '", file.path, "' is not under '", prefix, "'");
  }
  return ValidateFileCounts(file);
}

Status ValidateRegisteredFile(const DataFile& file) {
  if (file.path.empty() || file.path.find("..") != std::string::npos) {
    return InvalidArgument("file '", file.path, "' is not a valid object key");
  }
  if (file.path.starts_with(kDatasetsPrefix)) {
    return InvalidArgument("file '", file.path, "' cannot be registered: keys under '",
                           std::string(kDatasetsPrefix), "' are written by commits only");
  }
  return ValidateFileCounts(file);
}

}  // namespace lakehouse
