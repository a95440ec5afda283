#include "tools/tool_service.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hash.h"
#include "common/logging.h"
#include "sql/result_json.h"
#include "sql/sql_literal.h"
#include "tools/tool_parameters.h"

namespace lakehouse {
namespace {

// A value of `p`'s type to prepare and run the template with at definition time: its default,
// else its first enum value, else a neutral value of its type.
Json SampleValue(const ToolParameter& p) {
  if (p.default_value) return *p.default_value;
  if (!p.enum_values.empty()) return p.enum_values.front();
  switch (p.type) {
    case ParamType::kString:
      return "";
    case ParamType::kInteger:
      return p.minimum ? Json(static_cast<int64_t>(*p.minimum)) : Json(0);
    case ParamType::kNumber:
      return p.minimum ? Json(*p.minimum) : Json(0.0);
    case ParamType::kBoolean:
      return false;
  }
  return nullptr;
}

Json SampleArguments(const ToolDefinition& tool) {
  Json out = Json::object();
  for (const ToolParameter& p : tool.parameters) out[p.name] = SampleValue(p);
  return out;
}

// `column op $param` AND-ed over the filters whose parameter has a value.
std::pair<std::string, Json> SearchFilterSql(const ToolDefinition& tool, const Json& resolved) {
  std::string filter;
  Json params = Json::object();
  for (const SearchFilter& f : tool.filters) {
    auto it = resolved.find(f.param);
    if (it == resolved.end() || it->is_null()) continue;
    if (!filter.empty()) filter += " AND ";
    filter += SqlIdentifier(f.column) + " " + f.op + " $" + f.param;
    params[f.param] = *it;
  }
  return {filter, params.empty() ? Json() : params};
}

}  // namespace

Json ToolCallResult::ToJson() const {
  Json out = RowSetToJson(*rows);
  out["tool"] = tool;
  out["row_count"] = rows->row_count();
  out["truncated"] = rows->truncated;
  out["fingerprint"] = fingerprint;
  out["elapsed_ms"] = elapsed_ms;
  return out;
}

ToolService::ToolService(ToolStore* store, QueryService* queries, PolicyViews* policy_views,
                         DatasetAuthorizer* authorizer, VectorService* vectors, const Clock* clock)
    : store_(store),
      queries_(queries),
      policy_views_(policy_views),
      authorizer_(authorizer),
      vectors_(vectors),
      clock_(clock) {}

bool ToolService::MayCall(const AccessPolicy& policy, const ToolDefinition& tool) const {
  if (policy.unrestricted() || policy.IsAdmin()) return true;
  if (tool.permission == Permission::kAdmin) return false;
  if (tool.roles.empty()) return true;
  const std::vector<std::string>& held = policy.principal().roles;
  return std::any_of(tool.roles.begin(), tool.roles.end(), [&](const std::string& role) {
    return std::find(held.begin(), held.end(), role) != held.end();
  });
}

Status ToolService::CheckCallable(const AccessPolicy& policy, const ToolDefinition& tool) const {
  if (!MayCall(policy, tool)) return NotFound("tool '", tool.name, "' not found");
  if (tool.permission == Permission::kAdmin) return CheckAdmin(policy, "calling this tool");
  // Read access is the policy scope's to enforce (a table outside the grants is not there);
  // write needs the permission on every dataset the tool reads.
  if (tool.permission == Permission::kWrite) {
    for (const std::string& dataset : tool.datasets) {
      LH_RETURN_IF_ERROR(authorizer_->Require(policy, dataset, Permission::kWrite));
    }
  }
  return Status::Ok();
}

Status ToolService::Validate(ToolDefinition* tool) {
  // Defaults must pass their own parameter's checks (enum, range, length).
  LH_RETURN_IF_ERROR(ResolveArguments(*tool, SampleArguments(*tool)).status());
  return tool->kind == ToolKind::kSql ? ValidateSql(tool) : ValidateSearch(tool);
}

Status ToolService::ValidateSql(ToolDefinition* tool) {
  LH_ASSIGN_OR_RETURN(SqlTemplate parsed, ParseSqlTemplate(tool->sql));
  LH_RETURN_IF_ERROR(CheckSqlTemplate(*tool, parsed));
  // Every identifier the template may take is prepared and run once (others at their sample).
  std::vector<Json> trials = {SampleArguments(*tool)};
  for (const std::string& name : parsed.identifier_params) {
    for (const Json& value : tool->FindParameter(name)->enum_values) {
      Json args = SampleArguments(*tool);
      args[name] = value;
      trials.push_back(std::move(args));
    }
  }
  std::set<std::string> datasets;
  for (const Json& args : trials) {
    LH_ASSIGN_OR_RETURN(Json resolved, ResolveArguments(*tool, args));
    LH_ASSIGN_OR_RETURN(BoundSql bound, BindSqlTemplate(*tool, resolved));
    SqlRequest request;
    request.sql = bound.sql;
    request.params = bound.params;
    request.limit = 0;
    request.use_cache = false;
    Result<QueryAnswer> answer = queries_->Query(request);
    if (!answer.ok()) {
      return InvalidArgument("tool '", tool->name, "': the SQL template does not run against ",
                             "the current schema with sample arguments ", args.dump(), ": ",
                             answer.status().message());
    }
    for (const std::string& c : tool->columns) {
      if (!answer->rows->ColumnIndex(c)) {
        return InvalidArgument("tool '", tool->name, "': the statement has no column '", c, "'");
      }
    }
    datasets.insert(answer->tables.begin(), answer->tables.end());
  }
  tool->datasets.assign(datasets.begin(), datasets.end());
  return Status::Ok();
}

Status ToolService::ValidateSearch(ToolDefinition* tool) {
  if (vectors_ == nullptr) return FailedPrecondition("vector search is not available");
  LH_ASSIGN_OR_RETURN(IndexInfo index, vectors_->GetIndex(tool->index));
  const std::string& dataset = index.record.definition.dataset;
  tool->datasets = {dataset};
  // The filters (and the columns asked for) run once against the dataset with sample values.
  LH_ASSIGN_OR_RETURN(Json resolved, ResolveArguments(*tool, SampleArguments(*tool)));
  auto [filter, params] = SearchFilterSql(*tool, resolved);
  std::string columns = "1";
  for (const std::string& c : tool->columns) columns += ", " + SqlIdentifier(c);
  SqlRequest request;
  request.sql = "SELECT " + columns + " FROM " + SqlIdentifier(dataset) +
                (filter.empty() ? "" : " WHERE " + filter);
  request.params = params;
  request.limit = 0;
  request.use_cache = false;
  if (Result<QueryAnswer> answer = queries_->Query(request); !answer.ok()) {
    return InvalidArgument("tool '", tool->name, "': its filters or columns do not fit dataset '",
                           dataset, "': ", answer.status().message());
  }
  return Status::Ok();
}

Result<ToolDefinition> ToolService::Define(const AccessPolicy& policy, ToolDefinition tool) {
  LH_RETURN_IF_ERROR(CheckAdmin(policy, "defining tools"));
  LH_RETURN_IF_ERROR(Validate(&tool));
  tool.created_by = policy.principal().name;
  tool.created_at = clock_->NowMicros();
  if (tool.source.empty()) tool.source = "api";
  LH_RETURN_IF_ERROR(store_->Put(tool, /*replace=*/false));
  return tool;
}

Status ToolService::Delete(const AccessPolicy& policy, const std::string& name) {
  LH_RETURN_IF_ERROR(CheckAdmin(policy, "deleting tools"));
  return store_->Remove(name);
}

Result<std::vector<ToolDefinition>> ToolService::List(const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> all, store_->List());
  std::erase_if(all, [&](const ToolDefinition& t) { return !MayCall(policy, t); });
  return all;
}

