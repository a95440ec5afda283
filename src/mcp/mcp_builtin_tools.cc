// McpServer's built-in tools: each reads as the caller's policy, like the HTTP route it mirrors.
#include <algorithm>

#include "catalog/catalog_json.h"
#include "mcp/mcp_server.h"

namespace lakehouse {
namespace {

Json Schema(Json properties, std::vector<std::string> required) {
  // `{}` in a call is a JSON null, which clients refuse: no properties is an empty object.
  if (properties.is_null()) properties = Json::object();
  return {{"type", "object"},
          {"properties", std::move(properties)},
          {"required", std::move(required)},
          {"additionalProperties", false}};
}

Json Tool(std::string_view name, std::string_view title, std::string_view description,
          Json input_schema) {
  return {{"name", name},
          {"title", title},
          {"description", description},
          {"inputSchema", std::move(input_schema)},
          {"annotations", {{"readOnlyHint", true}, {"openWorldHint", false}}}};
}

Status OnlyFields(const Json& arguments, std::initializer_list<std::string_view> allowed) {
  return RejectUnknownFields(arguments, allowed);
}

Result<int32_t> BoundedInt(const Json& arguments, std::string_view field, int64_t fallback,
                           int64_t low, int64_t high) {
  LH_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalInt(arguments, field));
  const int64_t v = value.value_or(fallback);
  if (v < low || v > high) {
    return InvalidArgument("'", field, "' must be in [", low, ", ", high, "]");
  }
  return static_cast<int32_t>(v);
}

}  // namespace

Json McpServer::BuiltinToolList() {
  return Json::array(
      {Tool(
           "sql_query", "Run read-only SQL",
           "Run one read-only SQL statement (DuckDB dialect) over the datasets you may read; "
           "masked columns stay masked. At most 1000 rows.",
           Schema(
               {{"sql", {{"type", "string"}, {"description", "one SELECT statement"}}},
                {"limit",
                 {{"type", "integer"}, {"minimum", 1}, {"maximum", kSqlRowCap}, {"default", 100}}}},
               {"sql"})),
       Tool("vector_search", "Semantic search",
            "Search a vector index for the chunks closest to a text; rows of the hits included.",
            Schema({{"index", {{"type", "string"}}},
                    {"query", {{"type", "string"}}},
                    {"k", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}, {"default", 10}}},
                    {"filter",
                     {{"type", "string"},
                      {"description", "SQL boolean expression over the dataset's columns"}}}},
                   {"index", "query"})),
       Tool("ask", "Ask (RAG)",
            "Answer a question from the chunks of a vector index, citing them (retrieval-"
            "augmented generation; extractive when no generator is configured).",
            Schema({{"index", {{"type", "string"}}},
                    {"question", {{"type", "string"}}},
                    {"k", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}, {"default", 5}}}},
                   {"index", "question"})),
       Tool("list_datasets", "List datasets",
            "The datasets you may read: name, description, rows, columns, tags.", Schema({}, {})),
       Tool("describe_dataset", "Describe a dataset",
            "One dataset's schema (column types, descriptions, sensitivity, PII), description "
            "and freshness.",
            Schema({{"name", {{"type", "string"}}}}, {"name"}))});
}

