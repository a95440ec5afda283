#include "vector/index_store.h"

#include "catalog/catalog_statement.h"
#include "vector/index_store_schema.h"

namespace lakehouse {

IndexStore::IndexStore(Metastore* metastore) : metastore_(metastore) {
  metastore_->RegisterStoreSchema(kVectorStoreName, VectorStoreMigrations());
}

namespace {

constexpr std::string_view kColumns =
    "name, generation, role, dataset, definition, status, built_from_version, parts_seq, "
    "graph_seq, next_label, doc_count, chunk_count, last_embedded_at, build_ms, chunks_per_s, "
    "last_error, failures, next_retry_at, created_at, updated_at, last_used, recall";

constexpr std::string_view kStatusNames[] = {"building", "ready",  "refreshing",
                                             "failing",  "failed", "loading"};

std::string_view RoleName(IndexRole role) {
  return role == IndexRole::kActive ? "active" : "shadow";
}

Result<IndexRecord> ReadRecord(const CatalogStatement& row) {
  IndexRecord r;
  LH_ASSIGN_OR_RETURN(Json definition, ParseJson(row.ColumnText(4)));
  LH_ASSIGN_OR_RETURN(r.definition, ParseIndexDefinition(definition, IndexDefinition{}));
  r.generation = row.ColumnInt(1);
  r.role = row.ColumnText(2) == "shadow" ? IndexRole::kShadow : IndexRole::kActive;
  LH_ASSIGN_OR_RETURN(r.status, ParseIndexStatus(row.ColumnText(5)));
  r.built_from_version = row.ColumnInt(6);
  r.parts_seq = row.ColumnInt(7);
  r.graph_seq = row.ColumnInt(8);
  r.next_label = row.ColumnInt(9);
  r.doc_count = row.ColumnInt(10);
  r.chunk_count = row.ColumnInt(11);
  r.last_embedded_at = row.ColumnOptionalInt(12);
  r.build_ms = row.ColumnInt(13);
  r.chunks_per_s = row.ColumnDouble(14);
  r.last_error = row.ColumnOptionalText(15);
  r.failures = static_cast<int32_t>(row.ColumnInt(16));
  r.next_retry_at = row.ColumnOptionalInt(17);
  r.created_at = row.ColumnInt(18);
  r.updated_at = row.ColumnInt(19);
  r.last_used = row.ColumnOptionalInt(20);
  if (std::optional<std::string> recall = row.ColumnOptionalText(21)) {
    // A measurement that no longer parses is measured again rather than failing the index.
    Result<Json> json = ParseJson(*recall);
    if (json.ok()) {
      Result<RecallMeasurement> parsed = RecallMeasurement::FromJson(*json);
      if (parsed.ok()) r.recall = std::move(parsed).value();
    }
  }
  return r;
}

Status BindRecord(CatalogStatement& stmt, const IndexRecord& r) {
  LH_RETURN_IF_ERROR(stmt.BindText(1, r.definition.name));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, r.generation));
  LH_RETURN_IF_ERROR(stmt.BindText(3, RoleName(r.role)));
  LH_RETURN_IF_ERROR(stmt.BindText(4, r.definition.dataset));
  LH_RETURN_IF_ERROR(stmt.BindText(5, DumpJson(r.definition.ToJson())));
  LH_RETURN_IF_ERROR(stmt.BindText(6, IndexStatusName(r.status)));
  LH_RETURN_IF_ERROR(stmt.BindInt(7, r.built_from_version));
  LH_RETURN_IF_ERROR(stmt.BindInt(8, r.parts_seq));
  LH_RETURN_IF_ERROR(stmt.BindInt(9, r.graph_seq));
  LH_RETURN_IF_ERROR(stmt.BindInt(10, r.next_label));
  LH_RETURN_IF_ERROR(stmt.BindInt(11, r.doc_count));
  LH_RETURN_IF_ERROR(stmt.BindInt(12, r.chunk_count));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(13, r.last_embedded_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(14, r.build_ms));
  LH_RETURN_IF_ERROR(stmt.BindDouble(15, r.chunks_per_s));
  LH_RETURN_IF_ERROR(stmt.BindOptionalText(16, r.last_error));
  LH_RETURN_IF_ERROR(stmt.BindInt(17, r.failures));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(18, r.next_retry_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(19, r.created_at));
  LH_RETURN_IF_ERROR(stmt.BindInt(20, r.updated_at));
  LH_RETURN_IF_ERROR(stmt.BindOptionalInt(21, r.last_used));
  LH_RETURN_IF_ERROR(stmt.BindOptionalText(
      22, r.recall ? std::optional<std::string>(DumpJson(r.recall->ToJson())) : std::nullopt));
  return Status::Ok();
}

Status RunOne(CatalogDb& db, std::string_view sql, std::string_view name, int64_t generation) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(sql));
  LH_RETURN_IF_ERROR(stmt.BindText(1, name));
  LH_RETURN_IF_ERROR(stmt.BindInt(2, generation));
  return stmt.Run();
}

}  // namespace

std::string_view IndexStatusName(IndexStatus status) {
  return kStatusNames[static_cast<int>(status)];
}

Result<IndexStatus> ParseIndexStatus(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kStatusNames)); ++i) {
    if (kStatusNames[i] == name) return static_cast<IndexStatus>(i);
  }
  return DataLoss("unknown vector index status '", std::string(name), "' in the registry");
}

