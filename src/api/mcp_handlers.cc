#include "api/mcp_handlers.h"

#include <algorithm>

#include "api/request_audit.h"
#include "api/request_policy.h"
#include "common/strings.h"

namespace lakehouse {
namespace {

// "host[:port]" → "host" (lower case; brackets kept for IPv6).
std::string HostName(std::string_view authority) {
  std::string host(authority);
  if (!host.empty() && host.front() == '[') {
    size_t close = host.find(']');
    host = close == std::string::npos ? host : host.substr(0, close + 1);
  } else if (size_t colon = host.find(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

// What a tools/call read, recorded like the HTTP routes the tools mirror record it.
void RecordReads(const McpReads& reads, AuditRecord* audit) {
  if (audit == nullptr) return;
  if (!reads.sql.empty()) audit->sql = reads.sql;
  if (reads.row_count) audit->row_count = reads.row_count;
  for (const std::string& dataset : reads.datasets) audit->AddDataset(dataset);
  if (!reads.datasets.empty()) audit->result_rows = reads.rows;  // keys resolved by the log
  if (!reads.index.empty()) {
    audit->index_name = reads.index;
    audit->doc_ids = reads.doc_ids;
  }
}

}  // namespace

bool McpHandlers::OriginAllowed(std::string_view origin, std::string_view host) {
  size_t scheme = origin.find("://");
  if (scheme == std::string_view::npos) return false;  // "null" and other opaque origins
  std::string_view authority = origin.substr(scheme + 3);
  authority = authority.substr(0, authority.find('/'));
  const std::string origin_host = HostName(authority);
  if (origin_host == "localhost" || origin_host == "127.0.0.1" || origin_host == "[::1]") {
    return true;
  }
  // Same origin: the page was served by the host the request was sent to.
  return !host.empty() && EqualsIgnoreAsciiCase(authority, host);
}

Result<HttpResponse> McpHandlers::Post(HttpRequest& request) {
  if (std::optional<std::string> origin = request.Header("Origin")) {
    const bool listed = std::find(allowed_origins_.begin(), allowed_origins_.end(), *origin) !=
                        allowed_origins_.end();
    if (!listed && !OriginAllowed(*origin, request.Header("Host").value_or(""))) {
      return PermissionDenied("Origin '", *origin, "' may not use /mcp (DNS rebinding protection)");
    }
  }
  if (std::optional<std::string> version = request.Header("MCP-Protocol-Version")) {
    if (!McpServer::Supports(*version)) {
      return InvalidArgument("unsupported MCP-Protocol-Version '", *version, "'");
    }
  }
  LH_ASSIGN_OR_RETURN(Json message, request.JsonBody());
  if (message.is_array()) {
    return InvalidArgument("JSON-RPC batches are not supported: send one message per request");
  }
  LH_RETURN_IF_ERROR(McpServer::CheckMessage(message));
  McpExchange exchange = mcp_->Serve(message, PolicyOf(request));
  RecordReads(exchange.reads, AuditOf(request));
  std::optional<Json>& answer = exchange.response;
  if (!answer) {
    HttpResponse accepted;
    accepted.status = 202;
    accepted.content_type.clear();
    return accepted;
  }
  return HttpResponse::JsonBody(*answer);
}

}  // namespace lakehouse