Result<ToolDefinition> ToolService::Get(const AccessPolicy& policy, const std::string& name) {
  LH_ASSIGN_OR_RETURN(ToolDefinition tool, store_->Get(name));
  if (!MayCall(policy, tool)) return NotFound("tool '", name, "' not found");
  return tool;
}

Result<ToolCallResult> ToolService::RunSql(const ToolDefinition& tool, const Json& resolved,
                                           const AccessPolicy& policy) {
  LH_ASSIGN_OR_RETURN(BoundSql bound, BindSqlTemplate(tool, resolved));
  SqlRequest request;
  request.sql = bound.sql;
  request.params = bound.params;
  request.limit = tool.max_rows;
  LH_ASSIGN_OR_RETURN(request.scope, policy_views_->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(QueryAnswer answer, queries_->Query(request));
  ToolCallResult result;
  result.tool = tool.name;
  result.rows = answer.rows;
  result.datasets = answer.tables;
  result.fingerprint = Sha256Hex(bound.sql);
  return result;
}

Result<ToolCallResult> ToolService::RunSearch(const ToolDefinition& tool, const Json& resolved,
                                              const AccessPolicy& policy) {
  if (vectors_ == nullptr) return FailedPrecondition("vector search is not available");
  SearchRequest request;
  request.index = tool.index;
  const Json& query = resolved[tool.query_param];
  if (!query.is_string() || query.get_ref<const std::string&>().empty()) {
    return InvalidArgument("argument '", tool.query_param, "' is required");
  }
  request.query = query.get<std::string>();
  request.k = static_cast<int32_t>(std::min<int64_t>(tool.max_rows, 1000));
  auto [filter, params] = SearchFilterSql(tool, resolved);
  if (!filter.empty()) {
    request.filter = filter;
    request.filter_params = params;
  }
  if (!tool.columns.empty()) request.columns = tool.columns;
  LH_ASSIGN_OR_RETURN(request.scope, policy_views_->ScopeFor(policy));
  LH_ASSIGN_OR_RETURN(SearchResults found, vectors_->Search(request));
  ToolCallResult result;
  result.tool = tool.name;
  result.rows = SearchHitsToRowSet(found, tool.columns);
  result.index = found.index.empty() ? tool.index : found.index;
  if (!found.hits.empty()) {
    for (const ChunkHit& hit : found.hits.front()) result.doc_ids.push_back(hit.chunk.doc_id);
  }
  result.fingerprint = Sha256Hex("search " + tool.index + " WHERE " + filter);
  return result;
}

Result<ToolCallResult> ToolService::Call(const ToolCaller& caller, const std::string& name,
                                         const Json& arguments) {
  const AccessPolicy& policy = *caller.policy;
  LH_ASSIGN_OR_RETURN(ToolDefinition tool, Get(policy, name));
  const int64_t started = clock_->MonotonicMicros();
  ToolCallRecord record;
  record.time_us = clock_->NowMicros();
  record.principal = policy.principal().name;
  record.tool = tool.name;
  record.via = caller.via;
  record.arguments = arguments.is_null() ? Json::object() : arguments;
  Result<ToolCallResult> result = [&]() -> Result<ToolCallResult> {
    LH_RETURN_IF_ERROR(CheckCallable(policy, tool));
    LH_ASSIGN_OR_RETURN(Json resolved, ResolveArguments(tool, arguments));
    record.arguments = resolved;
    return tool.kind == ToolKind::kSql ? RunSql(tool, resolved, policy)
                                       : RunSearch(tool, resolved, policy);
  }();
  record.elapsed_ms = static_cast<double>(clock_->MonotonicMicros() - started) / 1000.0;
  if (result.ok()) {
    result->elapsed_ms = record.elapsed_ms;
    record.row_count = static_cast<int64_t>(result->rows->row_count());
    record.fingerprint = result->fingerprint;
  } else {
    record.status = std::string(StatusCodeName(result.status().code()));
    record.error = result.status().message();
  }
  if (Status audited = store_->RecordCall(record); !audited.ok()) {
    // An unaudited call must not answer.
    return Internal("tool call not audited: ", audited.message());
  }
  return result;
}

Result<std::vector<ToolCallRecord>> ToolService::Audit(const AccessPolicy& policy,
                                                       const ToolCallFilter& filter) {
  LH_RETURN_IF_ERROR(CheckAdmin(policy, "reading the tool audit"));
  return store_->Calls(filter);
}

int ToolService::LoadFiles(const std::string& dir, const TomlToJsonFn& toml_to_json) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return 0;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  int loaded = 0;
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const std::string source = "file:" + path.filename().string();
    Result<Json> doc = toml_to_json(text.str(), path.string());
    if (!doc.ok()) {
      LH_LOG_ERROR("tools: {}: {}", path.string(), doc.status().message());
      continue;
    }
    std::vector<Json> entries;
    if (doc->contains("tools") && (*doc)["tools"].is_array()) {
      for (const Json& t : (*doc)["tools"]) entries.push_back(t);
    } else {
      entries.push_back(*doc);
    }
    for (Json& entry : entries) {
      if (entry.is_object()) entry["source"] = source;
      Result<ToolDefinition> tool = ToolDefinitionFromJson(entry);
      Status ok = tool.ok() ? Validate(&*tool) : tool.status();
      if (ok.ok()) {
        tool->created_by = source;
        tool->created_at = clock_->NowMicros();
        ok = store_->Put(*tool, /*replace=*/true);
      }
      if (!ok.ok()) {
        LH_LOG_ERROR("tools: {}: skipped: {}", path.string(), ok.message());
        continue;
      }
      ++loaded;
    }
  }
  if (loaded > 0) LH_LOG_INFO("tools: loaded {} tool(s) from {}", loaded, dir);
  return loaded;
}

}  // namespace lakehouse
