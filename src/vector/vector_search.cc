// VectorService: search (HNSW or exact, with SQL filters resolved to allowed documents, rows
// fetched from the dataset) and RAG over the retrieved chunks.
#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_set>

#include "common/logging.h"
#include "sql/sql_literal.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

using vector_internal::FindColumn;
using vector_internal::Lower;

// Below this best score a retrieved chunk is not considered relevant context for RAG.
constexpr float kMinRagScore = 0.05f;

// A filter must be one boolean expression: no statement separators and no parenthesis that
// closes the WHERE clause it is placed in (checked outside string literals and quoted names).
Status CheckFilterShape(const std::string& filter) {
  if (filter.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("field 'filter' is empty");
  }
  int depth = 0;
  char quote = 0;
  for (char c : filter) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return InvalidArgument("filter has an unbalanced ')'");
    } else if (c == ';') {
      return InvalidArgument("filter must be a single SQL expression (no ';')");
    }
  }
  if (quote != 0) return InvalidArgument("filter has an unterminated quote");
  if (depth != 0) return InvalidArgument("filter has an unbalanced '('");
  if (filter.find("--") != std::string::npos || filter.find("/*") != std::string::npos) {
    return InvalidArgument("filter must not contain SQL comments");
  }
  return Status::Ok();
}

bool IsIntegerType(const std::string& type) {
  static const std::unordered_set<std::string> kIntegers = {
      "tinyint",  "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint",
      "uinteger", "ubigint",  "int",     "int2",   "int4",    "int8"};
  return kIntegers.count(Lower(type)) > 0;
}

// A canonical decimal int64, as CAST(integer AS VARCHAR) prints it.
bool IsInt64Literal(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::to_string(value) == text;
}

}  // namespace

Result<std::unordered_set<std::string>> VectorService::FilterDocs(const IndexDefinition& def,
                                                                  const std::string& filter) {
  LH_RETURN_IF_ERROR(CheckFilterShape(filter));
  SqlRequest request;
  request.sql = "SELECT DISTINCT CAST(" + SqlIdentifier(def.id_column) + " AS VARCHAR) FROM " +
                SqlIdentifier(def.dataset) + " WHERE (" + filter + ")";
  request.limit = QueryService::kMaxRowLimit;
  Result<Json> rows = queries_->Run(request);
  if (!rows.ok()) return rows.status().WithContext("filter");
  std::unordered_set<std::string> out;
  for (const Json& row : (*rows)["rows"]) {
    if (!row[0].is_null()) out.insert(row[0].get<std::string>());
  }
  return out;
}

Result<Json> VectorService::Search(const SearchRequest& request) {
  const int64_t started = deps_.clock->MonotonicMicros();
  std::shared_ptr<LiveIndex> index = Find(request.index);
  if (!index) return NotFound("vector index '", request.index, "' does not exist");
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    std::lock_guard<std::mutex> lock(index->mu);
    record = index->record;
    gen = index->gen;
    index->last_used = deps_.clock->NowMicros();
  }
  const IndexDefinition& def = record.definition;
  if (!gen)
    return FailedPrecondition("index '", def.name,
                              "' is unavailable: ", record.last_error.value_or("?"));
  if (record.built_from_version == 0 && gen->chunk_count() == 0) {
    return FailedPrecondition(
        "index '", def.name, "' has not finished its first build yet (status ", record.status, ")");
  }
  std::vector<float> query;
  if (request.vector) {
    query = *request.vector;
  } else if (request.query) {
    if (def.byo_vectors()) {
      return InvalidArgument("index '", def.name, "' holds external vectors (column '",
                             def.vector_column, "'): search with 'vector', not 'query'");
    }
    LH_ASSIGN_OR_RETURN(std::shared_ptr<Embedder> embedder, deps_.embedders(def.model));
    LH_ASSIGN_OR_RETURN(std::vector<std::vector<float>> embedded,
                        embedder->Embed({*request.query}));
    if (embedded.size() != 1) return Internal("embedder returned no vector for the query");
    query = std::move(embedded.front());
  } else {
    return InvalidArgument("give 'query' (text) or 'vector'");
  }
  int32_t dims = gen->dimensions();
  if (dims > 0 && static_cast<int32_t>(query.size()) != dims) {
    return InvalidArgument("'vector' has ", std::to_string(query.size()), " values; index '",
                           def.name, "' has ", std::to_string(dims), " dimensions");
  }
  std::optional<std::unordered_set<std::string>> allowed;
  if (request.filter) {
    LH_ASSIGN_OR_RETURN(allowed, FilterDocs(def, *request.filter));
  }
  LH_ASSIGN_OR_RETURN(std::vector<ChunkHit> hits,
                      gen->Search(query, request.k, request.exact, allowed ? &*allowed : nullptr));
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> dataset_ptr, datasets_.Get(def.dataset));
  const Dataset& dataset = *dataset_ptr;

  std::map<std::string, Json> rows;
  bool want_rows =
      request.include_rows && !hits.empty() && !(request.columns && request.columns->empty());
  if (want_rows) {
    std::string columns;
    if (request.columns) {
      for (const std::string& c : *request.columns) {
        if (FindColumn(dataset, c) == nullptr) {
          return InvalidArgument("dataset '", dataset.name, "' has no column '", c, "'");
        }
        columns += (columns.empty() ? "" : ", ") + SqlIdentifier(c);
      }
    } else if (def.byo_vectors()) {
      // The vectors themselves are what the caller just searched with, and reading that wide
      // column for the few rows fetched scans it whole (the id filter cannot skip row groups
      // of scattered ids): 355 ms against 8 ms at 100K × 384. Name it in "columns" to get it.
      columns = "* EXCLUDE (" + SqlIdentifier(def.vector_column) + ")";
    } else {
      columns = "*";
    }
    // Integer ids are compared as integers: DuckDB then pushes the IN list into the Parquet
    // scan, where CAST(id AS VARCHAR) would make it read (and cast) every row of every column.
    const Column* id_column = FindColumn(dataset, def.id_column);
    const bool integer_ids = id_column != nullptr && IsIntegerType(id_column->type) &&
                             std::all_of(hits.begin(), hits.end(), [](const ChunkHit& hit) {
                               return IsInt64Literal(hit.chunk.doc_id);
                             });
    std::string ids;
    for (const ChunkHit& hit : hits) {
      ids += (ids.empty() ? "" : ", ") +
             (integer_ids ? hit.chunk.doc_id : SqlStringLiteral(hit.chunk.doc_id));
    }
    const std::string id = SqlIdentifier(def.id_column);
    SqlRequest sql;
    sql.sql = "SELECT CAST(" + id + " AS VARCHAR) AS __lh_doc_id, " + columns + " FROM " +
              SqlIdentifier(def.dataset) + " WHERE " +
              (integer_ids ? id : "CAST(" + id + " AS VARCHAR)") + " IN (" + ids + ")";
    sql.limit = QueryService::kMaxRowLimit;
    LH_ASSIGN_OR_RETURN(Json result, queries_->Run(sql));
    const Json& cols = result["columns"];
    for (const Json& row : result["rows"]) {
      Json obj = Json::object();
      for (size_t c = 1; c < cols.size(); ++c) obj[cols[c]["name"].get<std::string>()] = row[c];
      if (!row[0].is_null()) rows[row[0].get<std::string>()] = std::move(obj);
    }
  }
  Json results = Json::array();
  for (const ChunkHit& hit : hits) {
    Json r = {{"doc_id", hit.chunk.doc_id},
              {"chunk_idx", hit.chunk.chunk_idx},
              {"chunk_text", hit.chunk.text},
              {"score", hit.score}};
    if (want_rows) {
      auto it = rows.find(hit.chunk.doc_id);
      r["row"] = it == rows.end() ? Json(nullptr) : it->second;
    }
    results.push_back(std::move(r));
  }
  return Json{
      {"results", std::move(results)},
      {"index", def.name},
      {"index_version", record.built_from_version},
      {"dataset_version", dataset.current_version},
      {"stale", dataset.current_version > record.built_from_version},
      {"exact", request.exact},
      {"elapsed_ms", static_cast<double>(deps_.clock->MonotonicMicros() - started) / 1000.0}};
}

