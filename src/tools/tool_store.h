// ToolStore: the tool registry's tables in catalog.db (issue 21), created by the store's own
// schema steps (store "tools"): `tools` — one row per definition, kept as its JSON form — and
// `tool_calls` — the audit trail of every call (principal, arguments, row count, the SQL's
// fingerprint, outcome), whichever door it came through (HTTP or MCP).
//
// Thread-safety: thread-safe (the Metastore serialises writes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/metastore.h"
#include "tools/tool_definition.h"

namespace lakehouse {

struct ToolCallRecord {
  int64_t id = 0;
  int64_t time_us = 0;
  std::string principal;
  std::string tool;
  Json arguments;          // as resolved (defaults applied)
  int64_t row_count = -1;  // -1 when the call failed
  std::string fingerprint;
  std::string status = "OK";  // a StatusCode name
  std::string error;
  double elapsed_ms = 0;
  std::string via = "http";  // "http" | "mcp"

  Json ToJson() const;
};

struct ToolCallFilter {
  std::optional<std::string> tool;
  std::optional<std::string> principal;
  int64_t limit = 100;  // newest first
};

class ToolStore {
 public:
  explicit ToolStore(Metastore* metastore);

  Result<std::vector<ToolDefinition>> List();
  Result<ToolDefinition> Get(std::string_view name);  // NOT_FOUND when unknown
  // Inserts, or replaces when `replace` (CONFLICT when the name is taken and !replace).
  Status Put(const ToolDefinition& tool, bool replace);
  Status Remove(std::string_view name);  // NOT_FOUND when unknown

  Status RecordCall(const ToolCallRecord& call);
  Result<std::vector<ToolCallRecord>> Calls(const ToolCallFilter& filter);

 private:
  Metastore* const metastore_;
};

}  // namespace lakehouse
