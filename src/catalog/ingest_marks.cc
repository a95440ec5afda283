#include "catalog/ingest_marks.h"

#include <set>

#include "catalog/catalog_statement.h"

namespace lakehouse {
namespace {

// The first version that counts: the last replace (1 when there was none).
constexpr std::string_view kSinceLastReplace =
    "COALESCE((SELECT max(version) FROM dataset_versions WHERE dataset_id = ?1 AND "
    "operation = 'replace'), 1)";

}  // namespace

Status InsertIngestMarks(CatalogDb& db, std::string_view dataset_id, int64_t version,
                         const CommitRequest& request) {
  if (!request.input_sha256.empty()) {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("INSERT OR IGNORE INTO dataset_input_hashes (dataset_id, "
                                   "version, sha256) VALUES (?, ?, ?)"));
    for (const std::string& hash : request.input_sha256) {
      LH_RETURN_IF_ERROR(stmt.BindText(1, dataset_id));
      LH_RETURN_IF_ERROR(stmt.BindInt(2, version));
      LH_RETURN_IF_ERROR(stmt.BindText(3, hash));
      LH_RETURN_IF_ERROR(stmt.Run());
      stmt.Reset();
    }
  }
  if (request.high_water_mark) {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("INSERT INTO dataset_high_water_marks (dataset_id, version, "
                                   "column_name, value) VALUES (?, ?, ?, ?)"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, dataset_id));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, version));
    LH_RETURN_IF_ERROR(stmt.BindText(3, request.high_water_mark->column));
    LH_RETURN_IF_ERROR(stmt.BindText(4, request.high_water_mark->value));
    LH_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> LoadIngestedHashes(CatalogDb& db, std::string_view dataset_id) {
  LH_ASSIGN_OR_RETURN(auto rows, db.Prepare(StrCat("SELECT DISTINCT sha256 FROM "
                                                   "dataset_input_hashes WHERE dataset_id = ?1 "
                                                   "AND version >= ",
                                                   kSinceLastReplace, " ORDER BY sha256")));
  LH_RETURN_IF_ERROR(rows.BindText(1, dataset_id));
  std::vector<std::string> hashes;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool more, rows.Step());
    if (!more) break;
    hashes.push_back(rows.ColumnText(0));
  }
  return hashes;
}

Result<std::optional<std::string>> LoadHighWaterMark(CatalogDb& db, std::string_view dataset_id,
                                                     std::string_view column) {
  LH_ASSIGN_OR_RETURN(auto row,
                      db.Prepare(StrCat("SELECT value FROM dataset_high_water_marks "
                                        "WHERE dataset_id = ?1 AND column_name = ?2 "
                                        "AND version >= ",
                                        kSinceLastReplace, " ORDER BY version DESC LIMIT 1")));
  LH_RETURN_IF_ERROR(row.BindText(1, dataset_id));
  LH_RETURN_IF_ERROR(row.BindText(2, column));
  LH_ASSIGN_OR_RETURN(bool found, row.Step());
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(row.ColumnText(0));
}

}  // namespace lakehouse
