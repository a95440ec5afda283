#include "vector/trial_store.h"

#include <algorithm>

#include "catalog/catalog_statement.h"
#include "vector/index_store_schema.h"

namespace lakehouse {

TrialStore::TrialStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kVectorStoreName, VectorStoreMigrations());
}

namespace {

constexpr std::string_view kColumns =
    "id, index_name, generation, created_at, source, queries, k, m, ef_construction, ef_search, "
    "recall, p50_us, p95_us, p99_us, build_ms, memory_bytes, promoted";

TrialRecord ReadTrial(const CatalogStatement& row) {
  TrialRecord t;
  t.id = row.ColumnInt(0);
  t.index_name = row.ColumnText(1);
  t.generation = row.ColumnInt(2);
  t.created_at = row.ColumnInt(3);
  t.sampled = row.ColumnText(4) == "sampled";
  t.queries = static_cast<int32_t>(row.ColumnInt(5));
  t.k = static_cast<int32_t>(row.ColumnInt(6));
  t.m = static_cast<int32_t>(row.ColumnInt(7));
  t.ef_construction = static_cast<int32_t>(row.ColumnInt(8));
  t.ef_search = static_cast<int32_t>(row.ColumnInt(9));
  t.recall = row.ColumnDouble(10);
  t.p50_us = row.ColumnDouble(11);
  t.p95_us = row.ColumnDouble(12);
  t.p99_us = row.ColumnDouble(13);
  t.build_ms = row.ColumnInt(14);
  t.memory_bytes = row.ColumnInt(15);
  t.promoted = row.ColumnBool(16);
  return t;
}

}  // namespace

Status TrialStore::Append(std::vector<TrialRecord>* trials) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    for (TrialRecord& t : *trials) {
      LH_ASSIGN_OR_RETURN(auto stmt,
                          db.Prepare("INSERT INTO vector_index_trials (index_name, generation, "
                                     "created_at, source, queries, k, m, ef_construction, "
                                     "ef_search, recall, p50_us, p95_us, p99_us, build_ms, "
                                     "memory_bytes, promoted) VALUES "
                                     "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id"));
      LH_RETURN_IF_ERROR(stmt.BindText(1, t.index_name));
      LH_RETURN_IF_ERROR(stmt.BindInt(2, t.generation));
      LH_RETURN_IF_ERROR(stmt.BindInt(3, t.created_at));
      LH_RETURN_IF_ERROR(stmt.BindText(4, t.sampled ? "sampled" : "given"));
      LH_RETURN_IF_ERROR(stmt.BindInt(5, t.queries));
      LH_RETURN_IF_ERROR(stmt.BindInt(6, t.k));
      LH_RETURN_IF_ERROR(stmt.BindInt(7, t.m));
      LH_RETURN_IF_ERROR(stmt.BindInt(8, t.ef_construction));
      LH_RETURN_IF_ERROR(stmt.BindInt(9, t.ef_search));
      LH_RETURN_IF_ERROR(stmt.BindDouble(10, t.recall));
      LH_RETURN_IF_ERROR(stmt.BindDouble(11, t.p50_us));
      LH_RETURN_IF_ERROR(stmt.BindDouble(12, t.p95_us));
      LH_RETURN_IF_ERROR(stmt.BindDouble(13, t.p99_us));
      LH_RETURN_IF_ERROR(stmt.BindInt(14, t.build_ms));
      LH_RETURN_IF_ERROR(stmt.BindInt(15, t.memory_bytes));
      LH_RETURN_IF_ERROR(stmt.BindInt(16, t.promoted ? 1 : 0));
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return Internal("inserting a trial returned no id");
      t.id = stmt.ColumnInt(0);
    }
    return Status::Ok();
  });
}

Result<std::vector<TrialRecord>> TrialStore::List(std::string_view index_name, int32_t limit) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<TrialRecord>> {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare(StrCat("SELECT ", kColumns,
                                          " FROM vector_index_trials WHERE index_name "
                                          "= ? COLLATE NOCASE ORDER BY id DESC LIMIT ?")));
    LH_RETURN_IF_ERROR(stmt.BindText(1, index_name));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, limit));
    std::vector<TrialRecord> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(ReadTrial(stmt));
    }
    std::reverse(out.begin(), out.end());
    return out;
  });
}

Status TrialStore::MarkPromoted(int64_t id) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE vector_index_trials SET promoted = 1 WHERE id = ?"));
    LH_RETURN_IF_ERROR(stmt.BindInt(1, id));
    return stmt.Run();
  });
}

Status TrialStore::DeleteAll(std::string_view index_name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("DELETE FROM vector_index_trials WHERE index_name "
                                              "= ? COLLATE NOCASE"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, index_name));
    return stmt.Run();
  });
}

}  // namespace lakehouse
