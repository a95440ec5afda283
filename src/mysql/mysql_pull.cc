#include "mysql/mysql_pull.h"

#include <cctype>

#include "mysql/mysql_value_decoder.h"

namespace lakehouse {
namespace {

std::string TrimQuery(std::string query) {
  while (!query.empty() &&
         (query.back() == ';' || isspace(static_cast<unsigned char>(query.back())))) {
    query.pop_back();
  }
  return query;
}

bool IsNumberLiteral(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789.-+eE") == std::string_view::npos &&
         text.find_first_of("0123456789") != std::string_view::npos;
}

}  // namespace

Result<std::string> MysqlTableSelect(std::string_view table) {
  size_t dot = table.find('.');
  std::string_view database = dot == std::string_view::npos ? "" : table.substr(0, dot);
  std::string_view name = dot == std::string_view::npos ? table : table.substr(dot + 1);
  if (name.empty() || (dot != std::string_view::npos && database.empty()) ||
      name.find('.') != std::string_view::npos) {
    return InvalidArgument("invalid table name '", table, "' (use name or database.name)");
  }
  std::string out = "SELECT * FROM ";
  if (!database.empty()) out += MysqlConnection::QuoteIdentifier(database) + ".";
  return out + MysqlConnection::QuoteIdentifier(name);
}

Result<MysqlPull> MysqlPull::Start(MysqlConnection* conn, const MysqlPullSpec& spec) {
  if (spec.table.empty() == spec.query.empty()) {
    return InvalidArgument("give exactly one of 'table' and 'query'");
  }
  std::string source;
  if (!spec.table.empty()) {
    LH_ASSIGN_OR_RETURN(source, MysqlTableSelect(spec.table));
  } else {
    source = TrimQuery(spec.query);
    if (source.empty()) return InvalidArgument("field 'query' is empty");
  }
  LH_RETURN_IF_ERROR(conn->Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
  LH_RETURN_IF_ERROR(conn->Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"));

  MysqlPull pull(conn);
  {
    LH_ASSIGN_OR_RETURN(MysqlResultStream described,
                        conn->Stream("SELECT * FROM (" + source + ") AS s LIMIT 0"));
    for (const MysqlField& field : described.fields()) {
      pull.columns_.push_back(MapMysqlColumn(field));
    }
    while (true) {
      LH_ASSIGN_OR_RETURN(bool more, described.Next());
      if (!more) break;
    }
  }
  if (pull.columns_.empty()) return InvalidArgument("the source has no columns");
  std::string select;
  const MysqlColumnMapping* incremental = nullptr;
  for (const MysqlColumnMapping& c : pull.columns_) {
    const std::string quoted = MysqlConnection::QuoteIdentifier(c.name);
    select += (select.empty() ? "" : ", ") + c.Select("s." + quoted) + " AS " + quoted;
    if (c.name == spec.incremental_column) incremental = &c;
  }

  std::string where;
  if (!spec.incremental_column.empty()) {
    if (incremental == nullptr) {
      std::string names;
      for (const MysqlColumnMapping& c : pull.columns_)
        names += (names.empty() ? "" : ", ") + c.name;
      return InvalidArgument("incremental column '", spec.incremental_column,
                             "' is not a column of the source (columns: ", names, ")");
    }
    if (!incremental->orderable) {
      return InvalidArgument("incremental column '", spec.incremental_column, "' is ",
                             incremental->source_type,
                             ", which has no usable order; use a number, date or text column");
    }
    const std::string column = "s." + MysqlConnection::QuoteIdentifier(spec.incremental_column);
    if (spec.after) {
      if (incremental->numeric && !IsNumberLiteral(*spec.after)) {
        return InvalidArgument("the high-water mark '", *spec.after, "' of column '",
                               spec.incremental_column, "' is not a number");
      }
      where = " WHERE " + column + " > " +
              (incremental->numeric ? *spec.after : conn->QuoteLiteral(*spec.after));
    }
    LH_ASSIGN_OR_RETURN(pull.high_water_mark_,
                        conn->QueryValue("SELECT " + incremental->Select("MAX(" + column + ")") +
                                         " FROM (" + source + ") AS s" + where));
  }
  LH_ASSIGN_OR_RETURN(MysqlResultStream stream,
                      conn->Stream("SELECT " + select + " FROM (" + source + ") AS s" + where));
  pull.stream_.emplace(std::move(stream));
  return pull;
}

Result<int64_t> MysqlPull::AppendRows(ChunkAppender& appender, int64_t max_rows) {
  if (!stream_) return int64_t{0};
  const size_t n = columns_.size();
  int64_t rows = 0;
  while (rows < max_rows) {
    LH_ASSIGN_OR_RETURN(bool more, stream_->Next());
    if (!more) {
      stream_.reset();
      break;
    }
    char** values = stream_->values();
    const unsigned long* lengths = stream_->lengths();
    for (size_t i = 0; i < n; ++i) {
      if (values[i] == nullptr) {
        LH_RETURN_IF_ERROR(appender.AppendNull());
      } else {
        LH_RETURN_IF_ERROR(AppendMysqlValue(columns_[i], std::string_view(values[i], lengths[i]),
                                            appender, &zero_dates_));
      }
    }
    LH_RETURN_IF_ERROR(appender.EndRow());
    ++rows;
  }
  return rows;
}

Status MysqlPull::Finish() {
  stream_.reset();
  return conn_->Execute("COMMIT");
}

void MysqlPull::Abort() {
  if (!stream_) return;
  conn_->Cancel();  // so that freeing the result does not read the rest of it
  stream_.reset();
}

}  // namespace lakehouse