bool McpServer::IsBuiltin(std::string_view name) {
  static const std::vector<std::string_view> kNames = {"sql_query", "vector_search", "ask",
                                                       "list_datasets", "describe_dataset"};
  return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

Result<Json> McpServer::CallBuiltin(const std::string& name, const Json& arguments,
                                    const AccessPolicy& policy, McpReads& reads) {
  if (name == "sql_query") return SqlQuery(arguments, policy, reads);
  if (name == "vector_search") return VectorSearch(arguments, policy, reads);
  if (name == "ask") return Ask(arguments, policy, reads);
  if (name == "list_datasets") {
    LH_RETURN_IF_ERROR(OnlyFields(arguments, {}));
    return ListDatasets(policy);
  }
  return DescribeDataset(arguments, policy);
}

// The reads each records are what its HTTP route records (api/query_handlers.cc,
// api/vector_handlers.cc).
Result<Json> McpServer::SqlQuery(const Json& arguments, const AccessPolicy& policy,
                                 McpReads& reads) {
  LH_RETURN_IF_ERROR(OnlyFields(arguments, {"sql", "limit"}));
  SqlRequest request;
  LH_ASSIGN_OR_RETURN(request.sql, RequiredString(arguments, "sql"));
  LH_ASSIGN_OR_RETURN(int32_t limit, BoundedInt(arguments, "limit", 100, 1, kSqlRowCap));
  request.limit = limit;
  LH_ASSIGN_OR_RETURN(request.scope, deps_.policy_views->ScopeFor(policy));
  reads.sql = request.sql;
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, deps_.queries->Query(request));
  reads.row_count = static_cast<int64_t>(answer.rows->rows.size());
  reads.datasets = answer.tables;
  reads.rows = answer.rows;
  return QueryAnswerToJson(answer);
}

Result<Json> McpServer::VectorSearch(const Json& arguments, const AccessPolicy& policy,
                                     McpReads& reads) {
  LH_RETURN_IF_ERROR(OnlyFields(arguments, {"index", "query", "k", "filter"}));
  SearchRequest search;
  LH_ASSIGN_OR_RETURN(search.index, RequiredString(arguments, "index"));
  LH_ASSIGN_OR_RETURN(std::string query, RequiredString(arguments, "query"));
  search.query = std::move(query);
  LH_ASSIGN_OR_RETURN(search.k, BoundedInt(arguments, "k", 10, 1, 100));
  LH_ASSIGN_OR_RETURN(search.filter, OptionalString(arguments, "filter"));
  LH_ASSIGN_OR_RETURN(search.scope, deps_.policy_views->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(SearchResults found, deps_.vectors->Search(search));
  reads.index = found.index;
  for (const auto& hits : found.hits) {
    for (const ChunkHit& hit : hits) reads.AddDocId(hit.chunk.doc_id);
  }
  return ParseJson(found.ToJson(false));
}

Result<Json> McpServer::Ask(const Json& arguments, const AccessPolicy& policy, McpReads& reads) {
  LH_RETURN_IF_ERROR(OnlyFields(arguments, {"index", "question", "k"}));
  RagRequest rag;
  LH_ASSIGN_OR_RETURN(rag.index, RequiredString(arguments, "index"));
  LH_ASSIGN_OR_RETURN(rag.question, RequiredString(arguments, "question"));
  if (rag.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("'question' is empty");
  }
  LH_ASSIGN_OR_RETURN(rag.k, BoundedInt(arguments, "k", 5, 1, 50));
  LH_ASSIGN_OR_RETURN(rag.scope, deps_.policy_views->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(RagAnswer answer, deps_.vectors->Rag(rag));
  reads.index = answer.index.empty() ? rag.index : answer.index;
  for (const RagSource& cited : answer.citations) reads.AddDocId(cited.doc_id);
  return answer.ToJson();
}

Result<Json> McpServer::ListDatasets(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> datasets, VisibleDatasets(policy));
  Json out = Json::array();
  for (const Dataset& d : datasets) {
    Json columns = Json::array();
    for (const Column& c : d.columns) columns.push_back(c.name);
    out.push_back({{"name", d.name},
                   {"description", d.description},
                   {"row_count", d.row_count},
                   {"tags", d.tags},
                   {"columns", std::move(columns)},
                   {"uri", "lakehouse://datasets/" + d.name}});
  }
  return Json{{"datasets", std::move(out)}};
}

Result<Json> McpServer::DescribeDataset(const Json& arguments, const AccessPolicy& policy) {
  LH_RETURN_IF_ERROR(OnlyFields(arguments, {"name"}));
  LH_ASSIGN_OR_RETURN(std::string name, RequiredString(arguments, "name"));
  LH_ASSIGN_OR_RETURN(Dataset dataset, VisibleDataset(name, policy));
  return DatasetToJson(dataset);
}

}  // namespace lakehouse
