#include "ingest/staged_keys.h"

#include <filesystem>

#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

constexpr int kNamedExamples = 5;

std::string JoinKeys(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
  return out;
}

// Every file's rows with their file index (__lh_f) and 1-based row number (__lh_r).
std::string NumberedRows(const std::vector<StagedFile>& files,
                         const std::vector<std::string>& keys) {
  std::string sql;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string key_list;
    for (const std::string& k : keys) key_list += SqlIdentifier(k) + ", ";
    sql += (i == 0 ? "" : " UNION ALL ") + StrCat("SELECT ", key_list, std::to_string(i),
                                                  " AS __lh_f, file_row_number + 1 AS __lh_r FROM "
                                                  "read_parquet(",
                                                  SqlStringLiteral(files[i].parquet_path),
                                                  ", file_row_number = true)");
  }
  return sql;
}

std::string KeyText(const std::vector<std::string>& keys) {
  if (keys.size() == 1) return "CAST(" + SqlIdentifier(keys[0]) + " AS VARCHAR)";
  std::string out = "concat_ws(', '";
  for (const std::string& k : keys) out += ", CAST(" + SqlIdentifier(k) + " AS VARCHAR)";
  return out + ")";
}

Status RefuseNullKeys(Connection& conn, const std::vector<std::string>& keys,
                      const std::vector<StagedFile>& files, const std::string& rows) {
  std::string any_null;
  for (const std::string& k : keys) {
    any_null += (any_null.empty() ? "" : " OR ") + SqlIdentifier(k) + " IS NULL";
  }
  LH_ASSIGN_OR_RETURN(
      QueryResult nulls,
      conn.Query(StrCat("SELECT __lh_f, __lh_r::BIGINT, count(*) OVER ()::BIGINT FROM (", rows,
                        ") WHERE ", any_null, " ORDER BY __lh_f, __lh_r LIMIT ",
                        std::to_string(kNamedExamples))));
  std::optional<DataChunk> chunk = nulls.NextChunk();
  if (!chunk || chunk->size() == 0) return Status::Ok();
  const int64_t file = chunk->GetInt64(0, 0).value_or(0);
  const int64_t total = chunk->GetInt64(2, 0).value_or(0);
  std::string named;
  for (uint64_t row = 0; row < chunk->size(); ++row) {
    if (chunk->GetInt64(0, row).value_or(0) != file) break;
    named += (named.empty() ? "" : ", ") + std::to_string(chunk->GetInt64(1, row).value_or(0));
  }
  return InvalidArgument(files[static_cast<size_t>(file)].source_name, ": ", std::to_string(total),
                         " row", total == 1 ? " has" : "s have", " no value in key column '",
                         JoinKeys(keys), "' (rows ", named,
                         " of the file); a key must identify every row — fill it in, or ingest "
                         "without a key");
}

}  // namespace

std::string_view DuplicateKeyPolicyName(DuplicateKeyPolicy policy) {
  switch (policy) {
    case DuplicateKeyPolicy::kFirst:
      return "first";
    case DuplicateKeyPolicy::kLast:
      return "last";
    case DuplicateKeyPolicy::kError:
      break;
  }
  return "error";
}

Result<DuplicateKeyPolicy> ParseDuplicateKeyPolicy(std::string_view name) {
  if (name == "error") return DuplicateKeyPolicy::kError;
  if (name == "first") return DuplicateKeyPolicy::kFirst;
  if (name == "last") return DuplicateKeyPolicy::kLast;
  return InvalidArgument("on_duplicate_key must be error, first or last, got '", name, "'");
}

Result<std::vector<int64_t>> EnforceUniqueKeys(Connection& conn,
                                               const std::vector<std::string>& keys,
                                               DuplicateKeyPolicy policy,
                                               std::vector<StagedFile>& files) {
  std::vector<int64_t> dropped(files.size(), 0);
  if (keys.empty() || files.empty()) return dropped;
  for (const std::string& k : keys) LH_RETURN_IF_ERROR(CheckSqlText("key column", k));
  for (const StagedFile& f : files) LH_RETURN_IF_ERROR(CheckSqlText("staged path", f.parquet_path));
  const std::string rows = NumberedRows(files, keys);
  LH_RETURN_IF_ERROR(RefuseNullKeys(conn, keys, files, rows));

  std::string partition;
  for (const std::string& k : keys) partition += (partition.empty() ? "" : ", ") + SqlIdentifier(k);
  LH_ASSIGN_OR_RETURN(
      QueryResult repeated,
      conn.Query(StrCat("SELECT ", KeyText(keys),
                        ", count(*)::BIGINT, sum(count(*) - 1) OVER "
                        "()::BIGINT FROM (",
                        rows, ") GROUP BY ", partition,
                        " HAVING count(*) > 1 ORDER BY min(__lh_f), min(__lh_r) LIMIT ",
                        std::to_string(kNamedExamples))));
  std::optional<DataChunk> chunk = repeated.NextChunk();
  if (!chunk || chunk->size() == 0) return dropped;
  if (policy == DuplicateKeyPolicy::kError) {
    std::string named;
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      named += StrCat(named.empty() ? "" : ", ", "'", chunk->GetString(0, row).value_or("NULL"),
                      "' ×", std::to_string(chunk->GetInt64(1, row).value_or(0)));
    }
    const int64_t extra = chunk->GetInt64(2, 0).value_or(0);
    return InvalidArgument(
        files.size() == 1 ? files[0].source_name : std::string("the uploaded files"), ": key '",
        JoinKeys(keys), "' repeats (", named, "; ", std::to_string(extra), " surplus row",
        extra == 1 ? "" : "s",
        " in all): one row per key would be kept silently — resend with on_duplicate_key "
        "\"last\" or \"first\" to choose which");
  }

  // Keep one row per key: the rank counts from the winning end.
  const std::string order = policy == DuplicateKeyPolicy::kLast ? "DESC" : "ASC";
  for (size_t i = 0; i < files.size(); ++i) {
    StagedFile& file = files[i];
    std::string columns;
    for (const ColumnSpec& c : file.columns) {
      LH_RETURN_IF_ERROR(CheckSqlText("column name", c.name));
      columns += (columns.empty() ? "" : ", ") + SqlIdentifier(c.name);
    }
    const std::string kept = file.parquet_path + ".keys";
    const std::string winners =
        StrCat("SELECT __lh_f, __lh_r FROM (", rows, ") QUALIFY row_number() OVER (PARTITION BY ",
               partition, " ORDER BY __lh_f ", order, ", __lh_r ", order, ") = 1");
    LH_ASSIGN_OR_RETURN(
        QueryResult copied,
        conn.Query(StrCat(
            "COPY (SELECT ", columns, " FROM read_parquet(", SqlStringLiteral(file.parquet_path),
            ", file_row_number = true) WHERE file_row_number + 1 IN (SELECT __lh_r "
            "FROM (",
            winners, ") WHERE __lh_f = ", std::to_string(i), ") ORDER BY file_row_number) TO ",
            SqlStringLiteral(kept), " (FORMAT parquet, COMPRESSION zstd)")));
    const Json written = copied.FetchScalar();
    const int64_t count = written.is_number_integer() ? written.get<int64_t>() : 0;
    dropped[i] = file.row_count - count;
    file.duplicate_keys_dropped += dropped[i];
    std::error_code ec;
    std::filesystem::rename(kept, file.parquet_path, ec);
    if (ec) {
      std::filesystem::remove(kept, ec);
      return Unavailable("cannot rewrite staged file for ", file.source_name, ": ", ec.message());
    }
    file.row_count = count;
  }
  return dropped;
}

}  // namespace lakehouse
