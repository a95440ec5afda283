// VectorService: search (HNSW or exact, with SQL filters resolved to allowed documents once per
// dataset version, rows from the row cache or fetched from the dataset) and RAG over the
// retrieved chunks.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <string>
#include <unordered_set>

#include "common/logging.h"
#include "common/mutex.h"
#include "sql/sql_literal.h"
#include "telemetry/span.h"
#include "vector/vector_service.h"
#include "vector/vector_service_internal.h"

namespace lakehouse {
namespace {

using vector_internal::FindColumn;

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
  return kIntegers.count(AsciiLower(type)) > 0;
}

// A canonical decimal int64, as CAST(integer AS VARCHAR) prints it.
bool IsInt64Literal(const std::string& text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::to_string(value) == text;
}

// Whether a restricted policy may read an index's chunk text: its text column and every column its
// context template names ({name}; {chunk} is the chunk itself) are shown to it unredacted.
bool ChunkTextReadable(const IndexDefinition& def, const PolicyScope& scope) {
  auto clear = scope.clear_columns.find(AsciiLower(def.dataset));
  if (clear == scope.clear_columns.end()) return false;
  if (def.text_column.empty() || !clear->second.contains(AsciiLower(def.text_column))) {
    return false;
  }
  const std::string& t = def.context_template;
  for (size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
    const size_t close = t.find('}', open);
    if (close == std::string::npos) break;
    const std::string name = AsciiLower(t.substr(open + 1, close - open - 1));
    if (name != "chunk" && !clear->second.contains(name)) return false;
  }
  return true;
}

}  // namespace

Result<std::shared_ptr<const ResolvedFilter>> VectorService::FilterDocs(
    const IndexDefinition& def, const Dataset& dataset, const std::string& filter,
    const std::shared_ptr<const PolicyScope>& scope, const Json& params) {
  LH_RETURN_IF_ERROR(CheckFilterShape(filter));
  // Under a restricted policy the filter runs over the policy's views: its own entry.
  // Bound values are part of what the filter selects: they are part of its key.
  const std::string keyed = params.is_null() ? filter : filter + "\nparams:" + params.dump();
  const FilterKey key{dataset.id, dataset.current_version, def.id_column,
                      scope ? "policy:" + scope->catalog + "\n" + keyed : keyed};
  if (std::shared_ptr<const ResolvedFilter> cached = filter_cache_.Find(key)) return cached;
  // Only a filter that passed every check below is ever cached, under the exact text checked.
  SqlRequest request;
  request.sql = "SELECT DISTINCT CAST(" + SqlIdentifier(def.id_column) + " AS VARCHAR) FROM " +
                SqlIdentifier(def.dataset) + " WHERE (" + filter + ")";
  request.limit = QueryService::kMaxRowLimit;
  request.scope = scope;
  request.params = params;
  Result<QueryAnswer> answer = queries_->Query(request);
  if (!answer.ok()) return answer.status().WithContext("filter");
  const RowSet& rows = *answer->rows;
  std::unordered_set<std::string> docs;
  docs.reserve(rows.row_count());
  for (const std::vector<SqlValue>& row : rows.rows) {
    if (const std::string* doc_id = row[0].AsString()) docs.insert(*doc_id);
  }
  // The view may have moved to a newer version while the filter ran: keep the set only when
  // the version it is filed under is still current.
  Result<std::shared_ptr<const Dataset>> now = datasets_.Get(def.dataset);
  if (now.ok() && (*now)->id == dataset.id && (*now)->current_version == dataset.current_version) {
    return filter_cache_.Insert(key, std::move(docs));
  }
  return std::make_shared<const ResolvedFilter>(std::move(docs));
}