Result<Json> VectorService::Rag(const RagRequest& request) {
  SearchRequest search;
  search.index = request.index;
  search.query = request.question;
  search.k = request.k;
  search.filter = request.filter;
  search.include_rows = false;
  LH_ASSIGN_OR_RETURN(Json found, Search(search));
  std::vector<RagSource> sources;
  for (const Json& hit : found["results"]) {
    if (hit["score"].get<float>() < kMinRagScore) continue;
    sources.push_back(RagSource{static_cast<int32_t>(sources.size() + 1),
                                hit["doc_id"].get<std::string>(), hit["chunk_idx"].get<int32_t>(),
                                hit["score"].get<float>(), hit["chunk_text"].get<std::string>()});
  }
  auto citation = [](const RagSource& s) {
    return Json{{"n", s.n},
                {"doc_id", s.doc_id},
                {"chunk_idx", s.chunk_idx},
                {"score", s.score},
                {"text", s.text}};
  };
  Json out = {{"index", found["index"]},
              {"index_version", found["index_version"]},
              {"dataset_version", found["dataset_version"]},
              {"stale", found["stale"]}};
  if (sources.empty()) {
    out["answer"] = std::string(kNoRelevantContext);
    out["citations"] = Json::array();
    out["mode"] = "extractive";
    out["model"] = nullptr;
    out["relevant_context"] = false;
    return out;
  }
  out["relevant_context"] = true;
  if (generator_) {
    auto [system, user] = BuildRagPrompt(request.question, sources);
    Result<std::pair<std::string, std::string>> generated = generator_(request.model, system, user);
    if (generated.ok()) {
      std::vector<int32_t> cited = CitedSources(generated->first, sources.size());
      Json citations = Json::array();
      for (const RagSource& s : sources) {
        if (cited.empty() || std::find(cited.begin(), cited.end(), s.n) != cited.end()) {
          citations.push_back(citation(s));
        }
      }
      out["answer"] = generated->first;
      out["citations"] = std::move(citations);
      out["mode"] = "generated";
      out["model"] = generated->second;
      return out;
    }
    if (generated.status().code() != StatusCode::kFailedPrecondition) return generated.status();
  }
  ExtractiveAnswer answer = BuildExtractiveAnswer(request.question, sources);
  Json citations = Json::array();
  for (const RagSource& s : sources) {
    if (std::find(answer.cited.begin(), answer.cited.end(), s.n) != answer.cited.end()) {
      citations.push_back(citation(s));
    }
  }
  out["answer"] = answer.answer;
  out["citations"] = std::move(citations);
  out["mode"] = "extractive";
  out["model"] = nullptr;
  out["relevant_context"] = !answer.cited.empty();
  return out;
}

}  // namespace lakehouse
