#include "api/agent_routes.h"

#include "http/json_schema.h"

namespace lakehouse {
namespace {

using schema::Any;
using schema::Array;
using schema::Boolean;
using schema::Closed;
using schema::Enum;
using schema::Integer;
using schema::MapOf;
using schema::Nullable;
using schema::Number;
using schema::Object;
using schema::Opt;
using schema::Req;
using schema::String;

constexpr HttpMethod GET = HttpMethod::kGet;
constexpr HttpMethod POST = HttpMethod::kPost;
constexpr HttpMethod DELETE = HttpMethod::kDelete;

template <typename H>
HttpHandler Bind(H* object, Result<HttpResponse> (H::*method)(HttpRequest&)) {
  return [object, method](HttpRequest& request) { return (object->*method)(request); };
}

Json Parameter() {
  return Object(
      {Req("type", Enum({"string", "integer", "number", "boolean"})), Opt("description", String()),
       Opt("required", Boolean()), Opt("default", Any()), Opt("enum", Array(Any())),
       Opt("minimum", Number()), Opt("maximum", Number()), Opt("maxLength", Integer())},
      "a parameter: a JSON Schema subset");
}

Json Filter() {
  return Object({Req("column", String()), Opt("op", Enum({"=", "!=", "<", "<=", ">", ">="})),
                 Req("param", String("the parameter whose value is bound"))});
}

// The fields a client writes (POST /tools).
std::vector<schema::Property> WritableFields() {
  return {Req("name", String("[a-z][a-z0-9_]*")),
          Req("description", String()),
          Opt("kind", Enum({"sql", "search"})),
          Opt("parameters", MapOf(Parameter(), "by name")),
          Opt("sql", String("sql tools: the template ($name values, {{name}} enum identifiers)")),
          Opt("index", String("search tools: the vector index")),
          Opt("query_param", String("search tools: the parameter holding the query text")),
          Opt("filters", Array(Filter())),
          Opt("max_rows", Integer("1..10000, default 100")),
          Opt("columns", Array(String())),
          Opt("permission", Enum({"read", "write", "admin"})),
          Opt("roles", Array(String("roles that may call it; none = any")))};
}

Json ToolSchema() {
  return Object({Req("name", String()), Req("description", String()),
                 Req("kind", Enum({"sql", "search"})), Req("parameters", MapOf(Parameter())),
                 Opt("sql", String()), Opt("index", String()), Opt("query_param", String()),
                 Opt("filters", Array(Filter())), Req("max_rows", Integer()),
                 Req("columns", Array(String())),
                 Req("permission", Enum({"read", "write", "admin"})), Req("roles", Array(String())),
                 Req("datasets", Array(String("what it reads, found at definition"))),
                 Req("source", String("api | file:<name>.toml")), Req("created_by", String()),
                 Req("created_at", Integer("epoch microseconds")),
                 Req("input_schema", Object({Req("type", String()), Req("properties", Any())},
                                            "the parameters as a JSON Schema"))});
}

Json ToolCallBody() {
  return Closed({Opt("arguments", MapOf(Any(), "argument values by parameter name"))});
}

Json ToolCallResultSchema() {
  return Object({Req("tool", String()),
                 Req("columns", Array(Object({Req("name", String()), Req("type", String())}))),
                 Req("rows", Array(Array(Any()), "rows, each an array of column values")),
                 Req("row_count", Integer()), Req("truncated", Boolean()),
                 Req("fingerprint", String("SHA-256 of the statement that ran")),
                 Req("elapsed_ms", Number())});
}

Json ToolCallRow() {
  return Object({Req("id", Integer()), Req("time_us", Integer("epoch microseconds")),
                 Req("principal", String()), Req("tool", String()),
                 Req("arguments", Any("as resolved, defaults applied")),
                 Req("row_count", Nullable(Integer())), Req("fingerprint", String()),
                 Req("status", String("OK or the error code")), Req("error", Nullable(String())),
                 Req("elapsed_ms", Number()), Req("via", Enum({"http", "mcp"}))});
}

Json JsonRpcMessage() {
  return Object({Req("jsonrpc", Enum({"2.0"})), Opt("id", Any()), Opt("method", String()),
                 Opt("params", Any()), Opt("result", Any()), Opt("error", Any())},
                "one JSON-RPC 2.0 message (MCP)");
}

Json JsonRpcResponse() {
  return Object({Req("jsonrpc", Enum({"2.0"})), Req("id", Any()), Opt("result", Any()),
                 Opt("error", Object({Req("code", Integer()), Req("message", String()),
                                      Opt("data", Any())}))});
}

}  // namespace

Status RegisterAgentRoutes(ToolHandlers* tools, McpHandlers* mcp, RouteTable* t) {
  LH_RETURN_IF_ERROR(
      t->Add({GET, "/tools", "listTools", "The registry's tools the caller may call", "tools"},
             RouteContract().Returns(200, "the tools", Object({Req("tools", Array(ToolSchema()))})),
             Bind(tools, &ToolHandlers::List)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/tools", "createTool", "Define a tool (admin); validated against the current schema",
       "tools", false, false, 201},
      RouteContract()
          .Body(Closed(WritableFields()))
          .Returns(201, "the validated tool", ToolSchema()),
      Bind(tools, &ToolHandlers::Create)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/tools/audit", "listToolCalls", "The audit trail of tool calls (admin)", "tools"},
      RouteContract()
          .Query("tool", String(), "only this tool's calls")
          .Query("principal", String(), "only this principal's calls")
          .Query("limit", Integer(), "at most this many, newest first (default 100)")
          .Returns(200, "the calls", Object({Req("calls", Array(ToolCallRow()))})),
      Bind(tools, &ToolHandlers::Audit)));
  LH_RETURN_IF_ERROR(t->Add(
      {GET, "/tools/{name}", "getTool", "One tool with its input schema", "tools"},
      RouteContract().Returns(200, "the tool", ToolSchema()), Bind(tools, &ToolHandlers::Get)));
  LH_RETURN_IF_ERROR(
      t->Add({DELETE, "/tools/{name}", "deleteTool", "Delete a tool (admin)", "tools"},
             RouteContract().Returns(200, "deleted", Object({Req("deleted", String())})),
             Bind(tools, &ToolHandlers::Delete)));
  LH_RETURN_IF_ERROR(
      t->Add({POST, "/tools/{name}/call", "callTool",
              "Call a tool as the caller's principal, under its policy; audited", "tools"},
             RouteContract()
                 .Body(ToolCallBody())
                 .Returns(200, "rows and the SQL's fingerprint", ToolCallResultSchema()),
             Bind(tools, &ToolHandlers::Call)));
  LH_RETURN_IF_ERROR(t->Add(
      {POST, "/mcp", "mcpMessage",
       "Model Context Protocol (Streamable HTTP, JSON-RPC 2.0): one message per request", "mcp"},
      RouteContract()
          .Body(JsonRpcMessage())
          .Returns(200, "the JSON-RPC response to a request", JsonRpcResponse())
          .Returns(202, "a notification or response was accepted (no body)", nullptr, ""),
      Bind(mcp, &McpHandlers::Post)));
  return Status::Ok();
}

}  // namespace lakehouse
