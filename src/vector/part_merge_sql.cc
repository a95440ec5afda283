#include "vector/part_merge_sql.h"

#include "sql/sql_literal.h"

namespace lakehouse {
namespace {

std::string Scan(const std::vector<std::string>& files) {
  std::string list;
  for (size_t i = 0; i < files.size(); ++i)
    list += (i == 0 ? "" : ", ") + SqlStringLiteral(files[i]);
  return "read_parquet([" + list + "], filename = true, union_by_name = true)";
}

std::vector<std::string> All(const PartFiles& files) {
  std::vector<std::string> all;
  if (files.base) all.push_back(*files.base);
  all.insert(all.end(), files.tail.begin(), files.tail.end());
  return all;
}

// The sequence number in a part or base file name (qualifier: "" or "a.").
std::string Seq(const std::string& qualifier) {
  return "CAST(regexp_extract(" + qualifier +
         "filename, '(part|base)-([0-9]+)\\.parquet$', 2) AS BIGINT)";
}

// The live 'add' rows of `files` as alias a (columns of a's scan), with the merge's joins: a
// document's last 'drop' as one number per document compared after an equi-join, and deletions
// as an anti-join. Each side scans the files on its own: DuckDB materialises a CTE referenced
// several times with every column (the vectors too), where plain scans read only what is used.
std::string LiveAdds(const std::vector<std::string>& files, const std::string& select) {
  const std::string scan = Scan(files);
  return "SELECT " + select + " FROM " + scan + " a LEFT JOIN (SELECT doc_id, max(" + Seq("") +
         ") AS dropped FROM " + scan +
         " WHERE op = 'drop' GROUP BY doc_id) x ON x.doc_id = a.doc_id "
         "WHERE a.op = 'add' AND NOT EXISTS (SELECT 1 FROM " +
         scan +
         " d WHERE d.op = 'del' AND d.label = a.label) AND (x.dropped IS NULL OR x.dropped <= " +
         Seq("a.") + ")";
}

}  // namespace

std::string LiveChunksSql(const PartFiles& files, const std::string& vector_type) {
  const std::string columns =
      "a.doc_id, a.chunk_idx, a.chunk_text, a.content_hash, CAST(a.vector AS " + vector_type +
      ") AS vector";
  if (files.empty()) {
    return "SELECT NULL::VARCHAR AS doc_id, NULL::INTEGER AS chunk_idx, NULL::VARCHAR AS "
           "chunk_text, NULL::VARCHAR AS content_hash, NULL::" +
           vector_type + " AS vector WHERE false";
  }
  if (!files.tail_deletes) {
    // Append-only: every 'add' row is live.
    std::vector<std::string> all = All(files);
    return "SELECT " + columns + " FROM " + Scan(all) + " a WHERE a.op = 'add'";
  }
  if (!files.base) return LiveAdds(files.tail, columns);
  const std::string base = "read_parquet(" + SqlStringLiteral(*files.base) + ")";
  if (files.tail.empty()) return "SELECT " + columns + " FROM " + base + " a WHERE a.op = 'add'";
  // Every tail part is later than the base: any 'drop' of a document removes its base chunks.
  const std::string tail = Scan(files.tail);
  return "SELECT " + columns + " FROM " + base +
         " a WHERE a.op = 'add' AND NOT EXISTS (SELECT 1 FROM " + tail +
         " d WHERE d.op = 'del' AND d.label = a.label) AND NOT EXISTS (SELECT 1 FROM " + tail +
         " x WHERE x.op = 'drop' AND x.doc_id = a.doc_id) UNION ALL " +
         LiveAdds(files.tail, columns);
}

std::string CompactedBaseSql(const PartFiles& files) {
  const std::vector<std::string> all = All(files);
  // A document's state is its last 'drop', 'doc' or 'add' row in apply order (file, then row):
  // a 'drop' last means it is gone; otherwise that row's hash is its hash (Apply sets the hash
  // from 'doc' rows, then from each 'add').
  const std::string last =
      "SELECT doc_id, arg_max({'op': op, 'hash': doc_hash}, " + Seq("") +
      " * 4294967296 + file_row_number) AS s FROM read_parquet([" +
      [&] {
        std::string list;
        for (size_t i = 0; i < all.size(); ++i)
          list += (i == 0 ? "" : ", ") + SqlStringLiteral(all[i]);
        return list;
      }() +
      "], filename = true, union_by_name = true, file_row_number = true) WHERE op IN ('drop', "
      "'doc', 'add') GROUP BY doc_id";
  const std::string docs =
      "SELECT doc_id, s.hash AS doc_hash FROM (" + last + ") WHERE s.op <> 'drop'";
  return "SELECT 'add' AS op, c.label, c.doc_id, c.chunk_idx, c.chunk_text, c.content_hash, "
         "d.doc_hash, c.vector FROM (" +
         LiveAdds(all, "a.label, a.doc_id, a.chunk_idx, a.chunk_text, a.content_hash, a.vector") +
         ") c JOIN (" + docs +
         ") d ON d.doc_id = c.doc_id UNION ALL SELECT 'doc', NULL, doc_id, NULL, NULL, NULL, "
         "doc_hash, NULL FROM (" +
         docs + ")";
}

std::string TailDeletesSql(const PartFiles& files) {
  if (files.tail.empty()) return "SELECT 0";
  return "SELECT count(*) FROM " + Scan(files.tail) + " WHERE op IN ('del', 'drop')";
}

}  // namespace lakehouse
