#include "vector/embedding_views.h"

#include "common/logging.h"
#include "sql/sql_literal.h"
#include "vector/part_merge_sql.h"

namespace lakehouse {

namespace {
constexpr const char* kSchema = "embeddings";
}  // namespace

Result<std::unique_ptr<EmbeddingViews>> EmbeddingViews::Create(const Database* query_db) {
  LH_ASSIGN_OR_RETURN(Connection conn, query_db->Connect());
  LH_RETURN_IF_ERROR(conn.Execute(std::string("CREATE SCHEMA IF NOT EXISTS ") + kSchema));
  return std::unique_ptr<EmbeddingViews>(new EmbeddingViews(std::move(conn)));
}

Status EmbeddingViews::Publish(const std::string& index, const PartFiles& files,
                               int32_t dimensions) {
  const std::string vector_type =
      dimensions > 0 ? "FLOAT[" + std::to_string(dimensions) + "]" : "FLOAT[]";
  PartFiles merged = files;
  MutexLock lock(mu_);
  if (!files.tail.empty()) {
    // An append-only tail (the common case after a compaction) needs no anti-join over the base.
    Result<QueryResult> deletes = conn_.Query(TailDeletesSql(files));
    if (deletes.ok()) {
      std::optional<DataChunk> chunk = deletes->NextChunk();
      merged.tail_deletes = !chunk || chunk->size() == 0 || chunk->GetInt64(0, 0).value_or(1) > 0;
    }
  }
  const std::string body = LiveChunksSql(merged, vector_type);
  return conn_.Execute("CREATE OR REPLACE VIEW " + std::string(kSchema) + "." +
                       SqlIdentifier(index) + " AS " + body);
}

void EmbeddingViews::Drop(const std::string& index) {
  MutexLock lock(mu_);
  Status s =
      conn_.Execute("DROP VIEW IF EXISTS " + std::string(kSchema) + "." + SqlIdentifier(index));
  if (!s.ok()) LH_LOG_WARN("dropping the embeddings view of '{}': {}", index, s.ToString());
}

}  // namespace lakehouse
