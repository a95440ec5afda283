// ApiHandlers: every handler group the server exposes, built by the composition root. Handlers are
// thin: parse → call a service → encode. They hold pointers to services, never own them.
#pragma once

#include <memory>

#include "api/access_handlers.h"
#include "api/ai_handlers.h"
#include "api/audit_handlers.h"
#include "api/catalog_handlers.h"
#include "api/config_handlers.h"
#include "api/data_policy_handlers.h"
#include "api/db_ingest_handlers.h"
#include "api/ingest_handlers.h"
#include "api/job_handlers.h"
#include "api/mcp_handlers.h"
#include "api/nl_sql_handlers.h"
#include "api/query_handlers.h"
#include "api/schedule_handlers.h"
#include "api/storage_handlers.h"
#include "api/system_handlers.h"
#include "api/tool_handlers.h"
#include "api/vector_handlers.h"
#include "api/workspace_handlers.h"

namespace lakehouse {

struct ApiHandlers {
  std::unique_ptr<SystemHandlers> system;
  std::unique_ptr<QueryHandlers> query;
  std::unique_ptr<StorageHandlers> storage;
  std::unique_ptr<CatalogHandlers> catalog;
  std::unique_ptr<IngestHandlers> ingest;
  std::unique_ptr<DbIngestHandlers> db_ingest;
  std::unique_ptr<JobHandlers> jobs;
  std::unique_ptr<VectorHandlers> vectors;
  std::unique_ptr<AiHandlers> ai;
  std::unique_ptr<AccessHandlers> access;
  std::unique_ptr<ScheduleHandlers> schedules;
  std::unique_ptr<AuditHandlers> audit;
  std::unique_ptr<DataPolicyHandlers> data_policy;
  std::unique_ptr<ToolHandlers> tools;  // issue 21
  std::unique_ptr<McpHandlers> mcp;
  std::unique_ptr<ConfigHandlers> config;         // GET /system/config
  std::unique_ptr<WorkspaceHandlers> workspaces;  // issue 21
  std::unique_ptr<NlSqlHandlers> nl_sql;          // issue 21: POST /ai/sql
};

}  // namespace lakehouse
