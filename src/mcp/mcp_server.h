// McpServer: the Model Context Protocol's JSON-RPC 2.0 methods over the lakehouse (issue 21),
// transport-free: api/McpHandlers carries messages over Streamable HTTP (POST /mcp) and calls
// Handle with the request's AccessPolicy. Every tool and resource answers as that principal:
// the same policy scope, masking and row filters as the HTTP API.
//
// Methods: initialize (version negotiation: the client's version when supported, else the
// latest), ping, tools/list, tools/call, resources/list, resources/templates/list,
// resources/read. Notifications and responses from the client need no answer (nullopt).
//
// Tools: the built-ins (mcp_builtin_tools.cc) — sql_query (read-only, under policy, row-capped),
// vector_search, ask (RAG), list_datasets, describe_dataset —, the workspace tools
// (mcp_workspace_tools.cc: workspace_list, _create, _get, _save_search, _run_search,
// _shortlist_add, _handoff, _activity), then every registry tool the caller may call
// (tools/ToolService; a registry tool with a built-in's or a workspace tool's name is hidden). A
// tool that fails answers a result with isError = true and the reason; an unknown tool or bad
// arguments' shape is a JSON-RPC error (-32602).
//
// Resources: lakehouse://datasets/{name} (schema, description, sensitivity and PII, freshness)
// and lakehouse://indexes/{name} (definition, status, freshness), for what the caller may see,
// and lakehouse://workspaces/{id} for the workspaces it may read;
// an unknown or hidden one is error -32002.
//
// Reads: Serve also returns what a tools/call read (McpReads: the datasets and rows of a SQL
// answer, a search's index and hits, an answer's citations), which the transport copies into the
// request's audit record so the subject audit (issue 20) sees reads through MCP like those of
// the HTTP routes the tools mirror.
//
// Thread-safety: thread-safe (stateless over thread-safe services).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/access_policy.h"
#include "access/column_policy_store.h"
#include "access/policy_views.h"
#include "catalog/catalog_service.h"
#include "common/json.h"
#include "sql/query_service.h"
#include "tools/tool_service.h"
#include "vector/vector_service.h"
#include "workspace/workspace_service.h"

namespace lakehouse {

struct McpDeps {
  ToolService* tools = nullptr;
  QueryService* queries = nullptr;
  PolicyViews* policy_views = nullptr;
  VectorService* vectors = nullptr;
  CatalogService* catalog = nullptr;
  std::string server_version;
  WorkspaceService* workspaces = nullptr;        // null: no workspace tools or resources
  ColumnPolicyStore* column_policies = nullptr;  // null: no column overrides in manifests
};

// What one message read, for the audit log (audit/audit_record.h) — empty but for tools/call of
// sql_query, vector_search, ask and registry tools.
struct McpReads {
  std::vector<std::string> datasets;   // the datasets a SQL answer read
  std::shared_ptr<const RowSet> rows;  // a SQL answer's rows: the log resolves subject keys
  std::string sql;                     // the statement, or "tool NAME FINGERPRINT"
  std::optional<int64_t> row_count;    // rows a SQL answer returned
  std::string index;                   // a search's or answer's index
  std::vector<std::string> doc_ids;    // its hits or citations, once each, in rank order

  void AddDocId(const std::string& doc_id);
};

struct McpExchange {
  std::optional<Json> response;  // nullopt for a notification or a client response
  McpReads reads;
};

class McpServer {
 public:
  static constexpr std::string_view kLatestVersion = "2025-11-25";
  // Newest first.
  static const std::vector<std::string>& SupportedVersions();
  static bool Supports(std::string_view version);

  static constexpr int64_t kSqlRowCap = 1000;  // sql_query rows at most

  explicit McpServer(McpDeps deps) : deps_(std::move(deps)) {}

  // One JSON-RPC message → its response (nullopt for a notification or a client response) and
  // what it read.
  McpExchange Serve(const Json& message, const AccessPolicy& policy);
  // Serve's response alone.
  std::optional<Json> Handle(const Json& message, const AccessPolicy& policy) {
    return Serve(message, policy).response;
  }

  // OK when `message` is a JSON-RPC 2.0 request, notification or response; INVALID_ARGUMENT
  // saying why not (the transport answers 400: "the server cannot accept the input").
  static Status CheckMessage(const Json& message);

  // A JSON-RPC error response.
  static Json Error(const Json& id, int code, std::string_view message);

 private:
  struct ToolOutcome {
    Json result;  // the structured answer
    Status status;
  };

  std::optional<Json> Dispatch(const Json& message, const AccessPolicy& policy, McpReads& reads);
  Json Initialize(const Json& params) const;
  Result<Json> ListTools(const AccessPolicy& policy);
  // nullopt = no such tool.
  std::optional<Json> CallTool(const std::string& name, const Json& arguments,
                               const AccessPolicy& policy, McpReads& reads);
  // Built-ins (mcp_builtin_tools.cc).
  static Json BuiltinToolList();
  static bool IsBuiltin(std::string_view name);
  Result<Json> CallBuiltin(const std::string& name, const Json& arguments,
                           const AccessPolicy& policy, McpReads& reads);
  Result<Json> SqlQuery(const Json& arguments, const AccessPolicy& policy, McpReads& reads);
  Result<Json> VectorSearch(const Json& arguments, const AccessPolicy& policy, McpReads& reads);
  Result<Json> Ask(const Json& arguments, const AccessPolicy& policy, McpReads& reads);
  Result<Json> ListDatasets(const AccessPolicy& policy);
  Result<Json> DescribeDataset(const Json& arguments, const AccessPolicy& policy);
  // Workspace tools and resources (mcp_workspace_tools.cc).
  static Json WorkspaceToolList();
  static bool IsWorkspaceTool(std::string_view name);
  Result<Json> CallWorkspaceTool(const std::string& name, const Json& arguments,
                                 const AccessPolicy& policy, McpReads& reads);
  Result<Json> ListWorkspaceResources(const AccessPolicy& policy);
  static Json WorkspaceResourceTemplate();
  // nullopt when `uri` is not a workspace's.
  std::optional<Result<Json>> ReadWorkspaceResource(const std::string& uri,
                                                    const AccessPolicy& policy);
  // Resources (mcp_resources.cc).
  Result<Json> ListResources(const AccessPolicy& policy);
  static Json ResourceTemplates();
  // NOT_FOUND for an unknown or hidden resource.
  Result<Json> ReadResource(const std::string& uri, const AccessPolicy& policy);
  Result<std::vector<Dataset>> VisibleDatasets(const AccessPolicy& policy);
  Result<Dataset> VisibleDataset(const std::string& name, const AccessPolicy& policy);

  McpDeps deps_;
};

}  // namespace lakehouse
