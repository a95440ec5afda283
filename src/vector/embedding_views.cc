#include "vector/embedding_views.h"

#include "common/logging.h"
#include "sql/sql_literal.h"

namespace lakehouse {

namespace {
constexpr const char* kSchema = "embeddings";
}  // namespace

Result<std::unique_ptr<EmbeddingViews>> EmbeddingViews::Create(const Database* query_db) {
  LH_ASSIGN_OR_RETURN(Connection conn, query_db->Connect());
  LH_RETURN_IF_ERROR(conn.Execute(std::string("CREATE SCHEMA IF NOT EXISTS ") + kSchema));
  return std::unique_ptr<EmbeddingViews>(new EmbeddingViews(std::move(conn)));
}

Status EmbeddingViews::Publish(const std::string& index, const std::vector<std::string>& parts,
                               int32_t dimensions) {
  const std::string vector_type =
      dimensions > 0 ? "FLOAT[" + std::to_string(dimensions) + "]" : "FLOAT[]";
  std::string body;
  if (parts.empty()) {
    body =
        "SELECT NULL::VARCHAR AS doc_id, NULL::INTEGER AS chunk_idx, NULL::VARCHAR AS "
        "chunk_text, NULL::VARCHAR AS content_hash, NULL::" +
        vector_type + " AS vector WHERE false";
  } else {
    std::string files;
    for (size_t i = 0; i < parts.size(); ++i) {
      files += (i == 0 ? "" : ", ") + SqlStringLiteral(parts[i]);
    }
    // seq orders the parts (file names carry it, zero-padded); a 'drop' applies to the chunks
    // added before it, i.e. in earlier parts (inside a part, drops precede adds). Each side reads
    // the parts on its own, with no shared CTE: DuckDB materialises a CTE referenced three times,
    // with every column (the vectors too), where a plain scan reads only the columns a query
    // uses — count(*) then reads op, label, doc_id and the file name, never the vectors.
    const std::string scan = "read_parquet([" + files + "], filename = true, union_by_name = true)";
    auto seq = [](const std::string& q) {
      return "CAST(regexp_extract(" + q + "filename, 'part-([0-9]+)\\.parquet$', 1) AS BIGINT)";
    };
    // Both deletions are equi-joins (hash joins): a document's last 'drop' as one number per
    // document, compared after the join, instead of a correlated inequality.
    body = "SELECT a.doc_id, a.chunk_idx, a.chunk_text, a.content_hash, CAST(a.vector AS " +
           vector_type + ") AS vector FROM " + scan + " a LEFT JOIN (SELECT doc_id, max(" +
           seq("") + ") AS dropped FROM " + scan +
           " WHERE op = 'drop' GROUP BY doc_id) x ON x.doc_id = a.doc_id "
           "WHERE a.op = 'add' AND NOT EXISTS (SELECT 1 FROM " +
           scan +
           " d WHERE d.op = 'del' AND d.label = a.label) AND (x.dropped IS NULL OR x.dropped <= " +
           seq("a.") + ")";
  }
  MutexLock lock(mu_);
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
