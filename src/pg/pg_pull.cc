#include "pg/pg_pull.h"

#include <libpq-fe.h>

namespace lakehouse {
namespace {

std::string TrimQuery(std::string query) {
  while (!query.empty() &&
         (query.back() == ';' || isspace(static_cast<unsigned char>(query.back())))) {
    query.pop_back();
  }
  return query;
}

}  // namespace

Result<std::string> PgTableSelect(const PgConnection& conn, std::string_view table) {
  size_t dot = table.find('.');
  std::string_view schema = dot == std::string_view::npos ? "" : table.substr(0, dot);
  std::string_view name = dot == std::string_view::npos ? table : table.substr(dot + 1);
  if (name.empty() || (dot != std::string_view::npos && schema.empty()) ||
      name.find('.') != std::string_view::npos) {
    return InvalidArgument("invalid table name '", table, "' (use name or schema.name)");
  }
  std::string out = "SELECT * FROM ";
  if (!schema.empty()) {
    LH_ASSIGN_OR_RETURN(std::string quoted_schema, conn.QuoteIdentifier(schema));
    out += quoted_schema + ".";
  }
  LH_ASSIGN_OR_RETURN(std::string quoted_name, conn.QuoteIdentifier(name));
  return out + quoted_name;
}

Result<PgPull> PgPull::Start(PgConnection* conn, const PgPullSpec& spec) {
  if (spec.table.empty() == spec.query.empty()) {
    return InvalidArgument("give exactly one of 'table' and 'query'");
  }
  std::string source;
  if (!spec.table.empty()) {
    LH_ASSIGN_OR_RETURN(source, PgTableSelect(*conn, spec.table));
  } else {
    source = TrimQuery(spec.query);
    if (source.empty()) return InvalidArgument("field 'query' is empty");
  }
  LH_RETURN_IF_ERROR(conn->Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));

  PgPull pull;
  LH_ASSIGN_OR_RETURN(PgResult described,
                      conn->Query("SELECT * FROM (" + source + ") AS s LIMIT 0"));
  std::string select;
  bool incremental_found = false;
  for (int i = 0; i < described.columns(); ++i) {
    PgColumnMapping mapping =
        MapPgColumn(described.ColumnName(i), described.ColumnType(i), described.ColumnTypmod(i));
    LH_ASSIGN_OR_RETURN(std::string quoted, conn->QuoteIdentifier(mapping.name));
    select += (i == 0 ? "" : ", ") + ("s." + quoted) + mapping.select_cast + " AS " + quoted;
    incremental_found = incremental_found || mapping.name == spec.incremental_column;
    pull.columns_.push_back(std::move(mapping));
  }
  if (pull.columns_.empty()) return InvalidArgument("the source has no columns");

  std::string where;
  if (!spec.incremental_column.empty()) {
    if (!incremental_found) {
      std::string names;
      for (const PgColumnMapping& c : pull.columns_) names += (names.empty() ? "" : ", ") + c.name;
      return InvalidArgument("incremental column '", spec.incremental_column,
                             "' is not a column of the source (columns: ", names, ")");
    }
    LH_ASSIGN_OR_RETURN(std::string column, conn->QuoteIdentifier(spec.incremental_column));
    if (spec.after) {
      LH_ASSIGN_OR_RETURN(std::string literal, conn->QuoteLiteral(*spec.after));
      where = " WHERE s." + column + " > " + literal;
    }
    LH_ASSIGN_OR_RETURN(PgResult mark, conn->Query("SELECT max(s." + column + ")::text FROM (" +
                                                   source + ") AS s" + where));
    if (mark.rows() == 1 && !mark.IsNull(0, 0)) pull.high_water_mark_ = mark.Value(0, 0);
  }
  LH_ASSIGN_OR_RETURN(
      PgCopyStream stream,
      PgCopyStream::Start(conn, "COPY (SELECT " + select + " FROM (" + source + ") AS s" + where +
                                    ") TO STDOUT (FORMAT binary)"));
  pull.stream_.emplace(std::move(stream));
  return pull;
}

}  // namespace lakehouse
