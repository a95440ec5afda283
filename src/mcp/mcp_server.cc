#include "mcp/mcp_server.h"

#include <algorithm>

#include "sql/result_json.h"

namespace lakehouse {
namespace {

// JSON-RPC 2.0 and MCP error codes.
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kResourceNotFound = -32002;

Json Success(const Json& id, Json result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

// A tool's answer as MCP content: the JSON as text (what every client shows the model) and as
// structured content.
Json ToolResult(const Json& answer) {
  Json structured = answer.is_object() ? answer : Json{{"result", answer}};
  return {{"content", Json::array({{{"type", "text"}, {"text", answer.dump()}}})},
          {"structuredContent", std::move(structured)},
          {"isError", false}};
}

Json ToolError(const Status& status) {
  return {{"content", Json::array({{{"type", "text"},
                                    {"text", std::string(StatusCodeName(status.code())) + ": " +
                                                 status.message()}}})},
          {"isError", true}};
}

}  // namespace

void McpReads::AddDocId(const std::string& doc_id) {
  if (doc_id.empty() || std::find(doc_ids.begin(), doc_ids.end(), doc_id) != doc_ids.end()) return;
  doc_ids.push_back(doc_id);
}

const std::vector<std::string>& McpServer::SupportedVersions() {
  static const std::vector<std::string> kVersions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                     "2024-11-05"};
  return kVersions;
}

bool McpServer::Supports(std::string_view version) {
  const auto& all = SupportedVersions();
  return std::find(all.begin(), all.end(), version) != all.end();
}

Status McpServer::CheckMessage(const Json& message) {
  if (!message.is_object()) return InvalidArgument("a JSON-RPC message must be an object");
  if (message.value("jsonrpc", "") != "2.0") {
    return InvalidArgument("not a JSON-RPC 2.0 message (\"jsonrpc\": \"2.0\" is missing)");
  }
  if (message.contains("id") && !message["id"].is_string() && !message["id"].is_number_integer()) {
    return InvalidArgument("a JSON-RPC id must be a string or an integer");
  }
  if (message.contains("method")) {
    if (!message["method"].is_string()) return InvalidArgument("'method' must be a string");
    return Status::Ok();
  }
  if (message.contains("id") && (message.contains("result") || message.contains("error"))) {
    return Status::Ok();  // a response
  }
  return InvalidArgument("a JSON-RPC message needs 'method' (or 'result'/'error' and 'id')");
}

Json McpServer::Error(const Json& id, int code, std::string_view message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

Json McpServer::Initialize(const Json& params) const {
  std::string version(kLatestVersion);
  if (params.is_object() && params.contains("protocolVersion") &&
      params["protocolVersion"].is_string() &&
      Supports(params["protocolVersion"].get<std::string>())) {
    version = params["protocolVersion"].get<std::string>();
  }
  return {{"protocolVersion", version},
          {"capabilities",
           {{"tools", {{"listChanged", false}}},
            {"resources", {{"subscribe", false}, {"listChanged", false}}}}},
          {"serverInfo",
           {{"name", "lakehouse"}, {"title", "Lakehouse"}, {"version", deps_.server_version}}},
          {"instructions",
           "A governed data lakehouse. Prefer the registry's tools (tools/list) over sql_query; "
           "every answer is what your principal may see (masked columns stay masked). "
           "Keep a task's searches, shortlist and notes in a workspace (workspace_* tools) and "
           "hand it to another agent when you are done. Resources describe datasets "
           "(lakehouse://datasets/{name}), vector indexes (lakehouse://indexes/{name}) and your "
           "workspaces (lakehouse://workspaces/{id})."}};
}

Result<Json> McpServer::ListTools(const AccessPolicy& policy) {
  Json tools = BuiltinToolList();
  if (deps_.workspaces != nullptr) {
    for (Json& tool : WorkspaceToolList()) tools.push_back(std::move(tool));
  }
  if (deps_.tools != nullptr) {
    LH_ASSIGN_OR_RETURN(std::vector<ToolDefinition> registry, deps_.tools->List(policy));
    for (const ToolDefinition& tool : registry) {
      if (IsBuiltin(tool.name) || IsWorkspaceTool(tool.name)) continue;
      tools.push_back({{"name", tool.name},
                       {"description", tool.description},
                       {"inputSchema", ToolInputSchema(tool)},
                       {"annotations", {{"readOnlyHint", true}, {"openWorldHint", false}}}});
    }
  }
  return Json{{"tools", std::move(tools)}};
}

std::optional<Json> McpServer::CallTool(const std::string& name, const Json& arguments,
                                        const AccessPolicy& policy, McpReads& reads) {
  if (IsBuiltin(name)) {
    Result<Json> answer = CallBuiltin(name, arguments, policy, reads);
    return answer.ok() ? ToolResult(*answer) : ToolError(answer.status());
  }
  if (IsWorkspaceTool(name) && deps_.workspaces != nullptr) {
    Result<Json> answer = CallWorkspaceTool(name, arguments, policy, reads);
    return answer.ok() ? ToolResult(*answer) : ToolError(answer.status());
  }
  if (deps_.tools == nullptr || IsWorkspaceTool(name)) return std::nullopt;
  if (!deps_.tools->Get(policy, name).ok()) return std::nullopt;
  Result<ToolCallResult> called = deps_.tools->Call(ToolCaller{&policy, "mcp"}, name, arguments);
  if (!called.ok()) return ToolError(called.status());
  // As POST /tools/{name}/call records it (api/tool_handlers.cc).
  reads.sql = "tool " + called->tool + " " + called->fingerprint;
  reads.row_count = static_cast<int64_t>(called->rows->row_count());
  reads.datasets = called->datasets;
  if (!called->datasets.empty()) reads.rows = called->rows;
  reads.index = called->index;
  if (!called->index.empty()) {
    for (const std::string& id : called->doc_ids) reads.AddDocId(id);
  }
  return ToolResult(called->ToJson());
}

McpExchange McpServer::Serve(const Json& message, const AccessPolicy& policy) {
  McpExchange exchange;
  exchange.response = Dispatch(message, policy, exchange.reads);
  return exchange;
}

std::optional<Json> McpServer::Dispatch(const Json& message, const AccessPolicy& policy,
                                        McpReads& reads) {
  if (!message.is_object()) {
    return Error(nullptr, kInvalidRequest, "a JSON-RPC message must be an object");
  }
  const Json id = message.contains("id") ? message["id"] : Json();
  const bool has_id = message.contains("id");
  if (!message.contains("method")) {
    // A client's response (to a request we never send) or garbage: nothing to answer.
    if (message.contains("result") || message.contains("error")) return std::nullopt;
    return Error(id, kInvalidRequest, "missing 'method'");
  }
  if (message.value("jsonrpc", "") != "2.0" || !message["method"].is_string() ||
      (has_id && !id.is_string() && !id.is_number_integer())) {
    return Error(has_id && (id.is_string() || id.is_number_integer()) ? id : Json(),
                 kInvalidRequest, "not a JSON-RPC 2.0 request");
  }
  const std::string method = message["method"].get<std::string>();
  if (!has_id) return std::nullopt;  // notifications: initialized, cancelled, …
  const Json params = message.contains("params") ? message["params"] : Json::object();
  if (!params.is_object()) return Error(id, kInvalidParams, "'params' must be an object");

  if (method == "initialize") return Success(id, Initialize(params));
  if (method == "ping") return Success(id, Json::object());
  if (method == "tools/list") {
    Result<Json> tools = ListTools(policy);
    if (!tools.ok()) return Error(id, kInternalError, tools.status().message());
    return Success(id, *tools);
  }
  if (method == "tools/call") {
    if (!params.contains("name") || !params["name"].is_string()) {
      return Error(id, kInvalidParams, "tools/call needs 'name'");
    }
    const Json arguments = params.contains("arguments") ? params["arguments"] : Json::object();
    if (!arguments.is_object()) return Error(id, kInvalidParams, "'arguments' must be an object");
    const std::string name = params["name"].get<std::string>();
    std::optional<Json> result = CallTool(name, arguments, policy, reads);
    if (!result) return Error(id, kInvalidParams, "Unknown tool: " + name);
    return Success(id, std::move(*result));
  }
  if (method == "resources/list") {
    Result<Json> resources = ListResources(policy);
    if (!resources.ok()) return Error(id, kInternalError, resources.status().message());
    return Success(id, *resources);
  }
  if (method == "resources/templates/list") return Success(id, ResourceTemplates());
  if (method == "resources/read") {
    if (!params.contains("uri") || !params["uri"].is_string()) {
      return Error(id, kInvalidParams, "resources/read needs 'uri'");
    }
    Result<Json> read = ReadResource(params["uri"].get<std::string>(), policy);
    if (!read.ok()) {
      const bool missing = read.status().code() == StatusCode::kNotFound;
      Json error = Error(id, missing ? kResourceNotFound : kInternalError,
                         missing ? "Resource not found" : read.status().message());
      if (missing) error["error"]["data"] = {{"uri", params["uri"]}};
      return error;
    }
    return Success(id, *read);
  }
  return Error(id, kMethodNotFound, "Method not found: " + method);
}

}  // namespace lakehouse