Status VectorService::FetchRows(const IndexDefinition& def, const Dataset& dataset,
                                const std::optional<std::vector<std::string>>& requested,
                                SearchResults* out,
                                const std::shared_ptr<const PolicyScope>& scope) {
  std::string columns;
  if (requested) {
    for (const std::string& c : *requested) {
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
  std::set<std::string> doc_ids;
  for (const std::vector<ChunkHit>& query_hits : out->hits) {
    for (const ChunkHit& hit : query_hits) doc_ids.insert(hit.chunk.doc_id);
  }
  const std::string id = SqlIdentifier(def.id_column);
  // Composed only of quoted names and literals: no client text, so no sandbox checks.
  const std::string select = "SELECT CAST(" + id + " AS VARCHAR) AS __lh_doc_id, " + columns +
                             " FROM " + SqlIdentifier(def.dataset);
  const RowSetKey key{dataset.id, dataset.current_version, def.id_column, columns};
  // The row cache holds unrestricted rows: a restricted policy always reads its own views.
  if (std::shared_ptr<const CachedRowSet> cached = scope ? nullptr : row_cache_.Find(key)) {
    for (const std::string& doc_id : doc_ids) {
      auto it = cached->rows.find(doc_id);
      if (it != cached->rows.end()) out->rows.emplace(doc_id, it->second);
    }
    return Status::Ok();
  }
  if (!scope) {
    row_cache_.Request(
        key, select,
        [this, name = dataset.name, id = dataset.id, version = dataset.current_version] {
          Result<std::shared_ptr<const Dataset>> now = datasets_.Get(name);
          return now.ok() && (*now)->id == id && (*now)->current_version == version;
        });
  }
  // Integer ids are compared as integers: DuckDB then pushes the IN list into the Parquet
  // scan, where CAST(id AS VARCHAR) would make it read (and cast) every row of every column.
  const Column* id_column = FindColumn(dataset, def.id_column);
  const bool integer_ids = id_column != nullptr && IsIntegerType(id_column->type) &&
                           std::all_of(doc_ids.begin(), doc_ids.end(), IsInt64Literal);
  std::string ids;
  for (const std::string& doc_id : doc_ids) {
    ids += (ids.empty() ? "" : ", ") + (integer_ids ? doc_id : SqlStringLiteral(doc_id));
  }
  const std::string sql =
      select + " WHERE " + (integer_ids ? id : "CAST(" + id + " AS VARCHAR)") + " IN (" + ids + ")";
  LH_ASSIGN_OR_RETURN(QueryAnswer answer,
                      queries_->QueryComposed(sql, QueryService::kMaxRowLimit, scope));
  RowsByDocId(*answer.rows, &out->rows);
  return Status::Ok();
}

Result<SearchResults> VectorService::RunSearches(const SearchBatchRequest& request,
                                                 bool include_rows, bool batch) {
  const int64_t started = deps_.clock->MonotonicMicros();
  std::shared_ptr<LiveIndex> index = Find(request.index);
  if (!index) return NotFound("vector index '", request.index, "' does not exist");
  IndexRecord record;
  std::shared_ptr<IndexGeneration> gen;
  {
    MutexLock lock(index->mu);
    LH_RETURN_IF_ERROR(index->RefuseWhileLoading());
    record = index->record;
    gen = index->gen;
    index->last_used = deps_.clock->NowMicros();
  }
  const IndexDefinition& def = record.definition;
  if (!gen)
    return FailedPrecondition("index '", def.name,
                              "' is unavailable: ", record.last_error.value_or("?"));
  if (record.built_from_version == 0 && gen->chunk_count() == 0) {
    return FailedPrecondition("index '", def.name,
                              "' has not finished its first build yet (status ",
                              IndexStatusName(record.status), ")");
  }
  for (size_t i = 0; i < request.queries.size(); ++i) {
    if (request.queries[i].find_first_not_of(" \t\r\n") == std::string::npos) {
      return InvalidArgument(batch ? "'queries[" + std::to_string(i) + "]'" : "field 'query'",
                             " is empty: give the text to search for");
    }
  }
  // An index over a dataset the policy is not granted does not exist for it.
  if (request.scope && !request.scope->tables.contains(AsciiLower(def.dataset))) {
    return NotFound("vector index '", request.index, "' does not exist");
  }
  LH_ASSIGN_OR_RETURN(std::shared_ptr<const Dataset> snapshot, datasets_.Get(def.dataset));
  LH_RETURN_IF_ERROR(CheckBoundDataset(def, snapshot->id));
  std::vector<std::vector<float>> embedded;
  const std::vector<std::vector<float>>* queries = &request.vectors;
  if (!request.queries.empty() && def.byo_vectors()) {
    return InvalidArgument("index '", def.name, "' holds external vectors (column '",
                           def.vector_column, "'): search with '", batch ? "vectors" : "vector",
                           "', not '", batch ? "queries" : "query", "'");
  }
  if (!request.queries.empty() && request.mode != SearchMode::kKeyword) {
    LH_ASSIGN_OR_RETURN(std::shared_ptr<Embedder> embedder, deps_.embedders(def.model));
    LH_ASSIGN_OR_RETURN(embedded, embedder->Embed(request.queries));
    if (embedded.size() != request.queries.size()) {
      return Internal("embedder returned ", std::to_string(embedded.size()), " vectors for ",
                      std::to_string(request.queries.size()), " queries");
    }
    queries = &embedded;
  }
  const int32_t dims = gen->dimensions();
  for (size_t i = 0; i < queries->size(); ++i) {
    const std::vector<float>& q = (*queries)[i];
    const std::string name = batch ? "'vectors[" + std::to_string(i) + "]'" : "'vector'";
    if (dims > 0 && static_cast<int32_t>(q.size()) != dims) {
      return InvalidArgument(name, " has ", std::to_string(q.size()), " values; index '", def.name,
                             "' has ", std::to_string(dims), " dimensions");
    }
    if (!std::all_of(q.begin(), q.end(), [](float x) { return std::isfinite(x); })) {
      return InvalidArgument(name, " must contain finite numbers within float range");
    }
  }
  const Dataset& dataset = *snapshot;
  std::shared_ptr<const ResolvedFilter> allowed;
  std::shared_ptr<const std::vector<uint64_t>> allowed_labels;
  // A restricted policy sees only the documents its views show (its row filters), whether or not
  // the caller filtered.
  if (request.filter || request.scope) {
    LH_ASSIGN_OR_RETURN(allowed, FilterDocs(def, dataset, request.filter.value_or("true"),
                                            request.scope, request.filter_params));
    allowed_labels = allowed->Labels(gen);
  }
  SearchResults out;
  out.index = def.name;
  out.index_version = record.built_from_version;
  out.exact = request.exact;
  out.mode = request.mode;
  std::vector<std::vector<ChunkHit>>& hits = out.hits;
  const RetrievalSpec spec{request.mode,         request.hybrid,
                           request.rerank,       request.k,
                           request.exact,        allowed ? &allowed->docs() : nullptr,
                           allowed_labels.get(), request.ef_search.value_or(0)};
  const size_t count = std::max(request.queries.size(), request.vectors.size());
  hits.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const std::span<const float> vector =
        i < queries->size() ? std::span<const float>((*queries)[i]) : std::span<const float>();
    const std::string_view text =
        i < request.queries.size() ? std::string_view(request.queries[i]) : std::string_view();
    LH_ASSIGN_OR_RETURN(hits.emplace_back(),
                        RetrieveChunks(*gen, vector, text, spec, reranker_, &out.reranked_by));
  }
  out.dataset_version = dataset.current_version;
  if (request.scope && !ChunkTextReadable(def, *request.scope)) {
    for (std::vector<ChunkHit>& query_hits : hits) {
      for (ChunkHit& hit : query_hits) hit.chunk.text.clear();
    }
  }

  // One row fetch for the documents of every query.
  const bool any_hits = std::any_of(hits.begin(), hits.end(),
                                    [](const std::vector<ChunkHit>& h) { return !h.empty(); });
  out.with_rows = include_rows && !(request.columns && request.columns->empty());
  if (out.with_rows && any_hits) {
    LH_RETURN_IF_ERROR(FetchRows(def, dataset, request.columns, &out, request.scope));
  }
  out.elapsed_ms = static_cast<double>(deps_.clock->MonotonicMicros() - started) / 1000.0;
  return out;
}

Result<SearchResults> VectorService::Search(const SearchRequest& request) {
  SearchBatchRequest one;
  one.index = request.index;
  if (request.vector) {
    one.vectors.push_back(*request.vector);
  } else if (request.query) {
    one.queries.push_back(*request.query);
  } else {
    return InvalidArgument("give 'query' (text) or 'vector'");
  }
  one.k = request.k;
  one.filter = request.filter;
  one.filter_params = request.filter_params;
  one.columns = request.columns;
  one.exact = request.exact;
  one.mode = request.mode;
  one.hybrid = request.hybrid;
  one.rerank = request.rerank;
  one.ef_search = request.ef_search;
  one.scope = request.scope;
  Span span("vector.search");
  span.SetAttribute("lakehouse.index", request.index);
  span.SetAttribute("lakehouse.search.k", static_cast<int64_t>(request.k));
  span.SetAttribute("lakehouse.search.text", request.query.has_value());
  Result<SearchResults> results = RunSearches(one, request.include_rows, /*batch=*/false);
  if (!results.ok()) span.SetError(results.status().message());
  return results;
}

Result<SearchResults> VectorService::SearchBatch(const SearchBatchRequest& request) {
  const size_t n = request.queries.size() + request.vectors.size();
  if (request.queries.empty() == request.vectors.empty()) {
    return InvalidArgument("give exactly one of 'queries' (texts) and 'vectors'");
  }
  if (n > SearchBatchRequest::kMaxQueries) {
    return InvalidArgument("a batch holds at most ",
                           std::to_string(SearchBatchRequest::kMaxQueries), " queries, got ",
                           std::to_string(n));
  }
  Span span("vector.search");
  span.SetAttribute("lakehouse.index", request.index);
  span.SetAttribute("lakehouse.search.k", static_cast<int64_t>(request.k));
  span.SetAttribute("lakehouse.search.queries", static_cast<int64_t>(n));
  Result<SearchResults> results = RunSearches(request, /*include_rows=*/true, /*batch=*/true);
  if (!results.ok()) span.SetError(results.status().message());
  return results;
}

Result<RagAnswer> VectorService::Rag(const RagRequest& request) {
  if (!request.model.empty()) {
    // A model the caller named must be usable, whether or not the answer will need it: quietly
    // answering extractively instead would hide a misconfiguration (as /ai/generate does not).
    if (!generator_) return FailedPrecondition("no generator is configured");
    LH_RETURN_IF_ERROR(generator_(request.model, "", "").status());
  }
  SearchRequest search;
  search.index = request.index;
  search.query = request.question;
  search.k = request.k;
  search.filter = request.filter;
  search.include_rows = false;
  search.mode = request.mode;
  search.hybrid = request.hybrid;
  search.rerank = request.rerank;
  search.scope = request.scope;
  LH_ASSIGN_OR_RETURN(SearchResults found, Search(search));
  // The relevance floor is for cosine similarities; BM25, RRF and rerank scores have their own
  // scales, and those modes only return chunks that matched.
  const bool cosine_scores = request.mode == SearchMode::kVector && !request.rerank;
  std::vector<RagSource> sources;
  for (const ChunkHit& hit : found.hits.front()) {
    if (cosine_scores && hit.score < kMinRagScore) continue;
    if (hit.chunk.text.empty()) continue;  // text the caller's policy may not read
    sources.push_back(RagSource{static_cast<int32_t>(sources.size() + 1), hit.chunk.doc_id,
                                hit.chunk.chunk_idx, hit.score, hit.chunk.text});
  }
  RagAnswer out;
  out.index = found.index;
  out.index_version = found.index_version;
  out.dataset_version = found.dataset_version;
  out.search_mode = found.mode;
  out.reranked_by = found.reranked_by;
  if (sources.empty()) {
    out.answer = kNoRelevantContext;
    out.mode = RagAnswerMode::kExtractive;
    out.relevant_context = false;
    return out;
  }
  out.relevant_context = true;
  if (generator_) {
    auto [system, user] = BuildRagPrompt(request.question, sources);
    Result<std::pair<std::string, std::string>> generated = generator_(request.model, system, user);
    if (generated.ok()) {
      std::vector<int32_t> cited = CitedSources(generated->first, sources.size());
      for (const RagSource& s : sources) {
        if (cited.empty() || std::find(cited.begin(), cited.end(), s.n) != cited.end()) {
          out.citations.push_back(s);
        }
      }
      out.answer = std::move(generated->first);
      out.mode = RagAnswerMode::kGenerated;
      out.model = std::move(generated->second);
      return out;
    }
    // Only the default model may be missing (then the answer is extractive); a named one was
    // checked above.
    if (generated.status().code() != StatusCode::kFailedPrecondition || !request.model.empty()) {
      return generated.status();
    }
  }
  ExtractiveAnswer answer = BuildExtractiveAnswer(request.question, sources);
  for (const RagSource& s : sources) {
    if (std::find(answer.cited.begin(), answer.cited.end(), s.n) != answer.cited.end()) {
      out.citations.push_back(s);
    }
  }
  out.answer = std::move(answer.answer);
  out.mode = RagAnswerMode::kExtractive;
  out.relevant_context = !answer.cited.empty();
  return out;
}

}  // namespace lakehouse
