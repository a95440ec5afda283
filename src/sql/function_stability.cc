#include "sql/function_stability.h"

#include <array>
#include <cctype>

namespace lakehouse {
namespace {

// Non-deterministic by nature, refused whatever duckdb_functions() says about them.
constexpr std::array<std::string_view, 31> kNonDeterministicNames = {"random",
                                                                     "setseed",
                                                                     "uuid",
                                                                     "gen_random_uuid",
                                                                     "uuidv4",
                                                                     "uuidv7",
                                                                     "nextval",
                                                                     "currval",
                                                                     "now",
                                                                     "today",
                                                                     "current_timestamp",
                                                                     "get_current_timestamp",
                                                                     "current_date",
                                                                     "current_time",
                                                                     "get_current_time",
                                                                     "localtime",
                                                                     "localtimestamp",
                                                                     "transaction_timestamp",
                                                                     "statement_timestamp",
                                                                     "current_query",
                                                                     "current_query_id",
                                                                     "current_transaction_id",
                                                                     "txid_current",
                                                                     "current_connection_id",
                                                                     "current_setting",
                                                                     "current_user",
                                                                     "session_user",
                                                                     "user",
                                                                     "current_role",
                                                                     "write_log",
                                                                     "error"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AlwaysRefused(std::string_view lower_name) {
  for (std::string_view name : kNonDeterministicNames) {
    if (name == lower_name) return true;
  }
  return false;
}

}  // namespace

Result<FunctionStability> FunctionStability::Load(Connection& conn) {
  // A name with any overload that is not CONSISTENT (or has no stability) is left out.
  LH_ASSIGN_OR_RETURN(QueryResult result,
                      conn.Query("SELECT lower(function_name) FROM duckdb_functions() GROUP BY 1 "
                                 "HAVING bool_and(coalesce(stability = 'CONSISTENT', false))"));
  std::unordered_set<std::string> names;
  while (std::optional<DataChunk> chunk = result.NextChunk()) {
    for (uint64_t row = 0; row < chunk->size(); ++row) {
      if (std::optional<std::string> name = chunk->GetString(0, row)) names.insert(*name);
    }
  }
  if (names.empty()) return Internal("duckdb_functions() lists no consistent function");
  return FromNames(std::move(names));
}

FunctionStability FunctionStability::FromNames(std::unordered_set<std::string> consistent) {
  FunctionStability stability;
  for (const std::string& name : consistent) {
    std::string lower = Lower(name);
    if (!AlwaysRefused(lower)) stability.consistent_.insert(std::move(lower));
  }
  return stability;
}

bool FunctionStability::IsConsistent(std::string_view name) const {
  return consistent_.count(Lower(name)) != 0;
}

}  // namespace lakehouse