Status IndexStore::Insert(const IndexRecord& record) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto exists,
                        db.Prepare("SELECT 1 FROM vector_indexes WHERE name = ? COLLATE NOCASE "
                                   "AND role = ?"));
    LH_RETURN_IF_ERROR(exists.BindText(1, record.definition.name));
    LH_RETURN_IF_ERROR(exists.BindText(2, RoleName(record.role)));
    LH_ASSIGN_OR_RETURN(bool found, exists.Step());
    if (found) {
      return AlreadyExists("vector index '", record.definition.name, "' already exists");
    }
    LH_ASSIGN_OR_RETURN(
        auto stmt, db.Prepare(StrCat("INSERT INTO vector_indexes (", kColumns,
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
    LH_RETURN_IF_ERROR(BindRecord(stmt, record));
    return stmt.Run();
  });
}

Status IndexStore::Update(const IndexRecord& record) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(
        auto stmt, db.Prepare(StrCat("INSERT OR REPLACE INTO vector_indexes (", kColumns,
                                     ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")));
    LH_RETURN_IF_ERROR(BindRecord(stmt, record));
    return stmt.Run();
  });
}

Status IndexStore::SaveCheckpoint(std::string_view name, int64_t generation, int64_t parts_seq,
                                  int64_t next_label, int64_t doc_count, int64_t chunk_count) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("UPDATE vector_indexes SET parts_seq = ?3, next_label = ?4, "
                                   "doc_count = ?5, chunk_count = ?6 WHERE name = ?1 AND "
                                   "generation = ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, generation));
    LH_RETURN_IF_ERROR(stmt.BindInt(3, parts_seq));
    LH_RETURN_IF_ERROR(stmt.BindInt(4, next_label));
    LH_RETURN_IF_ERROR(stmt.BindInt(5, doc_count));
    LH_RETURN_IF_ERROR(stmt.BindInt(6, chunk_count));
    return stmt.Run();
  });
}

Status IndexStore::UpdateDefinition(const IndexDefinition& definition, int64_t generation) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("UPDATE vector_indexes SET definition = ?3 WHERE "
                                              "name = ?1 AND generation = ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, definition.name));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, generation));
    LH_RETURN_IF_ERROR(stmt.BindText(3, DumpJson(definition.ToJson())));
    return stmt.Run();
  });
}

Status IndexStore::TouchLastUsed(std::string_view name, int64_t now) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    return RunOne(db,
                  "UPDATE vector_indexes SET last_used = ?2 WHERE name = ?1 AND role = 'active'",
                  name, now);
  });
}

Status IndexStore::SaveRecall(std::string_view name, int64_t generation,
                              const RecallMeasurement& recall) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("UPDATE vector_indexes SET recall = ?3 WHERE "
                                              "name = ?1 AND generation = ?2"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_RETURN_IF_ERROR(stmt.BindInt(2, generation));
    LH_RETURN_IF_ERROR(stmt.BindText(3, DumpJson(recall.ToJson())));
    return stmt.Run();
  });
}

Result<std::optional<IndexRecord>> IndexStore::Get(std::string_view name, IndexRole role) {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::optional<IndexRecord>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(StrCat("SELECT ", kColumns,
                                                     " FROM vector_indexes WHERE name = ? COLLATE "
                                                     "NOCASE AND role = ?")));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    LH_RETURN_IF_ERROR(stmt.BindText(2, RoleName(role)));
    LH_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return std::optional<IndexRecord>();
    LH_ASSIGN_OR_RETURN(IndexRecord record, ReadRecord(stmt));
    return std::optional<IndexRecord>(std::move(record));
  });
}

Result<std::vector<IndexRecord>> IndexStore::List() {
  return metastore_->Read([&](CatalogDb& db) -> Result<std::vector<IndexRecord>> {
    LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(StrCat("SELECT ", kColumns,
                                                     " FROM vector_indexes ORDER BY name, "
                                                     "generation")));
    std::vector<IndexRecord> out;
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      LH_ASSIGN_OR_RETURN(IndexRecord record, ReadRecord(stmt));
      out.push_back(std::move(record));
    }
    return out;
  });
}

Status IndexStore::Delete(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto stmt,
                        db.Prepare("DELETE FROM vector_indexes WHERE name = ? COLLATE NOCASE"));
    LH_RETURN_IF_ERROR(stmt.BindText(1, name));
    return stmt.Run();
  });
}

Status IndexStore::PromoteShadow(std::string_view name) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    LH_ASSIGN_OR_RETURN(auto drop, db.Prepare("DELETE FROM vector_indexes WHERE name = ? COLLATE "
                                              "NOCASE AND role = 'active'"));
    LH_RETURN_IF_ERROR(drop.BindText(1, name));
    LH_RETURN_IF_ERROR(drop.Run());
    LH_ASSIGN_OR_RETURN(auto promote, db.Prepare("UPDATE vector_indexes SET role = 'active' WHERE "
                                                 "name = ? COLLATE NOCASE AND role = 'shadow'"));
    LH_RETURN_IF_ERROR(promote.BindText(1, name));
    return promote.Run();
  });
}

Status IndexStore::DeleteGeneration(std::string_view name, int64_t generation) {
  return metastore_->Write([&](CatalogDb& db) -> Status {
    return RunOne(db, "DELETE FROM vector_indexes WHERE name = ?1 AND generation = ?2", name,
                  generation);
  });
}

}  // namespace lakehouse
