// IndexRefresher: the check that the id column identifies the dataset's rows (one document per
// row), run by every refresh and by the create request.
#include "sql/sql_literal.h"
#include "vector/index_refresher.h"

namespace lakehouse {

Status IndexRefresher::CheckIds(const IndexDefinition& def, const Dataset& dataset) {
  LH_ASSIGN_OR_RETURN(SnapshotPin pin, deps_.metastore->PinSnapshot(dataset.name, std::nullopt));
  LH_ASSIGN_OR_RETURN(ConnectionLease lease, deps_.pool->Acquire(std::chrono::seconds(60)));
  return CheckIdsUnique(def, dataset, pin.files(), &lease.connection());
}

Status IndexRefresher::CheckIdsUnique(const IndexDefinition& def, const Dataset& dataset,
                                      const std::vector<DataFile>& files, Connection* conn) {
  if (dataset.primary_key && dataset.primary_key->size() == 1 &&
      dataset.primary_key->front() == def.id_column) {
    return Status::Ok();  // the key: one row per id by construction
  }
  LH_ASSIGN_OR_RETURN(DatasetViewRegistry::HeldSelect held, deps_.views->SelectSql(dataset, files));
  const std::string& source = held.sql;
  const std::string id = "CAST(s." + SqlIdentifier(def.id_column) + " AS VARCHAR)";
  LH_ASSIGN_OR_RETURN(
      QueryResult counted,
      conn->Query("WITH g AS (SELECT " + id + " AS doc_id, count(*) AS n FROM (" + source +
                  ") s GROUP BY ALL) SELECT doc_id, n, count(*) OVER () FROM g WHERE doc_id IS "
                  "NULL OR n > 1 ORDER BY doc_id IS NULL DESC, n DESC, doc_id LIMIT 6"));
  int64_t null_rows = 0;
  int64_t duplicated = 0;
  std::string examples;
  int shown = 0;
  while (std::optional<DataChunk> chunk = counted.NextChunk()) {
    for (uint64_t r = 0; r < chunk->size(); ++r) {
      const int64_t n = chunk->GetInt64(1, r).value_or(0);
      std::optional<std::string> doc = chunk->GetString(0, r);
      if (!doc) {
        null_rows = n;
        continue;
      }
      duplicated = chunk->GetInt64(2, r).value_or(0) - (null_rows > 0 ? 1 : 0);
      if (shown++ < 5) {
        examples += (examples.empty() ? "" : ", ") + ("'" + *doc + "' ×" + std::to_string(n));
      }
    }
  }
  LH_RETURN_IF_ERROR(counted.status());
  if (duplicated > 0) {
    return InvalidArgument(
        "id_column '", def.id_column, "' does not identify the rows of dataset '", dataset.name,
        "': ", std::to_string(duplicated), " duplicate id(s), each on several rows (", examples,
        duplicated > 5 ? ", …" : "",
        "); an index keeps one document per id, so choose a unique id column (or give the "
        "dataset that key) — nothing was indexed");
  }
  if (null_rows > 0) {
    return InvalidArgument("id_column '", def.id_column, "' is NULL in ", std::to_string(null_rows),
                           " row(s) of dataset '", dataset.name,
                           "'; every indexed row needs an id — nothing was indexed");
  }
  return Status::Ok();
}

}  // namespace lakehouse
